"""No personal data is stored, logged or shown: planted canaries and a script injection."""

from __future__ import annotations

import io
import logging

import pytest
from serving_testkit import CANARY, Running
from sqlalchemy import MetaData, select

from serving.logs import JsonLineFormatter

CANARY_PHONE = "07700 900461"
RAW = (f"Neighbour rang about {CANARY} (mobile {CANARY_PHONE}). The children at the flat are often "
       f"left alone and {CANARY.split()[0]} shouts at them late at night; the baby cries for hours.")
INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)> Dad hit mum in front of the kids.'


@pytest.fixture
def json_log() -> io.StringIO:
    """Every log record of every logger, formatted as the service formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def all_rows(running: Running) -> str:
    """Every row of every table, as text."""
    database = running.app.state.serving.database
    metadata = MetaData()
    metadata.reflect(database.engine)
    dumped = []
    with database.engine.connect() as connection:
        for table in metadata.sorted_tables:
            dumped.extend(repr(tuple(row)) for row in connection.execute(select(table)))
    return "\n".join(dumped)


def test_canary_appears_in_no_log_row_or_response_except_as_placeholder(
    running: Running, json_log: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    client, screener = running.client, running.auth("screener")
    responses = []
    single = client.post("/v1/suggestions", json={"text": RAW, "known_identifiers": [CANARY]}, headers=screener)
    responses.append(single)
    batch = client.post("/v1/suggestions/batch", json={"referrals": [{"text": RAW}, {"text": RAW.upper()}]},
                        headers=screener)
    responses.append(batch)
    suggestion_id = single.json()["id"]
    responses.append(client.post(f"/v1/suggestions/{suggestion_id}/review", headers=screener, json={
        "need_level": "early_help", "comment": f"Called {CANARY} back on {CANARY_PHONE}."}))
    responses.append(client.get(f"/v1/suggestions/{suggestion_id}", headers=screener))
    responses.append(client.get(f"/review/{suggestion_id}", headers=screener))
    responses.append(client.get("/v1/reviews?format=jsonl", headers=running.auth("evaluator")))
    responses.append(client.get("/metrics", headers=running.auth("evaluator")))
    responses.append(client.post("/v1/suggestions", json={"text": RAW * 500}, headers=screener))  # 413
    responses.append(client.post("/v1/suggestions", json={"text": RAW, "oops": CANARY}, headers=screener))  # 422
    assert [r.status_code for r in responses] == [200, 200, 201, 200, 200, 200, 200, 413, 422]

    assert "[PERSON_1]" in single.json()["redacted_text"]
    assert "[PERSON_1]" in responses[2].json()["redacted_comment"]
    logs = json_log.getvalue() + caplog.text
    assert '"route": "/v1/suggestions"' in logs, "the access log was captured"
    places = {"logs": logs, "rows": all_rows(running),
              **{f"response {i}": r.text + str(dict(r.headers)) for i, r in enumerate(responses)}}
    for needle in (CANARY, *CANARY.split(), CANARY_PHONE, CANARY.upper().split()[1]):
        for place, content in places.items():
            assert needle not in content, f"{needle!r} leaked into {place}"


def test_access_log_lines_are_json_with_id_route_status_latency_and_no_text(
    running: Running, json_log: io.StringIO
) -> None:
    running.client.post("/v1/suggestions", json={"text": RAW}, headers=running.auth("screener"))
    import json

    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "triage.access"]
    assert access[-1]["route"] == "/v1/suggestions"
    assert access[-1]["status"] == 200
    assert access[-1]["user"] == "screener-user"
    assert access[-1]["latency_ms"] > 0
    assert len(access[-1]["request_id"]) == 16


def test_a_stored_script_injection_is_shown_escaped(running: Running) -> None:
    created = running.client.post("/v1/suggestions", json={"text": INJECTION}, headers=running.auth("screener"))
    page = running.client.get(f"/review/{created.json()['id']}", headers=running.auth("screener"))
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
