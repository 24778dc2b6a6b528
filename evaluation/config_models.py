"""Evaluation's YAML configs as pydantic models that refuse what they do not know.

A misspelt key in gates.yaml (``max_absolut: 0.05``) used to be ignored, leaving the
gate at a value nobody chose. Each config is now a frozen pydantic model with unknown
keys forbidden, and every failure is one line naming the file, the key and the reason,
the same shape as the other configs' errors (``referrals.synthetic.config``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from referrals.config_files import describe_validation_error
from referrals.errors import ConfigError

Config = TypeVar("Config", bound=BaseModel)
MissingMessage = Callable[[str, tuple[str, ...]], str]
"""The whole message for a missing key (given the source and the key's location)."""

NOT_A_MAPPING = "{source}: {what} must be a mapping"


class StrictConfig(BaseModel):
    """Frozen, and an unknown key is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def validate_config(
    model: type[Config], data: Any, source: str, *, what: str,
    missing: MissingMessage | None = None,
) -> Config:
    """``model`` from parsed YAML; raise ConfigError with one line naming file, key, reason."""
    if not isinstance(data, dict):
        raise ConfigError(NOT_A_MAPPING.format(source=source, what=what))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        location = tuple(str(part) for part in first["loc"])
        if first["type"] == "missing" and missing is not None:
            message = missing(source, location)
        else:
            message = describe_validation_error(exc, source, model)
        raise ConfigError(message) from exc
