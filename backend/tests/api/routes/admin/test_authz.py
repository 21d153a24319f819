"""The API, not only the dashboard, keeps ordinary users out of every admin endpoint."""

from __future__ import annotations

import re

import pytest

STAFF_PREFIXES = ("/api/admin", "/api/analytics")


def _staff_routes() -> list[tuple[str, str]]:
    """Every staff route the gateway declares, read from its own OpenAPI document, so a
    route added later (by any branch) is checked without editing this list."""
    from backend.app.main import app

    paths = app.openapi()["paths"]
    routes = [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, ops in paths.items()
        if path.startswith(STAFF_PREFIXES)
        for method in ops
    ]
    return sorted(routes)


ROUTES = _staff_routes()


def test_the_admin_api_is_all_there():  # type: ignore[no-untyped-def]
    expected = [
        ("GET", "/api/admin/queue"),
        ("POST", "/api/admin/decisions"),
        ("POST", "/api/admin/decisions/bulk"),
        ("GET", "/api/admin/decisions"),
        ("GET", "/api/admin/decisions/agreement"),
        ("GET", "/api/admin/users"),
        ("GET", "/api/admin/users/1"),
        ("POST", "/api/admin/users/1/status"),
        ("GET", "/api/admin/policy"),
        ("PUT", "/api/admin/policy"),
        ("GET", "/api/admin/models"),
        ("GET", "/api/analytics/dashboard"),
    ]
    assert set(expected) <= set(ROUTES)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_ordinary_user_is_refused_everywhere(api, make_user, method, path):  # type: ignore[no-untyped-def]
    """Roles are checked before the body or the query is looked at: 403, never 422."""
    user = make_user()
    body = {} if method in ("POST", "PUT", "PATCH") else None
    resp = api.request(method, path, headers=user.headers, json=body)
    assert resp.status_code == 403, resp.text
    assert resp.json()["error"]["code"] == "forbidden"
    assert api.request(method, path, json=body).status_code == 401


def test_moderator_reads_policy_but_only_admin_edits(api, moderator, admin):  # type: ignore[no-untyped-def]
    change = {"thresholds": {"V": {"review": 0.3, "reject": 0.8}}, "reason": "tighter on violence"}
    assert api.get("/api/admin/policy", headers=moderator.headers).status_code == 200
    refused = api.put("/api/admin/policy", headers=moderator.headers, json=change)
    assert refused.status_code == 403 and refused.json()["error"]["message"] == "admin role required"
    ok = api.put("/api/admin/policy", headers=admin.headers, json=change)
    assert ok.status_code == 200, ok.text
    violence = next(t for t in ok.json()["thresholds"] if t["category"] == "V")
    assert (violence["review"], violence["reject"], violence["custom"]) == (0.3, 0.8, True)
