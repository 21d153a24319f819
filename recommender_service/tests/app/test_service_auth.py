"""Every recommender route but health and metrics needs the shared service token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from opentok.api.service_auth import TOKEN_HEADER


def _routes(app) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Every (path, methods) of the OpenAPI document except health."""
    paths = app.openapi()["paths"]
    return [(p, [m.upper() for m in ops]) for p, ops in paths.items() if p != "/healthz"]


def test_every_route_but_health_and_metrics_refuses_callers_without_the_token(client: TestClient) -> None:
    app = client.app
    routes = _routes(app)
    assert {"/v1/rebuild", "/v1/events", "/v1/recommendations"} <= {path for path, _ in routes}
    with TestClient(app) as anonymous:
        for path, methods in routes:
            for method in methods:
                for headers in ({}, {TOKEN_HEADER: "not-the-token"}):
                    resp = anonymous.request(method, path.replace("{video_id}", "1"), headers=headers)
                    assert resp.status_code == 401, (method, path, resp.text)
        assert anonymous.get("/healthz").status_code == 200
        assert anonymous.get("/metrics").status_code == 200
    assert client.get("/v1/trending").status_code == 200
