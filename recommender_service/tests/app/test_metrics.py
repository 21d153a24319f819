"""The recommender's /metrics: request series by route template."""

from __future__ import annotations

from fastapi.testclient import TestClient

from opentok.observability.testing import sample_value


def test_requests_are_counted_by_route_template(client: TestClient) -> None:
    labels = {"service": "recommender", "method": "GET", "route": "/healthz", "status": "200"}
    before = sample_value(client.get("/metrics").text, "opentok_http_requests_total", **labels)
    assert client.get("/healthz").status_code == 200
    assert sample_value(client.get("/metrics").text, "opentok_http_requests_total", **labels) == before + 1
    assert client.get("/healthz").headers["x-request-id"]
