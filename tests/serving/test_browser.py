"""End to end in headless Chromium (Debian's, through Playwright's Python API).

A screener logs in, pastes a referral holding a planted name and a script injection,
sees the suggestions and the evidence highlighted as a concern takes focus, records a
review with the keyboard only, and the review is found in the database. Set
``TRIAGE_REVIEW_SCREENSHOT=docs/review_page.png`` to refresh the README's screenshot.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving_testkit import CANARY, CHROMIUM, NO_CHROMIUM, launch_chromium, live

from referrals.redaction.engine import Redactor
from referrals.settings import Settings
from serving.app import create_app
from storage.tables import Review, Role
from storage.users import add_user

REFERRAL = (
    f"Call from Hartmoor Primary DSL about {CANARY}'s son, aged 8. He came in on Monday with a "
    "bruise on his cheek and said his dad hit him when he would not go to bed. Staff say he is "
    "often hungry, his uniform is dirty and he has missed eleven days this term. Mum told the "
    "teacher she is struggling with her mental health and that dad has been drinking again since "
    "he lost his job. Police were called to the house last month after neighbours heard shouting "
    '<script>alert("xss")</script> and a window was broken. The school has no other worries about '
    "his sister, who is 3 and goes to nursery."
)


@pytest.fixture
def live_server(serving_home: Path, redactor: Redactor, tmp_path: Path) -> Iterator[tuple[str, str, object]]:
    """The service on a free loopback port; yields its URL, a screener key and its state."""
    settings = Settings(home=serving_home, database_url=f"sqlite:///{tmp_path / 'browser.sqlite'}")
    app = create_app(settings, redactor=redactor)
    state = app.state.serving
    with state.database.session() as session:
        key = add_user(session, "browser-screener", Role.SCREENER)[1]
    with live(app) as url:
        yield url, key, state


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM)
def test_screener_reviews_a_referral_with_the_keyboard_only(live_server: tuple[str, str, object]) -> None:
    from playwright.sync_api import sync_playwright

    url, key, state = live_server
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1360, "height": 1000})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{url}/")
        assert page.url.endswith("/login?next=/")
        page.wait_for_function("document.activeElement && document.activeElement.id === 'key'")
        page.keyboard.type(key)  # the key field has focus on load (autofocus lands just after "load")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{url}/")

        page.focus("#text")
        page.keyboard.insert_text(REFERRAL)
        page.keyboard.press("Control+Enter")
        page.wait_for_url(f"{url}/review/*")

        narrative = page.inner_text("#narrative")
        assert CANARY not in page.content() and "[PERSON_1]" in narrative
        assert '<script>alert("xss")</script>' in narrative, "the injection is shown as text"
        assert page.locator("#narrative script").count() == 0 and not dialogs
        rows = page.locator("li.concern")
        assert rows.count() == 16
        first_with_evidence = page.evaluate(
            "() => Array.from(document.querySelectorAll('li.concern')).findIndex(row => "
            "document.querySelector('.ev[data-concerns~=\"' + row.dataset.concern + '\"]'))")
        assert first_with_evidence >= 0, "some concern has evidence"
        assert page.locator(".ev.hl").count() == 0
        for _ in range(first_with_evidence + 1):
            page.keyboard.press("j")
        assert page.locator(".ev.hl").count() > 0, "focusing a concern highlights its evidence"
        if os.environ.get("TRIAGE_REVIEW_SCREENSHOT"):
            page.screenshot(path=os.environ["TRIAGE_REVIEW_SCREENSHOT"], full_page=True)
        focused = page.evaluate("() => document.activeElement.value")
        was_ticked = page.evaluate("() => document.activeElement.checked")
        page.keyboard.press("x")
        assert page.evaluate("() => document.activeElement.checked") is (not was_ticked)
        page.keyboard.press("4")
        page.keyboard.press("s")
        page.wait_for_url(f"{url}/?saved=1")
        assert "Review saved" in page.inner_text("main")
        browser.close()

    with state.database.session() as session:  # type: ignore[attr-defined]
        reviews = session.query(Review).all()
        assert len(reviews) == 1
        review = reviews[0]
        assert review.need_level == "child_protection"
        assert (focused in review.concerns) is (not was_ticked)
        assert review.reviewer_id is not None
