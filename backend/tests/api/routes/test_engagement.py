"""Likes, views, watch time and shares."""

from __future__ import annotations

from opentok.models import WatchEvent


def test_like_is_idempotent_and_unlike_reverts(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner, fan = make_user(), make_user()
    video = upload(owner)
    publish(video["id"])
    url = f"/api/videos/{video['id']}/like"
    assert api.post(url, headers=fan.headers).json() == {"liked": True, "like_count": 1}
    assert api.post(url, headers=fan.headers).json() == {"liked": True, "like_count": 1}
    assert api.get(f"/api/videos/{video['id']}", headers=fan.headers).json()["liked_by_me"] is True
    assert api.delete(url, headers=fan.headers).json() == {"liked": False, "like_count": 0}
    assert api.post(url).status_code == 401


def test_cannot_like_unpublished(api, make_user, upload):  # type: ignore[no-untyped-def]
    owner = make_user()
    video = upload(owner)
    resp = api.post(f"/api/videos/{video['id']}/like", headers=owner.headers)
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "not_published"


def test_view_then_watch_updates_one_event(api, make_user, upload, publish, platform):  # type: ignore[no-untyped-def]
    owner, viewer = make_user(), make_user()
    video = upload(owner)
    publish(video["id"])
    view = api.post(f"/api/videos/{video['id']}/view", headers=viewer.headers, json={"source": "feed"})
    assert view.status_code == 201 and view.json()["view_count"] == 1
    event_id = view.json()["event_id"]
    watch = api.post(
        f"/api/videos/{video['id']}/watch",
        headers=viewer.headers,
        json={"event_id": event_id, "watched_ms": 4200, "completed": True, "source": "feed"},
    )
    assert watch.status_code == 201 and watch.json()["event_id"] == event_id
    with platform.session() as session:
        event = session.get(WatchEvent, event_id)
        assert (event.user_id, event.watched_ms, event.completed) == (viewer.id, 4200, True)
    # Anonymous viewers count too.
    assert api.post(f"/api/videos/{video['id']}/view", json={}).json()["view_count"] == 2
    bad = api.post(f"/api/videos/{video['id']}/watch", json={"watched_ms": -5})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "watched_ms"
    assert api.post(f"/api/videos/{video['id']}/view", json={"source": "tv"}).status_code == 422


def test_share_counts(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user()
    video = upload(owner)
    publish(video["id"])
    resp = api.post(f"/api/videos/{video['id']}/share")
    assert resp.json() == {"share_count": 1, "url": f"/v/{video['id']}"}
