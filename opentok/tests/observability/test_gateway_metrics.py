"""The gateway's /metrics over real HTTP: the request series move when requests happen."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families


def sample(api: httpx.Client, name: str, **labels: str) -> float:
    """The value of one series in the gateway's /metrics (0 when absent)."""
    resp = api.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    for family in text_string_to_metric_families(resp.text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


def test_request_counter_and_latency_use_the_route_template(api: httpx.Client) -> None:
    labels = {"service": "gateway", "method": "GET", "route": "/api/users/{username}", "status": "404"}
    before = sample(api, "opentok_http_requests_total", **labels)
    for name in ("nobody_here_1", "nobody_here_2"):
        assert api.get(f"/api/users/{name}").status_code == 404
    assert sample(api, "opentok_http_requests_total", **labels) == before + 2
    latency = {"service": "gateway", "method": "GET", "route": "/api/users/{username}"}
    assert sample(api, "opentok_http_request_duration_seconds_count", **latency) >= 2


def test_metrics_endpoint_is_not_shadowed_and_lists_every_family(api: httpx.Client) -> None:
    text = api.get("/metrics").text
    for family in (
        "opentok_http_requests_total",
        "opentok_http_request_duration_seconds",
        "opentok_http_request_errors_total",
        "opentok_moderation_verdicts_total",
        "opentok_model_inference_seconds",
        "opentok_feed_fallbacks_total",
        "opentok_celery_task_duration_seconds",
    ):
        assert f"# TYPE {family}" in text, family
    # /metrics itself is not counted, so scrapes do not drown the real traffic
    assert 'route="/metrics"' not in text


def test_request_id_is_echoed_or_created(api: httpx.Client) -> None:
    resp = api.get("/healthz", headers={"X-Request-ID": "abc-123.def"})
    assert resp.headers["x-request-id"] == "abc-123.def"
    made = api.get("/healthz").headers["x-request-id"]
    assert len(made) == 32 and made != api.get("/healthz").headers["x-request-id"]
    # ids that could forge log lines are replaced, never echoed
    forged = "bad id\ttab"
    assert api.get("/healthz", headers={"X-Request-ID": forged}).headers["x-request-id"] != forged
