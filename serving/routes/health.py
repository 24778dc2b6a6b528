"""Health checks (open, for probes) and Prometheus metrics (behind a key)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from serving.deps import MetricsReaderDep, StateDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Alive: the process answers")
def healthz() -> dict[str, str]:
    """Always 200 while the process runs."""
    return {"status": "alive"}


@router.get("/readyz", summary="Ready: model loaded and verified, database reachable")
def readyz(state: StateDep) -> JSONResponse:
    """200 when ready; 503 with the reasons (no paths, no internals) when not."""
    problems = state.problems()
    model = None
    if state.models.ready:
        current = state.models.current()
        model = {"name": current.name, "version": current.version, "alias": current.alias}
    body = {"ready": not problems, "model": model, "problems": problems}
    return JSONResponse(body, status_code=200 if not problems else 503)


@router.get("/metrics", summary="Prometheus metrics")
def metrics(state: StateDep, principal: MetricsReaderDep) -> Response:
    """Requests, latencies, suggestions by need level, abstentions, reviews and agreement."""
    state.metrics.waiting.set(state.gate.waiting)
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
