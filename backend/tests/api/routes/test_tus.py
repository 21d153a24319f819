"""Resumable tus uploads: the protocol, resuming after a cut, limits, and flat gateway memory."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import av
import httpx
import pytest
import redis

from testing import tus_client
from testing.harness import Platform
from testing.media import make_clip
from testing.rss import RssSampler, process_listening_on
from testing.tus_client import TUS_HEADERS


def _start(api: httpx.Client, acct, length: int, **meta: str) -> str:  # type: ignore[no-untyped-def]
    resp = tus_client.create(api, acct.headers, length, {"title": "Resumable", **meta})
    assert resp.status_code == 201, resp.text
    assert resp.headers["Tus-Resumable"] == "1.0.0"
    return resp.headers["Location"]


def test_options_advertises_protocol_and_limit(api: httpx.Client) -> None:
    resp = api.options("/api/uploads/tus")
    assert resp.status_code == 204
    assert resp.headers["Tus-Version"] == "1.0.0"
    assert "creation" in resp.headers["Tus-Extension"].split(",")
    assert "termination" in resp.headers["Tus-Extension"].split(",")
    assert int(resp.headers["Tus-Max-Size"]) == 1024**3


def test_interrupted_upload_resumes_and_creates_the_video(api, make_user, clip: Path, platform) -> None:  # type: ignore[no-untyped-def]
    acct = make_user("tus")
    data = clip.read_bytes()
    location = _start(
        api, acct, len(data), description="resumed #Upload", category="dance", hashtags="one two",
        filename="holiday.mov",
    )  # fmt: skip
    assert urlparse(location).path.startswith("/api/uploads/tus/")
    assert tus_client.offset_of(api, acct.headers, location) == 0

    # First PATCH: the connection dies after some bytes were sent.
    first = len(data) // 3

    def dying_body() -> Iterator[bytes]:
        yield data[:first]
        raise ConnectionAbortedError("network cut")

    with pytest.raises(Exception):  # noqa: B017 - whatever httpx raises for the aborted body
        tus_client.patch(api, acct.headers, location, 0, dying_body(), length=len(data))
    resumed_at = tus_client.offset_of(api, acct.headers, location)
    assert 0 <= resumed_at <= first

    # A PATCH from the wrong offset is refused with the offset to use.
    wrong = tus_client.patch(api, acct.headers, location, resumed_at + 1, b"x")
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "offset_mismatch"

    middle = len(data) * 2 // 3
    resp = tus_client.patch(api, acct.headers, location, resumed_at, data[resumed_at:middle])
    assert resp.status_code == 204 and int(resp.headers["Upload-Offset"]) == middle
    assert "OpenTok-Video-Id" not in resp.headers
    resp = tus_client.patch(api, acct.headers, location, middle, data[middle:])
    assert resp.status_code == 204 and int(resp.headers["Upload-Offset"]) == len(data)
    video_id = int(resp.headers["OpenTok-Video-Id"])

    video = api.get(f"/api/videos/{video_id}", headers=acct.headers).json()
    assert video["status"] == "uploaded" and video["title"] == "Resumable"
    assert video["category"] == "dance" and set(video["hashtags"]) == {"one", "two", "upload"}
    queued = [json.loads(m) for m in redis.Redis.from_url(platform.redis_url).lrange("default", 0, -1)]
    assert any(
        m["headers"]["task"] == "opentok.process_video" and str(video_id) in m["headers"]["argsrepr"]
        for m in queued
    )
    # The finished upload reports its video; a repeated last PATCH changes nothing.
    head = api.head(location, headers={**acct.headers, **TUS_HEADERS})
    assert head.headers["OpenTok-Video-Id"] == str(video_id) and head.headers["Upload-Offset"] == str(
        len(data)
    )
    again = tus_client.patch(api, acct.headers, location, len(data), b"")
    assert again.status_code == 204 and again.headers["OpenTok-Video-Id"] == str(video_id)


def test_creation_with_upload_in_one_request(api, make_user, clip: Path) -> None:  # type: ignore[no-untyped-def]
    acct = make_user()
    data = clip.read_bytes()
    resp = api.post(
        "/api/uploads/tus",
        headers={**acct.headers, **TUS_HEADERS, "Upload-Length": str(len(data)),
                 "Upload-Metadata": tus_client.encode_metadata({"title": "one shot"}),
                 "Content-Type": "application/offset+octet-stream"},
        content=data,
    )  # fmt: skip
    assert resp.status_code == 201 and resp.headers["Upload-Offset"] == str(len(data))
    assert api.get(f"/api/videos/{resp.headers['OpenTok-Video-Id']}", headers=acct.headers).json()[
        "title"
    ] == ("one shot")


def test_protocol_errors(api, make_user, clip: Path) -> None:  # type: ignore[no-untyped-def]
    acct, other = make_user(), make_user()
    no_auth = api.post("/api/uploads/tus", headers={**TUS_HEADERS, "Upload-Length": "10"})
    assert no_auth.status_code == 401
    no_version = api.post("/api/uploads/tus", headers={**acct.headers, "Upload-Length": "10"})
    assert no_version.status_code == 412 and no_version.headers["Tus-Version"] == "1.0.0"
    too_big = tus_client.create(api, acct.headers, 2 * 1024**3, {"title": "huge"})
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "payload_too_large"
    empty = tus_client.create(api, acct.headers, 0, {"title": "nothing"})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_file"
    bad_meta = tus_client.create(api, acct.headers, 10, {"title": "x", "category": "not-a-category"})
    assert bad_meta.status_code == 422 and bad_meta.json()["error"]["field"] == "category"
    no_length = api.post("/api/uploads/tus", headers={**acct.headers, **TUS_HEADERS})
    assert no_length.status_code == 400

    location = _start(api, acct, 100)
    wrong_type = api.patch(
        location, headers={**acct.headers, **TUS_HEADERS, "Upload-Offset": "0", "Content-Type": "video/mp4"},
        content=b"x",
    )  # fmt: skip
    assert wrong_type.status_code == 415
    assert tus_client.patch(api, other.headers, location, 0, b"x").status_code == 404
    too_long = tus_client.patch(api, acct.headers, location, 0, b"x" * 101)
    assert too_long.status_code == 413
    assert api.head(location + "-nope", headers={**acct.headers, **TUS_HEADERS}).status_code == 404

    # Termination frees the upload.
    assert api.delete(location, headers={**acct.headers, **TUS_HEADERS}).status_code == 204
    assert api.head(location, headers={**acct.headers, **TUS_HEADERS}).status_code == 404


def test_non_video_is_refused_when_complete(api, make_user, platform) -> None:  # type: ignore[no-untyped-def]
    acct = make_user()
    data = b"%PDF-1.7 not a video at all" * 20
    location = _start(api, acct, len(data))
    resp = tus_client.patch(api, acct.headers, location, 0, data)
    assert resp.status_code == 415 and resp.json()["error"]["code"] == "unsupported_media_type"
    leftovers = [p for p in (platform.workdir / "media" / "tus").rglob("*") if p.is_file()]
    assert leftovers == []


def test_gateway_memory_stays_flat_during_a_large_upload(api, make_user, platform) -> None:  # type: ignore[no-untyped-def]
    """96 MB streamed through tus must not grow the gateway's RSS anywhere near the file size.

    (testing/bench/tus_upload.py measures the same for a 1 GB upload.)
    """
    acct = make_user()
    gateway = process_listening_on(platform.base_url)
    size, piece = 96 * 1024 * 1024, 1024 * 1024
    header = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"  # a real MP4 start, then filler

    def body(start: int, end: int) -> Iterator[bytes]:
        filler = os.urandom(piece)
        for pos in range(start, end, piece):
            chunk = (header + filler[len(header) :]) if pos == 0 else filler
            yield chunk[: min(piece, end - pos)]

    location = _start(api, acct, size, title="big one")
    with RssSampler(gateway) as rss:
        offset = 0
        for start in range(0, size, 32 * 1024 * 1024):
            end = min(size, start + 32 * 1024 * 1024)
            resp = tus_client.patch(api, acct.headers, location, offset, body(start, end), length=end - start)
            assert resp.status_code == 204, resp.text
            offset = int(resp.headers["Upload-Offset"])
    assert offset == size and "OpenTok-Video-Id" in resp.headers
    assert rss.growth_mb < 30, f"gateway RSS grew {rss.growth_mb:.1f} MB for a 96 MB upload"


@pytest.fixture(scope="module")
def pipeline_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """Its own platform with a worker, so the worker never eats the shared platform's queue."""
    plat = Platform(backend="sqlite", workdir=tmp_path_factory.mktemp("pipeline"))
    try:
        plat.setup()
        plat.start_gateway()
        plat.start_worker()
        yield plat
    finally:
        plat.teardown()


@pytest.mark.slow
def test_uploaded_clip_becomes_playable_hls_served_by_the_gateway(
    pipeline_platform: Platform, tmp_path: Path
) -> None:
    source = make_clip(tmp_path / "phone.mp4", 3, 320, 568, fps=25, caption="e2e")
    with httpx.Client(base_url=pipeline_platform.base_url, timeout=30) as client:
        creds = {"username": "e2e_creator", "email": "e2e@example.com", "password": "correct horse battery"}
        tokens = client.post("/api/auth/register", json=creds).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        video_id = tus_client.upload_file(client, headers, source, {"title": "e2e", "category": "travel"},
                                          chunk_bytes=64 * 1024)  # fmt: skip

        deadline = time.monotonic() + 180
        video = client.get(f"/api/videos/{video_id}", headers=headers).json()
        # Playable (and in moderation) with its first rung and poster; the hover preview follows.
        while (video["status"] in ("uploaded", "processing") or not video["preview_url"]) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.3)
            video = client.get(f"/api/videos/{video_id}", headers=headers).json()
        # Moderation (another worker task) may already have moved it on; processing ended well.
        assert video["status"] in ("pending_review", "published", "rejected"), pipeline_platform.log("worker")
        assert (video["width"], video["height"]) == (320, 568)
        assert video["duration_s"] == pytest.approx(3.0, abs=0.1)
        assert {r["name"] for r in video["renditions"]} == {"320p", "mp4"}  # never upscaled
        assert video["pending_renditions"] == []

        master = client.get(video["hls_url"])
        assert master.status_code == 200
        assert master.headers["content-type"].startswith("application/vnd.apple.mpegurl")
        base = video["hls_url"].rsplit("/", 1)[0]
        segment = client.get(f"{base}/320p/seg_000.m4s", headers={"Range": "bytes=0-187"})
        assert segment.status_code == 206 and segment.headers["content-type"] == "video/iso.segment"
        assert segment.content[4:8] in (b"moof", b"styp")  # a CMAF fragment
        assert client.get(f"{base}/320p/init.mp4").content[4:8] == b"ftyp"
        assert client.get(video["mp4_url"]).headers["content-type"] == "video/mp4"
        assert client.get(video["poster_url"]).headers["content-type"] == "image/jpeg"
        assert client.get(video["preview_url"]).headers["content-type"] in ("image/webp", "image/gif")

    # A player reading the stream over HTTP from the gateway sees every rung play to the end.
    rungs = {}
    for rung in ("320p",):
        with av.open(f"{pipeline_platform.base_url}{base}/{rung}/index.m3u8") as media:
            frames = sum(1 for _ in media.decode(video=0))
            rungs[rung] = (
                media.streams.video[0].codec_context.name,
                media.streams.audio[0].codec_context.name,
            )
        assert frames == 75  # 3 s at 25 fps, nothing dropped
    assert rungs == {"320p": ("h264", "aac")}


def test_still_image_is_refused_with_its_reason(api, make_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    acct = make_user()
    png = make_clip(
        tmp_path / "still.png", 0.1, 64, 64, audio=False, extra=["-frames:v", "1", "-pix_fmt", "rgb24"]
    )
    data = png.read_bytes()
    location = _start(api, acct, len(data))
    resp = tus_client.patch(api, acct.headers, location, 0, data)
    assert resp.status_code == 415 and "still image" in resp.json()["error"]["message"]
