"""The annotation config refuses what it does not know, naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from annotation.config import load_annotation_config
from referrals.errors import ConfigError

SHIPPED = Path(__file__).resolve().parents[2] / "annotation" / "annotation.yaml"


def _write(tmp_path: Path, change: dict) -> Path:  # type: ignore[type-arg]
    data = yaml.safe_load(SHIPPED.read_text())
    for section, values in change.items():
        data[section].update(values)
    path = tmp_path / "annotation.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_shipped_config_loads() -> None:
    assert load_annotation_config().export.sources["review"].weight > 0


def test_unknown_key_is_refused_with_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, {"queue": {"refresh_evry": 10}})
    with pytest.raises(ConfigError, match=rf"{path}: queue.refresh_evry: Extra inputs"):
        load_annotation_config(path)


def test_out_of_range_overlap_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="assignment.overlap"):
        load_annotation_config(_write(tmp_path, {"assignment": {"overlap": 1.5}}))
