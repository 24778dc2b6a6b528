"""Hashes and manifests: how a file we wrote proves, later, that it is still that file.

Two things are trusted only through a manifest: a redacted referral file (training
uses it without redacting again only while its SHA-256 matches) and a model bundle
(joblib never unpickles a file whose size and SHA-256 differ from the manifest's).
Both write and check their manifests with these functions, so there is one way to
hash, one way to write a manifest safely, and one way to check a file against it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

HASH_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks (bundles run to hundreds of MB)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(path: str | Path) -> dict[str, Any]:
    """What a manifest records about one file: its SHA-256 and its size in bytes."""
    return {"sha256": sha256_file(path), "bytes": Path(path).stat().st_size}


def mismatch(path: str | Path, entry: dict[str, Any]) -> str | None:
    """Why ``path`` no longer matches its manifest ``entry``, or None when it does.

    The size is compared first: a truncated copy is named as such without reading
    hundreds of megabytes.
    """
    file_path = Path(path)
    if not file_path.is_file():
        return "listed in the manifest but missing"
    expected_size = entry.get("bytes")
    if expected_size is not None and file_path.stat().st_size != expected_size:
        return f"{file_path.stat().st_size} bytes but the manifest says {expected_size} (truncated?)"
    if sha256_file(file_path) != entry.get("sha256"):
        return "SHA-256 does not match the manifest (modified?)"
    return None


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write a manifest atomically (a temporary file renamed into place).

    A crash mid-write leaves the old manifest or none, never half of one that a
    later check could misread.
    """
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)
