"""Reading a YAML config: the copy shipped in a package, or a user's file.

Every config (label scheme, training experiment, promotion gates, model-card fields)
is read the same way: a missing file or invalid YAML raises the caller's error class
with the file named, and nothing falls back to a default the user did not ask for.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml


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
