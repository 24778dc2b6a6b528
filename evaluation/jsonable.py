"""Plain JSON values for metrics.json: the one conversion every typed result goes through.

metrics.json is read by governance boards and by ``triage promote`` long after the
run, so its bytes must not depend on how a result is held in memory. Typed results
(frozen dataclasses) serialise through :func:`to_jsonable`: dataclass fields in
declaration order, tuples as lists, numpy scalars as Python numbers, NaN and
infinities as null (JSON has no NaN).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


def to_jsonable(value: Any) -> Any:
    """Plain JSON types; a dataclass with ``to_json_dict`` decides its own shape."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        custom = getattr(value, "to_json_dict", None)
        if custom is not None:
            return custom()
        return {item.name: to_jsonable(getattr(value, item.name))
                for item in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


def fields_json(value: Any) -> dict[str, Any]:
    """A dataclass's fields as JSON, in declaration order (for ``to_json_dict`` overrides)."""
    return {item.name: to_jsonable(getattr(value, item.name))
            for item in dataclasses.fields(value)}


def finite(value: Any) -> float | None:
    """A float as metrics.json holds it: None where it is NaN or infinite."""
    number = float(value)
    return number if math.isfinite(number) else None


def rounded(value: Any) -> float | None:
    """A comparison-table number: six decimals, None where not finite."""
    number = float(value)
    return round(number, 6) if math.isfinite(number) else None
