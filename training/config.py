"""Experiment config: a YAML file plus dotted command-line overrides (spaCy style).

``triage train --config training/configs/default.yaml --need_level.kind multinomial``
sets ``need_level: {kind: multinomial}``. Values are parsed as YAML scalars so
``--split.test_size 0.2`` becomes a float. The resolved config is logged in full.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from referrals.config_files import read_yaml
from referrals.errors import ConfigError

DEFAULT_CONFIG = "default.yaml"
REQUIRED_SECTIONS = ("seed", "split", "concerns", "need_level", "search", "suggest")


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Load an experiment config (the shipped default when ``path`` is None)."""
    config, source = read_yaml(path, package="training.configs", default_name=DEFAULT_CONFIG,
                               what="training config", error=ConfigError)
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
