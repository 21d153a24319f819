"""Media served with Range support; originals and paths outside the media root are never served."""

from __future__ import annotations

from opentok.models import Video


def test_range_requests(api, platform):  # type: ignore[no-untyped-def]
    media = platform.workdir / "media" / "videos" / "test"
    media.mkdir(parents=True, exist_ok=True)
    (media / "clip.mp4").write_bytes(bytes(range(256)) * 4)
    full = api.get("/media/videos/test/clip.mp4")
    assert full.status_code == 200 and full.headers["content-type"] == "video/mp4"
    assert full.headers["accept-ranges"] == "bytes"
    part = api.get("/media/videos/test/clip.mp4", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == bytes(range(10, 20))
    assert part.headers["content-range"] == "bytes 10-19/1024"
    (media / "index.m3u8").write_text("#EXTM3U\n")
    assert (
        api.get("/media/videos/test/index.m3u8")
        .headers["content-type"]
        .startswith("application/vnd.apple.mpegurl")
    )
    assert api.get("/media/videos/test/clip.mp4", headers={"Range": "bytes=5000-6000"}).status_code == 416


def test_private_and_missing_media_are_404(api, make_user, upload, platform):  # type: ignore[no-untyped-def]
    video = upload(make_user())
    with platform.session() as session:
        source_key = session.get(Video, video["id"]).source_key
    assert source_key.startswith("uploads/")
    assert api.get(f"/media/{source_key}").status_code == 404
    assert api.get("/media/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert api.get("/media/videos/none/here.mp4").status_code == 404


def test_unknown_api_route_is_json_404(api):  # type: ignore[no-untyped-def]
    resp = api.get("/api/no/such/thing")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"
    assert api.get("/openapi.json").json()["info"]["title"] == "OpenTok gateway"
