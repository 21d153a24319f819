"""Media is served only through signed links, to those allowed to see the video, with Range support."""

from __future__ import annotations

import pytest

from opentok.media_access import Audience, expires_in
from opentok.media_access import sign as sign_with
from opentok.models import UserRole, Video, VideoStatus
from testing.harness import TEST_SECRET_KEY


def sign(prefix: str, expires: int, **kw) -> str:  # type: ignore[no-untyped-def]
    return sign_with(prefix, expires, secret=TEST_SECRET_KEY, **kw)


@pytest.fixture
def with_files(platform):  # type: ignore[no-untyped-def]
    """Give a video a media folder with an HLS master, a segment, an MP4 and a poster."""

    def do(video_id: int) -> str:
        prefix = f"videos/t{video_id}"
        folder = platform.workdir / "media" / prefix
        (folder / "360p").mkdir(parents=True, exist_ok=True)
        (folder / "master.m3u8").write_text("#EXTM3U\n360p/index.m3u8\n")
        (folder / "360p" / "seg_000.ts").write_bytes(bytes(range(256)) * 4)
        (folder / "video.mp4").write_bytes(bytes(range(256)) * 4)
        (folder / "poster.jpg").write_bytes(b"\xff\xd8\xff\0")
        with platform.session() as session:
            video = session.get(Video, video_id)
            video.hls_master_key, video.mp4_key = f"{prefix}/master.m3u8", f"{prefix}/video.mp4"
            video.poster_key = f"{prefix}/poster.jpg"
            session.commit()
        return prefix

    return do


def _all_files(api, hls_url: str, headers=None) -> list[int]:  # type: ignore[no-untyped-def]
    """Status of the master, a relative variant segment, the MP4 and the poster of one link."""
    base = hls_url.rsplit("/", 1)[0]
    paths = [hls_url, f"{base}/360p/seg_000.ts", f"{base}/video.mp4", f"{base}/poster.jpg"]
    return [api.get(p, headers=headers or {}).status_code for p in paths]


def test_published_media_streams_with_ranges_and_private_caching(api, make_user, upload, publish, with_files):  # type: ignore[no-untyped-def]
    video = upload(make_user())
    with_files(video["id"])
    publish(video["id"])
    anon = api.get(f"/api/videos/{video['id']}").json()
    assert anon["hls_url"].startswith("/media/t/") and _all_files(api, anon["hls_url"]) == [200] * 4
    full = api.get(anon["mp4_url"])
    assert full.headers["content-type"] == "video/mp4" and full.headers["accept-ranges"] == "bytes"
    assert "immutable" not in full.headers["cache-control"] and "private" in full.headers["cache-control"]
    part = api.get(anon["mp4_url"], headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == bytes(range(10, 20))
    assert api.get(anon["hls_url"]).headers["content-type"].startswith("application/vnd.apple.mpegurl")
    assert api.get(anon["mp4_url"], headers={"Range": "bytes=5000-6000"}).status_code == 416


def test_pending_media_only_for_owner_and_moderators(api, make_user, upload, with_files):  # type: ignore[no-untyped-def]
    owner, stranger = make_user("owner"), make_user("stranger")
    mod = make_user("mod", role=UserRole.moderator)
    video = upload(owner)
    prefix = with_files(video["id"])
    assert api.get(f"/api/videos/{video['id']}", headers=stranger.headers).status_code == 404
    for who in (owner, mod):
        seen = api.get(f"/api/videos/{video['id']}", headers=who.headers).json()
        assert seen["status"] != "published" and _all_files(api, seen["hls_url"]) == [200] * 4
    # a public-audience link forged for the hidden video (even well signed) is refused
    forged = sign(prefix, expires_in(600), video_id=video["id"], audience=Audience.public)
    assert api.get(f"{forged}master.m3u8").status_code == 404
    # unsigned paths never reach the files
    assert api.get(f"/media/{prefix}/master.m3u8").status_code == 404


def test_rejecting_or_deleting_revokes_links_at_once(api, make_user, upload, publish, with_files, platform):  # type: ignore[no-untyped-def]
    owner, mod = make_user("owner"), make_user("mod", role=UserRole.moderator)
    rejected, deleted = upload(owner), upload(owner)
    for v in (rejected, deleted):
        with_files(v["id"])
        publish(v["id"])
    links = {v["id"]: api.get(f"/api/videos/{v['id']}").json()["hls_url"] for v in (rejected, deleted)}
    assert all(_all_files(api, url) == [200] * 4 for url in links.values())

    body = {"subject_type": "video", "subject_id": rejected["id"], "action": "reject", "reason": "nudity"}
    assert api.post("/api/admin/decisions", headers=mod.headers, json=body).status_code == 201
    assert _all_files(api, links[rejected["id"]]) == [404] * 4  # the shared public link is dead
    owner_view = api.get(f"/api/videos/{rejected['id']}", headers=owner.headers).json()
    assert owner_view["status"] == "rejected" and _all_files(api, owner_view["hls_url"]) == [200] * 4

    assert api.delete(f"/api/videos/{deleted['id']}", headers=owner.headers).status_code in (200, 204)
    assert _all_files(api, links[deleted["id"]]) == [404] * 4

    with platform.session() as session:  # failed videos: same rule as pending
        session.get(Video, rejected["id"]).status = VideoStatus.failed
        session.commit()
    assert _all_files(api, links[rejected["id"]]) == [404] * 4


def test_expired_and_tampered_links_are_refused(api, make_user, upload, publish, with_files):  # type: ignore[no-untyped-def]
    video = upload(make_user())
    prefix = with_files(video["id"])
    publish(video["id"])
    url = api.get(f"/api/videos/{video['id']}").json()["mp4_url"]
    token = url.split("/")[3]
    expires, audience, vid, sig = token.split(".")
    other = with_files(upload(make_user())["id"])
    tampered = {
        "expiry pushed out": url.replace(f"/{expires}.", f"/{int(expires) + 3600}."),
        "signature changed": url.replace(sig, ("A" if sig[0] != "A" else "B") + sig[1:]),
        "other folder": url.replace(prefix, other),
        "other video id": url.replace(f".{vid}.", f".{int(vid) + 1}."),
        "malformed": url.replace(token, "garbage"),
    }
    for why, bad in tampered.items():
        resp = api.get(bad)
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden", why
    expired = sign(prefix, expires_in(-120), video_id=video["id"])
    assert api.get(f"{expired}video.mp4").status_code == 403
    assert api.get(f"{sign(prefix, expires_in(60), video_id=video['id'])}video.mp4").status_code == 200


def test_originals_and_escapes_are_never_served(api, make_user, upload, platform):  # type: ignore[no-untyped-def]
    video = upload(make_user())
    with platform.session() as session:
        source_key = session.get(Video, video["id"]).source_key
    assert source_key.startswith("uploads/")
    assert api.get(f"/media/{source_key}").status_code == 404
    token = sign("videos/x", expires_in(60), video_id=video["id"]).split("/")[3]
    assert api.get(f"/media/t/{token}/{source_key}").status_code == 404
    with pytest.raises(ValueError):
        sign(source_key.rsplit("/", 1)[0], expires_in(60))
    assert api.get("/media/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert api.get(f"/media/t/{token}/videos/x/..%2F..%2F..%2Fetc%2Fpasswd").status_code in (403, 404)


def test_unknown_api_route_is_json_404(api):  # type: ignore[no-untyped-def]
    resp = api.get("/api/no/such/thing")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"
    assert api.get("/openapi.json").json()["info"]["title"] == "OpenTok gateway"
