"""Redaction configuration: one YAML file, validated in full before anything is built.

A missing file, a missing key or a bad value raises :class:`ConfigError` naming the
file and the key. Nothing falls back to presidio's defaults: a silently default
registry would run presidio's own recognizers and quietly leak data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from referrals import pii_types
from referrals.errors import ConfigError
from referrals.redaction.recognizers import RECOGNIZER_CLASSES

NEW_RECOGNIZERS = frozenset({
    "TriageInternationalPhoneRecognizer", "TriageNamedHouseRecognizer",
    "TriageAddressAbroadRecognizer", "TriageSchoolAbroadRecognizer",
})
"""Added with the Triage prefix; they never had another name."""
RENAMED_RECOGNIZERS = {
    name.removeprefix("Triage"): name for name in RECOGNIZER_CLASSES
    if name not in NEW_RECOGNIZERS
}
"""Names configs used before every class took the ``Triage`` prefix (so that none shadows
one of presidio's); a config may still list them, and they mean the renamed class."""

DEFAULT_CONFIG = "default.yaml"
CONTROL_CHARACTER_MODES = ("replace", "strip", "reject")
REQUIRED_KEYS = (
    "version", "language", "spacy", "limits", "recognizers", "entities", "thresholds",
    "context", "allow_list", "deny_list",
)
ERROR_KEY = "{path}: key {key!r}: {reason}"


@dataclass(frozen=True)
class RedactionConfig:
    """The validated contents of a redaction YAML file."""

    path: str
    language: str
    spacy_model: str
    spacy_disable: tuple[str, ...]
    max_text_chars: int
    control_characters: str
    recognizers: tuple[str, ...]
    entities: tuple[str, ...]
    thresholds: dict[str, float]
    context_prefix_words: int
    context_suffix_words: int
    context_boost: float
    allow_list: tuple[str, ...]
    deny_list: dict[str, tuple[str, ...]]
    config_hash: str


def default_config_path() -> Path:
    """The shipped social-care default, ``referrals/redaction/conf/default.yaml``."""
    return Path(str(resources.files("referrals.redaction").joinpath("conf", DEFAULT_CONFIG)))


def _fail(path: Path, key: str, reason: str) -> ConfigError:
    return ConfigError(ERROR_KEY.format(path=path, key=key, reason=reason))


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...], path: Path,
         prefix: str = "") -> Any:
    full_key = f"{prefix}{key}"
    if key not in data:
        raise _fail(path, full_key, "missing")
    value = data[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise _fail(path, full_key, f"expected {_kind_name(kind)}, got {value!r}")
    if not isinstance(value, kind):
        raise _fail(path, full_key, f"expected {_kind_name(kind)}, got {type(value).__name__}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _strings(value: list[Any], path: Path, key: str) -> tuple[str, ...]:
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _fail(path, f"{key}[{index}]", f"expected a non-empty string, got {item!r}")
    return tuple(value)


def load_config(config_path: Path | None = None) -> RedactionConfig:
    """Read and validate a redaction YAML file (the shipped default when None)."""
    path = Path(config_path) if config_path is not None else default_config_path()
    if not path.is_file():
        raise ConfigError(f"{path}: redaction config file not found")
    try:
        raw_text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(raw_text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not readable YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping with keys {REQUIRED_KEYS}")
    unknown = sorted(set(data) - set(REQUIRED_KEYS))
    if unknown:
        raise _fail(path, unknown[0], f"unknown key; allowed: {', '.join(REQUIRED_KEYS)}")
    version = _get(data, "version", int, path)
    if version != 1:
        raise _fail(path, "version", f"unsupported version {version}; allowed: 1")
    language = _get(data, "language", str, path)
    spacy_section = _get(data, "spacy", dict, path)
    model = _get(spacy_section, "model", str, path, "spacy.")
    disable = _strings(_get(spacy_section, "disable", list, path, "spacy."), path, "spacy.disable")
    limits = _get(data, "limits", dict, path)
    max_chars = _get(limits, "max_text_chars", int, path, "limits.")
    if max_chars <= 0:
        raise _fail(path, "limits.max_text_chars", f"must be positive, got {max_chars}")
    control = _get(limits, "control_characters", str, path, "limits.")
    if control not in CONTROL_CHARACTER_MODES:
        raise _fail(path, "limits.control_characters",
                    f"{control!r} not allowed; allowed: {', '.join(CONTROL_CHARACTER_MODES)}")
    recognizers = tuple(
        RENAMED_RECOGNIZERS.get(name, name)
        for name in _strings(_get(data, "recognizers", list, path), path, "recognizers")
    )
    for index, name in enumerate(recognizers):
        if name not in RECOGNIZER_CLASSES:
            raise _fail(path, f"recognizers[{index}]",
                        f"unknown recognizer {name!r}; allowed: {', '.join(RECOGNIZER_CLASSES)}")
    entities = _strings(_get(data, "entities", list, path), path, "entities")
    for index, entity in enumerate(entities):
        if entity not in pii_types.ALL_TYPES:
            raise _fail(path, f"entities[{index}]",
                        f"unknown entity {entity!r}; allowed: {', '.join(pii_types.ALL_TYPES)}")
    thresholds_raw = _get(data, "thresholds", dict, path)
    thresholds: dict[str, float] = {}
    for entity in entities:
        value = _get(thresholds_raw, entity, (int, float), path, "thresholds.")
        if not 0.0 <= float(value) <= 1.0:
            raise _fail(path, f"thresholds.{entity}", f"must lie in [0, 1], got {value}")
        thresholds[entity] = float(value)
    for entity in thresholds_raw:
        if entity not in entities:
            raise _fail(path, f"thresholds.{entity}", "threshold for an entity not listed in entities")
    context = _get(data, "context", dict, path)
    prefix_words = _get(context, "prefix_words", int, path, "context.")
    suffix_words = _get(context, "suffix_words", int, path, "context.")
    boost = float(_get(context, "boost", (int, float), path, "context."))
    allow_list = _strings(_get(data, "allow_list", list, path), path, "allow_list")
    deny_raw = _get(data, "deny_list", dict, path)
    deny_list: dict[str, tuple[str, ...]] = {}
    for entity in deny_raw:
        if entity not in entities:
            raise _fail(path, f"deny_list.{entity}", "entity not listed in entities")
        deny_list[entity] = _strings(_get(deny_raw, entity, list, path, "deny_list."), path,
                                     f"deny_list.{entity}")
    return RedactionConfig(
        path=str(path), language=language, spacy_model=model, spacy_disable=disable,
        max_text_chars=max_chars, control_characters=control, recognizers=recognizers,
        entities=entities, thresholds=thresholds, context_prefix_words=prefix_words,
        context_suffix_words=suffix_words, context_boost=boost, allow_list=allow_list,
        deny_list=deny_list, config_hash=_hash(data),
    )


def _hash(data: dict[str, Any]) -> str:
    """Hash of the resolved config plus the shipped name lists and safeguarding vocabulary,
    which change behaviour too."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8"))
    package = resources.files("referrals.redaction")
    for name in ("first_names.txt", "surnames.txt", "english_words.txt"):
        digest.update(package.joinpath("data", name).read_bytes())
    digest.update(package.joinpath("conf", "vocabulary.yaml").read_bytes())
    return digest.hexdigest()
