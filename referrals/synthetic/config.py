"""The generator's configuration: the packaged YAML, a user's overrides, then validation.

The default lives in ``referrals/synthetic/data/generator.yaml``. A user file of the same
shape is merged over it (mappings key by key; lists and scalars replace). The result is
validated with pydantic and then against the label scheme, and any problem is raised as
a ConfigError naming the file and the key: a silently ignored key would change the data
without anyone knowing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from referrals.errors import ConfigError
from referrals.labels import LabelScheme, load_scheme
from referrals.synthetic.bias import BiasRule, parse_bias_rule

CONFIG_FILE = "generator.yaml"
DEFAULT_SOURCE = f"referrals/synthetic/data/{CONFIG_FILE}"
AGE_BANDS = ("unborn", "0-4", "5-9", "10-15", "16-17")
"""Age bands in order; the generator's concern, source and phrase rules use these names."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConcernSpec(_Strict):
    """Base rate, severity mix and eligible age bands of one concern."""

    base_rate: float = Field(ge=0.0, le=1.0)
    severity: tuple[float, float, float]
    ages: tuple[str, ...] = AGE_BANDS


class ClusterSpec(_Strict):
    """Concerns that co-occur: cluster rate and each member's rate inside the cluster."""

    rate: float = Field(gt=0.0, lt=1.0)
    members: dict[str, float]


class NeedRule(_Strict):
    """Parameters of the documented need rule (see generator.yaml)."""

    no_concern_level: str
    default_levels: tuple[str, str, str]
    concern_levels: dict[str, tuple[str, str, str]] = {}
    cumulative_min: int = Field(ge=2)
    infant_bands: tuple[str, ...] = ("unborn",)
    protective_floor: str
    consent_level: str
    consent_step_up: str
    protection_needs_concern: bool = True
    """Step 8: child protection only when a concern's own level is child protection, so a
    protection label always has a protection-level sentence behind it in the text."""


class SourceSpec(_Strict):
    """A referral source: base weight, the voice it writes in, ages and concern affinity."""

    weight: float = Field(ge=0.0)
    voice: str | dict[str, float]
    """One voice, or several with weights (a police DA notification or a MISPER report)."""
    ages: tuple[str, ...] = AGE_BANDS
    affinity: dict[str, float] = {}


class AuthoritySpec(_Strict):
    """A local authority: share of families, source mix and screening habit."""

    weight: float = Field(gt=0.0)
    up_shift: float = Field(ge=0.0, le=1.0)
    down_shift: float = Field(ge=0.0, le=1.0)
    source_weights: dict[str, float] = {}


class GeneratorConfig(_Strict):
    """Everything that shapes a synthetic data set; build it with :func:`load_generator_config`."""

    label_noise: float = Field(ge=0.0, le=1.0)
    label_noise_two_levels: float = Field(ge=0.0, le=1.0)
    known_identifiers_share: float = Field(ge=0.0, le=1.0)
    rereferral_rate: float = Field(ge=0.0, lt=1.0)
    rereferral_window: int = Field(ge=1)
    lowercase_rate: float = Field(ge=0.0, le=1.0)
    typo_rate: float = Field(ge=0.0, le=1.0)
    typo_per_fragment: float = Field(ge=0.0, le=1.0)
    informal_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    shorthand_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    start_date: date
    span_days: int = Field(ge=1)
    age_bands: dict[str, float]
    gender: dict[str, float]
    ethnicity: dict[str, float]
    disability_rate: float = Field(ge=0.0, le=1.0)
    ethnicity_origins: dict[str, dict[str, float]]
    professional_origins: dict[str, float]
    concerns: dict[str, ConcernSpec]
    clusters: dict[str, ClusterSpec] = {}
    protective_rate: float = Field(ge=0.0, le=1.0)
    history_rates: dict[str, float]
    rereferral_history: dict[str, float]
    consent_rates: dict[str, float]
    need_rule: NeedRule
    expected_need_mix: dict[str, float] = {}
    need_mix_tolerance: float = 0.03
    sources: dict[str, SourceSpec]
    authorities: dict[str, AuthoritySpec]
    bias: tuple[BiasRule, ...] = ()

    @field_validator("bias", mode="before")
    @classmethod
    def _parse_bias(cls, value: Any) -> tuple[BiasRule, ...]:
        if value is None:
            return ()
        rules = [value] if isinstance(value, str | BiasRule) else list(value)
        return tuple(r if isinstance(r, BiasRule) else parse_bias_rule(str(r)) for r in rules)

    @field_validator("age_bands")
    @classmethod
    def _known_bands(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = [band for band in value if band not in AGE_BANDS]
        if unknown:
            raise ValueError(f"unknown age band(s) {unknown}; allowed: {list(AGE_BANDS)}")
        return value


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the generator config must be a mapping")
    return data


@lru_cache(maxsize=1)
def _default_mapping() -> dict[str, Any]:
    text = resources.files("referrals.synthetic.data").joinpath(CONFIG_FILE).read_text("utf-8")
    return _read_yaml(text, DEFAULT_SOURCE)


def load_generator_config(
    path: str | Path | None = None,
    *,
    label_noise: float | None = None,
    bias: Sequence[str] = (),
    overrides: dict[str, Any] | None = None,
    scheme: LabelScheme | None = None,
) -> GeneratorConfig:
    """The packaged config, with a user file, keyword overrides and bias rules on top.

    Raises ConfigError naming the file and the offending key; BiasRuleError for a bad rule.
    """
    data = _default_mapping()
    source = DEFAULT_SOURCE
    if path is not None:
        file_path = Path(path)
        if not file_path.is_file():
            raise ConfigError(f"generator config file not found: {file_path}")
        source = str(file_path)
        data = _merge(data, _read_yaml(file_path.read_text("utf-8"), source))
    if overrides:
        data = _merge(data, overrides)
    if label_noise is not None:
        data = {**data, "label_noise": label_noise}
    if bias:
        data = {**data, "bias": [*data.get("bias", []), *bias]}
    try:
        config = GeneratorConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        location = ".".join(str(part) for part in first["loc"]) or "<config>"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{source}: {location}: {message}") from exc
    check_against_scheme(config, scheme or load_scheme(), source)
    return config


def check_against_scheme(config: GeneratorConfig, scheme: LabelScheme, source: str) -> None:
    """Refuse a config whose concerns or need levels do not match the label scheme."""
    concern_ids = scheme.concern_ids
    missing = [c for c in concern_ids if c not in config.concerns]
    unknown = [c for c in config.concerns if c not in concern_ids]
    if missing or unknown:
        raise ConfigError(
            f"{source}: concerns must match the label scheme; missing {missing}, unknown {unknown}"
        )
    for name, cluster in config.clusters.items():
        for member in cluster.members:
            if member not in concern_ids:
                raise ConfigError(f"{source}: clusters.{name}.members: unknown concern {member!r}")
    for name, spec in config.sources.items():
        for concern in spec.affinity:
            if concern not in concern_ids:
                raise ConfigError(f"{source}: sources.{name}.affinity: unknown concern {concern!r}")
    levels = scheme.need_level_ids
    rule = config.need_rule
    named = [("need_rule.no_concern_level", rule.no_concern_level),
             ("need_rule.protective_floor", rule.protective_floor),
             ("need_rule.consent_level", rule.consent_level),
             ("need_rule.consent_step_up", rule.consent_step_up)]
    named += [("need_rule.default_levels", level) for level in rule.default_levels]
    for concern, triple in rule.concern_levels.items():
        if concern not in concern_ids:
            raise ConfigError(f"{source}: need_rule.concern_levels: unknown concern {concern!r}")
        named += [(f"need_rule.concern_levels.{concern}", level) for level in triple]
    named += [("expected_need_mix", level) for level in config.expected_need_mix]
    for key, level in named:
        if level not in levels:
            raise ConfigError(f"{source}: {key}: unknown need level {level!r}; allowed: {levels}")
    for concern, concern_spec in config.concerns.items():
        bad = [band for band in concern_spec.ages if band not in AGE_BANDS]
        if bad:
            raise ConfigError(f"{source}: concerns.{concern}.ages: unknown age band(s) {bad}")
