"""GET /api/analytics/dashboard: staff only, a validated date range, every chart's figures."""

from __future__ import annotations

from datetime import date, timedelta

from opentok.models import UserRole


def test_moderator_gets_every_figure(api, make_user, upload):  # type: ignore[no-untyped-def]
    mod = make_user("mod", UserRole.moderator)
    today = date.today()
    params = {"start": (today - timedelta(days=1)).isoformat(), "end": today.isoformat()}
    before = api.get("/api/analytics/dashboard", params=params, headers=mod.headers).json()
    upload(make_user())
    resp = api.get("/api/analytics/dashboard", params=params, headers=mod.headers)
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) >= {
        "uploads_per_day",
        "active_users_per_day",
        "moderation",
        "time_to_decision",
        "top_hashtags",
        "engagement",
    }
    assert [d["date"] for d in body["uploads_per_day"]] == [params["start"], params["end"]]
    assert body["uploads_per_day"][-1]["count"] == before["uploads_per_day"][-1]["count"] + 1
    assert body["active_users_per_day"][-1]["count"] >= 1


def test_staff_only_and_range_checked(api, make_user):  # type: ignore[no-untyped-def]
    params = {"start": "2026-01-01", "end": "2026-01-31"}
    assert api.get("/api/analytics/dashboard", params=params).status_code == 401
    user = make_user()
    assert api.get("/api/analytics/dashboard", params=params, headers=user.headers).status_code == 403
    admin = make_user("admin", UserRole.admin)
    backwards = api.get(
        "/api/analytics/dashboard", params={"start": "2026-02-01", "end": "2026-01-01"}, headers=admin.headers
    )
    assert backwards.status_code == 400 and backwards.json()["error"]["field"] == "end"
    too_long = api.get(
        "/api/analytics/dashboard", params={"start": "2020-01-01", "end": "2026-01-01"}, headers=admin.headers
    )
    assert too_long.status_code == 400
    bad = api.get(
        "/api/analytics/dashboard", params={"start": "yesterday", "end": "2026-01-01"}, headers=admin.headers
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "start"
    assert (
        api.get("/api/analytics/dashboard", params={"start": "2026-01-01"}, headers=admin.headers).status_code
        == 422
    )
