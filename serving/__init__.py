"""Serving: the suggestion API and the screening staff's review page.

``create_app(settings)`` builds the FastAPI app; ``triage serve`` runs it under uvicorn.
Raw referral text lives only in memory during a request: it is redacted by the shared
engine before anything is stored, logged or shown.
"""
