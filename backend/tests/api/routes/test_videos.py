"""Reading, editing and deleting videos, with the IDOR rules."""

from __future__ import annotations

from opentok.models import UserRole


def test_owner_sees_unpublished_video_others_get_404(api, make_user, upload):  # type: ignore[no-untyped-def]
    owner, stranger = make_user("owner"), make_user("stranger")
    video = upload(owner)
    assert api.get(f"/api/videos/{video['id']}", headers=owner.headers).json()["status"] == "uploaded"
    assert api.get(f"/api/videos/{video['id']}", headers=stranger.headers).status_code == 404
    assert api.get(f"/api/videos/{video['id']}").status_code == 404
    assert api.get(f"/api/users/{owner.username}/videos").json()["items"] == []


def test_published_video_is_public(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user()
    video = upload(owner, title="Public one")
    publish(video["id"])
    public = api.get(f"/api/videos/{video['id']}")
    assert public.status_code == 200 and public.json()["title"] == "Public one"
    assert public.json()["status_reason"] is None


def test_only_owner_edits(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner, other = make_user(), make_user()
    video = upload(owner)
    publish(video["id"])
    attempt = api.patch(f"/api/videos/{video['id']}", headers=other.headers, json={"title": "pwned"})
    assert attempt.status_code == 403
    ok = api.patch(f"/api/videos/{video['id']}", headers=owner.headers, json={"title": "Better title"})
    assert ok.status_code == 200 and ok.json()["title"] == "Better title"
    assert (
        api.patch(f"/api/videos/{video['id']}", headers=owner.headers, json={"title": ""}).status_code == 422
    )


def test_delete_by_owner_or_admin_only(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner, other, admin = make_user(), make_user(), make_user("admin", role=UserRole.admin)
    first, second = upload(owner), upload(owner)
    publish(first["id"])
    assert api.delete(f"/api/videos/{first['id']}", headers=other.headers).status_code == 403
    assert (
        api.delete(f"/api/videos/{second['id']}", headers=other.headers).status_code == 404
    )  # unpublished: hidden
    assert api.delete(f"/api/videos/{first['id']}", headers=owner.headers).status_code == 200
    assert api.get(f"/api/videos/{first['id']}").status_code == 404
    assert api.delete(f"/api/videos/{second['id']}", headers=admin.headers).status_code == 200
    assert api.get(f"/api/videos/{second['id']}", headers=owner.headers).status_code == 404


def test_unknown_video_and_bad_id(api):  # type: ignore[no-untyped-def]
    assert api.get("/api/videos/999999").status_code == 404
    bad = api.get("/api/videos/not-a-number")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "video_id"
