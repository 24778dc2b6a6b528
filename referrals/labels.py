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

from referrals.config_files import read_yaml
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


def _require(mapping: dict[str, Any], key: str, where: str, source: str) -> Any:
    if key not in mapping:
        raise SchemeError(f"{source}: {where} is missing required key {key!r}")
    return mapping[key]


def parse_scheme(data: Any, source: str = "<memory>") -> LabelScheme:
    """Validate a parsed YAML mapping and build a LabelScheme.

    Raises SchemeError naming the file and the offending entry: unique ids, ranks
    0..n-1 with no gaps, at least one concern and two need levels.
    """
    if not isinstance(data, dict):
        raise SchemeError(f"{source}: the scheme must be a mapping, got {type(data).__name__}")
    version = str(_require(data, "version", "the scheme", source))
    raw_concerns = _require(data, "concern_categories", "the scheme", source)
    raw_levels = _require(data, "need_levels", "the scheme", source)
    if not isinstance(raw_concerns, list) or not raw_concerns:
        raise SchemeError(f"{source}: concern_categories must be a non-empty list")
    if not isinstance(raw_levels, list) or len(raw_levels) < 2:
        raise SchemeError(f"{source}: need_levels must be a list of at least two levels")

    concerns: list[ConcernCategory] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw_concerns):
        where = f"concern_categories[{index}]"
        if not isinstance(entry, dict):
            raise SchemeError(f"{source}: {where} must be a mapping")
        concern_id = _require(entry, "id", where, source)
        if not isinstance(concern_id, str) or not concern_id.isidentifier():
            raise SchemeError(
                f"{source}: {where} id {concern_id!r} must be a snake_case identifier"
            )
        if concern_id in seen:
            raise SchemeError(f"{source}: {where} duplicate id {concern_id!r}")
        seen.add(concern_id)
        codes = entry.get("cin_factor_codes") or []
        concerns.append(
            ConcernCategory(
                id=concern_id,
                label=str(entry.get("label", concern_id)),
                description=str(entry.get("description", "")),
                cin_factor_codes=tuple(str(c) for c in codes),
            )
        )

    levels: list[NeedLevel] = []
    for index, entry in enumerate(raw_levels):
        where = f"need_levels[{index}]"
        if not isinstance(entry, dict):
            raise SchemeError(f"{source}: {where} must be a mapping")
        level_id = _require(entry, "id", where, source)
        rank = _require(entry, "rank", where, source)
        if not isinstance(level_id, str) or not level_id.isidentifier():
            raise SchemeError(f"{source}: {where} id {level_id!r} must be a snake_case identifier")
        if level_id in seen:
            raise SchemeError(f"{source}: {where} duplicate id {level_id!r}")
        if not isinstance(rank, int) or isinstance(rank, bool):
            raise SchemeError(f"{source}: {where} ({level_id}) rank must be an integer")
        seen.add(level_id)
        levels.append(
            NeedLevel(
                id=level_id,
                rank=rank,
                label=str(entry.get("label", level_id)),
                description=str(entry.get("description", "")),
            )
        )
    levels.sort(key=lambda level: level.rank)
    for expected, level in enumerate(levels):
        if level.rank != expected:
            raise SchemeError(
                f"{source}: need level {level.id!r} has rank {level.rank}; ranks must be "
                f"contiguous from 0 (expected {expected})"
            )
    canonical = yaml.safe_dump(data, sort_keys=True).encode()
    return LabelScheme(
        version=version,
        concerns=tuple(concerns),
        need_levels=tuple(levels),
        source=source,
        fingerprint=hashlib.sha256(canonical).hexdigest()[:16],
    )


def load_scheme(path: str | Path | None = None) -> LabelScheme:
    """Load a scheme from ``path``, or the default shipped in the package when None."""
    data, source = read_yaml(path, package="referrals.data", default_name=DEFAULT_TAXONOMY,
                             what="label scheme file", error=SchemeError)
    return parse_scheme(data, source)
