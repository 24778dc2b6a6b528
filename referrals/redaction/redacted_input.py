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

from tqdm import tqdm

from referrals.contract import Referral, read_referrals
from referrals.labels import LabelScheme
from referrals.redaction.engine import RedactionResult, build_redactor
from referrals.redaction.evaluate import evaluate_redaction
from referrals.redaction.files import manifest_path, redact_file, verify_manifest
from referrals.settings import Settings

logger = logging.getLogger(__name__)


def load_redacted_with_recall(
    data_path: Path, scheme: LabelScheme, settings: Settings, *, skip_bad: bool = False
) -> tuple[list[Referral], dict[str, Any], dict[str, tuple[int, int]] | None]:
    """Like :func:`load_redacted`, plus redaction recall by name origin when gold spans exist.

    Raw referrals with gold ``pii`` spans are redacted once by the shared engine and
    scored against their gold spans in the same pass; the origin -> (found, total) counts
    feed the evaluation report. Pre-redacted files carry no gold spans, so no recall.
    """
    if manifest_path(data_path).is_file():
        referrals, info = load_redacted(data_path, scheme, settings, skip_bad=skip_bad)
        return referrals, info, None
    raw = read_referrals(data_path, scheme, skip_bad=skip_bad).referrals
    if not any(r.pii for r in raw):
        referrals, info = load_redacted(data_path, scheme, settings, skip_bad=skip_bad)
        return referrals, info, None
    redactor = build_redactor(settings.redaction_config)
    redacted: list[Referral] = []

    def keep(referral: Referral, result: RedactionResult) -> None:
        redacted.append(referral.model_copy(update={
            "text": result.text, "redactions": result.spans, "pii": None, "known_identifiers": None}))

    report = evaluate_redaction(tqdm(raw, desc="redact + score", unit="rec"), redactor, on_result=keep)
    recall = {origin: (scores.recalled, scores.gold) for origin, scores in report.by_origin.items()}
    info = {"redacted": True, "records": len(redacted), "config_hash": redactor.config_hash,
            "spacy_model": redactor.model_name, "redacted_by": "triage evaluate",
            "leak_rate": report.leak_rate, "person_recall": report.per_type.get("PERSON").recall
            if report.per_type.get("PERSON") else None}
    return redacted, info, recall


def load_redacted(
    data_path: Path, scheme: LabelScheme, settings: Settings, *, skip_bad: bool = False
) -> tuple[list[Referral], dict[str, Any]]:
    """Redacted, validated referrals from ``data_path`` and a description of the redaction.

    With ``skip_bad`` the records that break the contract are left out (the command
    that asked lists them in its rejects file); without it one bad record refuses the file.
    """
    if manifest_path(data_path).is_file():
        manifest = verify_manifest(data_path)
        logger.info("using %s as redacted (manifest hash matches)", data_path)
        referrals = read_referrals(data_path, scheme, skip_bad=skip_bad).referrals
        return referrals, {**manifest, "redacted_by": "triage redact"}
    read_referrals(data_path, scheme, skip_bad=skip_bad)  # refuse a bad file before redacting it
    with tempfile.TemporaryDirectory(prefix="triage-redact-") as scratch:
        target = Path(scratch) / "redacted.jsonl"
        report = redact_file(data_path, target, settings.redaction_config, workers=1, skip_bad=skip_bad)
        referrals = read_referrals(target, scheme).referrals
    return referrals, {**report.manifest, "redacted_by": "triage train"}
