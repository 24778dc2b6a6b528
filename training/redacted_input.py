"""Training input that is guaranteed redacted before any model sees it.

A file written by ``triage redact`` is trusted only when its manifest's SHA-256 still
matches; anything else is redacted here by the same shared engine serving uses. A
fitted vectoriser's vocabulary is a copy of its training text, so this is the one
gate between a data file and ``fit``.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from referrals.contract import Referral, read_referrals
from referrals.labels import LabelScheme
from referrals.redaction.files import manifest_path, redact_file, verify_manifest
from referrals.settings import Settings

logger = logging.getLogger(__name__)


def load_redacted(
    data_path: Path, scheme: LabelScheme, settings: Settings
) -> tuple[list[Referral], dict[str, Any]]:
    """Redacted, validated referrals from ``data_path`` and a description of the redaction."""
    if manifest_path(data_path).is_file():
        manifest = verify_manifest(data_path)
        logger.info("using %s as redacted (manifest hash matches)", data_path)
        referrals = read_referrals(data_path, scheme).referrals
        return referrals, {**manifest, "redacted_by": "triage redact"}
    read_referrals(data_path, scheme)  # refuse a bad file before spending time redacting it
    with tempfile.TemporaryDirectory(prefix="triage-redact-") as scratch:
        target = Path(scratch) / "redacted.jsonl"
        report = redact_file(data_path, target, settings.redaction_config, workers=1)
        referrals = read_referrals(target, scheme).referrals
    return referrals, {**report.manifest, "redacted_by": "triage train"}
