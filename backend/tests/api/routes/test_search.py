"""Search over videos, users and hashtags; hashtag pages."""

from __future__ import annotations

import secrets


def test_search_finds_videos_by_title_description_and_hashtag(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user("chef")
    tag = f"tag{secrets.token_hex(3)}"
    word = f"zucchini{secrets.token_hex(2)}"
    a = upload(owner, title=f"Cooking {word}", category="food")
    b = upload(owner, title="Plain", description=f"about #{tag}")
    hidden = upload(owner, title=f"Unpublished {word}")
    publish(a["id"])
    publish(b["id"])
    by_title = api.get("/api/search", params={"q": word}).json()
    assert [v["id"] for v in by_title["videos"]] == [a["id"]]
    assert hidden["id"] not in [v["id"] for v in by_title["videos"]]
    by_tag = api.get("/api/search", params={"q": f"#{tag}"}).json()
    assert [v["id"] for v in by_tag["videos"]] == [b["id"]]
    assert by_tag["hashtags"] == [{"tag": tag, "video_count": 1}]
    users = api.get("/api/search", params={"q": owner.username}).json()["users"]
    assert [u["username"] for u in users] == [owner.username]


def test_search_escapes_wildcards_and_validates(api):  # type: ignore[no-untyped-def]
    assert api.get("/api/search", params={"q": "%_%"}).status_code == 200
    assert api.get("/api/search", params={"q": ""}).status_code == 422
    assert api.get("/api/search").status_code == 422


def test_hashtag_page(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user()
    tag = f"page{secrets.token_hex(3)}"
    videos = [upload(owner, title=f"v{i}", hashtags=tag) for i in range(3)]
    for v in videos:
        publish(v["id"])
    first = api.get(f"/api/hashtags/{tag}", params={"limit": 2}).json()
    rest = api.get(f"/api/hashtags/{tag.upper()}", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    got = [v["id"] for v in first["items"] + rest["items"]]
    assert sorted(got) == sorted(v["id"] for v in videos) and rest["next_cursor"] is None
    assert api.get("/api/hashtags/doesnotexist_xyz").status_code == 404
