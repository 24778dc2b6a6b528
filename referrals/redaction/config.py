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
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from referrals import pii_types
from referrals.config_files import allowed_keys
from referrals.errors import ConfigError
from referrals.redaction.recognizers import RECOGNIZER_CLASSES

NEW_RECOGNIZERS = frozenset({
    "TriageInternationalPhoneRecognizer", "TriageNamedHouseRecognizer",
    "TriageAddressAbroadRecognizer", "TriageSchoolAbroadRecognizer", "TriageSchoolLabelRecognizer",
})
"""Added with the Triage prefix; they never had another name."""
RENAMED_RECOGNIZERS = {
    name.removeprefix("Triage"): name for name in RECOGNIZER_CLASSES
    if name not in NEW_RECOGNIZERS
}
"""Names configs used before every class took the ``Triage`` prefix (so that none shadows
one of presidio's); a config may still list them, and they mean the renamed class."""

DEFAULT_CONFIG = "default.yaml"
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
    spacy_sha256: str | None
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


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("expected a non-empty string")
    return value


def _known_recognizer(name: str) -> str:
    name = RENAMED_RECOGNIZERS.get(name, name)
    if name not in RECOGNIZER_CLASSES:
        raise ValueError(f"unknown recognizer {name!r}; allowed: {', '.join(RECOGNIZER_CLASSES)}")
    return name


def _known_entity(entity: str) -> str:
    if entity not in pii_types.ALL_TYPES:
        raise ValueError(f"unknown entity {entity!r}; allowed: {', '.join(pii_types.ALL_TYPES)}")
    return entity


Text = Annotated[str, AfterValidator(_non_blank)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class _Section(BaseModel):
    """Strict: an unknown key, a missing key or a value of the wrong kind is an error."""

    model_config = ConfigDict(extra="forbid", strict=True)


class _Spacy(_Section):
    model: str
    disable: list[Text]
    sha256: str | None = None


class _Limits(_Section):
    max_text_chars: int = Field(gt=0)
    control_characters: Literal["replace", "strip", "reject"]


class _Context(_Section):
    prefix_words: int
    suffix_words: int
    boost: float


class _RedactionFile(_Section):
    """The file's shape (``conf/default.yaml`` documents every key)."""

    version: Literal[1]
    language: str
    spacy: _Spacy
    limits: _Limits
    recognizers: list[Annotated[str, AfterValidator(_known_recognizer)]]
    entities: list[Annotated[Text, AfterValidator(_known_entity)]]
    thresholds: dict[str, Probability]
    context: _Context
    allow_list: list[Text]
    deny_list: dict[str, list[Text]]


def _error_key(location: tuple[Any, ...]) -> str:
    """``recognizers[0]``, ``thresholds.PERSON``: where a value sits, as a reader writes it."""
    key = ""
    for part in location:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key


def _validated(data: Any, path: Path) -> _RedactionFile:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping with keys {REQUIRED_KEYS}")
    try:
        return _RedactionFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = _error_key(first["loc"])
        if first["type"] == "missing":
            raise _fail(path, key, "missing") from None
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(allowed_keys(_RedactionFile, tuple(str(p) for p in first["loc"])))
            raise _fail(path, key, f"unknown key; allowed: {allowed}") from None
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise _fail(path, key, f"{reason} (got {first.get('input')!r})") from None


def load_config(config_path: Path | None = None) -> RedactionConfig:
    """Read and validate a redaction YAML file (the shipped default when None)."""
    path = Path(config_path) if config_path is not None else default_config_path()
    if not path.is_file():
        raise ConfigError(f"{path}: redaction config file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not readable YAML: {exc}") from exc
    config = _validated(data, path)
    for entity in config.entities:
        if entity not in config.thresholds:
            raise _fail(path, f"thresholds.{entity}", "missing")
    for entity in config.thresholds:
        if entity not in config.entities:
            raise _fail(path, f"thresholds.{entity}", "threshold for an entity not listed in entities")
    for entity in config.deny_list:
        if entity not in config.entities:
            raise _fail(path, f"deny_list.{entity}", "entity not listed in entities")
    return RedactionConfig(
        path=str(path), language=config.language, spacy_model=config.spacy.model,
        spacy_disable=tuple(config.spacy.disable), spacy_sha256=config.spacy.sha256,
        max_text_chars=config.limits.max_text_chars,
        control_characters=config.limits.control_characters, recognizers=tuple(config.recognizers),
        entities=tuple(config.entities), thresholds={e: float(config.thresholds[e]) for e in config.entities},
        context_prefix_words=config.context.prefix_words, context_suffix_words=config.context.suffix_words,
        context_boost=float(config.context.boost), allow_list=tuple(config.allow_list),
        deny_list={entity: tuple(words) for entity, words in config.deny_list.items()},
        config_hash=_hash(data),
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
