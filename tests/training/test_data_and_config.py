"""Leakage-free splits and experiment-config overrides."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from referrals.contract import Referral
from referrals.errors import ConfigError, TriageError
from referrals.labelled import ERROR_UNLABELLED, to_labelled
from referrals.labels import LabelScheme
from training.config import apply_overrides, load_config, parse_overrides
from training.data import split


def _referrals(scheme: LabelScheme, n: int = 600, seed: int = 0) -> list[Referral]:
    rng = np.random.default_rng(seed)
    start = datetime(2025, 1, 1)
    records = []
    for index in range(n):
        case = f"case{index // 3}" if index % 2 else f"case{index}"
        concerns = [c for c in scheme.concern_ids[:5] if rng.random() < 0.3]
        records.append(
            Referral(
                id=f"r{index}", text=f"referral {index}", concerns=concerns,
                need_level=scheme.need_level_ids[int(rng.integers(0, 4))], case_id=case,
                received_at=start + timedelta(days=int(rng.integers(0, 700))),
            )
        )
    return records


@pytest.mark.parametrize("method", ["stratified", "time"])
def test_no_case_straddles_the_split(scheme: LabelScheme, method: str) -> None:
    data = to_labelled(_referrals(scheme), scheme)
    train, test = split(data, method=method, test_size=0.2, seed=3)  # type: ignore[arg-type]
    assert len(train) + len(test) == len(data)
    assert not set(train.groups) & set(test.groups)
    assert 0.12 < len(test) / len(data) < 0.28


def test_stratified_split_keeps_label_rates_close(scheme: LabelScheme) -> None:
    data = to_labelled(_referrals(scheme, n=1500), scheme)
    train, test = split(data, method="stratified", test_size=0.2, seed=3)
    gap = np.abs(train.concerns[:, :5].mean(axis=0) - test.concerns[:, :5].mean(axis=0))
    assert gap.max() < 0.05
    levels = np.bincount(train.need_rank, minlength=4) / len(train) - np.bincount(test.need_rank, minlength=4) / len(test)
    assert np.abs(levels).max() < 0.05


def test_time_split_tests_on_the_latest_cases(scheme: LabelScheme) -> None:
    data = to_labelled(_referrals(scheme), scheme)
    train, test = split(data, method="time", test_size=0.2, seed=0)
    latest_train_case = {}
    for group, when in zip(train.groups, train.received_at, strict=True):
        latest_train_case[group] = max(latest_train_case.get(group, ""), when or "")
    assert min(test.received_at) >= min(latest_train_case.values())  # type: ignore[type-var]
    test_dates = sorted(w for w in test.received_at if w)
    train_dates = sorted(w for w in train.received_at if w)
    assert test_dates[len(test_dates) // 2] > train_dates[len(train_dates) // 2]


def test_split_is_deterministic_for_a_seed(scheme: LabelScheme) -> None:
    data = to_labelled(_referrals(scheme), scheme)
    first = split(data, method="stratified", test_size=0.2, seed=5)[1].ids
    assert split(data, method="stratified", test_size=0.2, seed=5)[1].ids == first
    assert split(data, method="stratified", test_size=0.2, seed=6)[1].ids != first


def test_unlabelled_referrals_are_refused_by_name(scheme: LabelScheme) -> None:
    records = _referrals(scheme)
    records[7] = Referral(id="r7", text="no labels")
    with pytest.raises(TriageError, match=ERROR_UNLABELLED.format(count=1, first="r7").replace("(", r"\(").replace(")", r"\)")):
        to_labelled(records, scheme)


def test_fingerprint_changes_with_labels_not_with_object_identity(scheme: LabelScheme) -> None:
    records = _referrals(scheme, n=60)
    first = to_labelled(records, scheme).fingerprint()
    assert to_labelled(records, scheme).fingerprint() == first
    records[0] = records[0].model_copy(update={"need_level": "child_protection" if records[0].need_level != "child_protection" else "early_help"})
    assert to_labelled(records, scheme).fingerprint() != first


def test_dotted_overrides_set_typed_values_and_refuse_unknown_keys() -> None:
    config = load_config()
    overrides = parse_overrides(["--split.test_size", "0.25", "--seed=99"])
    assert overrides == {"split.test_size": 0.25, "seed": 99}
    resolved = apply_overrides(config, overrides)
    assert resolved["split"]["test_size"] == 0.25 and resolved["seed"] == 99
    assert config["seed"] != 99 or config is not resolved
    with pytest.raises(ConfigError, match="unknown config key 'split.tset_size'"):
        apply_overrides(config, {"split.tset_size": 0.1})
    with pytest.raises(ConfigError, match="override --split.test_size has no value"):
        parse_overrides(["--split.test_size"])
