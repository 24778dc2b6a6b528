"""The registered model is safe on every MLflow route: it redacts raw text itself.

One test serves it with ``mlflow models serve`` on loopback (about a minute: a fresh
process loads MLflow, spaCy and the model) and posts raw text holding a planted name;
the others load the pyfunc in-process.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import mlflow
import pandas as pd
import pytest
from serving_testkit import CANARY, Running

from referrals.settings import Settings
from tracking.runs import configure_tracking

RAW = (f"Neighbour called about {CANARY}: she was drunk again last night and the two children were "
       "left alone until 3am. The younger one had a burn on her arm and the flat smelled of cannabis.")
MODEL_URI = "models:/referral-triage@candidate"
VENV_BIN = Path(sys.executable).parent


def service_answer(running: Running, text: str) -> dict:
    response = running.client.post("/v1/suggestions", json={"text": text}, headers=running.auth("screener"))
    assert response.status_code == 200
    return response.json()


def assert_same_as_service(row: dict, answer: dict) -> None:
    suggestion = answer["suggestion"]
    assert row["need_level"] == suggestion["need_level"]["id"]
    assert row["concerns"] == ";".join(c["id"] for c in suggestion["concerns"] if c["suggested"])
    for concern in suggestion["concerns"]:
        assert row[f"p_{concern['id']}"] == pytest.approx(concern["probability"], abs=1e-9)


def test_pyfunc_redacts_raw_text_and_skips_rows_flagged_redacted(running: Running, serving_home: Path) -> None:
    configure_tracking(Settings(home=serving_home))
    model = mlflow.pyfunc.load_model(MODEL_URI)
    answer = service_answer(running, RAW)
    raw = model.predict(pd.DataFrame({"text": [RAW]}))
    assert_same_as_service(raw.iloc[0].to_dict(), answer)
    flagged = model.predict(pd.DataFrame({"text": [answer["redacted_text"]], "redacted": [True]}))
    pd.testing.assert_frame_equal(flagged, raw)
    bundle = running.app.state.serving.models.current().bundle
    unflagged_name = model.predict(pd.DataFrame({"text": [RAW], "redacted": [True]}))
    pd.testing.assert_frame_equal(unflagged_name, bundle.predict_frame([RAW]),
                                  obj="a row flagged redacted is scored as given")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_mlflow_models_serve_answers_raw_text_like_the_service_without_the_canary(
    running: Running, serving_home: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
           "MLFLOW_TRACKING_URI": Settings(home=serving_home).tracking_uri(),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    log = tmp_path / "mlflow-serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(VENV_BIN / "mlflow"), "models", "serve", "-m", MODEL_URI, "--env-manager", "local",
             "-h", "127.0.0.1", "-p", str(port), "--workers", "1"],
            stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 150
            while time.monotonic() < deadline:
                assert server.poll() is None, log.read_text()[-3000:]
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as ping:
                        if ping.status == 200:
                            break
                except OSError:
                    time.sleep(1)
            body = json.dumps({"dataframe_split": {"columns": ["text"], "data": [[RAW]]}}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=body,
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                answered = response.read().decode()
        finally:
            server.terminate()
            server.wait(20)
    predictions = json.loads(answered)["predictions"]
    assert len(predictions) == 1
    assert_same_as_service(predictions[0], service_answer(running, RAW))
    for needle in (CANARY, *CANARY.split()):
        assert needle not in answered
        assert needle not in log.read_text()
