"""The label scheme loads, orders need levels by rank and refuses invalid files."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.errors import SchemeError
from referrals.labels import load_scheme, parse_scheme

CONF = Path(__file__).parent.parent / "conf"


def test_default_scheme_has_sixteen_concerns_and_four_ranked_levels() -> None:
    scheme = load_scheme()
    assert len(scheme.concern_ids) == 16
    assert scheme.need_level_ids == [
        "information_advice", "early_help", "child_in_need", "child_protection",
    ]
    assert scheme.rank_of("child_protection") == 3
    assert scheme.highest_level == "child_protection"
    assert scheme.level_at(7) == "child_protection"


def test_custom_scheme_is_loaded_from_a_path() -> None:
    scheme = load_scheme(CONF / "taxonomy_custom.yaml")
    assert scheme.version == "local-2"
    assert scheme.concern_ids == ["neglect", "housing"]
    assert scheme.need_level_ids == ["universal", "targeted", "statutory"]


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("taxonomy_duplicate_id.yaml", r"taxonomy_duplicate_id\.yaml: concern_categories\[1\] duplicate id 'neglect'"),
        ("taxonomy_rank_gap.yaml", r"need_levels\[1\] \(high\) has rank 2; ranks must run 0\.\.1"),
        ("taxonomy_missing_levels.yaml", r"taxonomy_missing_levels\.yaml: need_levels: Field required"),
        ("does_not_exist.yaml", r"label scheme file not found"),
    ],
)
def test_when_scheme_is_invalid_then_error_names_file_and_entry(file_name: str, message: str) -> None:
    with pytest.raises(SchemeError, match=message):
        load_scheme(CONF / file_name)


def test_unknown_level_error_lists_allowed_ids() -> None:
    with pytest.raises(SchemeError, match="allowed: information_advice, early_help"):
        load_scheme().rank_of("urgent")


@pytest.mark.parametrize(
    ("ranks", "blamed"),
    [((0, 5, 2, 3), r"need_levels\[1\] \(l1\) has rank 5"),
     ((0, 1, 1, 3), r"need_levels\[2\] \(l2\) repeats rank 1 of 'l1'"),
     ((3, 0, 1, -1), r"need_levels\[3\] \(l3\) has rank -1")],
)
def test_one_wrong_rank_blames_that_entry(ranks: tuple[int, ...], blamed: str) -> None:
    data = {"version": 1, "concern_categories": [{"id": "neglect"}],
            "need_levels": [{"id": f"l{i}", "rank": rank} for i, rank in enumerate(ranks)]}
    with pytest.raises(SchemeError, match=blamed):
        parse_scheme(data, "t.yaml")


def test_an_unknown_key_in_the_scheme_is_refused_with_its_place() -> None:
    data = {"version": 1, "concern_categories": [{"id": "neglect", "lable": "Neglect"}],
            "need_levels": [{"id": "a", "rank": 0}, {"id": "b", "rank": 1}]}
    with pytest.raises(SchemeError, match=r"t\.yaml: concern_categories\.0\.lable: unknown key"):
        parse_scheme(data, "t.yaml")
