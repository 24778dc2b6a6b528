"""Protection from load: a rate limit per key, and a short bounded queue for the model.

One thread runs the model (redaction and scoring are CPU-bound and hold the GIL), so
requests beyond one at a time wait. ``AdmissionGate`` lets at most ``max_waiting`` wait
and none longer than ``queue_timeout_s``; the rest are answered 503 at once, so
overload sheds work with a clear error instead of growing an unbounded queue (and the
server's memory with it). ``RateLimiter`` is a token bucket per key: 429 with
``Retry-After`` when a key sends faster than its share.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from referrals.errors import TriageError

ERROR_BUSY = "the service is busy; retry in a moment"
T = TypeVar("T")
ERROR_RATE = "too many requests for this key; retry after {seconds} s"


class Overloaded(TriageError):
    """The model queue is full or the wait ran out (503)."""


class RateLimited(TriageError):
    """A key sent more than its share (429); ``retry_after`` in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(ERROR_RATE.format(seconds=retry_after))
        self.retry_after = retry_after


class AdmissionGate:
    """One thread runs every model call; a bounded, time-limited wait for the rest.

    A single dedicated thread (not whichever pool thread a request landed on) keeps the
    model's memory in one allocator arena and its caches warm, and makes "one at a time"
    a property of the design rather than of a lock.
    """

    def __init__(self, max_waiting: int, timeout_s: float) -> None:
        self.max_waiting = max_waiting
        self.timeout_s = timeout_s
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="triage-model")
        self._count_lock = threading.Lock()
        self.waiting = 0

    def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the model thread, or raise Overloaded when the queue is full or slow."""
        with self._count_lock:
            if self.waiting >= self.max_waiting + 1:
                raise Overloaded(ERROR_BUSY)
            self.waiting += 1
        try:
            future = self._worker.submit(work)
            try:
                return future.result(timeout=self.timeout_s)
            except FutureTimeout:
                future.cancel()
                raise Overloaded(ERROR_BUSY) from None
        finally:
            with self._count_lock:
                self.waiting -= 1

    def close(self) -> None:
        """Stop the model thread once queued work is done."""
        self._worker.shutdown(wait=True, cancel_futures=True)


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
