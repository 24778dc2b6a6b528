"""Automation bias: do people follow the model where it is wrong, and leave it where it is right?

Two rates, against the adjudicated label (the best answer the team has):

- **accepted wrong**: of the decisions where the suggestion was wrong, the share where the
  person's final answer equals the suggestion;
- **changed right**: of the decisions where the suggestion was right, the share where the
  final answer differs from it.

A decision is one need level per item, or one concern per item (present or absent). Both
rates are given per group: **suggestion first** (suggestions shown from the start, as on
the review page), **decide first** (suggestions shown only after the person committed an
answer) and **review** (screeners' decisions on the review page). If people anchor on the
model, "accepted wrong" is higher with suggestions first than when deciding first.

For decide-first answers the committed answer is kept, so two more figures show anchoring
directly: how often the committed answer already equalled the wrong suggestion (agreement
by independent judgement), and how often a person switched *to* a wrong suggestion after
seeing it. Rates come with Wilson 95% intervals; a group with no such decision gives
``nan``, not 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotation.agreement import latest_answers
from annotation.answers import Adjudication, Answer, LabelSet
from referrals.intervals import wilson_interval
from referrals.labels import LabelScheme


@dataclass(frozen=True)
class Rate:
    """A share with its Wilson 95% interval."""

    count: int
    total: int
    value: float
    low: float
    high: float


def wilson(count: int, total: int) -> Rate:
    """Share ``count / total`` with the Wilson score interval (sound at 0, 1 and small n)."""
    if total == 0:
        return Rate(0, 0, float("nan"), float("nan"), float("nan"))
    low, high = wilson_interval(count, total)
    return Rate(count, total, count / total, low, high)


@dataclass(frozen=True)
class BiasFigures:
    """Both rates for one group and one kind of decision."""

    group: str
    decision: str
    """``need_level`` or ``concerns``."""
    accepted_wrong: Rate
    changed_right: Rate
    committed_matched_wrong: Rate | None = None
    """Decide first only: the committed answer already equalled the wrong suggestion."""
    switched_to_wrong: Rate | None = None
    """Decide first only: the committed answer differed from the wrong suggestion, the final one equals it."""


def _decisions(labels: LabelSet, scheme: LabelScheme) -> dict[str, object]:
    """One value per decision: the need level, and each concern's presence."""
    return {"need_level": labels.need_level, **{c: c in labels.concerns for c in scheme.concern_ids}}


def _group(answer: Answer) -> str:
    return "review" if answer.source == "review" else answer.mode


def automation_bias(
    answers: Sequence[Answer], adjudicated: Mapping[str, Adjudication | LabelSet], scheme: LabelScheme
) -> list[BiasFigures]:
    """Figures per group (suggestion_first, decide_first, review) and decision kind.

    Only answers that were shown a suggestion, on items with an adjudicated label, count;
    "not enough information" answers make no decision and are left out.
    """
    tallies: dict[tuple[str, str], list[int]] = {}
    for answer in latest_answers(answers):
        gold = adjudicated.get(answer.item_id)
        if answer.suggestion is None or gold is None or answer.not_enough_information:
            continue
        final, shown, truth = (_decisions(x, scheme) for x in (answer, answer.suggestion, gold))
        before = _decisions(answer.before_suggestion, scheme) if answer.before_suggestion else None
        for decision in final:
            kind = "need_level" if decision == "need_level" else "concerns"
            counts = tallies.setdefault((_group(answer), kind), [0] * 6)
            if shown[decision] != truth[decision]:
                counts[0] += 1
                counts[1] += final[decision] == shown[decision]
                if before is not None:
                    counts[4] += before[decision] == shown[decision]
                    counts[5] += before[decision] != shown[decision] and final[decision] == shown[decision]
            else:
                counts[2] += 1
                counts[3] += final[decision] != shown[decision]
    figures = []
    for (group, kind), (wrong, accepted, right, changed, matched, switched) in sorted(tallies.items()):
        decide_first = group == "decide_first"
        figures.append(BiasFigures(
            group=group, decision=kind, accepted_wrong=wilson(accepted, wrong), changed_right=wilson(changed, right),
            committed_matched_wrong=wilson(matched, wrong) if decide_first else None,
            switched_to_wrong=wilson(switched, wrong) if decide_first else None))
    return figures


BIAS_SCHEMA = "triage.automation_bias/1"
"""The file shape ``triage evaluate --automation-bias`` reads (evaluation checks it on its side)."""


def bias_json(figures: Sequence[BiasFigures], project: str | None) -> dict[str, object]:
    """The figures as plain JSON: a rate with no decisions has ``null`` value and interval."""

    def rate(value: Rate | None) -> dict[str, object] | None:
        if value is None:
            return None
        finite = value.total > 0
        return {"count": value.count, "total": value.total, "value": value.value if finite else None,
                "low": value.low if finite else None, "high": value.high if finite else None}

    return {"schema": BIAS_SCHEMA, "project": project, "figures": [
        {"group": f.group, "decision": f.decision, "accepted_wrong": rate(f.accepted_wrong),
         "changed_right": rate(f.changed_right), "committed_matched_wrong": rate(f.committed_matched_wrong),
         "switched_to_wrong": rate(f.switched_to_wrong)} for f in figures]}
