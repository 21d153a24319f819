"""Every moderation route but health and metrics needs the shared service token; the acting
admin comes from the gateway's header, never from the body."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from opentok.api.service_auth import ACTOR_HEADER, TOKEN_HEADER, service_headers
from opentok.db.session import session_scope
from opentok.models import DecisionSource, ModerationDecision, SubjectType, User


def _routes(app) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Every (path, methods) of the OpenAPI document except health."""
    paths = app.openapi()["paths"]
    return [(p, [m.upper() for m in ops]) for p, ops in paths.items() if p != "/healthz"]


def test_every_route_but_health_and_metrics_refuses_callers_without_the_token(
    degraded_client: TestClient,
) -> None:
    app = degraded_client.app
    routes = _routes(app)
    assert len(routes) >= 6
    with TestClient(app) as anonymous:
        for path, methods in routes:
            for method in methods:
                for headers in (
                    {},
                    {TOKEN_HEADER: "wrong"},
                    {TOKEN_HEADER: service_headers()[TOKEN_HEADER][:-1]},
                ):
                    resp = anonymous.request(method, path.replace("{", "").replace("}", ""), headers=headers)
                    assert resp.status_code == 401, (method, path, resp.text)
                    assert resp.json()["error"]["code"] == "service_token_required"
        assert anonymous.get("/healthz").status_code == 200
        assert anonymous.get("/metrics").status_code == 200
    assert degraded_client.get("/v1/policy").status_code == 200  # the token opens it


def test_policy_actor_comes_from_the_gateway_header_not_the_body(client: TestClient) -> None:
    with session_scope() as session:
        admin = User(username="boss", email="boss@example.com", password_hash="x", display_name="boss")
        session.add(admin)
        session.flush()
        admin_id = admin.id
    body = {"thresholds": {"H": {"review": 0.25}}, "note": "tighter"}
    spoofed = client.put("/v1/policy", json={**body, "actor_id": admin_id})
    assert spoofed.status_code == 422 and spoofed.json()["error"]["field"] == "actor_id"
    ok = client.put("/v1/policy", json=body, headers={ACTOR_HEADER: str(admin_id)})
    assert ok.status_code == 200, ok.text
    assert client.put("/v1/policy", json=body, headers={ACTOR_HEADER: "1; drop"}).status_code == 422
    with session_scope() as session:
        audit = session.scalars(
            select(ModerationDecision).where(ModerationDecision.subject_type == SubjectType.policy)
        ).all()
        assert [(a.actor_id, a.source) for a in audit] == [(admin_id, DecisionSource.human)]
