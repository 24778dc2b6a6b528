"""Training on several sources: writer grouping in splits, weights honoured, calibration
drawn from the chosen source only, and the end-to-end job with two named files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from models.calibration import calibration_split
from models.concerns import ConcernClassifier
from referrals.contract import Referral, write_referrals
from referrals.errors import TriageError
from referrals.labelled import SourceSpec, combine_sources, to_labelled
from referrals.labels import LabelScheme
from referrals.synthetic import generate_referrals
from training.data import split
from triage.cli import main


def _written(scheme: LabelScheme, writers: int = 8, per_writer: int = 30, seed: int = 0) -> list[Referral]:
    rng = np.random.default_rng(seed)
    records = []
    for w in range(writers):
        for i in range(per_writer):
            concerns = [c for c in scheme.concern_ids[:4] if rng.random() < 0.35]
            records.append(Referral(
                id=f"w{w}-{i}", text=f"writer {w} referral {i}", concerns=concerns,
                need_level=scheme.need_level_ids[int(rng.integers(0, 4))], writer=f"w{w}"))
    return records


def test_a_writer_never_straddles_the_split(scheme: LabelScheme) -> None:
    data = to_labelled(_written(scheme), scheme)
    for seed in range(3):
        train, held_out = split(data, method="stratified", test_size=0.25, seed=seed)
        train_writers = {i.split("-")[0] for i in train.ids}
        test_writers = {i.split("-")[0] for i in held_out.ids}
        assert train_writers and test_writers
        assert not train_writers & test_writers


def test_combined_sources_carry_weights_calibration_flags_and_names(scheme: LabelScheme) -> None:
    written = to_labelled(_written(scheme, writers=2, per_writer=25), scheme)
    generated = to_labelled(_written(scheme, writers=3, per_writer=20, seed=1), scheme)
    generated = type(generated)(**{**generated.__dict__, "ids": [f"g{i}" for i in generated.ids]})
    data = combine_sources([(SourceSpec("generated", 0.5, calibrate=False), generated),
                            (SourceSpec("handwritten", 3.0, calibrate=True), written)])
    assert data.source_names() == ["generated", "handwritten"]
    assert len(data.of_source("handwritten")) == 50
    assert set(data.weights[:60]) == {0.5} and set(data.weights[60:]) == {3.0}
    assert not data.calibrate[:60].any() and data.calibrate[60:].all()
    with pytest.raises(TriageError, match="more than one source"):
        combine_sources([(SourceSpec("a"), written), (SourceSpec("b"), written)])


def test_calibration_rows_come_only_from_eligible_rows() -> None:
    eligible = np.zeros(400, dtype=bool)
    eligible[300:] = True
    fit_idx, cal_idx = calibration_split(400, fraction=0.3, random_state=0, eligible=eligible)
    assert eligible[cal_idx].all()
    assert len(cal_idx) == 30
    assert sorted(np.r_[fit_idx, cal_idx].tolist()) == list(range(400))


def test_sample_weight_reaches_the_heads() -> None:
    """Weighting rows changes the fit exactly as LogisticRegression's own sample_weight does."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 5))
    Y = (X[:, :2] + rng.normal(scale=0.5, size=(300, 2)) > 0).astype(int)
    weights = np.where(np.arange(300) < 150, 5.0, 1.0)
    model = ConcernClassifier(vectorizer="passthrough", calibration="sigmoid", random_state=0)
    model.fit(X, Y, sample_weight=weights)
    unweighted = ConcernClassifier(vectorizer="passthrough", calibration="sigmoid", random_state=0).fit(X, Y)
    assert not np.allclose(model.coef_, unweighted.coef_)
    from models.calibration import calibration_split as cs
    fit_idx, _ = cs(300, fraction=model.calibration_fraction, random_state=0)
    direct = LogisticRegression(C=model.C, max_iter=1000).fit(X[fit_idx], Y[fit_idx, 0],
                                                             sample_weight=weights[fit_idx])
    assert np.allclose(model.coef_[0], direct.coef_[0], atol=1e-4)


def test_train_cli_mixes_two_named_sources(
    triage_home: Path, tmp_path: Path, scheme: LabelScheme, capsys: pytest.CaptureFixture[str]
) -> None:
    generated = tmp_path / "generated.jsonl"
    write_referrals(generated, generate_referrals(240, seed=5))
    handwritten = tmp_path / "handwritten.jsonl"
    written = [r.model_copy(update={"id": f"hw-{r.id}", "writer": f"writer{i % 6}"})
               for i, r in enumerate(generate_referrals(180, seed=9))]
    write_referrals(handwritten, written)
    status = main(["train", "--data", f"generated={generated}", "--data", f"handwritten={handwritten}",
                   "--no-register", "--search", "{}", "--features.char_ngram_range", "null",
                   "--concerns.calibration", "sigmoid", "--sources.handwritten.weight", "3.0"])
    out = capsys.readouterr().out
    assert status == 0
    assert "held-out" in out
    import mlflow

    run = mlflow.search_runs(experiment_names=["referral-triage"], max_results=1).iloc[0]
    assert run["params.n_source.generated"] == "240"
    assert run["params.n_source.handwritten"] == "180"
    assert run["params.config.sources.handwritten.weight"] == "3.0"


def test_cross_fitted_calibration_scores_every_eligible_row_out_of_fold() -> None:
    from models.calibration import cross_fit_folds

    cal_idx = np.arange(100, 160)
    seen = []
    for fit_rows, held in cross_fit_folds(200, cal_idx, 5, random_state=0):
        assert not set(fit_rows) & set(held)
        assert set(fit_rows) | set(held) == set(range(200))
        seen.extend(held.tolist())
    assert sorted(seen) == cal_idx.tolist()


@pytest.mark.parametrize("kind", ["concerns", "need_level"])
def test_cross_fitted_models_fit_on_every_row_and_calibrate_on_the_chosen_ones(kind: str) -> None:
    from models.need_level import NeedLevelClassifier

    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 6))
    calibrate = np.zeros(400, dtype=bool)
    calibrate[250:] = True
    if kind == "concerns":
        Y = (X[:, :3] + rng.normal(scale=0.7, size=(400, 3)) > 0.3).astype(int)
        model = ConcernClassifier(vectorizer="passthrough", calibration="sigmoid", calibration_folds=5,
                                  random_state=0).fit(X, Y, calibrate_on=calibrate)
        full = LogisticRegression(C=model.C, max_iter=1000).fit(X, Y[:, 0])
        assert np.allclose(model.coef_[0], full.coef_[0], atol=1e-4)
        assert model.predict_proba(X).shape == (400, 3)
    else:
        y = np.clip(np.round(X[:, 0] + X[:, 1] + 1.5 + rng.normal(scale=0.5, size=400)), 0, 3).astype(int)
        model = NeedLevelClassifier(vectorizer="passthrough", n_levels=4, calibration_folds=5,
                                    random_state=0).fit(X, y, calibrate_on=calibrate)
        probability = model.predict_proba(X)
        assert np.allclose(probability.sum(axis=1), 1.0)
        assert np.mean(model.predict(X) == y) > 0.5


@pytest.mark.parametrize("refit", [True, False])
def test_registered_model_is_fitted_on_all_referrals_only_when_asked(
    triage_home: Path, small_referrals_file: Path, refit: bool
) -> None:
    import mlflow

    from referrals.labels import load_scheme
    from referrals.settings import Settings
    from training.config import apply_overrides, load_config, parse_overrides
    from training.train import train

    config = apply_overrides(load_config(), parse_overrides([
        "--search", "{}", "--features.char_ngram_range", "null", "--concerns.calibration", "sigmoid",
        "--features.embeddings", "null", "--split.refit_on_all", str(refit).lower()]))
    result = train(data_path=small_referrals_file, config=config, scheme=load_scheme(), settings=Settings())
    tag = mlflow.get_run(result.run_id).data.tags["registered_model_fitted_on"]
    assert tag.startswith("all 300") if refit else tag.startswith("training part")


def test_a_misspelt_source_name_is_an_error_not_a_default_weight(
    triage_home: Path, small_referrals_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["train", "--data", f"handwriten={small_referrals_file}", "--no-register"])
    err = capsys.readouterr().err
    assert status == 2
    assert "source 'handwriten' has no entry in the config's sources" in err


def test_cross_fitting_applies_only_while_calibration_rows_are_scarce() -> None:
    from models.calibration import use_cross_fit

    few = np.zeros(50_000, dtype=bool)
    few[:1840] = True
    assert use_cross_fit(5, 50_000, few)
    assert not use_cross_fit(5, 50_000, None), "50,000 calibration rows: a held-out split suffices"
    assert not use_cross_fit(0, 2000, None)
    assert use_cross_fit(5, 2000, None)


def test_per_source_settings_in_the_config_reach_both_models(scheme: LabelScheme) -> None:
    from training.config import apply_overrides, load_config, parse_overrides
    from training.train import fit_bundle

    generated = to_labelled(list(generate_referrals(200, seed=3)), scheme)
    written = to_labelled([r.model_copy(update={"id": f"hw-{r.id}", "writer": f"writer{i % 4}"})
                           for i, r in enumerate(generate_referrals(120, seed=4))], scheme)
    data = combine_sources([(SourceSpec("generated", 0.5, calibrate=False), generated),
                            (SourceSpec("handwritten", 3.0, calibrate=True), written)])
    config = apply_overrides(load_config(), parse_overrides([
        "--search", "{}", "--features.char_ngram_range", "null", "--features.embeddings", "null",
        "--concerns.calibration", "sigmoid", "--need_level.calibration", "per_source"]))
    bundle = fit_bundle(data, config, scheme, {}, "test")
    need, concerns = bundle.need_model, bundle.concern_model
    assert set(need.calibrations_) == {"generated", "handwritten"}
    # The shipped config gives both models a feature copy per source and per-source
    # concern thresholds; the reported thresholds are the hand-written source's.
    assert need.feature_sources_ == concerns.feature_sources_ == ("generated", "handwritten")
    assert set(concerns.calibrations_) == {"generated", "handwritten"}
    assert concerns.primary_source_ == "handwritten"
    for section in ("need_level", "concerns"):
        config[section]["source_features"] = False
    config["need_level"]["calibration"] = "pooled"
    config["concerns"]["source_calibration"] = "pooled"
    bundle = fit_bundle(data, config, scheme, {}, "test")
    need, concerns = bundle.need_model, bundle.concern_model
    assert set(need.calibrations_) == {"pooled"}, "pooled: calibrated on the calibrate: true source only"
    assert set(concerns.calibrations_) == {"pooled"} and need.feature_sources_ == ()


def test_an_unknown_need_calibration_is_refused_before_training(
    triage_home: Path, small_referrals_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["train", "--data", str(small_referrals_file), "--no-register",
                   "--need_level.calibration", "bogus"])
    assert status == 2
    assert "need_level.calibration" in capsys.readouterr().err
