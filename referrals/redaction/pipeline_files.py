"""SHA-256 manifests for spaCy pipeline directories: written when one is saved, checked
before one is loaded.

Why: a model artifact is verified before it is loaded, whatever its format. A pipeline
directory is many files (config, weights, tokenizer rules); ``sha256.json`` lists each
one's digest, and the manifest's own digest is what a redaction config pins
(``spacy.sha256``), so a swapped weight file, an added file or a swapped manifest are
all refused before spaCy reads a byte of the model.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "sha256.json"


class PipelineFileError(ValueError):
    """A pipeline directory that does not match its manifest (or has none)."""


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pipeline_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST)


def write_manifest(directory: Path) -> str:
    """List every file of ``directory`` with its SHA-256 in ``sha256.json``; return the
    manifest's own SHA-256 (the value a config pins)."""
    listing = {p.relative_to(directory).as_posix(): file_sha256(p) for p in _pipeline_files(directory)}
    manifest = directory / MANIFEST
    manifest.write_text(json.dumps({"files": listing}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return file_sha256(manifest)


def verify_pipeline_dir(directory: Path, expected: str | None) -> str:
    """Check ``directory`` against its manifest (and the manifest against ``expected``);
    return the manifest's SHA-256. Raises :class:`PipelineFileError` saying what differs."""
    manifest = directory / MANIFEST
    if not manifest.is_file():
        raise PipelineFileError(
            f"{directory} has no {MANIFEST}; write one with `triage train-ner --write-manifest {directory}` "
            "after checking the pipeline is the one you mean to load"
        )
    digest = file_sha256(manifest)
    if expected is not None and digest != expected:
        raise PipelineFileError(f"{manifest} has SHA-256 {digest}, the config pins {expected}")
    try:
        listing = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PipelineFileError(f"{manifest} is not a pipeline manifest: {exc}") from None
    present = {p.relative_to(directory).as_posix(): p for p in _pipeline_files(directory)}
    unlisted = sorted(set(present) - set(listing))
    missing = sorted(set(listing) - set(present))
    if unlisted or missing:
        raise PipelineFileError(f"{directory}: files not in {MANIFEST}: {unlisted}; listed but missing: {missing}")
    changed = [name for name, path in present.items() if file_sha256(path) != listing[name]]
    if changed:
        raise PipelineFileError(f"{directory}: SHA-256 differs from {MANIFEST} for {changed}")
    return digest
