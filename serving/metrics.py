"""Prometheus metrics for ``/metrics``, in a registry of the app's own.

Besides requests and latencies, the figures a service owner needs to watch the model:
suggestions by need level and how often it abstains (abstained / suggestions), reviews
by outcome, and how far reviewers agree with the model, per concern decision
(accept / (accept + reject + add)) and for the need level. One registry per app keeps
test apps from sharing counts.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    """Every metric the service exports."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("triage_http_requests", "HTTP requests by route and status",
                                ["route", "method", "status"], registry=r)
        self.latency = Histogram("triage_http_request_seconds", "Request latency by route",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=r)
        self.suggestions = Counter("triage_suggestions", "Suggestions made, by suggested need level",
                                   ["need_level"], registry=r)
        self.abstained = Counter("triage_suggestions_abstained",
                                 "Suggestions where the need-level model abstained", registry=r)
        self.reviews = Counter("triage_reviews", "Reviews recorded, by outcome", ["outcome"], registry=r)
        self.concern_decisions = Counter(
            "triage_review_concern_decisions",
            "Per-concern review decisions (accept = agreement with the model)", ["decision"], registry=r)
        self.need_level_agreement = Counter(
            "triage_review_need_level", "Reviews whose need level agrees with the suggestion",
            ["agrees"], registry=r)
        self.shed = Counter("triage_requests_shed", "Requests refused under load", ["reason"], registry=r)
        self.model_info = Gauge("triage_model_info", "The model being served (value 1)",
                                ["name", "version", "alias"], registry=r)
        self.waiting = Gauge("triage_model_queue", "Requests waiting for or running on the model",
                             registry=r)
