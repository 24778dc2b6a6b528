"""Experiment config: a YAML file plus dotted command-line overrides (spaCy style).

``triage train --config training/configs/default.yaml --need_level.kind multinomial``
sets ``need_level: {kind: multinomial}``. Values are parsed as YAML scalars so
``--split.test_size 0.2`` becomes a float. The resolved config is logged in full.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from referrals.config_files import read_yaml, validated
from referrals.errors import ConfigError

DEFAULT_CONFIG = "default.yaml"


class _Section(BaseModel):
    """A config section: unknown keys are refused, values checked before any work starts."""

    model_config = ConfigDict(extra="forbid")


NgramRange = list[int]


class SplitConfig(_Section):
    method: Literal["stratified", "time"]
    test_size: float = Field(gt=0, lt=1)
    validation_size: float = Field(gt=0, lt=1)
    refit_on_all: bool = False


class FeaturesConfig(_Section):
    """Keyword arguments of ``models.text.make_text_features``."""

    word_ngram_range: NgramRange = Field(default=[1, 2], min_length=2, max_length=2)
    char_ngram_range: NgramRange | None = Field(default=[2, 5], min_length=2, max_length=2)
    min_df: float = Field(default=2, ge=0)
    max_features: int | None = Field(default=200_000, gt=0)
    sublinear_tf: bool = True
    embeddings: str | None = None
    embedding_scale: float = Field(default=1.0, ge=0)


class ConcernsConfig(_Section):
    """Keyword arguments of ``models.concerns.ConcernClassifier``."""

    C: float = Field(gt=0)
    calibration: Literal["auto", "isotonic", "sigmoid"] = "auto"
    uncertainty_band: float = Field(default=0.5, ge=0)
    threshold_rule: Literal["empirical", "expected"] = "empirical"
    class_weight: Literal["balanced"] | None = None
    min_recall: dict[str, float] | None = None
    source_calibration: Literal["pooled", "per_source"] = "pooled"
    calibration_rows_per_source: int = Field(default=5000, ge=10)
    source_features: bool = False
    calibration_folds: int = Field(default=0, ge=0)
    calibration_fraction: float = Field(default=0.2, gt=0, lt=1)
    calibration_cv: int = Field(default=5, ge=2)
    max_iter: int = Field(default=1000, gt=0)


class NeedLevelConfig(_Section):
    """Keyword arguments of ``models.need_level.NeedLevelClassifier``."""

    kind: Literal["ordinal", "multinomial"] = "ordinal"
    C: float = Field(gt=0)
    coverage: float = Field(default=0.9, gt=0, le=1)
    lower_coverage: float | None = Field(default=None, gt=0, le=1)
    probability_floor: float = Field(default=0.6, ge=0, le=1)
    under_triage_weight: float = Field(default=2.0, gt=0)
    decision: Literal["cost", "argmax"] = "cost"
    calibration_folds: int = Field(default=0, ge=0)
    calibration_fraction: float = Field(default=0.2, gt=0, lt=1)
    top_label_calibration: bool = True
    calibration: Literal["pooled", "per_source"] = "pooled"
    calibration_rows_per_source: int = Field(default=5000, ge=10)
    source_features: bool = False
    class_weight: Literal["balanced"] | None = None
    max_iter: int = Field(default=1000, gt=0)


class SourceConfig(_Section):
    """One ``--data NAME=FILE`` source: fit weight per referral, and calibration use."""

    weight: float = Field(default=1.0, gt=0)
    calibrate: bool = True


class SuggestConfig(_Section):
    evidence_top: int = Field(default=5, ge=0)


class TrainingConfig(_Section):
    """The experiment config's shape. The run reads the validated mapping as written."""

    seed: int
    split: SplitConfig
    features: FeaturesConfig = FeaturesConfig()
    concerns: ConcernsConfig
    need_level: NeedLevelConfig
    sources: dict[str, SourceConfig] = {}
    search: dict[str, list[Any]] = {}
    suggest: SuggestConfig = SuggestConfig()


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Load and check an experiment config (the shipped default when ``path`` is None)."""
    config, source = read_yaml(path, package="training.configs", default_name=DEFAULT_CONFIG,
                               what="training config", error=ConfigError)
    if not isinstance(config, dict):
        raise ConfigError(f"{source}: a training config must be a mapping")
    return check_config(config, source)


def check_config(config: dict[str, Any], source: str = "training config") -> dict[str, Any]:
    """Refuse a config the run would not use as written: unknown keys, wrong kinds, bad values.

    Every value the search grid would try is checked too, so a bad grid fails now, not
    after an hour of fitting. Returns ``config`` unchanged: the run and its logged
    config read exactly what the user wrote.
    """
    validated(TrainingConfig, config, source=source, error=ConfigError)
    for key, values in (config.get("search") or {}).items():
        for value in values:
            trial = apply_overrides({k: v for k, v in config.items() if k != "search"}, {key: value})
            validated(TrainingConfig, trial, source=f"{source}: search {key}={value!r}", error=ConfigError)
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
