"""Protection from load: a rate limit per key, and a short bounded queue for the model.

One thread runs the model (redaction and scoring are CPU-bound and hold the GIL), so
requests beyond one at a time wait. ``AdmissionGate`` lets at most ``max_waiting`` wait
and none longer than ``queue_timeout_s``; the rest are answered 503 at once, so
overload sheds work with a clear error instead of growing an unbounded queue (and the
server's memory with it). Suggestion requests that are waiting together are scored in
one batch call when the model thread comes free (``run_together``, awaited by the routes). ``RateLimiter`` is a token bucket per key: 429 with
``Retry-After`` when a key sends faster than its share.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar, cast

from referrals.errors import TriageError

ERROR_BUSY = "the service is busy; retry in a moment"
T = TypeVar("T")
I = TypeVar("I")
R = TypeVar("R")
ERROR_RATE = "too many requests for this key; retry after {seconds} s"


class Overloaded(TriageError):
    """The model queue is full or the wait ran out (503)."""


class RateLimited(TriageError):
    """A key sent more than its share (429); ``retry_after`` in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(ERROR_RATE.format(seconds=retry_after))
        self.retry_after = retry_after


@dataclass
class _Job:
    """One caller's work: a plain call, or items to be scored together with their neighbours."""

    future: Future[Any]
    work: Callable[[], Any] | None = None
    key: Hashable = None
    batch: Callable[[list[Any]], list[Any]] | None = None
    items: list[Any] = field(default_factory=list)

    def joins(self, head: _Job) -> bool:
        """True when this job may run in one call with ``head``: both coalescable, same key."""
        return self.batch is not None and head.batch is not None and self.key == head.key


class AdmissionGate:
    """One thread runs every model call; a bounded, time-limited wait for the rest.

    A single dedicated thread (not whichever pool thread a request landed on) keeps the
    model's memory in one allocator arena and its caches warm, and makes "one at a time"
    a property of the design rather than of a lock.

    Work sent with :meth:`run_together` coalesces: when the model thread comes free it
    takes the job at the head of the queue and every queued job right behind it with the
    same key, up to ``max_coalesce`` items, and runs them as one batch. A batch costs less
    per referral than single calls (spaCy's ``pipe`` and one matrix product), so requests
    that arrive in a bunch stop paying for each other one by one. Nothing waits to form a
    batch: a lone request runs at once.
    """

    def __init__(self, max_waiting: int, timeout_s: float, max_coalesce: int = 8) -> None:
        self.max_waiting = max_waiting
        self.timeout_s = timeout_s
        self.max_coalesce = max(1, max_coalesce)
        self.waiting = 0
        self.coalesced_runs = 0
        self._count_lock = threading.Lock()
        self._queue: deque[_Job] = deque()
        self._ready = threading.Condition()
        self._closing = False
        self._thread = threading.Thread(target=self._serve, name="triage-model", daemon=True)
        self._thread.start()

    @property
    def queued(self) -> int:
        """Jobs waiting for the model thread (not counting the one it is running)."""
        return len(self._queue)

    def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the model thread, or raise Overloaded when the queue is full or slow."""
        return cast(T, self._wait_for(_Job(future=Future(), work=work)))

    async def run_together(
        self, key: Hashable, batch: Callable[[list[I]], list[R]], items: Sequence[I]
    ) -> list[R]:
        """Run ``batch(items)`` on the model thread, possibly in one call with other callers' items.

        ``batch`` must return one result per item, in order, and give each item the same
        result alone or beside others. Jobs coalesce only with equal ``key`` (say, the same
        model and redactor). If a coalesced call raises, each job is run again on its own,
        so an error reaches only the caller whose items caused it. The caller's event loop
        waits; no pool thread is held (a blocking wait costs two thread hand-offs per
        request). A job the gate drops on closing is Overloaded (503), like a full queue.
        """
        job = _Job(future=Future(), key=key, batch=batch, items=list(items))
        self._admit(job)
        try:
            return cast(list[R], await asyncio.wait_for(asyncio.wrap_future(job.future), self.timeout_s))
        except TimeoutError:
            job.future.cancel()
            raise Overloaded(ERROR_BUSY) from None
        except asyncio.CancelledError:
            if self._closing and job.future.cancelled():
                raise Overloaded(ERROR_BUSY) from None
            raise
        finally:
            with self._count_lock:
                self.waiting -= 1

    def close(self) -> None:
        """Stop the model thread once the running work is done; queued work is cancelled."""
        with self._ready:
            self._closing = True
            for job in self._queue:
                job.future.cancel()
            self._queue.clear()
            self._ready.notify_all()
        if threading.current_thread() is not self._thread:
            self._thread.join()

    def _admit(self, job: _Job) -> None:
        """Count ``job`` as waiting and queue it, or raise Overloaded (counted out again)."""
        with self._count_lock:
            if self.waiting >= self.max_waiting + 1:
                raise Overloaded(ERROR_BUSY)
            self.waiting += 1
        with self._ready:
            if self._closing:
                with self._count_lock:
                    self.waiting -= 1
                raise Overloaded(ERROR_BUSY)
            self._queue.append(job)
            self._ready.notify()

    def _wait_for(self, job: _Job) -> Any:
        """Queue ``job`` if there is room and wait for it, at most ``timeout_s``."""
        self._admit(job)
        try:
            try:
                return job.future.result(timeout=self.timeout_s)
            except FutureTimeout:
                job.future.cancel()  # a job not yet taken is dropped; one running finishes unseen
                raise Overloaded(ERROR_BUSY) from None
        finally:
            with self._count_lock:
                self.waiting -= 1

    def _serve(self) -> None:
        """The model thread: take the next jobs, run them, repeat until closed."""
        while True:
            with self._ready:
                while not self._queue and not self._closing:
                    self._ready.wait()
                if self._closing and not self._queue:
                    return
                jobs = self._take()
            started = [job for job in jobs if job.future.set_running_or_notify_cancel()]
            if started:
                self._execute(started)

    def _take(self) -> list[_Job]:
        """The head job and, if coalescable, the same-key jobs queued right behind it."""
        head = self._queue.popleft()
        jobs, count = [head], len(head.items)
        while (self._queue and self._queue[0].joins(head)
               and count + len(self._queue[0].items) <= self.max_coalesce):
            jobs.append(self._queue.popleft())
            count += len(jobs[-1].items)
        return jobs

    def _execute(self, jobs: list[_Job]) -> None:
        """Run plain work, one batch call for coalesced jobs, or each job alone."""
        head = jobs[0]
        if head.batch is None:
            _settle(head.future, head.work or _nothing)
            return
        if len(jobs) > 1 and self._run_coalesced(jobs):
            return
        for job in jobs:
            _settle(job.future, partial(job.batch or _nothing, job.items))

    def _run_coalesced(self, jobs: list[_Job]) -> bool:
        """One batch call for every job's items; False, settling nothing, if it failed."""
        items = [item for job in jobs for item in job.items]
        try:
            results = jobs[0].batch(items) if jobs[0].batch else []
        except Exception:  # noqa: BLE001 - each job is rerun alone and meets its own error
            return False
        if len(results) != len(items):
            return False
        self.coalesced_runs += 1
        offset = 0
        for job in jobs:
            job.future.set_result(results[offset:offset + len(job.items)])
            offset += len(job.items)
        return True


def _nothing(*_: Any) -> None:
    """Stands in for absent work (never reached: a job always carries work or a batch)."""


def _settle(future: Future[Any], work: Callable[[], Any]) -> None:
    """Run ``work`` and hand its result, or its error, to ``future``'s caller."""
    try:
        future.set_result(work())
    except BaseException as error:  # noqa: BLE001 - the caller re-raises it
        future.set_exception(error)


class RateLimiter:
    """A token bucket per key id: ``per_minute`` sustained, ``burst`` at once."""

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key_id: int) -> None:
        """Take one token for ``key_id`` or raise RateLimited."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key_id] = (tokens, now)
                raise RateLimited(max(1, int((1.0 - tokens) / self.rate + 0.999)))
            self._buckets[key_id] = (tokens - 1.0, now)
