"""Register, login, refresh rotation, logout, me: over real HTTP."""

from __future__ import annotations

import secrets

from opentok.models import User, UserStatus


def _register(api, username=None, email=None, password="long enough pw"):  # type: ignore[no-untyped-def]
    username = username or f"u_{secrets.token_hex(4)}"
    return api.post(
        "/api/auth/register",
        json={"username": username, "email": email or f"{username}@example.com", "password": password},
    )


def test_register_then_me(api):  # type: ignore[no-untyped-def]
    resp = _register(api, username="alice_" + secrets.token_hex(3))
    assert resp.status_code == 201
    tokens = resp.json()
    me = api.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    assert me.json()["role"] == "user" and me.json()["status"] == "active"


def test_duplicate_username_and_email_conflict(api):  # type: ignore[no-untyped-def]
    name = "dup_" + secrets.token_hex(3)
    assert _register(api, username=name).status_code == 201
    again = _register(api, username=name, email="other_" + name + "@example.com")
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "username_taken",
        "message": "that username is taken",
        "field": "username",
    }
    same_email = _register(api, email=f"{name}@example.com")
    assert same_email.status_code == 409 and same_email.json()["error"]["field"] == "email"


def test_register_validation_errors_are_json_422(api):  # type: ignore[no-untyped-def]
    resp = _register(api, username="x")  # too short
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "validation_error"
    assert resp.json()["error"]["field"] == "username"
    assert _register(api, email="not-an-email").json()["error"]["field"] == "email"
    assert _register(api, password="short").status_code == 422
    bad_json = api.post(
        "/api/auth/register", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 422 and "error" in bad_json.json()


def test_login_with_username_or_email(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    ok = api.post("/api/auth/login", json={"username": acct.username, "password": acct.password})
    assert ok.status_code == 200 and ok.json()["token_type"] == "bearer"
    by_email = api.post(
        "/api/auth/login", json={"username": f"{acct.username}@example.com", "password": acct.password}
    )
    assert by_email.status_code == 200
    wrong = api.post("/api/auth/login", json={"username": acct.username, "password": "wrong password"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"


def test_refresh_rotates_and_detects_reuse(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    first = api.post("/api/auth/refresh", json={"refresh_token": acct.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != acct.refresh_token
    # Replaying the spent token revokes the whole family, including the rotated one.
    replay = api.post("/api/auth/refresh", json={"refresh_token": acct.refresh_token})
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "refresh_token_reused"
    assert api.post("/api/auth/refresh", json={"refresh_token": rotated}).status_code == 401


def test_logout_revokes_refresh_token(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    assert api.post("/api/auth/logout", json={"refresh_token": acct.refresh_token}).status_code == 200
    assert api.post("/api/auth/refresh", json={"refresh_token": acct.refresh_token}).status_code == 401


def test_me_requires_a_valid_token(api):  # type: ignore[no-untyped-def]
    assert api.get("/api/auth/me").status_code == 401
    bad = api.get("/api/auth/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_token"


def test_banned_user_cannot_log_in_or_post(api, make_user, platform):  # type: ignore[no-untyped-def]
    acct = make_user()
    with platform.session() as session:
        user = session.get(User, acct.id)
        user.status, user.status_reason = UserStatus.banned, "spam"
        session.commit()
    login = api.post("/api/auth/login", json={"username": acct.username, "password": acct.password})
    assert login.status_code == 403 and login.json()["error"]["code"] == "account_banned"
    assert api.get("/api/auth/me", headers=acct.headers).status_code == 403


def test_login_attempts_are_rate_limited(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    codes = [
        api.post(
            "/api/auth/login", json={"username": acct.username, "password": "wrong password"}
        ).status_code
        for _ in range(25)
    ]
    assert codes[0] == 401 and codes[-1] == 429
    limited = api.post("/api/auth/login", json={"username": acct.username, "password": acct.password})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1


def test_suspended_user_can_read_but_not_post(api, make_user, platform):  # type: ignore[no-untyped-def]
    acct = make_user()
    with platform.session() as session:
        user = session.get(User, acct.id)
        user.status, user.status_reason = UserStatus.suspended, "cooling off"
        session.commit()
    assert api.get("/api/auth/me", headers=acct.headers).status_code == 200
    resp = api.post(
        "/api/reports", headers=acct.headers, json={"subject_type": "user", "subject_id": 1, "reason": "spam"}
    )
    assert resp.status_code == 403 and resp.json()["error"] == {
        "code": "account_suspended",
        "message": "cooling off",
    }
