"""Everything a request needs, built once per app: settings, scheme, database, model, limits.

The redactor (spaCy) and the model take seconds to load, so :meth:`ServingState.warm_up`
runs in a background thread at start-up; until both are ready ``/readyz`` says what is
missing and suggestion routes answer 503.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from referrals.labels import LabelScheme
from referrals.redaction.engine import Redactor, build_redactor
from referrals.settings import Settings
from serving.limits import AdmissionGate, RateLimiter
from serving.metrics import ServiceMetrics
from serving.model_holder import ModelHolder, ModelNotReady
from storage.database import Database
from web.auth import KeyCache
from web.security import SessionSigner

logger = logging.getLogger(__name__)

REASON_REDACTOR_LOADING = "the redactor is still loading"
REASON_REDACTOR_FAILED = "the redactor could not be built; see the server log"


@dataclass
class ServingState:
    """Shared, long-lived objects of one app."""

    settings: Settings
    scheme: LabelScheme
    database: Database
    models: ModelHolder
    gate: AdmissionGate
    limiter: RateLimiter
    signer: SessionSigner
    key_cache: KeyCache = field(default_factory=lambda: KeyCache(0.0))
    metrics: ServiceMetrics = field(default_factory=ServiceMetrics)
    redactor: Redactor | None = None
    redactor_problem: str | None = REASON_REDACTOR_LOADING
    warmed: threading.Event = field(default_factory=threading.Event)

    def require_redactor(self) -> Redactor:
        """The redactor, or ModelNotReady (503) while it loads: never skip redaction."""
        if self.redactor is None:
            raise ModelNotReady(self.redactor_problem or REASON_REDACTOR_LOADING)
        return self.redactor

    def warm_up(self) -> None:
        """Build the redactor (unless given) and load the model; record why either failed."""
        try:
            if self.redactor is None:
                try:
                    self.redactor = build_redactor(self.settings.redaction_config)
                    self.redactor_problem = None
                except Exception as error:  # noqa: BLE001 - reported through /readyz
                    logger.error("redactor failed: %s: %s", type(error).__name__, error)
                    self.redactor_problem = REASON_REDACTOR_FAILED
            else:
                self.redactor_problem = None
            try:
                model = self.models.load()
            except Exception:  # noqa: BLE001 - the holder logged it and kept a public reason
                return
            self.metrics.model_info.labels(model.name or "", model.version or "", model.alias or "").set(1)
            if self.redactor is not None and model.bundle.redaction_config_hash not in (
                self.redactor.config_hash, ""
            ):
                logger.warning("the model was trained behind another redaction config (hash %s, "
                               "serving %s)", model.bundle.redaction_config_hash[:12],
                               self.redactor.config_hash[:12])
        finally:
            self.warmed.set()

    def problems(self) -> list[str]:
        """Why the service is not ready (empty when it is)."""
        found = []
        if self.redactor is None:
            found.append(self.redactor_problem or REASON_REDACTOR_LOADING)
        if not self.models.ready:
            found.append(self.models.problem or "the model is not loaded")
        if not self.database.reachable():
            found.append("the database is not reachable")
        return found
