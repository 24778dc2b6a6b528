"""The service end to end on both databases: suggest, review, export."""

from __future__ import annotations

from serving_testkit import AppFactory


def test_suggest_review_and_export_on_each_database(start_app: AppFactory, database_url: str) -> None:
    running = start_app(database_url=database_url)
    created = running.client.post("/v1/suggestions", json={"text": "Dad hit mum in front of the kids."},
                                  headers=running.auth("screener"))
    assert created.status_code == 200
    review = running.client.post(f"/v1/suggestions/{created.json()['id']}/review",
                                 json={"need_level": "child_in_need", "comment": "Seen before."},
                                 headers=running.auth("screener"))
    assert review.status_code == 201
    exported = running.client.get("/v1/reviews", headers=running.auth("evaluator")).json()
    assert [item["referral"]["id"] for item in exported["reviews"]] == [created.json()["id"]]
    assert running.client.get("/readyz").json()["ready"] is True
