"""Authority comparison: mix, agreement, and a systematically higher authority."""

from __future__ import annotations

import numpy as np
import pytest
from simulation import GroupRaise, simulate_input
from sklearn.metrics import cohen_kappa_score

from evaluation.authorities import compare_authorities
from evaluation.bootstrap import resample_counts
from referrals.labels import LabelScheme


def test_authority_recording_higher_is_noted_and_others_are_not(scheme: LabelScheme) -> None:
    data = simulate_input(n=8000, n_concerns=len(scheme.concern_ids), seed=21,
                          raise_group=GroupRaise("authority", "LA02", 0.3))
    result = compare_authorities(data, level_ids=scheme.need_level_ids,
                                 weights=resample_counts(8000, n_boot=200, seed=1))
    rows = {row.authority: row for row in result.authorities}
    assert rows["LA02"].systematic
    assert "systematically higher" in rows["LA02"].gap.note
    assert [name for name, row in rows.items() if row.systematic] == ["LA02"]
    mask = data.groups["authority"].to_numpy() == "LA01"
    row = rows["LA01"]
    assert sum(row.recorded_mix.values()) == pytest.approx(1.0)
    assert row.gap.accuracy[0] == pytest.approx(np.mean(data.need_true[mask] == data.need_pred[mask]))
    assert row.gap.qwk == pytest.approx(cohen_kappa_score(
        data.need_true[mask], data.need_pred[mask], weights="quadratic", labels=[0, 1, 2, 3]))
