"""The API, not only the dashboard, keeps ordinary users out of every admin endpoint."""

from __future__ import annotations

import pytest

DECISION = {"subject_type": "comment", "subject_id": 1, "action": "approve", "reason": "fine"}
BULK = {"items": [{"subject_type": "comment", "subject_id": 1}], "action": "approve", "reason": "fine"}
ENDPOINTS = [
    ("GET", "/api/admin/queue", None),
    ("POST", "/api/admin/decisions", DECISION),
    ("POST", "/api/admin/decisions/bulk", BULK),
    ("GET", "/api/admin/decisions", None),
    ("GET", "/api/admin/decisions/agreement", None),
    ("GET", "/api/admin/decisions/1", None),
    ("GET", "/api/admin/users", None),
    ("GET", "/api/admin/users/1", None),
    ("POST", "/api/admin/users/1/status", {"status": "banned", "reason": "spam spam"}),
    ("GET", "/api/admin/policy", None),
    ("PUT", "/api/admin/policy", {"thresholds": {"H": {"review": 0.2, "reject": 0.9}}}),
    ("GET", "/api/admin/models", None),
    # From the trust-and-safety routes (backend/app/api/routes/trust.py).
    ("GET", "/api/admin/users/1/trust", None),
    ("GET", "/api/admin/fact-check", None),
    ("POST", "/api/admin/fact-check/1/resolve", {"note": "checked"}),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_ordinary_user_is_refused_everywhere(api, make_user, method, path, body):  # type: ignore[no-untyped-def]
    user = make_user()
    resp = api.request(method, path, headers=user.headers, json=body)
    assert resp.status_code == 403, resp.text
    assert resp.json()["error"]["code"] == "forbidden"
    assert api.request(method, path, json=body).status_code == 401


def test_every_admin_route_is_covered(api):  # type: ignore[no-untyped-def]
    """A new admin route must be added to ENDPOINTS, so it gets the 403 check too."""
    spec = api.get("/openapi.json").json()["paths"]
    routes = {(m.upper(), p) for p, ops in spec.items() if p.startswith("/api/admin") for m in ops}
    covered = {
        (m, p.replace("/1", "/{decision_id}", 1) if "decisions/1" in p else p) for m, p, _ in ENDPOINTS
    }
    covered = {
        (m, p.replace("users/1", "users/{user_id}").replace("check/1", "check/{video_id}"))
        for m, p in covered
    }
    assert routes == covered


def test_moderator_reads_policy_but_only_admin_edits(api, moderator, admin):  # type: ignore[no-untyped-def]
    change = {"thresholds": {"V": {"review": 0.3, "reject": 0.8}}, "reason": "tighter on violence"}
    assert api.get("/api/admin/policy", headers=moderator.headers).status_code == 200
    refused = api.put("/api/admin/policy", headers=moderator.headers, json=change)
    assert refused.status_code == 403 and refused.json()["error"]["message"] == "admin role required"
    ok = api.put("/api/admin/policy", headers=admin.headers, json=change)
    assert ok.status_code == 200, ok.text
    violence = next(t for t in ok.json()["thresholds"] if t["category"] == "V")
    assert (violence["review"], violence["reject"], violence["custom"]) == (0.3, 0.8, True)
