"""The model gate coalesces queued requests into one batch call, and still sheds overload.

Unit tests drive :class:`serving.limits.AdmissionGate` with toy work (no model) so what ran
together, in which order, is known exactly; the API tests then hold the real model thread,
queue several referrals and check each caller got its own suggestion, the same as alone.
No test here measures time: waits are on events, with generous limits.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from serving_testkit import AppFactory, Running

from serving.limits import AdmissionGate, Overloaded


class Recorder:
    """A batch function that remembers each call's items; an item "bad" makes a call fail."""

    def __init__(self) -> None:
        self.calls: list[list[Any]] = []

    def __call__(self, items: list[Any]) -> list[Any]:
        self.calls.append(list(items))
        if "bad" in items:
            raise ValueError("bad item")
        return [f"result of {item}" for item in items]


def wait_until(condition: Callable[[], bool], limit_s: float = 10.0) -> None:
    """Poll ``condition`` (a correctness wait, not a timing assertion)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.005)


@contextmanager
def model_thread_held(gate: AdmissionGate) -> Iterator[threading.Event]:
    """Occupy the model thread until the yielded event is set (or the block ends)."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        held.set()
        release.wait(20)

    def occupy() -> None:
        try:
            gate.run(hold)
        except Overloaded:  # a gate with a short timeout gives up on its occupier too
            pass

    occupier = threading.Thread(target=occupy)
    occupier.start()
    assert held.wait(10)
    try:
        yield release
    finally:
        release.set()
        occupier.join(20)


def submit_in_order(pool: ThreadPoolExecutor, gate: AdmissionGate,
                    jobs: list[Callable[[], Any]]) -> list[Any]:
    """Submit callers one by one, each queued before the next starts, so queue order is known."""
    futures = []
    for job in jobs:
        before = gate.queued
        futures.append(pool.submit(job))
        wait_until(lambda before=before: gate.queued == before + 1)
    return futures


def together(gate: AdmissionGate, key: str, batch: Recorder, items: list[Any]) -> list[Any]:
    """A caller from a thread of its own: its own event loop awaits the gate."""
    return list(asyncio.run(gate.run_together(key, batch, items)))


@pytest.fixture
def gate() -> Iterator[AdmissionGate]:
    made = AdmissionGate(max_waiting=16, timeout_s=20, max_coalesce=4)
    yield made
    made.close()


def test_queued_requests_run_as_one_batch_and_each_gets_its_own_result(gate: AdmissionGate) -> None:
    batch = Recorder()
    with ThreadPoolExecutor(4) as pool, model_thread_held(gate) as release:
        futures = submit_in_order(pool, gate, [
            lambda item=item: together(gate, "model", batch, [item]) for item in ("a", "b", "c")])
        release.set()
        results = [future.result(20) for future in futures]
    assert batch.calls == [["a", "b", "c"]]
    assert results == [["result of a"], ["result of b"], ["result of c"]]
    assert gate.coalesced_runs == 1


def test_a_lone_request_runs_at_once_without_waiting_for_company(gate: AdmissionGate) -> None:
    batch = Recorder()
    assert together(gate, "model", batch, ["a", "b"]) == ["result of a", "result of b"]
    assert batch.calls == [["a", "b"]]
    assert gate.coalesced_runs == 0


def test_an_error_in_one_coalesced_request_reaches_only_that_request(gate: AdmissionGate) -> None:
    batch = Recorder()
    with ThreadPoolExecutor(4) as pool, model_thread_held(gate) as release:
        futures = submit_in_order(pool, gate, [
            lambda item=item: together(gate, "model", batch, [item]) for item in ("a", "bad", "c")])
        release.set()
        with pytest.raises(ValueError, match="bad item"):
            futures[1].result(20)
        assert futures[0].result(20) == ["result of a"]
        assert futures[2].result(20) == ["result of c"]
    assert batch.calls == [["a", "bad", "c"], ["a"], ["bad"], ["c"]]


def test_only_same_key_neighbours_coalesce_and_plain_work_keeps_its_place(gate: AdmissionGate) -> None:
    batch, order = Recorder(), []
    with ThreadPoolExecutor(6) as pool, model_thread_held(gate) as release:
        futures = submit_in_order(pool, gate, [
            lambda: together(gate, "model v1", batch, ["a"]),
            lambda: together(gate, "model v1", batch, ["b"]),
            lambda: gate.run(lambda: order.append("comment")),
            lambda: together(gate, "model v1", batch, ["c"]),
            lambda: together(gate, "model v2", batch, ["d"]),
        ])
        release.set()
        for future in futures:
            future.result(20)
    assert batch.calls == [["a", "b"], ["c"], ["d"]]
    assert order == ["comment"]


def test_a_batch_never_grows_past_max_coalesce_items(gate: AdmissionGate) -> None:
    batch = Recorder()
    with ThreadPoolExecutor(8) as pool, model_thread_held(gate) as release:
        futures = submit_in_order(pool, gate, [
            lambda: together(gate, "model", batch, ["a", "b", "c"]),
            lambda: together(gate, "model", batch, ["d"]),
            lambda: together(gate, "model", batch, ["e"]),
            lambda: together(gate, "model", batch, ["f", "g", "h", "i", "j"]),
        ])
        release.set()
        for future in futures:
            future.result(20)
    assert batch.calls == [["a", "b", "c", "d"], ["e"], ["f", "g", "h", "i", "j"]]


def test_overload_is_still_shed_at_once_when_the_queue_is_full() -> None:
    gate = AdmissionGate(max_waiting=1, timeout_s=20, max_coalesce=8)
    batch = Recorder()
    try:
        with ThreadPoolExecutor(2) as pool, model_thread_held(gate) as release:
            (queued,) = submit_in_order(pool, gate, [lambda: together(gate, "model", batch, ["a"])])
            with pytest.raises(Overloaded):
                together(gate, "model", batch, ["b"])
            release.set()
            assert queued.result(20) == ["result of a"]
        assert batch.calls == [["a"]]
    finally:
        gate.close()


def test_a_request_that_waits_too_long_gets_503_and_is_never_run() -> None:
    gate = AdmissionGate(max_waiting=4, timeout_s=0.2, max_coalesce=8)
    batch = Recorder()
    try:
        with model_thread_held(gate), pytest.raises(Overloaded):
            together(gate, "model", batch, ["late"])
        assert together(gate, "model", batch, ["next"]) == ["result of next"]
        assert batch.calls == [["next"]]
        assert gate.waiting == 0
    finally:
        gate.close()


def test_closing_cancels_queued_work_and_refuses_new_work() -> None:
    gate = AdmissionGate(max_waiting=4, timeout_s=20, max_coalesce=8)
    batch = Recorder()
    with ThreadPoolExecutor(2) as pool, model_thread_held(gate) as release:
        (queued,) = submit_in_order(pool, gate, [lambda: together(gate, "model", batch, ["a"])])
        closer = threading.Thread(target=gate.close)
        closer.start()
        wait_until(lambda: gate.queued == 0)
        release.set()
        closer.join(20)
        with pytest.raises(Overloaded):  # dropped on closing: 503, like a full queue
            queued.result(20)
    with pytest.raises(Overloaded):
        gate.run(lambda: None)
    assert batch.calls == []


def test_callers_on_one_event_loop_coalesce_are_shed_and_time_out() -> None:
    """Callers on one event loop (as in the server) coalesce, are shed when the queue is full and time out."""
    gate = AdmissionGate(max_waiting=2, timeout_s=20, max_coalesce=8)
    batch = Recorder()

    async def scenario(release: threading.Event) -> list[Any]:
        waiting = [asyncio.ensure_future(gate.run_together("model", batch, [item])) for item in ("a", "b")]
        while gate.queued < 2:
            await asyncio.sleep(0.005)
        with pytest.raises(Overloaded):  # the queue is full: refused at once
            await gate.run_together("model", batch, ["c"])
        release.set()
        return list(await asyncio.gather(*waiting))

    try:
        with model_thread_held(gate) as release:
            results = asyncio.run(scenario(release))
        assert results == [["result of a"], ["result of b"]]
        assert batch.calls == [["a", "b"]]
        assert gate.waiting == 0
    finally:
        gate.close()
    slow = AdmissionGate(max_waiting=4, timeout_s=0.2, max_coalesce=8)
    try:
        with model_thread_held(slow), pytest.raises(Overloaded):
            asyncio.run(slow.run_together("model", batch, ["late"]))
        assert asyncio.run(slow.run_together("model", batch, ["next"])) == ["result of next"]
        assert ["late"] not in batch.calls and slow.waiting == 0
    finally:
        slow.close()


# --- the real model: coalesced API requests ---------------------------------------------------

REFERRALS = [
    ("Mum Shazia Begum was drunk and the children were left alone overnight.", None),
    ("Police attended a domestic incident; dad Tomasz Nowak hit mum in front of the children.",
     ["Tomasz Nowak"]),
    ("Young person Kayden Price missing from home for three nights, found with older males.", None),
    (("Health visitor reports the baby was left alone in the flat overnight while mum went out "
      "drinking. The home was cold and there was no food in the cupboards."), None),
]


def shown(body: dict[str, Any]) -> dict[str, Any]:
    """What a caller is shown for a referral, less the per-request id and time."""
    return {key: body[key] for key in ("redacted_text", "redactions", "suggestion", "model")}


def post(running: Running, text: str, known: list[str] | None) -> Any:
    payload: dict[str, Any] = {"text": text}
    if known:
        payload["known_identifiers"] = known
    return running.client.post("/v1/suggestions", json=payload, headers=running.auth("screener"))


def post_while_held(running: Running, referrals: list[tuple[str, list[str] | None]]) -> list[Any]:
    """Queue the referrals behind a held model thread, release it, and return the responses."""
    gate = running.app.state.serving.gate
    with ThreadPoolExecutor(len(referrals)) as pool, model_thread_held(gate) as release:
        futures = submit_in_order(pool, gate, [
            lambda text=text, known=known: post(running, text, known) for text, known in referrals])
        release.set()
        return [future.result(60) for future in futures]


def test_coalesced_requests_each_get_their_own_suggestion_the_same_as_alone(
    start_app: AppFactory,
) -> None:
    running = start_app()
    alone = [post(running, text, known).json() for text, known in REFERRALS]
    before = running.app.state.serving.gate.coalesced_runs
    together = post_while_held(running, REFERRALS)
    assert running.app.state.serving.gate.coalesced_runs == before + 1
    assert [response.status_code for response in together] == [200] * len(REFERRALS)
    bodies = [response.json() for response in together]
    assert [shown(body) for body in bodies] == [shown(body) for body in alone]
    assert "Tomasz Nowak" not in bodies[1]["redacted_text"]
    assert len({body["id"] for body in bodies}) == len(REFERRALS)
    for body in bodies:
        stored = running.client.get(f"/v1/suggestions/{body['id']}", headers=running.auth("screener"))
        assert shown(stored.json()) == shown(body)


def test_a_failing_referral_among_coalesced_ones_fails_alone(
    start_app: AppFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    running = start_app()
    expected = [post(running, text, known).json() for text, known in REFERRALS[:2]]
    bundle = running.app.state.serving.models.current().bundle
    real_suggest = bundle.suggest

    def suggest_unless_poisoned(texts: list[str]) -> Any:
        if any("POISON" in text for text in texts):
            raise RuntimeError("the model failed on this referral")
        return real_suggest(texts)

    monkeypatch.setattr(bundle, "suggest", suggest_unless_poisoned)
    responses = post_while_held(running, [REFERRALS[0], ("POISON in this referral.", None), REFERRALS[1]])
    assert [response.status_code for response in responses] == [200, 500, 200]
    assert shown(responses[0].json()) == shown(expected[0])
    assert shown(responses[2].json()) == shown(expected[1])
    assert "POISON" not in responses[1].text


# --- the collector: the long-lived heap is frozen after each load -----------------------------

def test_after_a_load_the_model_is_out_of_the_collectors_sight_and_a_replaced_one_is_reclaimed(
    running: Running,
) -> None:
    holder = running.app.state.serving.models
    assert gc.get_freeze_count() > 0, "the warmed-up heap should be frozen"
    replaced = weakref.ref(holder.current().bundle)
    holder.load()
    assert holder.current().bundle is not replaced()
    assert replaced() is None, "a reload must hand the old model back to the collector"
    assert gc.get_freeze_count() > 0
