"""Experiment config: a YAML file plus dotted command-line overrides (spaCy style).

``triage train --config training/configs/default.yaml --need_level.kind multinomial``
sets ``need_level: {kind: multinomial}``. Values are parsed as YAML scalars so
``--split.test_size 0.2`` becomes a float. The resolved config is logged in full.
"""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from referrals.errors import ConfigError

DEFAULT_CONFIG = "default.yaml"
REQUIRED_SECTIONS = ("seed", "split", "concerns", "need_level", "search", "suggest")


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Load an experiment config (the shipped default when ``path`` is None)."""
    if path is None:
        text = resources.files("training.configs").joinpath(DEFAULT_CONFIG).read_text("utf-8")
        source = f"training/configs/{DEFAULT_CONFIG}"
    else:
        file_path = Path(path)
        if not file_path.is_file():
            raise ConfigError(f"training config not found: {file_path}")
        text = file_path.read_text("utf-8")
        source = str(file_path)
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(config, dict):
        raise ConfigError(f"{source}: a training config must be a mapping")
    for key in REQUIRED_SECTIONS:
        if key not in config:
            raise ConfigError(f"{source}: missing required key {key!r}")
    return config


def parse_overrides(arguments: list[str]) -> dict[str, Any]:
    """Turn ``['--a.b', '1', '--c', 'x']`` into ``{'a.b': 1, 'c': 'x'}``."""
    overrides: dict[str, Any] = {}
    index = 0
    while index < len(arguments):
        name = arguments[index]
        if not name.startswith("--") or len(name) <= 2:
            raise ConfigError(f"unexpected argument {name!r}; overrides look like --section.key value")
        key = name[2:]
        if "=" in key:
            key, raw = key.split("=", 1)
            index += 1
        else:
            if index + 1 >= len(arguments):
                raise ConfigError(f"override {name} has no value")
            raw = arguments[index + 1]
            index += 2
        overrides[key.replace("-", "_")] = yaml.safe_load(raw)
    return overrides


def apply_overrides(config: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``config`` with dotted keys set; unknown keys are an error, not a typo kept."""
    result = copy.deepcopy(config)
    for dotted, value in overrides.items():
        parts = dotted.split(".")
        node: Any = result
        for depth, part in enumerate(parts[:-1]):
            if not isinstance(node, dict) or part not in node:
                raise ConfigError(f"unknown config key {'.'.join(parts[: depth + 1])!r} in override --{dotted}")
            node = node[part]
        if not isinstance(node, dict) or parts[-1] not in node:
            raise ConfigError(f"unknown config key {dotted!r}; check the config file for the allowed keys")
        node[parts[-1]] = value
    return result
