"""For You through the real recommender service, and without it: the feed survives the
recommender being down or hanging, for signed-in and anonymous viewers."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from opentok.api.service_auth import TOKEN_HEADER
from opentok.models import FeedImpression, User, UserCategoryStat
from testing import recsys_seed
from testing.harness import TEST_SERVICE_TOKEN, Platform, free_port, wait_http

RECOMMENDER_REASONS = {"exploit", "explore", "trending", "cold-start", "fresh"}


@pytest.fixture(scope="module")
def catalogue(platform: Platform) -> list[int]:
    with platform.session() as session:
        videos = recsys_seed.seed_catalogue(session, per_category=6, n_creators=8, seed=11)
        session.commit()
        return [v.id for v in videos]


@pytest.fixture(scope="module")
def recommender(platform: Platform, catalogue: list[int]) -> Iterator[str]:
    """The real recommender service (uvicorn subprocess) on the platform's database."""
    url = f"http://127.0.0.1:{free_port()}"
    argv = [sys.executable, "-m", "uvicorn", "recommender_service.app.main:app",
            "--port", url.rsplit(":", 1)[1], "--log-level", "warning"]  # fmt: skip
    proc = platform.spawn(
        "recommender", argv, env={"REC_BUILD_ON_START": "false", "REC_RELOAD_INTERVAL_S": "1"}
    )
    wait_http(f"{url}/healthz", proc)
    token = {TOKEN_HEADER: TEST_SERVICE_TOKEN}  # the services refuse callers without it
    assert (
        httpx.post(f"{url}/v1/rebuild", params={"wait": True}, timeout=120, headers=token).status_code == 200
    )
    yield url
    platform.stop(proc)


def page(api: httpx.Client, base: str, headers=None, **params) -> dict:  # type: ignore[no-untyped-def]
    response = api.get(f"{base}/api/feed", headers=headers or {}, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_for_you_is_served_by_the_recommender(api, platform, make_user, recommender, catalogue):  # type: ignore[no-untyped-def]
    gateway = platform.start_gateway(
        env={"RECOMMENDER_URL": recommender, "RECOMMENDER_TIMEOUT_S": "5"}, name="gw-rec"
    )
    viewer = make_user("foryou")
    with platform.session() as session:
        session.get(User, viewer.id).interests = ["pets"]
        session.commit()
    first = page(api, gateway, viewer.headers, limit=10)
    reasons = {item["reason"] for item in first["items"]}
    assert len(first["items"]) == 10 and "cold-start" in reasons and reasons <= RECOMMENDER_REASONS
    assert sum(item["category"] == "pets" for item in first["items"]) >= 4
    with platform.session() as session:
        shown = session.scalars(
            select(FeedImpression.video_id).where(FeedImpression.user_id == viewer.id)
        ).all()
    assert sorted(shown) == sorted(item["id"] for item in first["items"])

    # The next page excludes what was served; anonymous viewers get trending from the service.
    second = page(api, gateway, viewer.headers, limit=10, cursor=first["next_cursor"])
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    anonymous = page(api, gateway, limit=5)
    assert len(anonymous["items"]) == 5 and {i["reason"] for i in anonymous["items"]} <= {"trending", "fresh"}

    # A like through the gateway reaches the recommender's exploration posteriors.
    liked = next(i for i in first["items"] if i["category"] == "pets")
    assert api.post(f"{gateway}/api/videos/{liked['id']}/like", headers=viewer.headers).status_code == 200
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with platform.session() as session:
            stat = session.scalar(select(UserCategoryStat).where(UserCategoryStat.user_id == viewer.id))
        if stat is not None:
            break
        time.sleep(0.2)
    assert stat is not None and (stat.category, stat.alpha) == ("pets", 2.0)


def test_for_you_pages_never_repeat_and_end(api, platform, recommender, catalogue):  # type: ignore[no-untyped-def]
    gateway = platform.start_gateway(
        env={"RECOMMENDER_URL": recommender, "RECOMMENDER_TIMEOUT_S": "5"}, name="gw-drain"
    )
    ids, cursor = [], None
    for _ in range(200):
        body = page(api, gateway, limit=7, **({"cursor": cursor} if cursor else {}))
        ids += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(ids) == len(set(ids)) and set(catalogue) <= set(ids)


def _hanging_server() -> tuple[str, socket.socket]:
    """Accepts connections and never answers: the slow-recommender case."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", listener


def test_feed_survives_the_recommender_down_or_hanging(api, platform, make_user, catalogue):  # type: ignore[no-untyped-def]
    hanging_url, listener = _hanging_server()
    try:
        for name, url in (("gw-down", f"http://127.0.0.1:{free_port()}"), ("gw-hang", hanging_url)):
            gateway = platform.start_gateway(
                env={"RECOMMENDER_URL": url, "RECOMMENDER_TIMEOUT_S": "0.3"}, name=name
            )
            viewer = make_user(name.replace("-", ""))
            for headers in (viewer.headers, None):
                body = page(api, gateway, headers, limit=10)
                assert len(body["items"]) == 10 and {i["reason"] for i in body["items"]} == {"trending"}
                again = page(api, gateway, headers, limit=10, cursor=body["next_cursor"])
                assert again["items"] and not {i["id"] for i in body["items"]} & {
                    i["id"] for i in again["items"]
                }
            # Engagement still works when the outcome cannot be forwarded.
            target = body["items"][0]["id"]
            assert api.post(f"{gateway}/api/videos/{target}/like", headers=viewer.headers).status_code == 200
    finally:
        listener.close()
