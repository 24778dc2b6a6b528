"""The JSON API with a real model, redactor and SQLite database: every endpoint, role and error."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from serving_testkit import AppFactory, Running

from referrals.contract import read_referrals
from referrals.labels import LabelScheme

TEXT = ("Health visitor reports the baby was left alone in the flat overnight while mum went out "
        "drinking. The home was cold and there was no food in the cupboards.")


def suggest(running: Running, text: str = TEXT, role: str = "screener", **extra: object) -> dict:
    response = running.client.post("/v1/suggestions", json={"text": text, **extra}, headers=running.auth(role))
    assert response.status_code == 200, response.text
    return response.json()


def test_suggestion_returns_redacted_text_spans_suggestion_and_model(running: Running, scheme: LabelScheme) -> None:
    body = suggest(running, "Mum Shazia Begum was drunk and the children were left alone overnight.")
    assert body["redacted_text"].startswith("Mum [PERSON_1] was drunk")
    assert body["redactions"] == [{"start": 4, "end": 14, "type": "PERSON", "score": pytest.approx(0.85, abs=0.15)}]
    concerns = body["suggestion"]["concerns"]
    assert [c["id"] for c in concerns] == scheme.concern_ids
    assert all(0 <= c["probability"] <= 1 and {"suggested", "uncertain", "evidence"} <= c.keys() for c in concerns)
    level = body["suggestion"]["need_level"]
    assert level["id"] in scheme.need_level_ids
    assert sum(level["probabilities"].values()) == pytest.approx(1.0)
    assert {"range_low", "range_high", "abstain"} <= level.keys()
    assert body["model"] == {"name": "referral-triage", "version": "1", "alias": "candidate"}
    assert len(body["id"]) == 32


def test_batch_returns_one_suggestion_per_referral_in_order(running: Running) -> None:
    texts = ["Police attended a domestic incident; dad hit mum in front of the children.", TEXT,
             "Young person missing from home for three nights, found with older males."]
    response = running.client.post("/v1/suggestions/batch", json={"referrals": [{"text": t} for t in texts]},
                                   headers=running.auth("screener"))
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert [s["redacted_text"] for s in suggestions] == texts
    assert len({s["id"] for s in suggestions}) == 3


def timings(header: str) -> dict[str, float]:
    """Milliseconds per Server-Timing entry."""
    return {name.strip(): float(value) for name, value in
            (entry.split(";dur=") for entry in header.split(","))}


def test_suggestions_say_what_the_model_and_the_app_took_in_server_timing(running: Running) -> None:
    one = running.client.post("/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener"))
    batch = running.client.post("/v1/suggestions/batch", json={"referrals": [{"text": TEXT}] * 3},
                                headers=running.auth("screener"))
    for response in (one, batch):
        timing = timings(response.headers["server-timing"])
        assert set(timing) == {"model", "app"}
        assert 0 < timing["model"] <= timing["app"]
    health = running.client.get("/healthz")
    assert set(timings(health.headers["server-timing"])) == {"app"}
    refused = running.client.post("/v1/suggestions", json={"text": TEXT})
    assert refused.status_code == 401 and set(timings(refused.headers["server-timing"])) == {"app"}


def test_a_slow_database_write_does_not_stall_other_requests(running: Running) -> None:
    """The async suggestion route stores in the thread pool, never on the event loop."""
    from sqlalchemy import event

    engine = running.app.state.serving.database.engine
    inside, release = threading.Event(), threading.Event()

    def hold_inserts(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO SUGGESTIONS"):
            inside.set()
            release.wait(20)

    event.listen(engine, "before_cursor_execute", hold_inserts)
    answers: list[int] = []
    poster = threading.Thread(target=lambda: answers.append(running.client.post(
        "/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener")).status_code))
    poster.start()
    try:
        assert inside.wait(20), "the suggestion never reached its insert"
        assert running.client.get("/healthz").status_code == 200
        assert not release.is_set() and poster.is_alive()  # answered while the insert was held
    finally:
        release.set()
        poster.join(20)
        event.remove(engine, "before_cursor_execute", hold_inserts)
    assert answers == [200]


@pytest.mark.parametrize(("request_kwargs", "status", "detail"), [
    ({"json": {"text": "   "}}, 422, "text: text is empty or whitespace only"),
    ({"json": {}}, 422, "text: Field required"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422, "the body is not valid JSON"),
    ({"content": b"text=hello", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415,
     "send JSON: Content-Type must be application/json"),
    ({"json": {"text": "x" * 301}}, 413, "text has 301 characters; the limit is 300"),
    ({"json": {"text": "ok", "colour": "red"}}, 422, "colour: Extra inputs are not permitted"),
])
def test_bad_suggestion_requests_get_clear_json_errors(
    start_app: AppFactory, request_kwargs: dict, status: int, detail: str
) -> None:
    running = start_app(max_text_chars=300)
    headers = {**running.auth("screener"), **request_kwargs.pop("headers", {})}
    response = running.client.post("/v1/suggestions", headers=headers, **request_kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"] == detail
    assert response.json()["request_id"] == response.headers["x-request-id"]


def test_batch_over_the_limit_is_413(running: Running) -> None:
    response = running.client.post("/v1/suggestions/batch", json={"referrals": [{"text": "a"}] * 65},
                                   headers=running.auth("screener"))
    assert response.status_code == 413
    assert response.json()["detail"] == "a batch holds at most 64 referrals; got 65"


def test_body_over_the_byte_limit_is_413_before_parsing(start_app: AppFactory) -> None:
    running = start_app(max_body_bytes=2_000)
    response = running.client.post("/v1/suggestions", json={"text": "word " * 1000}, headers=running.auth("screener"))
    assert response.status_code == 413
    assert response.json()["detail"] == "the request body is over 2000 bytes"


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/v1/suggestions/0123456789abcdef"),
    ("post", "/v1/suggestions/0123456789abcdef/review"),
])
def test_unknown_suggestion_id_is_404(running: Running, method: str, path: str) -> None:
    kwargs = {"json": {"need_level": "early_help"}} if method == "post" else {}
    response = getattr(running.client, method)(path, headers=running.auth("screener"), **kwargs)
    assert response.status_code == 404
    assert response.json()["detail"] == "no suggestion with id '0123456789abcdef'"


@pytest.mark.parametrize(("headers", "status", "detail"), [
    ({}, 401, "an API key is required (Authorization: Bearer <key>)"),
    ({"Authorization": "Bearer trk_not-a-real-key"}, 401, "the API key is not valid"),
    ({"X-API-Key": "wrong"}, 401, "the API key is not valid"),
])
def test_no_or_wrong_key_is_401(running: Running, headers: dict, status: int, detail: str) -> None:
    response = running.client.post("/v1/suggestions", json={"text": TEXT}, headers=headers)
    assert (response.status_code, response.json()["detail"]) == (status, detail)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("role", "method", "path", "allowed"), [
    ("screener", "get", "/v1/reviews", False),
    ("annotator", "get", "/v1/reviews", False),
    ("evaluator", "get", "/v1/reviews", True),
    ("admin", "get", "/v1/reviews", True),
    ("screener", "get", "/metrics", False),
    ("evaluator", "get", "/metrics", True),
    ("evaluator", "post", "/v1/suggestions", False),
    ("annotator", "post", "/v1/suggestions", True),
    ("screener", "post", "/v1/admin/reload", False),
    ("evaluator", "post", "/v1/admin/reload", False),
])
def test_each_role_reaches_only_what_it_needs(running: Running, role: str, method: str, path: str,
                                              allowed: bool) -> None:
    kwargs = {"json": {"text": TEXT}} if path == "/v1/suggestions" else {}
    response = getattr(running.client, method)(path, headers=running.auth(role), **kwargs)
    if allowed:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 403
        assert response.json()["detail"].startswith(f"your role ({role}) may not ")


def test_review_is_stored_with_reviewer_model_version_and_times(running: Running) -> None:
    created = suggest(running)
    suggested = [c["id"] for c in created["suggestion"]["concerns"] if c["suggested"]]
    level = created["suggestion"]["need_level"]["id"]
    response = running.client.post(f"/v1/suggestions/{created['id']}/review", json={"need_level": level},
                                   headers=running.auth("screener"))
    assert response.status_code == 201
    review = response.json()
    assert review["outcome"] == "accepted"
    assert review["concerns"] == suggested
    assert review["model_version"] == "1"
    assert review["shown_at"] == created["created_at"]
    assert review["decided_at"] >= review["shown_at"]


def test_review_decisions_are_checked_against_the_suggestion(running: Running, scheme: LabelScheme) -> None:
    created = suggest(running)
    concerns = created["suggestion"]["concerns"]
    not_suggested = next(c["id"] for c in concerns if not c["suggested"])
    path = f"/v1/suggestions/{created['id']}/review"
    headers = running.auth("screener")
    wrong = running.client.post(path, json={"decisions": {not_suggested: "accept"}, "need_level": "early_help"},
                                headers=headers)
    assert wrong.status_code == 422
    assert wrong.json()["detail"].startswith(f"{not_suggested}: 'accept' is not allowed for a concern the model did not")
    unknown = running.client.post(path, json={"need_level": "urgent"}, headers=headers)
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == f"unknown need level 'urgent'; allowed: {', '.join(scheme.need_level_ids)}"
    added = running.client.post(path, json={"decisions": {not_suggested: "add"}, "need_level": "child_protection"},
                                headers=headers)
    assert added.status_code == 201
    assert not_suggested in added.json()["concerns"]
    assert added.json()["outcome"] == "corrected"


def test_export_is_the_data_contract_ready_for_training_with_provenance(
    running: Running, scheme: LabelScheme, tmp_path: Path
) -> None:
    for _ in range(2):
        created = suggest(running, metadata={"referral_source": "school", "authority": "LA07"})
        running.client.post(f"/v1/suggestions/{created['id']}/review",
                            json={"need_level": "child_in_need"}, headers=running.auth("screener"))
    as_json = running.client.get("/v1/reviews", headers=running.auth("evaluator")).json()
    assert as_json["provenance"]["exported"] == 2
    assert as_json["provenance"]["reviewers"] == ["screener-user"]
    first = as_json["reviews"][0]
    assert first["provenance"]["reviewer"] == "screener-user"
    assert first["provenance"]["model_version"] == "1"
    assert {"shown_at", "decided_at", "outcome", "decisions"} <= first["provenance"].keys()

    as_jsonl = running.client.get("/v1/reviews?format=jsonl", headers=running.auth("evaluator"))
    assert as_jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert json.loads(as_jsonl.headers["x-triage-provenance"])["exported"] == 2
    exported = tmp_path / "reviews.jsonl"
    exported.write_text(as_jsonl.text)
    referrals = read_referrals(exported, scheme).referrals
    assert [r.need_level for r in referrals] == ["child_in_need", "child_in_need"]
    assert referrals[0].referral_source == "school" and referrals[0].authority == "LA07"
    assert referrals[0].provenance is not None
    assert (referrals[0].provenance.kind, referrals[0].provenance.annotators) == ("review", ["screener-user"])


def test_metrics_count_suggestions_abstentions_reviews_and_agreement(running: Running) -> None:
    created = suggest(running)
    level = created["suggestion"]["need_level"]["id"]
    running.client.post(f"/v1/suggestions/{created['id']}/review", json={"need_level": level},
                        headers=running.auth("screener"))
    text = running.client.get("/metrics", headers=running.auth("evaluator")).text
    assert f'triage_suggestions_total{{need_level="{level}"}} 1.0' in text
    assert "triage_suggestions_abstained_total" in text
    assert 'triage_reviews_total{outcome="accepted"} 1.0' in text
    assert 'triage_review_need_level_total{agrees="true"} 1.0' in text
    assert 'triage_http_requests_total{method="POST",route="/v1/suggestions",status="200"} 1.0' in text
    assert 'triage_http_request_seconds_bucket{le="0.005",route="/v1/suggestions"}' in text


def test_rate_limit_per_key_answers_429_with_retry_after(start_app: AppFactory) -> None:
    running = start_app(rate_limit_per_minute=1, rate_limit_burst=2)
    statuses = [running.client.get("/v1/reviews", headers=running.auth("evaluator")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = running.client.get("/v1/reviews", headers=running.auth("evaluator"))
    assert int(limited.headers["retry-after"]) >= 1
    assert running.client.get("/v1/reviews", headers=running.auth("admin")).status_code == 200, "per key"


def test_when_the_model_queue_is_full_requests_are_shed_with_503(start_app: AppFactory) -> None:
    running = start_app(max_waiting=0, queue_timeout_s=0.2)
    gate = running.app.state.serving.gate
    held = threading.Event()
    release = threading.Event()

    def hold_the_model() -> None:
        held.set()
        release.wait(10)

    def occupy() -> None:
        gate.run(hold_the_model)

    worker = threading.Thread(target=occupy)
    worker.start()
    held.wait(5)
    try:
        response = running.client.post("/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener"))
    finally:
        release.set()
        worker.join()
    assert response.status_code == 503
    assert response.json()["detail"] == "the service is busy; retry in a moment"
    assert response.headers["retry-after"] == "1"
    assert running.client.post("/v1/suggestions", json={"text": TEXT},
                               headers=running.auth("screener")).status_code == 200


def test_reload_swaps_model_without_dropping_requests_in_flight(running: Running) -> None:
    statuses: list[int] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            statuses.append(running.client.post("/v1/suggestions", json={"text": TEXT},
                                                headers=running.auth("screener")).status_code)

    asker = threading.Thread(target=keep_asking)
    before = running.app.state.serving.models.current()
    asker.start()
    try:
        response = running.client.post("/v1/admin/reload", headers=running.auth("admin"))
    finally:
        stop.set()
        asker.join()
    assert response.status_code == 200
    assert response.json() == {"name": "referral-triage", "version": "1", "alias": "candidate"}
    assert running.app.state.serving.models.current() is not before
    assert statuses and set(statuses) == {200}


def test_health_is_open_and_ready_names_the_model(running: Running) -> None:
    assert running.client.get("/healthz").json() == {"status": "alive"}
    ready = running.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "model": {"name": "referral-triage", "version": "1", "alias": "candidate"},
                            "problems": []}


def test_an_unexpected_error_is_json_without_trace_path_or_text(running: Running, caplog: pytest.LogCaptureFixture,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = running.app.state.serving.models.current().bundle

    def broken(texts: list[str]) -> None:
        raise ValueError(f"/srv/secret/model.joblib failed on {texts[0]}")

    monkeypatch.setattr(bundle, "suggest", broken)
    response = running.client.post("/v1/suggestions", json={"text": "Mum Zofia Wiśniewska-Kowal is unwell."},
                                   headers=running.auth("screener"))
    assert response.status_code == 500
    assert response.json()["detail"] == "internal error; quote the request id to an administrator"
    for text in (response.text, caplog.text):
        assert "/srv/secret" not in text and "Traceback" not in text and "Zofia" not in text
    assert "ValueError at test_api.py" in caplog.text


def test_openapi_document_carries_examples_and_needs_a_key(running: Running) -> None:
    assert running.client.get("/openapi.json").status_code == 401
    spec = running.client.get("/openapi.json", headers=running.auth("screener")).json()
    request_schema = spec["components"]["schemas"]["SuggestionRequest"]
    assert request_schema["examples"][0]["text"]
    operation = spec["paths"]["/v1/suggestions"]["post"]
    assert {"401", "403", "413", "415", "422", "429", "503"} <= operation["responses"].keys()
    page = running.client.get("/docs", headers=running.auth("screener"))
    assert page.status_code == 200 and "POST /v1/suggestions/batch" in page.text
