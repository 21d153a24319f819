"""Demo users created by data_setup can log in through the real API."""

from __future__ import annotations

from testing.data_setup import DEMO_PASSWORD, DEMO_USERS, setup


def test_demo_users_log_in(api, platform):  # type: ignore[no-untyped-def]
    created = setup(platform.db_url)
    assert set(created) == {name for name, _, _ in DEMO_USERS}
    assert setup(platform.db_url) == []  # idempotent
    resp = api.post("/api/auth/login", json={"username": "moderator", "password": DEMO_PASSWORD})
    assert resp.status_code == 200
    me = api.get("/api/auth/me", headers={"Authorization": f"Bearer {resp.json()['access_token']}"}).json()
    assert me["role"] == "moderator"
    assert (
        api.post("/api/auth/login", json={"username": "admin", "password": "wrong-password"}).status_code
        == 401
    )
