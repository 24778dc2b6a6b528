"""Plain-text tables of the agreement and automation-bias figures, for the terminal.

The page will render the same dataclasses; this is the CLI's view of them.
"""

from __future__ import annotations

from annotation.agreement import AgreementReport, Estimate, QuestionAgreement
from annotation.bias import BiasFigures, Rate


def _estimate(value: Estimate) -> str:
    if value.value != value.value:  # nan: undefined, said so rather than shown as a number
        return "undefined"
    return f"{value.value:6.3f} ({value.low:.3f}–{value.high:.3f})"


def _question_lines(question: QuestionAgreement) -> list[str]:
    lines = [f"{question.question:<32} alpha {_estimate(question.alpha)}  n={question.alpha.n_items}"]
    for pair in question.pairs:
        lines.append(f"    {pair.first} / {pair.second}: kappa {_estimate(pair.kappa)}  n={pair.kappa.n_items}")
    for pair in question.linear_pairs or []:
        lines.append(f"    {pair.first} / {pair.second}: linear kappa {_estimate(pair.kappa)}")
    for pair in question.versus_model:
        lines.append(f"    {pair.first} / model: kappa {_estimate(pair.kappa)}  n={pair.kappa.n_items}")
    return lines


def format_agreement(report: AgreementReport) -> str:
    """Need level first (ordinal alpha, quadratic kappa), then each concern (nominal)."""
    lines = [
        (f"{report.n_items} item(s), {len(report.annotators)} annotator(s), {report.n_items_overlap} item(s) "
         f"with two or more answers; {report.n_not_enough_information} 'not enough information' answer(s) left out"),
        "need level (ordinal alpha; quadratic-weighted kappa per pair):",
        *_question_lines(report.need_level),
        "concerns (nominal alpha; Cohen's kappa per pair):",
    ]
    for question in report.concerns:
        lines.extend(_question_lines(question))
    return "\n".join(lines)


def _rate(rate: Rate | None) -> str:
    if rate is None:
        return "-"
    if rate.total == 0:
        return "no decisions"
    return f"{rate.value:.1%} ({rate.low:.1%}–{rate.high:.1%}) of {rate.total}"


def format_bias(figures: list[BiasFigures]) -> str:
    """One line per group and decision kind."""
    if not figures:
        return "no answers with suggestions on adjudicated items"
    lines = []
    for figure in figures:
        lines.append(f"{figure.group:<17} {figure.decision:<11} accepted wrong {_rate(figure.accepted_wrong)}; "
                     f"changed right {_rate(figure.changed_right)}")
        if figure.committed_matched_wrong is not None:
            lines.append(f"{'':<29} committed answer already matched wrong {_rate(figure.committed_matched_wrong)}; "
                         f"switched to wrong {_rate(figure.switched_to_wrong)}")
    return "\n".join(lines)
