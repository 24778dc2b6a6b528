"""A model that fails its hash check is refused, and /readyz says why without a path."""

from __future__ import annotations

from pathlib import Path

from serving_testkit import AppFactory, Running

from models.bundle import BUNDLE_FILE
from serving.model_holder import REASON_INTEGRITY


def test_tampered_bundle_is_refused_and_readyz_says_why(running: Running, start_app: AppFactory,
                                                          tmp_path: Path) -> None:
    saved = running.app.state.serving.models.current().bundle.save(tmp_path / "bundle")
    pickle = saved / BUNDLE_FILE
    data = bytearray(pickle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    pickle.write_bytes(bytes(data))

    refused = start_app(bundle_path=saved)
    ready = refused.client.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["ready"] is False and body["model"] is None
    assert body["problems"] == [REASON_INTEGRITY]
    assert REASON_INTEGRITY.startswith("the model was refused: an artifact failed its SHA-256 check")
    assert str(tmp_path) not in ready.text and "bundle.joblib" not in ready.text
    answer = refused.client.post("/v1/suggestions", json={"text": "Dad hit mum."}, headers=refused.auth("screener"))
    assert answer.status_code == 503
    assert answer.json()["detail"].startswith("the model was refused: an artifact failed its SHA-256 check")


def test_intact_bundle_path_is_served(running: Running, start_app: AppFactory, tmp_path: Path) -> None:
    saved = running.app.state.serving.models.current().bundle.save(tmp_path / "bundle")
    served = start_app(bundle_path=saved)
    assert served.client.get("/readyz").json()["ready"] is True
    answer = served.client.post("/v1/suggestions", json={"text": "Dad hit mum."}, headers=served.auth("screener"))
    assert answer.status_code == 200
    assert answer.json()["model"]["alias"] is None


def test_with_no_registered_model_readyz_says_so(start_app: AppFactory) -> None:
    empty = start_app(model_name="no-such-model")
    body = empty.client.get("/readyz").json()
    assert body["problems"] == ["no model is registered as @champion or @candidate; train one (triage train) first"]
