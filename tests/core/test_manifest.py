"""One way to hash, write and check a manifest, for redacted files and model bundles alike."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from referrals.manifest import file_entry, mismatch, sha256_file, write_manifest


def test_hash_matches_hashlib_across_chunk_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    content = bytes(range(256)) * 9000  # > 2 MiB: several chunks
    path.write_bytes(content)
    assert sha256_file(path) == hashlib.sha256(content).hexdigest()


def test_a_file_matches_its_entry_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "bundle.joblib"
    path.write_bytes(b"model bytes")
    entry = file_entry(path)
    assert mismatch(path, entry) is None
    path.write_bytes(b"model bytez")
    assert "SHA-256 does not match" in (mismatch(path, entry) or "")
    path.write_bytes(b"model")
    assert "truncated" in (mismatch(path, entry) or "")
    path.unlink()
    assert mismatch(path, entry) == "listed in the manifest but missing"


def test_manifest_is_written_whole_and_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.manifest.json"
    write_manifest(target, {"b": 1, "a": [1, 2]})
    assert json.loads(target.read_text()) == {"a": [1, 2], "b": 1}
    assert target.read_text().endswith("\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.manifest.json"]
