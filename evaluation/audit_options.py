"""The bias audit's knobs, apart from the code that runs it (every audit module reads them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from evaluation.bootstrap import DEFAULT_LEVEL
from evaluation.predictions import GROUP_COLUMNS


@dataclass(frozen=True)
class AuditOptions:
    """Knobs of the audit; defaults are the documented method."""

    attributes: tuple[str, ...] = GROUP_COLUMNS
    pairs: bool = True
    min_group_size: int = 50
    reference_groups: Mapping[str, str] = field(default_factory=dict)
    family_alpha: float = 0.05
    pair_alpha_share: float = 0.5
    level: float = DEFAULT_LEVEL
    min_expected_events: float = 10.0
    ratio_band: tuple[float, float] = (0.8, 1.25)
    selection_rank: int | None = None
    n_bins: int = 10
    flag_suggestion_rates: bool = False
    """Selection-rate gaps are reported, but by default not flagged: groups referred for
    different reasons (a police DA notification, a parent asking for help) have different
    true need mixes, so parity of suggestion rates is not a fairness criterion here."""
