"""Feeds page by cursor, show only published videos, and never repeat."""

from __future__ import annotations


def _drain(api, url, headers=None, limit=2):  # type: ignore[no-untyped-def]
    ids, cursor = [], None
    for _ in range(200):
        page = api.get(
            url, headers=headers or {}, params={"limit": limit, **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200, page.text
        ids += [v["id"] for v in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return ids
    raise AssertionError("feed never ended")


def test_for_you_and_trending_page_without_repeats(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user()
    published = [upload(owner, title=f"f{i}")["id"] for i in range(3)]
    for vid in published:
        publish(vid)
    hidden = upload(owner)["id"]
    for url in ("/api/feed", "/api/feed/trending"):
        ids = _drain(api, url)
        assert len(ids) == len(set(ids)), url
        assert set(published) <= set(ids) and hidden not in ids, url


def test_following_feed(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    star, other, fan = make_user("star"), make_user("other"), make_user("fan")
    mine = upload(star)["id"]
    theirs = upload(other)["id"]
    publish(mine)
    publish(theirs)
    assert api.get("/api/feed/following").status_code == 401
    assert api.get("/api/feed/following", headers=fan.headers).json()["items"] == []
    api.post(f"/api/users/{star.username}/follow", headers=fan.headers)
    assert _drain(api, "/api/feed/following", fan.headers) == [mine]


def test_feed_rejects_bad_cursor_and_limit(api):  # type: ignore[no-untyped-def]
    assert api.get("/api/feed", params={"cursor": "garbage"}).status_code == 400
    assert api.get("/api/feed", params={"limit": 0}).status_code == 422
    assert api.get("/api/feed", params={"limit": 500}).status_code == 422
