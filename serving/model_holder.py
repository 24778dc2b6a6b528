"""The model the service answers with: found by alias, verified, and swapped atomically.

The service looks for ``models:/<name>@champion`` and, when no model has been promoted,
serves ``@candidate`` with a logged warning (``make run``'s promotion gate may refuse a
first model). ``TRIAGE_MODEL_URI`` or ``TRIAGE_BUNDLE_PATH`` pin something else. Every
load goes through :meth:`models.bundle.TriageBundle.load`, which checks each file's
SHA-256 before unpickling; a refused model leaves ``/readyz`` false with a reason a
client may see (no file path), and the full error in the server log.

A reload builds the new model beside the old one and swaps one reference: a request
that already holds the old model finishes with it, so nothing in flight is dropped.

After every load the heap is frozen (:func:`freeze_long_lived`): the model and the
redactor are millions of long-lived objects, and without that each full collection of
Python's cyclic garbage collector walks all of them while holding the GIL, stopping
every request for hundreds of milliseconds (measured: ten full collections in a
two-minute bench run, median 0.65 s, on a busy machine), which was the service's p99.
"""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from models.bundle import TriageBundle
from referrals.errors import ArtifactIntegrityError, SchemeMismatchError, TriageError
from referrals.labels import LabelScheme
from referrals.settings import Settings
from tracking.registry import CANDIDATE_ALIAS, CHAMPION_ALIAS, alias_version, load_model
from tracking.runs import configure_tracking

logger = logging.getLogger(__name__)

REASON_NOT_LOADED = "the model is still loading"
REASON_INTEGRITY = (
    "the model was refused: an artifact failed its SHA-256 check against the manifest "
    "(modified or truncated); it was not loaded"
)
REASON_SCHEME = "the model was refused: it was trained under another label scheme"
REASON_NONE_REGISTERED = (
    "no model is registered as @champion or @candidate; train one (triage train) first"
)
REASON_OTHER = "the model could not be loaded; see the server log"


class ModelNotReady(TriageError):
    """No verified model is loaded; the message is safe to show a client."""


@dataclass(frozen=True)
class ServedModel:
    """A verified bundle and where it came from."""

    bundle: TriageBundle
    uri: str
    name: str | None
    version: str | None
    alias: str | None


def public_reason(error: Exception) -> str:
    """What a client may be told about a failed load: the kind of failure, never a path."""
    if isinstance(error, ArtifactIntegrityError):
        return REASON_INTEGRITY
    if isinstance(error, SchemeMismatchError):
        return REASON_SCHEME
    if isinstance(error, ModelNotReady):
        return str(error)
    return REASON_OTHER


def freeze_long_lived() -> None:
    """Collect garbage, then put every surviving object out of the collector's sight.

    What is alive right after a load (model, redactor, libraries) lives as long as the
    process, so collecting it again is pure pause. ``gc.unfreeze`` first hands a previous
    freeze back to the collector, so a model replaced by a reload is reclaimed here (or at
    the next reload, if a request still held it at this moment) rather than kept for ever.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class ModelHolder:
    """Holds the current model; ``current()`` is a single reference read, safe across threads."""

    def __init__(self, settings: Settings, scheme: LabelScheme) -> None:
        self.settings = settings
        self.scheme = scheme
        self._model: ServedModel | None = None
        self.problem: str | None = REASON_NOT_LOADED
        self._reload_lock = threading.Lock()

    def current(self) -> ServedModel:
        """The model to answer with; raises ModelNotReady (a 503) before one is loaded."""
        model = self._model
        if model is None:
            raise ModelNotReady(self.problem or REASON_NOT_LOADED)
        return model

    @property
    def ready(self) -> bool:
        """True once a verified model is loaded."""
        return self._model is not None

    def load(self) -> ServedModel:
        """Load the configured model and swap it in; on failure keep the old one (if any).

        Raises the load error after recording a public reason, so ``/readyz`` and
        ``/v1/admin/reload`` can say why.
        """
        with self._reload_lock:
            try:
                model = self._fetch()
            except Exception as error:
                logger.error("model load failed: %s: %s", type(error).__name__, error)
                if self._model is None:
                    self.problem = public_reason(error)
                raise
            self._model, self.problem = model, None
            freeze_long_lived()
            logger.info("serving model %s version %s (alias %s)", model.name, model.version, model.alias)
            return model

    def _fetch(self) -> ServedModel:
        settings = self.settings
        if settings.bundle_path is not None:
            bundle = TriageBundle.load(Path(settings.bundle_path), expected_scheme=self.scheme)
            return ServedModel(bundle=bundle, uri=str(settings.bundle_path), name=None,
                               version=bundle.model_version, alias=None)
        uri = settings.model_uri or self._registered_uri()
        loaded = load_model(uri, self.scheme, settings)
        alias = uri.rsplit("@", 1)[1] if uri.startswith("models:/") and "@" in uri else None
        return ServedModel(bundle=loaded.bundle, uri=uri, name=loaded.name,
                           version=loaded.version, alias=alias)

    def _registered_uri(self) -> str:
        """``@champion`` if set, else ``@candidate`` with a warning, else a clear refusal."""
        configure_tracking(self.settings)
        name = self.settings.model_name
        if alias_version(name, CHAMPION_ALIAS) is not None:
            return f"models:/{name}@{CHAMPION_ALIAS}"
        version = alias_version(name, CANDIDATE_ALIAS)
        if version is not None:
            logger.warning(
                "no @%s is registered for %s: serving @%s (version %s), which has not passed "
                "the promotion gates; review its evaluation report before relying on it",
                CHAMPION_ALIAS, name, CANDIDATE_ALIAS, version,
            )
            return f"models:/{name}@{CANDIDATE_ALIAS}"
        raise ModelNotReady(REASON_NONE_REGISTERED)
