"""Reading a YAML config: the copy shipped in a package, or a user's file.

Every config (label scheme, training experiment, promotion gates, model-card fields)
is read the same way: a missing file or invalid YAML raises the caller's error class
with the file named, and nothing falls back to a default the user did not ask for.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_yaml(
    path: str | Path | None,
    *,
    package: str,
    default_name: str,
    what: str,
    error: type[Exception],
) -> tuple[Any, str]:
    """(parsed YAML, source name) from ``path``, or the package's ``default_name`` when None."""
    if path is None:
        text = resources.files(package).joinpath(default_name).read_text("utf-8")
        source = f"{package.replace('.', '/')}/{default_name}"
    else:
        file_path = Path(path)
        if not file_path.is_file():
            raise error(f"{what} not found: {file_path}")
        text, source = file_path.read_text("utf-8"), str(file_path)
    try:
        return yaml.safe_load(text), source
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from exc


def validated(model: type[ModelT], data: Any, *, source: str, error: type[Exception]) -> ModelT:
    """``data`` checked against a pydantic model; the first problem as one line naming the key.

    Every config model refuses unknown keys (``extra="forbid"``), so a typo is an error
    with the file and the key named, never a setting silently left at its default.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(describe_validation_error(exc, source, model)) from None


def allowed_keys(model: type[BaseModel], location: tuple[str, ...]) -> list[str]:
    """The keys ``model`` accepts in the mapping that holds ``location``."""
    current: Any = model
    for part in location[:-1]:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = field.annotation
    return list(getattr(current, "model_fields", {}))


def describe_validation_error(exc: ValidationError, source: str, model: type[BaseModel] | None = None) -> str:
    """``source: key.path: reason (got value)`` for the first of pydantic's errors.

    An unknown key is named with the keys allowed in its place, so a misspelling
    shows its correction.
    """
    first = exc.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "(top level)"
    reason = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        allowed = allowed_keys(model, tuple(str(p) for p in first["loc"])) if model else []
        reason = "unknown key" + (f"; allowed here: {', '.join(allowed)}" if allowed else "")
    got = first.get("input")
    shown = "" if first["type"] in ("missing", "extra_forbidden") or isinstance(got, dict) else f" (got {got!r})"
    more = len(exc.errors()) - 1
    return f"{source}: {location}: {reason}{shown}" + (f"; and {more} more problem(s)" if more else "")
