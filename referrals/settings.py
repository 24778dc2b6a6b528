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
