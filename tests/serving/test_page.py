"""The review page through TestClient: login, CSRF, cookie flags, and a review by form."""

from __future__ import annotations

import re

import pytest
from serving_testkit import Running, csrf, login

TEXT = ("School DSL: pupil came in with a black eye and said dad hit him with a belt. He was "
        "frightened to go home and mum has been drinking heavily since the police were called.")


def test_login_sets_an_httponly_samesite_strict_session_cookie(running: Running) -> None:
    form = running.client.get("/login")
    response = running.client.post("/login", data={"key": running.keys["screener"], "csrf_token": csrf(form.text)},
                                   follow_redirects=False)
    cookie = next(value for name, value in response.headers.multi_items()
                  if name == "set-cookie" and value.startswith("triage_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert running.keys["screener"] not in cookie
    assert "Secure" not in cookie, "plain http on loopback"


def test_cookie_is_secure_behind_tls(start_app) -> None:  # type: ignore[no-untyped-def]
    running = start_app(cookie_secure=True)
    form = running.client.get("/login")
    assert "secure" in form.headers["set-cookie"].lower()


def test_wrong_key_or_missing_csrf_is_refused(running: Running) -> None:
    form = running.client.get("/login")
    wrong = running.client.post("/login", data={"key": "trk_nope", "csrf_token": csrf(form.text)},
                                follow_redirects=False)
    assert wrong.headers["location"] == "/login?error=1&next=/"
    forged = running.client.post("/login", data={"key": running.keys["screener"], "csrf_token": "forged"})
    assert forged.status_code == 403
    assert forged.json()["detail"] == "the form's CSRF token is missing or wrong; reload the page"


def test_home_redirects_to_login_without_a_session(running: Running) -> None:
    response = running.client.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login?next=/")


def test_paste_review_and_find_it_stored(running: Running) -> None:
    login(running)
    home = running.client.get("/")
    assert home.status_code == 200
    created = running.client.post("/suggest", data={"text": TEXT, "csrf_token": csrf(home.text)},
                                  follow_redirects=False)
    assert created.status_code == 303
    review_url = created.headers["location"]
    page = running.client.get(review_url)
    assert page.status_code == 200
    probabilities = [float(p) for p in re.findall(r'<progress value="([0-9.]+)" max="1"', page.text)][:16]
    assert probabilities == sorted(probabilities, reverse=True), "concerns sorted by probability"
    assert 'class="ev"' in page.text, "evidence is marked in the narrative"
    without_token = running.client.post(review_url, data={"action": "accept"})
    assert without_token.status_code == 422 or without_token.status_code == 403
    saved = running.client.post(review_url, data={"action": "reject", "need_level": "child_protection",
                                                  "concern": ["going_missing"], "csrf_token": csrf(page.text)},
                                follow_redirects=False)
    assert saved.headers["location"] == "/?saved=1"
    reviews = running.client.get("/v1/reviews", headers=running.auth("admin")).json()["reviews"]
    stored = reviews[-1]
    assert stored["referral"]["need_level"] == "child_protection"
    assert "going_missing" in stored["referral"]["concerns"]
    assert all(value in ("reject", "add") for value in stored["provenance"]["decisions"].values())


def test_abstain_banner_and_uncertain_marks_are_shown(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    login(running)
    created = running.client.post("/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener")).json()
    database = running.app.state.serving.database
    from storage.tables import SuggestionRecord

    with database.session() as session:
        record = session.get(SuggestionRecord, created["id"])
        suggestion = dict(record.suggestion)
        suggestion["need_level"] = {**suggestion["need_level"], "abstain": True}
        suggestion["concerns"] = [{**c, "uncertain": c["id"] == "neglect"} for c in suggestion["concerns"]]
        record.suggestion = suggestion
    page = running.client.get(f"/review/{created['id']}").text
    assert "The model is unsure: review carefully." in page
    assert page.count("needs your judgement") == 1


def test_next_opens_the_oldest_unreviewed_referral(running: Running) -> None:
    login(running)
    first = running.client.post("/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener")).json()
    running.client.post("/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener"))
    response = running.client.get("/next", follow_redirects=False)
    assert response.headers["location"] == f"/review/{first['id']}"


def test_screen_reader_basics_labels_and_landmarks(running: Running) -> None:
    login(running)
    created = running.client.post("/v1/suggestions", json={"text": TEXT}, headers=running.auth("screener")).json()
    page = running.client.get(f"/review/{created['id']}").text
    inputs = re.findall(r'<input type="(?:checkbox|radio)"[^>]*id="([^"]+)"', page)
    assert len(inputs) == 16 + 4
    for input_id in inputs:
        assert f'<label for="{input_id}">' in page
    assert '<html lang="en-GB">' in page and '<main id="main"' in page and "Skip to content" in page
