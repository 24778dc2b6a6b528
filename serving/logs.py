"""JSON-lines logging: one object per line, with ids, routes, statuses and latencies.

Narrative text never reaches a log: the access line names the route template (not a
query string), and errors are logged as their type and the code location, never their
message, because a library's message can quote its input.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

ACCESS_LOGGER = "triage.access"
ACCESS_FIELDS = ("request_id", "route", "method", "status", "latency_ms", "user", "outcome")


class JsonLineFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, logger, message, access fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ACCESS_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send every logger to stderr as JSON lines (replaces earlier handlers on the root)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("presidio-analyzer", "mlflow", "alembic", "urllib3", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def error_location(error: BaseException) -> str:
    """``Type at file:line in function`` for the innermost frame: no message, no values."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
    return f"{type(error).__name__}{where}"
