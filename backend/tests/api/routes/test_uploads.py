"""Multipart upload: streamed, capped, content-checked, enqueued."""

from __future__ import annotations

import json

import httpx
import redis


def test_upload_creates_uploaded_video_and_enqueues_processing(api, make_user, upload, platform):  # type: ignore[no-untyped-def]
    acct = make_user("creator")
    video = upload(
        acct, title="My first #dance", description="with #Friends", category="dance", hashtags="fun, #FYP"
    )
    assert video["status"] == "uploaded"
    assert video["owner"]["username"] == acct.username
    assert set(video["hashtags"]) == {"fun", "fyp", "friends", "dance"}
    listed = api.get(f"/api/users/{acct.username}/videos", headers=acct.headers).json()["items"]
    assert [(v["id"], v["status"]) for v in listed] == [(video["id"], "uploaded")]
    # The processing task waits in the real broker's queue.
    queued = [json.loads(m) for m in redis.Redis.from_url(platform.redis_url).lrange("default", 0, -1)]
    assert any(
        m["headers"]["task"] == "opentok.process_video" and str(video["id"]) in m["headers"]["argsrepr"]
        for m in queued
    )


def test_non_video_is_415(api, make_user):  # type: ignore[no-untyped-def]
    acct = make_user()
    resp = api.post(
        "/api/uploads",
        headers=acct.headers,
        data={"title": "not a video"},
        files={"file": ("clip.mp4", b"%PDF-1.7 definitely a pdf" * 10, "video/mp4")},
    )
    assert resp.status_code == 415 and resp.json()["error"]["code"] == "unsupported_media_type"


def test_missing_fields_and_empty_file_are_422(api, make_user, clip):  # type: ignore[no-untyped-def]
    acct = make_user()
    no_file = api.post(
        "/api/uploads", headers=acct.headers, data={"title": "x"}, files={"other": ("a", b"1")}
    )
    assert no_file.status_code == 422 and no_file.json()["error"]["field"] == "file"
    empty = api.post(
        "/api/uploads", headers=acct.headers, data={"title": "x"}, files={"file": ("a.mp4", b"")}
    )
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_file"
    no_title = api.post("/api/uploads", headers=acct.headers, files={"file": ("a.mp4", clip.read_bytes())})
    assert no_title.status_code == 422 and no_title.json()["error"]["field"] == "title"
    bad_category = api.post(
        "/api/uploads",
        headers=acct.headers,
        data={"title": "x", "category": "cooking-shows"},
        files={"file": ("a.mp4", clip.read_bytes())},
    )
    assert bad_category.status_code == 422 and bad_category.json()["error"]["field"] == "category"


def test_upload_needs_auth_and_multipart(api, make_user, clip):  # type: ignore[no-untyped-def]
    assert api.post("/api/uploads", files={"file": ("a.mp4", clip.read_bytes())}).status_code == 401
    acct = make_user()
    raw = api.post(
        "/api/uploads", headers={**acct.headers, "content-type": "video/mp4"}, content=clip.read_bytes()
    )
    assert raw.status_code == 415


def test_upload_over_the_cap_is_413_and_leaves_nothing(platform, make_user, clip):  # type: ignore[no-untyped-def]
    small = platform.start_gateway(env={"UPLOAD_MAX_BYTES": "5000"}, name="gateway-small-cap")
    acct = make_user()
    before = set((platform.workdir / "media").rglob("*"))
    with httpx.Client(base_url=small, timeout=30) as client:
        resp = client.post(
            "/api/uploads",
            headers=acct.headers,
            data={"title": "big"},
            files={"file": ("a.mp4", clip.read_bytes())},
        )
    assert resp.status_code == 413 and resp.json()["error"]["code"] == "payload_too_large"
    leftovers = {p for p in set((platform.workdir / "media").rglob("*")) - before if p.is_file()}
    assert leftovers == set()
