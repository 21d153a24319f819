"""Rate limits live in Redis: shared by every gateway process, not fooled by X-Forwarded-For."""

from __future__ import annotations

import secrets

import httpx
import pytest

from testing.harness import Platform


def _ip() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@pytest.fixture(scope="module")
def second_gateway(platform: Platform) -> str:
    """Another gateway process on the same database and Redis (another replica)."""
    return platform.start_gateway(name=f"gateway-2-{secrets.token_hex(2)}")


@pytest.fixture(scope="module")
def behind_proxy(platform: Platform) -> str:
    """A gateway that trusts 127.0.0.1 as its proxy, with small limits to reach quickly."""
    env = {
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "RATE_LIMIT_REGISTER": "3/hour",
        "RATE_LIMIT_LOGIN_CLIENT": "5/minute",
        "RATE_LIMIT_COMMENTS": "2/minute",
        "RATE_LIMIT_REPORTS": "2/hour",
        "RATE_LIMIT_VIEWS": "3/minute",
        "RATE_LIMIT_SHARES": "2/minute",
    }
    return platform.start_gateway(env=env, name=f"gateway-proxy-{secrets.token_hex(2)}")


def _login(url: str, username: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{url}/api/auth/login", json={"username": username, "password": "wrong password"}, headers=headers
    )


def test_rotating_x_forwarded_for_does_not_escape_the_login_limit(platform, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    codes = [
        _login(platform.base_url, acct.username, {"X-Forwarded-For": _ip()}).status_code for _ in range(30)
    ]
    assert codes[0] == 401 and 429 in codes and codes.index(429) <= 20
    limited = _login(platform.base_url, acct.username, {"X-Forwarded-For": _ip()})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"


def test_login_limit_is_shared_by_two_gateway_processes(platform, second_gateway, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    urls = [platform.base_url, second_gateway]
    codes = [_login(urls[i % 2], acct.username).status_code for i in range(24)]
    # 20 per minute per account in total: each process alone saw only 10 when the 21st failed.
    assert codes[:20] == [401] * 20 and codes[20:] == [429] * 4
    assert _login(second_gateway, acct.username).status_code == 429


def test_unknown_usernames_are_limited_like_real_ones(platform):  # type: ignore[no-untyped-def]
    name = f"ghost_{secrets.token_hex(4)}"
    codes = [_login(platform.base_url, name).status_code for _ in range(22)]
    assert codes[0] == 401 and codes[-1] == 429


def test_trusted_proxy_forwards_the_client_address(behind_proxy, make_user):  # type: ignore[no-untyped-def]
    client, other = _ip(), _ip()

    def register(ip: str) -> int:
        name = f"p_{secrets.token_hex(4)}"
        body = {"username": name, "email": f"{name}@example.com", "password": "long enough pw"}
        return httpx.post(
            f"{behind_proxy}/api/auth/register", json=body, headers={"X-Forwarded-For": ip}
        ).status_code

    assert [register(client) for _ in range(4)] == [201, 201, 201, 429]
    assert register(other) == 201  # another client behind the same proxy has its own budget
    # Per-client login limit over all accounts.
    names = [f"x_{secrets.token_hex(4)}" for _ in range(6)]
    codes = [_login(behind_proxy, n, {"X-Forwarded-For": client}).status_code for n in names]
    assert codes == [401] * 5 + [429]


def test_comments_reports_views_and_shares_are_limited(api, behind_proxy, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner, fan = make_user(), make_user()
    video = upload(owner)
    publish(video["id"])
    base = f"{behind_proxy}/api/videos/{video['id']}"
    with httpx.Client(headers=fan.headers, timeout=30) as c:
        assert [c.post(f"{base}/comments", json={"text": f"nice {i}"}).status_code for i in range(3)] == [
            201, 201, 429,
        ]  # fmt: skip
        views = [c.post(f"{base}/view", json={"source": "feed"}).status_code for _ in range(4)]
        assert views == [201, 201, 201, 429]
        watch = c.post(f"{base}/watch", json={"watched_ms": 100, "completed": False, "source": "feed"})
        assert watch.status_code == 429  # a watch without its view counts as a view
        assert [c.post(f"{base}/share").status_code for _ in range(3)] == [200, 200, 429]
        reports = [
            c.post(
                f"{behind_proxy}/api/reports",
                json={"subject_type": "user", "subject_id": make_user().id, "reason": "spam"},
            )
            for _ in range(3)
        ]
        assert [r.status_code for r in reports] == [201, 201, 429]
        assert int(reports[-1].headers["retry-after"]) >= 1
