"""Annotation end to end in headless Chromium, keyboard only (issue 13's "done when").

A file is imported with `triage annotate import` (two annotators, every item overlapped, half
of the answers decide-first); each annotator logs in and labels their queue with keys only;
they disagree on one item; an adjudicator settles it with keys and a typed reason; `triage
annotate export --project` gives contract records with provenance; and `triage train` trains
on them together with generated referrals. Set ``TRIAGE_ANNOTATE_SCREENSHOT=docs/annotate_page.png``
to refresh the README's screenshot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving_testkit import CANARY, CHROMIUM, NO_CHROMIUM, launch_chromium, live

from referrals.contract import Referral, read_referrals, write_referrals
from referrals.labels import load_scheme
from referrals.redaction.engine import Redactor
from referrals.settings import Settings
from referrals.synthetic import generate_referrals
from storage.tables import Role
from storage.users import add_user
from triage.app import create_app
from triage.cli import main

ITEMS = [
    (f"From the school nurse: {CANARY}'s daughter (Year 6) keeps coming in hungry and her shoes are "
    "split. Mum works nights and says she cannot afford new ones. No other worries."),
    ("PPN 2231: officers attended a verbal argument. Dad had been drinking; mum says it happens every "
    "weekend and she is scared of him. Two children at home, aged 2 and 5."),
    ("Parent self-referral: my son is 14 and will not go to school, he stays in his room all day "
    "and I do not know what to do. I want some help please."),
]
QUICK = ["--search", "{}", "--features.char_ngram_range", "null", "--concerns.calibration", "sigmoid"]
LEVEL_KEYS = {"information_advice": "1", "early_help": "2", "child_in_need": "3", "child_protection": "4"}


@pytest.fixture
def running_service(serving_home: Path, redactor: Redactor, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, str]]]:
    """The composed service on loopback, three users, and the CLI pointed at the same database."""
    database_url = f"sqlite:///{tmp_path / 'annotate.sqlite'}"
    monkeypatch.setenv("TRIAGE_DATABASE_URL", database_url)
    app = create_app(Settings(home=serving_home, database_url=database_url), redactor=redactor)
    with app.state.serving.database.session() as session:
        keys = {name: add_user(session, name, role)[1] for name, role in (
            ("ann-a", Role.ANNOTATOR), ("ann-b", Role.ANNOTATOR), ("adj", Role.ADJUDICATOR))}
    with live(app) as url:
        yield url, keys


def log_in(page: Any, url: str, key: str) -> None:
    """Open the annotation pages; the login form comes first, with its key field focused."""
    page.goto(f"{url}/annotate")
    page.wait_for_url(f"{url}/login?next=/annotate")
    # Chromium applies autofocus a moment after "load": wait for it, or the first keys are lost.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'key'")
    page.keyboard.type(key)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/annotate")


def label_queue(page: Any, url: str, choices: dict[str, tuple[str, str]]) -> list[str]:
    """Label every item with keys only: ``choices[item] = (key of a concern row, level id)``."""
    stages = []
    with page.expect_navigation():
        page.keyboard.press("l")
    while True:
        if "done=" in page.url:
            return stages
        item_id = page.url.rsplit("/", 1)[1]
        stage = page.get_attribute("input[name=stage]", "value")
        stages.append(stage)
        if stage == "final":
            assert page.locator("#committed").count() == 1 and page.locator(".prob").count() > 0
            if os.environ.get("TRIAGE_ANNOTATE_SCREENSHOT"):
                page.screenshot(path=os.environ["TRIAGE_ANNOTATE_SCREENSHOT"], full_page=True)
            with page.expect_navigation():
                page.keyboard.press("s")  # keep the committed answer
        else:
            if stage == "commit":
                assert page.locator(".prob").count() == 0, "decide-first hides the suggestion"
            rows, level = choices[item_id]
            page.keyboard.press("g")
            assert page.locator("#guideline").is_visible(), "the guideline is one key away"
            page.keyboard.press("Escape")
            for _ in range(int(rows)):
                page.keyboard.press("j")
            page.keyboard.press("x")
            page.keyboard.press(LEVEL_KEYS[level])
            with page.expect_navigation():
                page.keyboard.press("s")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM)
def test_import_label_adjudicate_export_and_train(running_service: tuple[str, dict[str, str]],
                                                  tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, keys = running_service
    source = tmp_path / "items.jsonl"
    write_referrals(source, [Referral(id=f"e{i}", text=text) for i, text in enumerate(ITEMS)])
    assert main(["annotate", "import", str(source), "--project", "e2e", "--annotators", "ann-a,ann-b",
                 "--overlap", "1", "--decide-first", "0.5", "--seed", "5"]) == 0
    agreed = {"e0": ("1", "early_help"), "e1": ("5", "child_in_need"), "e2": ("8", "early_help")}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        stages: list[str] = []
        for annotator, choices in (("ann-a", agreed), ("ann-b", {**agreed, "e1": ("5", "child_protection")})):
            page = browser.new_context(viewport={"width": 1360, "height": 1000}).new_page()
            log_in(page, url, keys[annotator])
            assert CANARY not in page.content()
            stages += label_queue(page, url, choices)
            assert CANARY not in page.content()
        assert stages.count("commit") == stages.count("final") >= 1 and "answer" in stages

        page = browser.new_context().new_page()
        log_in(page, url, keys["adj"])
        page.keyboard.press("l")
        page.wait_for_url(f"{url}/annotate/e2e/adjudicate")
        page.keyboard.press("l")
        page.wait_for_url(f"{url}/annotate/e2e/adjudicate/e1")
        page.keyboard.press("4")
        page.keyboard.press("r")
        page.keyboard.type(f"Rule S4: dad's drinking and {CANARY} scared: protection level")
        page.keyboard.press("Control+Enter")
        page.wait_for_url(f"{url}/annotate/e2e/adjudicate")
        assert page.locator("#all-settled").count() == 1
        browser.close()

    exported = tmp_path / "export"
    assert main(["annotate", "export", "--project", "e2e", "--out", str(exported),
                 "--base-config", "training/configs/default.yaml"]) == 0
    records = {r.id: r for r in read_referrals(exported / "annotation.jsonl", load_scheme()).referrals}
    assert set(records) == {"e0", "e1", "e2"}
    assert all(CANARY not in r.text for r in records.values())
    settled = records["e1"]
    assert settled.provenance is not None and settled.provenance.kind == "adjudication"
    assert (settled.provenance.adjudicator, settled.need_level) == ("adj", "child_protection")
    assert CANARY not in (settled.provenance.reason or "") and "Rule S4" in (settled.provenance.reason or "")
    assert records["e0"].provenance is not None and records["e0"].provenance.kind == "annotation"
    assert (records["e0"].need_level, records["e0"].concerns) == ("early_help", ["neglect"])

    generated = tmp_path / "generated.jsonl"
    write_referrals(generated, generate_referrals(300, seed=8))
    # A process of its own, as a data scientist would run it: MLflow's tracking URI is process-wide,
    # and this one must not register a version in the store the other serving tests read.
    env = {**os.environ, "TRIAGE_HOME": str(tmp_path / "train-home"), "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false"}
    for inherited in ("TRIAGE_DATABASE_URL", "MLFLOW_TRACKING_URI", "MLFLOW_REGISTRY_URI"):
        env.pop(inherited, None)  # mlflow.set_tracking_uri exports the serving tests' store
    trained = subprocess.run(  # noqa: PLW1510 (the return code is asserted below)
        [sys.executable, "-m", "triage", "train", "--config", str(exported / "training.yaml"),
         "--data", f"generated={generated}", "--data", f"annotation={exported / 'annotation.jsonl'}",
         "--sources.generated.calibrate", "true", *QUICK], capture_output=True, text=True, env=env, timeout=600)
    assert trained.returncode == 0, trained.stderr[-2000:]
    assert "annotation" in trained.stdout + trained.stderr
