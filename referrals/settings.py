"""Runtime settings: one pydantic-settings class, read from ``TRIAGE_*`` environment variables.

Settings are built explicitly (``Settings()``) and passed on; nothing reads the
environment at import time. Paths default to the project's own ``var/`` folder so
every command works the same from any working directory.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout (or install) root; ``var/`` beneath it holds local stores by default."""
PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "changethis"})


class Settings(BaseSettings):
    """Everything a command needs from its environment, validated once at start-up."""

    model_config = SettingsConfigDict(env_prefix="TRIAGE_", extra="ignore")

    home: Path = Field(default=PROJECT_ROOT / "var", description="Local stores: MLflow, data, reports.")
    taxonomy: Path | None = Field(default=None, description="Label scheme YAML; None = the shipped default.")
    redaction_config: Path | None = Field(
        default=None, description="Redaction YAML; None = the shipped social-care default."
    )
    mlflow_tracking_uri: str | None = Field(
        default=None, description="Falls back to MLFLOW_TRACKING_URI, then a SQLite file in home."
    )
    model_name: str = "referral-triage"
    log_level: str = "INFO"

    # --- serving (``triage serve``) -------------------------------------------------------
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; None = SQLite file triage.db in home (WAL)."
    )
    model_uri: str | None = Field(
        default=None,
        description="Model to serve; None = models:/<model_name>@champion, else @candidate.",
    )
    bundle_path: Path | None = Field(
        default=None, description="Serve a saved bundle directory instead of a registry model."
    )
    max_text_chars: int = Field(default=20_000, ge=1, description="Longest narrative accepted (413).")
    max_batch: int = Field(default=64, ge=1, description="Most referrals in one batch request (413).")
    max_body_bytes: int = Field(default=4_000_000, ge=1_000, description="Largest request body (413).")
    rate_limit_per_minute: int = Field(default=600, ge=1, description="Requests per key per minute (429).")
    rate_limit_burst: int = Field(default=60, ge=1, description="Requests a key may send at once.")
    key_cache_seconds: float = Field(
        default=5.0, ge=0,
        description="A valid API key is looked up again after this long (0 = every request); "
                    "a replaced key stops working within it.",
    )
    max_waiting: int = Field(
        default=16, ge=0, description="Requests queued for the model before new ones get 503."
    )
    queue_timeout_s: float = Field(default=10.0, gt=0, description="Longest wait for the model (503).")
    session_secret: str | None = Field(
        default=None, description="Signs page sessions and CSRF tokens; None = random per start."
    )
    session_hours: float = Field(default=8.0, gt=0, description="A page login lasts this long.")
    cookie_secure: bool = Field(
        default=False, description="Always mark the cookie Secure (it is, anyway, over https)."
    )

    @field_validator("session_secret")
    @classmethod
    def _real_secret(cls, value: str | None) -> str | None:
        if value is not None and (len(value) < 32 or value.lower() in PLACEHOLDER_SECRETS):
            raise ValueError("TRIAGE_SESSION_SECRET must be at least 32 random characters")
        return value

    @field_validator("home")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    def tracking_uri(self) -> str:
        """The MLflow tracking URI in force: TRIAGE_, then MLFLOW_, then local SQLite."""
        import os

        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        if os.environ.get("MLFLOW_TRACKING_URI"):
            return os.environ["MLFLOW_TRACKING_URI"]
        self.home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.home / 'mlflow.db'}"

    def artifact_location(self) -> str:
        """Where a new local experiment keeps its artifacts."""
        return (self.home / "mlartifacts").as_uri()
