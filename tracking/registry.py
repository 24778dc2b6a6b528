"""The model registry: aliases, and loading a registered model with its hashes verified.

Training registers a version and points ``candidate`` at it; promotion moves
``champion``; evaluation, serving and annotation load a model by URI
(``models:/referral-triage@champion``, ``models:/referral-triage/3``, ``runs:/...``).
Loading downloads the logged bundle to a scratch folder and lets
:meth:`models.bundle.TriageBundle.load` check every file's SHA-256 before joblib
touches it, so an artifact altered in the store is refused, never unpickled.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import mlflow
from mlflow.tracking import MlflowClient

from models.bundle import TriageBundle
from referrals.errors import TriageError
from referrals.labels import LabelScheme
from referrals.settings import Settings
from tracking.runs import configure_tracking

CANDIDATE_ALIAS = "candidate"
CHAMPION_ALIAS = "champion"
ERROR_NO_BUNDLE = "{uri}: no bundle artifact found; is this a Referral Triage model?"


def set_alias(model_name: str, version: str, alias: str) -> None:
    """Point a registry alias (``candidate``, ``champion``) at a model version."""
    MlflowClient().set_registered_model_alias(model_name, alias, version)


def alias_version(model_name: str, alias: str) -> str | None:
    """The version an alias points at, or None when the alias is not set."""
    try:
        return str(MlflowClient().get_model_version_by_alias(model_name, alias).version)
    except mlflow.exceptions.MlflowException:
        return None


def resolve_version(model_name: str, version_or_alias: str) -> str:
    """A version number from ``3`` or ``candidate``; an unknown one is a clear error."""
    client = MlflowClient()
    try:
        if version_or_alias.isdigit():
            return str(client.get_model_version(model_name, version_or_alias).version)
        return str(client.get_model_version_by_alias(model_name, version_or_alias).version)
    except mlflow.exceptions.MlflowException as exc:
        raise TriageError(f"model {model_name} has no version or alias {version_or_alias!r}") from exc


@dataclass(frozen=True)
class LoadedModel:
    """A verified bundle and where it came from in the registry."""

    bundle: TriageBundle
    uri: str
    name: str | None
    version: str | None


def load_model(uri: str, scheme: LabelScheme, settings: Settings) -> LoadedModel:
    """Download a logged model, verify its bundle's hashes and scheme, then load it."""
    configure_tracking(settings)
    name, version = registry_version(uri)
    with tempfile.TemporaryDirectory(prefix="triage-model-") as scratch:
        try:
            local = Path(mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=scratch))
        except mlflow.exceptions.MlflowException as exc:
            raise TriageError(f"cannot fetch model {uri}: {exc.message}") from exc
        candidates = [p.parent for p in local.rglob("manifest.json") if (p.parent / "bundle.joblib").exists()]
        if not candidates:
            raise TriageError(ERROR_NO_BUNDLE.format(uri=uri))
        bundle = TriageBundle.load(candidates[0], expected_scheme=scheme)
    return LoadedModel(bundle=bundle, uri=uri, name=name, version=version)


def registry_version(uri: str) -> tuple[str | None, str | None]:
    """(model name, version) for ``models:/name@alias`` or ``models:/name/N`` URIs."""
    if not uri.startswith("models:/"):
        return None, None
    path = uri.removeprefix("models:/")
    client = MlflowClient()
    try:
        if "@" in path:
            name, alias = path.split("@", 1)
            return name, str(client.get_model_version_by_alias(name, alias).version)
        if "/" in path:
            name, version = path.split("/", 1)
            if version.isdigit():
                return name, version
    except mlflow.exceptions.MlflowException as exc:
        raise TriageError(f"cannot resolve {uri}: {exc.message}") from exc
    return None, None


