"""Synthetic evaluation inputs for the benchmark and the audit's detection tests.

Labels are drawn *from* the model's probabilities, so the simulated model is
calibrated and has no group disparity unless one is injected: the knob
``raise_group`` raises recorded need levels by one for a share of one group's
referrals while the suggestions keep following the text, which is the pattern the
audit must attribute to recorded decisions rather than to the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaluation.predictions import EvaluationInput

ETHNICITIES = ("White", "Asian", "Black", "Mixed", "Other", None)
ETHNICITY_SHARES = (0.62, 0.12, 0.09, 0.08, 0.04, 0.05)
GENDERS = ("female", "male", "other", None)
GENDER_SHARES = (0.48, 0.48, 0.02, 0.02)
AGE_BANDS = ("0-4", "5-9", "10-15", "16-17")
AGE_SHARES = (0.3, 0.3, 0.3, 0.1)
DISABILITIES = ("no", "yes", None)
DISABILITY_SHARES = (0.8, 0.12, 0.08)
SOURCES = ("police", "school", "health", "self", "family", "la_services", "anonymous", "other")
SOURCE_SHARES = (0.3, 0.2, 0.15, 0.1, 0.08, 0.08, 0.05, 0.04)
LEVEL_SHARES = (0.3, 0.3, 0.25, 0.15)


@dataclass(frozen=True)
class GroupRaise:
    """Raise recorded need levels by one for ``share`` of one group's referrals."""

    attribute: str
    group: str
    share: float = 0.15


def simulate_input(
    *,
    n: int,
    n_concerns: int,
    n_levels: int = 4,
    seed: int = 0,
    raise_group: GroupRaise | None = None,
    n_authorities: int = 15,
    ethnicity_shares: tuple[float, ...] = ETHNICITY_SHARES,
) -> EvaluationInput:
    """A plausible, calibrated, group-neutral evaluation input (optionally biased)."""
    rng = np.random.default_rng(seed)

    def pick(values: tuple[str | None, ...], shares: tuple[float, ...]) -> list[str | None]:
        chosen = rng.choice(len(values), size=n, p=np.asarray(shares) / sum(shares))
        return [values[index] for index in chosen]

    authorities = tuple(f"LA{index:02d}" for index in range(1, n_authorities + 1))
    authority_shares = tuple(float(share) for share in rng.dirichlet(np.full(n_authorities, 8.0)))
    groups = pd.DataFrame({
        "ethnicity": pick(ETHNICITIES, ethnicity_shares),
        "gender": pick(GENDERS, GENDER_SHARES),
        "age_band": pick(AGE_BANDS, AGE_SHARES),
        "disability": pick(DISABILITIES, DISABILITY_SHARES),
        "authority": pick(authorities, authority_shares),
        "referral_source": pick(SOURCES, SOURCE_SHARES),
    })
    shares = np.asarray(LEVEL_SHARES[:n_levels]) if n_levels == 4 else np.full(n_levels, 1.0)
    text_level = rng.choice(n_levels, size=n, p=shares / shares.sum())
    ranks = np.arange(n_levels)
    logits = -1.6 * np.abs(ranks[None, :] - text_level[:, None]) + rng.normal(0, 0.8, (n, n_levels))
    need_prob = np.exp(logits)
    need_prob /= need_prob.sum(1, keepdims=True)
    need_pred = need_prob.argmax(1)
    cumulative = need_prob.cumsum(1)
    need_true = np.minimum((rng.random((n, 1)) > cumulative).sum(1), n_levels - 1)
    if raise_group is not None:
        members = groups[raise_group.attribute].to_numpy() == raise_group.group
        raised = members & (rng.random(n) < raise_group.share)
        need_true = np.where(raised, np.minimum(need_true + 1, n_levels - 1), need_true)
    base = rng.normal(-2.0, 0.7, n_concerns)
    concern_logits = base[None, :] + rng.normal(0, 1.8, (n, n_concerns))
    concerns_prob = 1.0 / (1.0 + np.exp(-concern_logits))
    concerns_true = (rng.random((n, n_concerns)) < concerns_prob).astype(int)
    concerns_pred = (concerns_prob >= 0.5).astype(int)
    confidence = need_prob.max(1)
    wide = confidence < 0.6
    range_low = np.where(wide, np.maximum(need_pred - 1, 0), need_pred)
    range_high = np.where(wide, np.minimum(need_pred + 1, n_levels - 1), need_pred)
    placeholders = ("<PERSON>", "<LOCATION>", "<DATE_TIME>", "<SCHOOL_NAME>")
    texts = [
        f"Referral {index}: concerns raised about {placeholders[index % 4]} by "
        f"{groups['referral_source'].iat[index] or 'unknown'}."
        for index in range(n)
    ]
    return EvaluationInput(
        ids=[f"SIM-{seed}-{index:06d}" for index in range(n)],
        redacted_texts=texts,
        concerns_true=concerns_true,
        concerns_pred=concerns_pred,
        concerns_prob=concerns_prob,
        need_true=need_true,
        need_pred=need_pred,
        need_prob=need_prob,
        range_low=range_low,
        range_high=range_high,
        abstain=confidence < 0.4,
        groups=groups,
    )
