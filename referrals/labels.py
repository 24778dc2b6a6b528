"""The label scheme: concern categories (multi-label) and need levels (ordinal).

The scheme is a YAML file. The default ships inside this package (a copy of the
project's ``spec/taxonomy.yaml``) so nothing reads outside the installed package at
run time; an authority can point ``TRIAGE_TAXONOMY`` (or ``--taxonomy``) at its own.
Code refers to labels only through :class:`LabelScheme`, never by string literals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from referrals.config_files import read_yaml, validated
from referrals.errors import SchemeError

DEFAULT_TAXONOMY = "taxonomy.yaml"


@dataclass(frozen=True)
class ConcernCategory:
    """One concern category (e.g. neglect)."""

    id: str
    label: str
    description: str = ""
    cin_factor_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NeedLevel:
    """One need level with its rank (0 = lowest)."""

    id: str
    rank: int
    label: str
    description: str = ""


@dataclass(frozen=True)
class LabelScheme:
    """A validated label scheme: concern ids in file order, need levels in rank order."""

    version: str
    concerns: tuple[ConcernCategory, ...]
    need_levels: tuple[NeedLevel, ...]
    source: str = field(default="<memory>", compare=False)
    fingerprint: str = field(default="", compare=False)

    @property
    def concern_ids(self) -> list[str]:
        """Concern ids in the file's order (the column order of every concern matrix)."""
        return [c.id for c in self.concerns]

    @property
    def need_level_ids(self) -> list[str]:
        """Need-level ids from lowest to highest rank."""
        return [n.id for n in self.need_levels]

    def rank_of(self, need_level: str) -> int:
        """Rank of a need level id; raises SchemeError naming the allowed ids."""
        for level in self.need_levels:
            if level.id == need_level:
                return level.rank
        raise SchemeError(
            f"unknown need level {need_level!r}; allowed: {', '.join(self.need_level_ids)}"
        )

    def level_at(self, rank: int) -> str:
        """Need-level id at a rank, clipped into the scheme's range."""
        rank = max(0, min(rank, len(self.need_levels) - 1))
        return self.need_levels[rank].id

    @property
    def highest_level(self) -> str:
        """The top need level (child protection in the default scheme)."""
        return self.need_levels[-1].id

    def concern_label(self, concern_id: str) -> str:
        """Human label of a concern id."""
        for concern in self.concerns:
            if concern.id == concern_id:
                return concern.label
        raise SchemeError(
            f"unknown concern {concern_id!r}; allowed: {', '.join(self.concern_ids)}"
        )


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    label: str | None = None
    description: str = ""


class _ConcernEntry(_Entry):
    cin_factor_codes: list[str | int] = []


class _LevelEntry(_Entry):
    rank: StrictInt


class _SchemeFile(BaseModel):
    """The taxonomy file's shape: unknown keys refused, so a typo cannot drop a field."""

    model_config = ConfigDict(extra="forbid")

    version: str | int | float
    concern_categories: list[_ConcernEntry] = Field(min_length=1)
    need_levels: list[_LevelEntry] = Field(min_length=2)


def parse_scheme(data: Any, source: str = "<memory>") -> LabelScheme:
    """Validate a parsed YAML mapping and build a LabelScheme.

    Raises SchemeError naming the file and the offending entry: unique ids, ranks
    0..n-1 each used once, at least one concern and two need levels.
    """
    if not isinstance(data, dict):
        raise SchemeError(f"{source}: the scheme must be a mapping, got {type(data).__name__}")
    scheme_file = validated(_SchemeFile, data, source=source, error=SchemeError)
    _check_unique_ids(scheme_file, source)
    _check_ranks(scheme_file.need_levels, source)
    concerns = tuple(
        ConcernCategory(id=entry.id, label=entry.label or entry.id, description=entry.description,
                        cin_factor_codes=tuple(str(code) for code in entry.cin_factor_codes))
        for entry in scheme_file.concern_categories
    )
    levels = sorted(
        (NeedLevel(id=entry.id, rank=entry.rank, label=entry.label or entry.id,
                   description=entry.description) for entry in scheme_file.need_levels),
        key=lambda level: level.rank,
    )
    canonical = yaml.safe_dump(data, sort_keys=True).encode()
    return LabelScheme(
        version=str(scheme_file.version),
        concerns=concerns,
        need_levels=tuple(levels),
        source=source,
        fingerprint=hashlib.sha256(canonical).hexdigest()[:16],
    )


def _check_unique_ids(scheme_file: _SchemeFile, source: str) -> None:
    """Concern and need-level ids share one namespace: each may appear once."""
    seen: set[str] = set()
    entries: list[tuple[str, _Entry]] = [
        *((f"concern_categories[{i}]", e) for i, e in enumerate(scheme_file.concern_categories)),
        *((f"need_levels[{i}]", e) for i, e in enumerate(scheme_file.need_levels)),
    ]
    for where, entry in entries:
        if entry.id in seen:
            raise SchemeError(f"{source}: {where} duplicate id {entry.id!r}")
        seen.add(entry.id)


def _check_ranks(levels: list[_LevelEntry], source: str) -> None:
    """Ranks are 0..n-1, each once; the error names the entry whose rank is out of place.

    An entry whose rank lies outside 0..n-1 is blamed first (with ranks 0, 5, 2, 3 the
    wrong one is the 5, not the 2 that sorting would put second); then a rank used twice.
    """
    count = len(levels)
    for index, level in enumerate(levels):
        if not 0 <= level.rank < count:
            raise SchemeError(
                f"{source}: need_levels[{index}] ({level.id}) has rank {level.rank}; ranks must run "
                f"0..{count - 1}, each used once"
            )
    owner: dict[int, str] = {}
    for index, level in enumerate(levels):
        if level.rank in owner:
            raise SchemeError(
                f"{source}: need_levels[{index}] ({level.id}) repeats rank {level.rank} of "
                f"{owner[level.rank]!r}; ranks must run 0..{count - 1}, each used once"
            )
        owner[level.rank] = level.id


def load_scheme(path: str | Path | None = None) -> LabelScheme:
    """Load a scheme from ``path``, or the default shipped in the package when None."""
    data, source = read_yaml(path, package="referrals.data", default_name=DEFAULT_TAXONOMY,
                             what="label scheme file", error=SchemeError)
    return parse_scheme(data, source)
