"""Annotation settings: one YAML file, every key checked.

The shipped ``annotation/annotation.yaml`` is the default; a project may point at its own.
A missing file, invalid YAML, an unknown key or a value out of range is refused with the
file and key named (as the redaction config does), never replaced by a default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from referrals.config_files import read_yaml
from referrals.errors import ConfigError

DEFAULT_CONFIG = "annotation.yaml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgreementConfig(_Section):
    """Bootstrap settings for every agreement interval."""

    bootstrap_samples: int = Field(ge=50)
    confidence: float = Field(gt=0.5, lt=1.0)
    seed: int


class AssignmentConfig(_Section):
    """Who labels what: overlap for agreement, a decide-first sample for anchoring."""

    overlap: float = Field(ge=0.0, le=1.0)
    annotators_per_overlap_item: int = Field(ge=2)
    decide_first: float = Field(ge=0.0, le=1.0)
    seed: int


class QueueConfig(_Section):
    """Queue order and how often the model behind it is refreshed."""

    order: Literal["uncertainty", "random"]
    refresh_every: int = Field(ge=1)
    need_margin_weight: float = Field(ge=0.0)
    rare_concern_power: float = Field(ge=0.0)
    rare_positive_weight: float = Field(ge=0.0)
    density_power: float = Field(ge=0.0)
    diversity_penalty: float = Field(gt=0.0, le=1.0)
    clusters: int = Field(ge=1)
    seed: int


class LabelIssuesConfig(_Section):
    """Out-of-fold folds for confident learning."""

    folds: int = Field(ge=2)
    seed: int


class SourceWeight(_Section):
    """One training source as training's ``sources`` section spells it."""

    weight: float = Field(gt=0.0)
    calibrate: bool


class ExportConfig(_Section):
    """Training sources for exported labels and when an unadjudicated item may export."""

    sources: dict[Literal["annotation", "review"], SourceWeight]
    min_agreement: float = Field(gt=0.5, le=1.0)


class AnnotationConfig(_Section):
    """The whole annotation config."""

    agreement: AgreementConfig
    assignment: AssignmentConfig
    queue: QueueConfig
    label_issues: LabelIssuesConfig
    export: ExportConfig


def load_annotation_config(path: str | Path | None = None) -> AnnotationConfig:
    """The validated config from ``path`` (the shipped default when None)."""
    data, source = read_yaml(path, package="annotation", default_name=DEFAULT_CONFIG,
                             what="annotation config", error=ConfigError)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: an annotation config must be a mapping")
    try:
        return AnnotationConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        key = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{source}: {key}: {first['msg']}") from exc
