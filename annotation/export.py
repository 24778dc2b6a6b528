"""Answers and decisions to training data: contract records that say where each label came from.

Annotation reaches training only through this named step (as explosion/projects' ``db-in``
and ``data-to-spacy`` do for Prodigy). Per item:

1. an **adjudication** settles it: its labels, with who and why;
2. otherwise the annotators' answers, if at least ``min_agreement`` of them give the same
   concerns and need level: kind **annotation**, with the agreeing share;
3. otherwise it is **unresolved** and left out (it belongs in adjudication), counted;
4. a screener's decision on the review page (an answer with ``source: review``) becomes a
   **review** label, but only for items with no annotation-derived label: a referral id
   must appear in one training source only.

Items whose every answer is "not enough information" are left out and counted.
Annotation-derived labels and review-derived labels go to two files, ``annotation.jsonl``
and ``review.jsonl``, so ``triage train --data annotation=... --data review=...`` weights
each by the training config's ``sources`` entry of that name: review decisions, made under
time pressure with the suggestion in view, get their own (configurable) trust.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annotation.agreement import latest_answers
from annotation.answers import Adjudication, Answer
from annotation.config import ExportConfig
from referrals.contract import Provenance, Referral, write_referrals

ANNOTATION_SOURCE, REVIEW_SOURCE = "annotation", "review"


@dataclass
class ExportResult:
    """Records per training source and what was left out, by reason."""

    annotation: list[Referral] = field(default_factory=list)
    review: list[Referral] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    """Items whose annotators disagree and that no adjudication settled."""
    not_enough_information: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    review_superseded: list[str] = field(default_factory=list)
    """Items with a review decision that also have an annotation-derived label (that one wins)."""


def _key(labels: Answer | Adjudication) -> tuple[frozenset[str], str | None]:
    return frozenset(labels.concerns), labels.need_level


def resolve_labels(
    items: Sequence[Referral], answers: Sequence[Answer], adjudications: Sequence[Adjudication], *,
    min_agreement: float = 1.0, project: str | None = None,
) -> ExportResult:
    """Contract records with provenance for every item that has a settled label."""
    by_item: dict[str, list[Answer]] = {}
    for answer in latest_answers(answers):
        by_item.setdefault(answer.item_id, []).append(answer)
    settled = {a.item_id: a for a in adjudications}
    known = {r.id for r in items}
    strays = sorted((set(by_item) | set(settled)) - known)
    if strays:
        raise ValueError(f"answers or adjudications for {len(strays)} item(s) not in the items file "
                         f"(first: {strays[0]!r})")
    result = ExportResult()
    for item in items:
        given = by_item.get(item.id, [])
        annotated = [a for a in given if a.source == ANNOTATION_SOURCE]
        labelled = [a for a in annotated if not a.not_enough_information]
        provenance = _annotation_provenance(item.id, labelled, settled.get(item.id), min_agreement, project)
        reviews = [a for a in given if a.source == REVIEW_SOURCE and not a.not_enough_information]
        if provenance is not None:
            labels, origin = provenance
            result.annotation.append(_labelled(item, labels, origin))
            if reviews:
                result.review_superseded.append(item.id)
        elif reviews:
            review = reviews[-1]
            origin = Provenance(kind="review", annotators=[review.annotator],
                                guideline_version=review.guideline_version, project=project)
            result.review.append(_labelled(item, review, origin))
        elif item.id in {a.item_id for a in annotated} and not labelled:
            result.not_enough_information.append(item.id)
        elif labelled:
            result.unresolved.append(item.id)
        else:
            result.unanswered.append(item.id)
    return result


def _annotation_provenance(
    item_id: str, labelled: list[Answer], adjudication: Adjudication | None, min_agreement: float,
    project: str | None,
) -> tuple[Answer | Adjudication, Provenance] | None:
    annotators = sorted({a.annotator for a in labelled})
    if adjudication is not None:
        agreeing = sum(_key(a) == _key(adjudication) for a in labelled)
        return adjudication, Provenance(
            kind="adjudication", annotators=annotators, adjudicator=adjudication.adjudicator,
            reason=adjudication.reason, agreement=agreeing / len(labelled) if labelled else None,
            guideline_version=adjudication.guideline_version, project=project)
    if not labelled:
        return None
    (labels, count), = Counter(_key(a) for a in labelled).most_common(1)
    share = count / len(labelled)
    if share < min_agreement:
        return None
    chosen = next(a for a in labelled if _key(a) == labels)
    versions = sorted({a.guideline_version for a in labelled if a.guideline_version})
    return chosen, Provenance(kind="annotation", annotators=annotators, agreement=share,
                              guideline_version=", ".join(versions) or None, project=project)


def _labelled(item: Referral, labels: Answer | Adjudication, origin: Provenance) -> Referral:
    return item.model_copy(update={"concerns": list(labels.concerns), "need_level": labels.need_level,
                                   "provenance": origin})


def sources_section(config: ExportConfig) -> dict[str, Any]:
    """The training config's ``sources`` entries for the exported files."""
    return {"sources": {name: spec.model_dump() for name, spec in config.sources.items()}}


def write_export(result: ExportResult, output_dir: str | Path, config: ExportConfig,
                 base_config: str | Path | None = None) -> dict[str, Path]:
    """Write the training files (only non-empty ones), the sources snippet, and a full config.

    With ``base_config`` (a training config YAML), ``training.yaml`` is that config with the
    annotation sources added, ready for ``triage train --config``.
    """
    target = Path(output_dir)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, records in ((ANNOTATION_SOURCE, result.annotation), (REVIEW_SOURCE, result.review)):
        if records:
            written[name] = target / f"{name}.jsonl"
            write_referrals(written[name], records)
    snippet = sources_section(config)
    written["sources"] = target / "sources.yaml"
    written["sources"].write_text(yaml.safe_dump(snippet, sort_keys=False), encoding="utf-8")
    if base_config is not None:
        base = yaml.safe_load(Path(base_config).read_text("utf-8"))
        if not isinstance(base, dict):
            raise ValueError(f"{base_config}: a training config must be a mapping")
        merged = {**base, "sources": {**(base.get("sources") or {}), **snippet["sources"]}}
        written["training_config"] = target / "training.yaml"
        written["training_config"].write_text(yaml.safe_dump(merged, sort_keys=False), encoding="utf-8")
    return written
