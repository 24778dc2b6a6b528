"""The bias knob: deliberately skew recorded need levels for one group, for auditors.

Syntax: ``FIELD=VALUE:need_level+K@P``, e.g. ``ethnicity=Black:need_level+1@0.15`` raises
the recorded need level by one for 15% of referrals whose child is Black. K may be
negative (``-1``); P lies in (0, 1]. FIELD is one of :data:`BIAS_FIELDS`. Rules may be
repeated; each draws its own chance. Only the recorded label moves: the text and the
latent scenario stay as they were, which is exactly the kind of bias an audit must find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from referrals.errors import ConfigError

BIAS_FIELDS = ("ethnicity", "gender", "age_band", "disability", "authority", "referral_source")
"""Record fields a bias rule can select a group by."""

ERROR_BIAS_SYNTAX = (
    "bad --bias rule {rule!r}: expected FIELD=VALUE:need_level+K@P, e.g. "
    "'ethnicity=Black:need_level+1@0.15' (FIELD one of {fields}; K a non-zero integer; "
    "P a share in (0, 1])"
)

_RULE = re.compile(
    r"^\s*(?P<field>[a-z_]+)\s*=\s*(?P<value>[^:]+?)\s*:\s*need_level\s*(?P<shift>[+-]\d+)"
    r"\s*@\s*(?P<share>\d*\.?\d+)\s*$"
)


class BiasRuleError(ConfigError):
    """A --bias rule could not be parsed; the message shows the expected syntax."""


@dataclass(frozen=True)
class BiasRule:
    """Shift the recorded need level by ``shift`` for ``share`` of one group's referrals."""

    field: str
    value: str
    shift: int
    share: float

    def __str__(self) -> str:
        return f"{self.field}={self.value}:need_level{self.shift:+d}@{self.share:g}"


def parse_bias_rule(rule: str) -> BiasRule:
    """Parse one rule string; raise BiasRuleError naming the rule and the expected syntax."""
    match = _RULE.match(rule)
    error = BiasRuleError(ERROR_BIAS_SYNTAX.format(rule=rule, fields=", ".join(BIAS_FIELDS)))
    if match is None or match["field"] not in BIAS_FIELDS:
        raise error
    shift = int(match["shift"])
    share = float(match["share"])
    if shift == 0 or not 0.0 < share <= 1.0:
        raise error
    return BiasRule(match["field"], match["value"], shift, share)


def bias_shift(rules: tuple[BiasRule, ...], fields: dict[str, str | None], draws: list[float]) -> int:
    """Total shift for a record with ``fields``, given one uniform draw per rule."""
    total = 0
    for rule, draw in zip(rules, draws, strict=True):
        if fields.get(rule.field) == rule.value and draw < rule.share:
            total += rule.shift
    return total
