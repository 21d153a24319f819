"""Account search, profile and sanctions; a banned user cannot log in or post."""

from __future__ import annotations

from opentok.models import UserScore


def _status(api, staff, user_id, status, reason="repeated harassment"):  # type: ignore[no-untyped-def]
    return api.post(
        f"/api/admin/users/{user_id}/status", headers=staff.headers, json={"status": status, "reason": reason}
    )


def test_ban_blocks_login_and_posting_and_unban_restores(
    api, make_user, moderator, published_video, platform
):  # type: ignore[no-untyped-def]
    troll = make_user("troll")
    resp = _status(api, moderator, troll.id, "banned", "hate campaign")
    assert resp.status_code == 200, resp.text
    assert resp.json()["subject_type"] == "user" and resp.json()["verdict"] == "reject"
    assert resp.json()["details"] == {"previous_status": "active", "status": "banned"}

    login = api.post("/api/auth/login", json={"username": troll.username, "password": troll.password})
    assert login.status_code == 403 and login.json()["error"]["code"] == "account_banned"
    assert login.json()["error"]["message"] == "hate campaign"
    assert api.get("/api/auth/me", headers=troll.headers).status_code == 403
    post = api.post(
        f"/api/videos/{published_video['id']}/comments", headers=troll.headers, json={"text": "hi"}
    )
    assert post.status_code == 403
    assert api.post("/api/auth/refresh", json={"refresh_token": troll.refresh_token}).status_code == 401

    assert _status(api, moderator, troll.id, "active", "appeal accepted").status_code == 200
    login = api.post("/api/auth/login", json={"username": troll.username, "password": troll.password})
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    post = api.post(f"/api/videos/{published_video['id']}/comments", headers=headers, json={"text": "sorry"})
    assert post.status_code == 201

    profile = api.get(f"/api/admin/users/{troll.id}", headers=moderator.headers).json()
    assert [h["details"]["status"] for h in profile["status_history"]] == ["active", "banned"]
    assert profile["status_history"][1]["reason"] == "hate campaign"
    assert profile["status_history"][1]["actor"]["username"] == moderator.username


def test_suspended_user_reads_but_cannot_post(api, make_user, moderator, published_video):  # type: ignore[no-untyped-def]
    user = make_user("hothead")
    assert _status(api, moderator, user.id, "suspended", "cool-off for a week").status_code == 200
    assert api.get("/api/auth/me", headers=user.headers).status_code == 200
    post = api.post(
        f"/api/videos/{published_video['id']}/comments", headers=user.headers, json={"text": "hey"}
    )
    assert post.status_code == 403 and post.json()["error"]["code"] == "account_suspended"


def test_staff_rank_rules(api, make_user, moderator, admin):  # type: ignore[no-untyped-def]
    other_mod = make_user("mod2", role=__import__("opentok.models", fromlist=["UserRole"]).UserRole.moderator)
    assert _status(api, moderator, admin.id, "banned").status_code == 403
    assert _status(api, moderator, other_mod.id, "suspended").status_code == 403
    assert _status(api, moderator, moderator.id, "suspended").status_code == 403
    assert _status(api, admin, other_mod.id, "suspended").status_code == 200
    assert _status(api, moderator, 99999999, "banned").status_code == 404
    bad = _status(api, admin, other_mod.id, "deleted")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "status"
    assert _status(api, admin, other_mod.id, "banned", reason="").status_code == 422


def test_search_and_profile(api, make_user, moderator, published_video, ai_comment, platform):  # type: ignore[no-untyped-def]
    user = make_user("zebrafan")
    c = api.post(
        f"/api/videos/{published_video['id']}/comments", headers=user.headers, json={"text": "awful take"}
    ).json()
    ai_comment(c["id"], "reject")
    reporter = make_user("reporter")
    api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "user", "subject_id": user.id, "reason": "harassment"},
    )
    with platform.session() as session:
        session.add(UserScore(user_id=user.id, trust_score=42.5, segment="at-risk", model_version="tns-1",
                              trust_features=[{"feature": "rejected_comments", "value": 1}]))  # fmt: skip
        session.commit()

    found = api.get("/api/admin/users", headers=moderator.headers, params={"q": "ZEBRAFAN"}).json()
    assert [u["username"] for u in found] == [user.username]
    assert (
        found[0]["trust_score"] == 42.5
        and found[0]["violations"] == 1
        and found[0]["email"].endswith("@example.com")
    )
    assert (
        api.get(
            "/api/admin/users", headers=moderator.headers, params={"q": "zebrafan", "status": "banned"}
        ).json()
        == []
    )

    profile = api.get(f"/api/admin/users/{user.id}", headers=moderator.headers).json()
    assert profile["trust"]["trust_score"] == 42.5 and profile["trust"]["segment"] == "at-risk"
    assert [x["id"] for x in profile["comments"]] == [c["id"]] and profile["comments"][0][
        "status"
    ] == "rejected"
    assert [r["reason"] for r in profile["reports_against"]] == ["harassment"]
    assert [v["subject_id"] for v in profile["violations"]] == [c["id"]]
    assert profile["violations"][0]["source"] == "ai"
    creator_profile = api.get(
        f"/api/admin/users/{published_video['creator'].id}", headers=moderator.headers
    ).json()
    assert [v["id"] for v in creator_profile["videos"]] == [published_video["id"]] and creator_profile[
        "trust"
    ] is None
    assert api.get("/api/admin/users/99999999", headers=moderator.headers).status_code == 404
