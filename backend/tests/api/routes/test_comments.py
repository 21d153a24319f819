"""Comments start pending; authors see their own; only approved ones are public."""

from __future__ import annotations

from opentok.models import Comment, CommentStatus, UserRole


def _published_video(make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user("owner")
    video = upload(owner)
    publish(video["id"])
    return owner, video


def test_new_comment_is_pending_and_visible_only_to_author(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    _, video = _published_video(make_user, upload, publish)
    author, other = make_user("author"), make_user("other")
    resp = api.post(
        f"/api/videos/{video['id']}/comments", headers=author.headers, json={"text": "  nice 🔥  "}
    )
    assert resp.status_code == 201
    assert resp.json()["status"] == "pending" and resp.json()["text"] == "nice 🔥"
    mine = api.get(f"/api/videos/{video['id']}/comments", headers=author.headers).json()["items"]
    assert [c["id"] for c in mine] == [resp.json()["id"]]
    assert api.get(f"/api/videos/{video['id']}/comments", headers=other.headers).json()["items"] == []
    assert api.get(f"/api/videos/{video['id']}/comments").json()["items"] == []


def test_approved_comments_are_public_and_reason_is_private(api, make_user, upload, publish, platform):  # type: ignore[no-untyped-def]
    _, video = _published_video(make_user, upload, publish)
    author = make_user()
    comment = api.post(
        f"/api/videos/{video['id']}/comments", headers=author.headers, json={"text": "hello"}
    ).json()
    rejected = api.post(
        f"/api/videos/{video['id']}/comments", headers=author.headers, json={"text": "meh"}
    ).json()
    with platform.session() as session:
        session.get(Comment, comment["id"]).status = CommentStatus.approved
        row = session.get(Comment, rejected["id"])
        row.status, row.reason = CommentStatus.rejected, "harassment (0.91)"
        session.commit()
    public = api.get(f"/api/videos/{video['id']}/comments").json()["items"]
    assert [c["id"] for c in public] == [comment["id"]]
    own = api.get(f"/api/comments/{rejected['id']}", headers=author.headers).json()
    assert own["status"] == "rejected" and own["reason"] == "harassment (0.91)"
    assert api.get(f"/api/comments/{rejected['id']}").status_code == 404


def test_comment_validation_and_auth(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    _, video = _published_video(make_user, upload, publish)
    author = make_user()
    url = f"/api/videos/{video['id']}/comments"
    assert api.post(url, json={"text": "hi"}).status_code == 401
    blank = api.post(url, headers=author.headers, json={"text": "   "})
    assert blank.status_code == 422 and blank.json()["error"]["field"] == "text"
    assert api.post(url, headers=author.headers, json={"text": "x" * 2001}).status_code == 422
    assert (
        api.post("/api/videos/999999/comments", headers=author.headers, json={"text": "hi"}).status_code
        == 404
    )


def test_comment_pagination_has_no_repeats(api, make_user, upload, publish, platform):  # type: ignore[no-untyped-def]
    _, video = _published_video(make_user, upload, publish)
    author = make_user()
    ids = [
        api.post(
            f"/api/videos/{video['id']}/comments", headers=author.headers, json={"text": f"c{i}"}
        ).json()["id"]
        for i in range(5)
    ]
    seen, cursor = [], None
    while True:
        page = api.get(
            f"/api/videos/{video['id']}/comments",
            headers=author.headers,
            params={"limit": 2, "cursor": cursor},
        ).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    assert api.get(f"/api/videos/{video['id']}/comments", params={"cursor": "!!"}).status_code == 400


def test_delete_comment_rules(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner, video = _published_video(make_user, upload, publish)
    author, stranger, admin = make_user(), make_user(), make_user("admin", role=UserRole.admin)
    url = f"/api/videos/{video['id']}/comments"
    first = api.post(url, headers=author.headers, json={"text": "one"}).json()
    second = api.post(url, headers=author.headers, json={"text": "two"}).json()
    third = api.post(url, headers=author.headers, json={"text": "three"}).json()
    assert api.delete(f"/api/comments/{first['id']}", headers=stranger.headers).status_code == 403
    assert api.delete(f"/api/comments/{first['id']}", headers=author.headers).status_code == 200
    assert api.delete(f"/api/comments/{first['id']}", headers=author.headers).status_code == 404
    assert api.delete(f"/api/comments/{second['id']}", headers=owner.headers).status_code == 200
    assert api.delete(f"/api/comments/{third['id']}", headers=admin.headers).status_code == 200
