"""Redact whole referral files: streaming, in order, optionally across processes.

Records are read one at a time (``iter_referrals``), redacted in batches through
``nlp.pipe``, and written through the atomic ``ReferralWriter``, so memory stays
constant and a failure leaves no partial output. With ``workers > 1`` each worker
process builds its own Redactor once; at most ``2 * workers`` batches are in flight
and results are written in input order. A manifest beside the output records what
redacted it and the output's SHA-256, which training checks before trusting a file.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from referrals.contract import (
    ERROR_REJECTED,
    Referral,
    ReferralWriter,
    iter_referrals,
    write_rejects,
)
from referrals.errors import ContractError, RecordProblem, RedactionError
from referrals.manifest import sha256_file, write_manifest
from referrals.redaction.engine import DEFAULT_BATCH_SIZE, Redactor, build_redactor

logger = logging.getLogger(__name__)

MANIFEST_SUFFIX = ".manifest.json"
REJECTS_SUFFIX = ".rejects.jsonl"


def manifest_path(out_path: str | Path) -> Path:
    """``<out>.manifest.json``."""
    out = Path(out_path)
    return out.with_name(out.name + MANIFEST_SUFFIX)


def rejects_path(out_path: str | Path) -> Path:
    """``<out>.rejects.jsonl``."""
    out = Path(out_path)
    return out.with_name(out.name + REJECTS_SUFFIX)


def redact_referral(referral: Referral, redactor: Redactor, mode: str = "placeholder") -> Referral:
    """A copy of ``referral`` with ``text`` redacted and ``redactions`` filled.

    ``pii`` and ``known_identifiers`` are dropped: both describe the raw text.
    """
    result = redactor.redact(referral.text, referral.known_identifiers, mode=mode)
    return _redacted_copy(referral, result.text, result.spans)


def _redacted_copy(referral: Referral, text: str, spans: list[Any]) -> Referral:
    if not text.strip():
        raise RedactionError(f"record {referral.id}: redacted text is empty")
    return referral.model_copy(
        update={"text": text, "redactions": spans, "pii": None, "known_identifiers": None}
    )


def _redact_batch(redactor: Redactor, referrals: list[Referral], mode: str,
                  batch_size: int) -> list[Referral]:
    results = redactor.redact_many(
        (r.text for r in referrals), (r.known_identifiers for r in referrals),
        mode=mode, batch_size=batch_size,
    )
    return [_redacted_copy(r, res.text, res.spans) for r, res in zip(referrals, results)]


# --- worker processes -----------------------------------------------------------------

_worker_redactor: Redactor | None = None


def _worker_init(config_path: str | None) -> None:
    global _worker_redactor
    _worker_redactor = build_redactor(Path(config_path) if config_path else None)


def _worker_run(payload: tuple[list[str], str, int]) -> list[str]:
    """Redact a batch of JSON records in a worker; JSON keeps the pickles small and safe."""
    records, mode, batch_size = payload
    assert _worker_redactor is not None, "worker initialiser did not run"
    referrals = [Referral.model_validate_json(record) for record in records]
    done = _redact_batch(_worker_redactor, referrals, mode, batch_size)
    return [r.model_dump_json(exclude_none=True) for r in done]


@dataclass
class RedactFileReport:
    """What ``redact_file`` did: counts, rejects and where the outputs went."""

    records: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[RecordProblem] = field(default_factory=list)
    rejected_lines: list[int] = field(default_factory=list)
    output_path: Path | None = None
    manifest_path: Path | None = None
    rejects_path: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)


def _batches(in_path: Path, batch_size: int, report: RedactFileReport,
             stop_on_bad: bool) -> Iterator[list[Referral]]:
    batch: list[Referral] = []
    for number, item in iter_referrals(in_path, None):
        if isinstance(item, Referral):
            if report.rejected_lines and stop_on_bad:
                continue  # keep scanning only to report every bad record
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        else:
            report.problems.extend(item)
            report.rejected_lines.append(number)
    if batch and not (report.rejected_lines and stop_on_bad):
        yield batch


def redact_file(
    in_path: str | Path,
    out_path: str | Path,
    redactor_config: Path | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    *,
    mode: str = "placeholder",
    skip_bad: bool = False,
    progress: bool = True,
    redactor: Redactor | None = None,
) -> RedactFileReport:
    """Redact every record of ``in_path`` into ``out_path`` and write the manifest.

    A bad record (file, line, field, reason) rejects the whole file unless
    ``skip_bad``; then the good ones are written and the bad ones listed, by line and
    reason but without their text, in ``<out>.rejects.jsonl``. ``redactor`` lets a
    caller reuse one already built (only with ``workers == 1``).
    """
    source, target = Path(in_path), Path(out_path)
    if workers < 1:
        raise RedactionError(f"workers must be at least 1, got {workers}")
    if batch_size < 1:
        raise RedactionError(f"batch_size must be at least 1, got {batch_size}")
    if source.resolve() == target.resolve():
        raise RedactionError(f"output {target} would overwrite the input")
    rejects_path(target).unlink(missing_ok=True)  # a rejects file never outlives its run
    report = RedactFileReport()
    config_hash: str
    model_name: str
    writer = ReferralWriter(target)
    bar = tqdm(desc=f"redact {source.name}", unit="rec", disable=not progress)
    try:
        batches = _batches(source, batch_size, report, stop_on_bad=not skip_bad)
        if workers == 1:
            active = redactor or build_redactor(redactor_config)
            config_hash, model_name = active.config_hash, active.model_name
            for batch in batches:
                for referral in _redact_batch(active, batch, mode, batch_size):
                    _write(writer, referral, report)
                bar.update(len(batch))
        else:
            probe = build_redactor(redactor_config) if redactor is None else redactor
            config_hash, model_name = probe.config_hash, probe.model_name
            del probe
            for records in _run_in_workers(batches, redactor_config, workers, mode, batch_size):
                for record in records:
                    _write(writer, Referral.model_validate_json(record), report)
                bar.update(len(records))
        if report.rejected_lines and not skip_bad:
            raise ContractError(
                ERROR_REJECTED.format(first=report.problems[0], count=len(report.rejected_lines)),
                report.problems,
            )
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    writer.commit()
    report.output_path = target
    if report.rejected_lines:
        report.rejects_path = rejects_path(target)
        write_rejects(source, report.rejected_lines, report.problems, report.rejects_path)
    report.manifest = {
        "redacted": True,
        "records": report.records,
        "counts": dict(sorted(report.counts.items())),
        "config_hash": config_hash,
        "spacy_model": model_name,
        "mode": mode,
        "rejected": len(report.rejected_lines),
        "output_sha256": sha256_file(target),
    }
    report.manifest_path = manifest_path(target)
    write_manifest(report.manifest_path, report.manifest)
    logger.info("redacted %d record(s) into %s; counts %s", report.records, target,
                dict(report.counts))
    return report


def _write(writer: ReferralWriter, referral: Referral, report: RedactFileReport) -> None:
    writer.write(referral)
    report.records += 1
    report.counts.update(span.type for span in referral.redactions or [])


def _run_in_workers(
    batches: Iterator[list[Referral]], config_path: Path | None, workers: int, mode: str,
    batch_size: int,
) -> Iterator[list[str]]:
    """Results of each batch in input order, with a bounded number in flight."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, _worker_init, (str(config_path) if config_path else None,)) as pool:
        in_flight: deque[Any] = deque()
        for batch in batches:
            payload = ([r.model_dump_json(exclude_none=True) for r in batch], mode, batch_size)
            in_flight.append(pool.apply_async(_worker_run, (payload,)))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()


def verify_manifest(out_path: str | Path) -> dict[str, Any]:
    """The manifest of a redacted file, after checking the file still matches its hash."""
    target = Path(out_path)
    path = manifest_path(target)
    if not path.is_file():
        raise RedactionError(f"{target}: no redaction manifest at {path}; file not trusted")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("redacted") is not True or manifest.get("output_sha256") != sha256_file(target):
        raise RedactionError(f"{target}: does not match its redaction manifest; file not trusted")
    return manifest
