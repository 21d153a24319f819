"""Profiles, edits and follows."""

from __future__ import annotations


def test_profile_and_update(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    resp = api.patch(
        "/api/users/me", headers=acct.headers, json={"bio": "hi 👋 #dance", "interests": ["dance", "food"]}
    )
    assert resp.status_code == 200
    assert resp.json()["bio"] == "hi 👋 #dance" and resp.json()["interests"] == ["dance", "food"]
    public = api.get(f"/api/users/{acct.username}").json()
    assert public["bio"] == "hi 👋 #dance" and "email" not in public


def test_unknown_interest_is_422(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    resp = api.patch("/api/users/me", headers=acct.headers, json={"interests": ["knitting"]})
    assert resp.status_code == 422 and resp.json()["error"]["field"] == "interests"


def test_unknown_user_is_404(api):  # type: ignore[no-untyped-def]
    resp = api.get("/api/users/nobody_here_at_all")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"


def test_follow_and_unfollow(api, make_user):  # type: ignore[no-untyped-def]
    fan, star = make_user("fan"), make_user("star")
    resp = api.post(f"/api/users/{star.username}/follow", headers=fan.headers)
    assert resp.status_code == 201
    assert resp.json()["follower_count"] == 1 and resp.json()["is_following"] is True
    # Following twice is idempotent.
    assert api.post(f"/api/users/{star.username}/follow", headers=fan.headers).json()["follower_count"] == 1
    assert [u["username"] for u in api.get(f"/api/users/{star.username}/followers").json()] == [fan.username]
    assert [u["username"] for u in api.get(f"/api/users/{fan.username}/following").json()] == [star.username]
    gone = api.delete(f"/api/users/{star.username}/follow", headers=fan.headers)
    assert gone.json()["follower_count"] == 0 and gone.json()["is_following"] is False


def test_cannot_follow_self_or_anonymously(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    assert api.post(f"/api/users/{acct.username}/follow", headers=acct.headers).status_code == 400
    assert api.post(f"/api/users/{acct.username}/follow").status_code == 401
