"""The moderation service's /metrics: requests, verdicts per category, inference latency and
the served model version move with real classify calls (tiny real model)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from opentok.observability.testing import sample_value


def test_classify_moves_the_moderation_series(client: TestClient) -> None:
    before = client.get("/metrics").text
    version = client.get("/healthz").json()["comment_model"]
    resp = client.post("/v1/comments:classify", json={"texts": ["what a lovely video", "great job"]})
    assert resp.status_code == 200
    results = resp.json()["results"]
    after = client.get("/metrics").text

    route = {"service": "moderation", "method": "POST", "route": "/v1/comments:classify", "status": "200"}
    assert sample_value(after, "opentok_http_requests_total", **route) == (
        sample_value(before, "opentok_http_requests_total", **route) + 1
    )
    count = "opentok_model_inference_seconds_count"
    assert sample_value(after, count, model="comment-moderation") > sample_value(
        before, count, model="comment-moderation"
    )
    verdicts = "opentok_moderation_verdicts_total"
    for verdict in {r["verdict"] for r in results}:
        assert sample_value(after, verdicts, subject="comment", verdict=verdict) > sample_value(
            before, verdicts, subject="comment", verdict=verdict
        )
    info = {"service": "moderation", "model": "comment-moderation", "version": version}
    assert sample_value(after, "opentok_model_info", **info) == 1
