"""The spaCy side of the engine: load the model offline, verified, with only what NER needs.

presidio's ``SpacyNlpEngine`` downloads a missing model and runs the whole pipeline.
Ours refuses a model that is not installed (redaction must never touch the network),
leaves out the components the configuration disables, and checks that the ones left
do not listen to a component that was left out (which would silently break NER).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from referrals.errors import ConfigError
from referrals.redaction.config import ERROR_KEY, RedactionConfig
from referrals.redaction.pipeline_files import PipelineFileError, verify_pipeline_dir


def _listened_to(config: dict[str, Any]) -> set[str]:
    """Upstream components a component's model listens to (Tok2VecListener)."""
    found: set[str] = set()
    stack: list[Any] = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if str(item.get("@architectures", "")).startswith("spacy.Tok2VecListener"):
                found.add(str(item.get("upstream", "*")))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


SHIPPED_PIPELINES = Path(__file__).resolve().parent
"""Where pipelines shipped with the redactor live (``referrals/redaction/person_ner``)."""


def _fail(config: RedactionConfig, key: str, reason: str) -> ConfigError:
    return ConfigError(ERROR_KEY.format(path=config.path, key=key, reason=reason))


def resolve_model(config: RedactionConfig) -> tuple[str | Path, str]:
    """What ``spacy.load`` gets, and how manifests name it.

    An installed package is loaded by name (pip checked it). Anything else is a pipeline
    directory: an absolute path, one relative to the config file, or one shipped beside
    this module (``person_ner``, so a config copied elsewhere, as into an MLflow model,
    still finds it). A directory is loaded only after every file matches its
    ``sha256.json`` and that manifest matches ``spacy.sha256`` when the config pins it.
    """
    model = config.spacy_model
    if spacy.util.is_package(model):
        if config.spacy_sha256 is not None:
            raise _fail(config, "spacy.sha256", f"pins a pipeline directory, but {model!r} is an installed package")
        return model, model
    path = Path(model)
    if not path.is_absolute():
        beside_config = Path(config.path).parent / path
        path = beside_config if beside_config.is_dir() else SHIPPED_PIPELINES / path
    if not path.is_dir():
        raise _fail(config, "spacy.model", f"spaCy model {model!r} is not installed (it is never downloaded) "
                    f"and is no pipeline directory ({path})")
    try:
        digest = verify_pipeline_dir(path, config.spacy_sha256)
    except PipelineFileError as exc:
        raise _fail(config, "spacy.model", f"refused before loading: {exc}") from None
    return path, f"{path.name} (sha256 {digest[:12]})"


def load_pipeline(config: RedactionConfig) -> tuple[Language, str]:
    """Load the configured spaCy model from disk with the disabled components excluded;
    return it with the name manifests record."""
    model, label = resolve_model(config)
    names = spacy.util.get_model_meta(
        spacy.util.get_package_path(str(model)) if isinstance(model, str) else model
    ).get("components", [])
    unknown = [name for name in config.spacy_disable if name not in names]
    if unknown:
        raise _fail(config, "spacy.disable", f"unknown component(s) {unknown}; the model has {names}")
    nlp = spacy.load(model, exclude=list(config.spacy_disable))
    if "ner" not in nlp.pipe_names:
        raise _fail(config, "spacy.disable", "'ner' must stay enabled")
    for name in nlp.pipe_names:
        upstream = _listened_to(nlp.config["components"][name])
        missing = {u for u in upstream if u == "*" or u not in nlp.pipe_names}
        if missing:
            raise _fail(config, "spacy.disable", f"component {name!r} listens to disabled {sorted(missing)}")
    return nlp, label


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """A presidio NLP engine over a pipeline we loaded ourselves (never downloads).

    Lemmas are the lower-cased tokens: the lemmatizer is off for speed, and our context
    enhancer only needs a normalised word to compare with context words.
    """

    def __init__(self, nlp: Language, language: str) -> None:
        super().__init__(models=[{"lang_code": language, "model_name": nlp.meta.get("name", "")}])
        self.nlp = {language: nlp}  # type: ignore[assignment]

    def load(self) -> None:
        """Already loaded in the constructor; never fetch anything."""

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        artifacts = NlpArtifacts(
            entities=list(doc.ents),
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=None,  # skips presidio's per-token stop-word keywords (unused here)
            language=language,
            scores=[0.85] * len(doc.ents),
        )
        artifacts.nlp_engine = self
        return artifacts
