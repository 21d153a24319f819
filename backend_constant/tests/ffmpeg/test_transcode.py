"""A good clip becomes a playable HLS ladder, a faststart MP4 and the thumbnails."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import pytest

from backend_constant.ffmpeg.binary import ffmpeg_binary
from backend_constant.ffmpeg.inspect import inspect_hls, summarize
from backend_constant.ffmpeg.ladder import plan
from backend_constant.ffmpeg.pipeline import process_file
from backend_constant.ffmpeg.probe import MediaInfo, VideoStreamInfo, probe
from opentok.core.config import Settings
from testing.media import make_clip


def _top_level_boxes(path: Path) -> list[bytes]:
    boxes, data, pos = [], path.read_bytes(), 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        boxes.append(data[pos + 4 : pos + 8])
        if size < 8:
            break
        pos += size
    return boxes


def test_small_portrait_clip_gets_one_rung_at_its_own_size(clips: dict[str, Path], tmp_path: Path) -> None:
    """320x568 is below 360p: one rung at the source size, never upscaled; fMP4 segments."""
    out = tmp_path / "out"
    media = process_file(clips["portrait"], out, Settings())

    assert [r.name for r in media.plan.rungs] == ["320p"]
    rungs = inspect_hls(out / "master.m3u8")
    assert list(rungs) == ["320p"]
    assert (rungs["320p"].width, rungs["320p"].height) == (320, 568)
    for rung in rungs.values():
        assert rung.format_name == "hls"
        assert (rung.video_codec, rung.audio_codec) == ("h264", "aac")
        assert rung.duration_s == pytest.approx(3.0, abs=0.15)
    master = (out / "master.m3u8").read_text()
    assert "RESOLUTION=320x568" in master and 'CODECS="avc1.' in master
    playlist = (out / "320p" / "index.m3u8").read_text()
    assert "#EXT-X-PLAYLIST-TYPE:VOD" in playlist and "#EXT-X-TARGETDURATION:" in playlist
    assert '#EXT-X-MAP:URI="init.mp4"' in playlist and "seg_000.m4s" in playlist
    _assert_relative_uris(out)

    mp4 = summarize(out / "video.mp4")
    assert (mp4.video_codec, mp4.audio_codec, mp4.width, mp4.height) == ("h264", "aac", 320, 568)
    boxes = _top_level_boxes(out / "video.mp4")
    assert boxes.index(b"moov") < boxes.index(b"mdat"), "the MP4 must be +faststart"

    with av.open(str(out / media.thumbnails.poster)) as poster:
        assert poster.streams.video[0].codec_context.name == "mjpeg"
        assert (
            poster.streams.video[0].codec_context.width,
            poster.streams.video[0].codec_context.height,
        ) == (320, 568)
    assert (out / media.thumbnails.preview).stat().st_size > 1000
    assert media.thumbnails.preview.endswith((".webp", ".gif"))
    with av.open(str(out / media.thumbnails.strip)) as strip:
        # 8 samples tiled 4x2 of 180-wide portrait thumbnails (made from the lowest rung).
        assert (strip.streams.video[0].codec_context.width, strip.streams.video[0].codec_context.height) == (
            720,
            640,
        )


def test_hd_source_gets_the_full_ladder_and_an_mp4_remuxed_from_720p(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    process_file(clips["hd_portrait"], out, Settings())
    rungs = inspect_hls(out / "master.m3u8")
    assert list(rungs) == ["360p", "720p", "1080p"]
    assert (rungs["360p"].width, rungs["360p"].height) == (360, 640)
    assert (rungs["720p"].width, rungs["720p"].height) == (720, 1280)
    assert (rungs["1080p"].width, rungs["1080p"].height) == (1080, 1920)
    assert "#EXT-X-TARGETDURATION:1" in (out / "1080p" / "index.m3u8").read_text()
    _assert_relative_uris(out)
    # The MP4 is the 720p rung's own packets (a remux, not a second encode).
    mp4 = summarize(out / "video.mp4")
    assert (mp4.width, mp4.height) == (720, 1280)
    with av.open(str(out / "video.mp4")) as a, av.open(str(out / "720p" / "index.m3u8")) as b:
        sizes_a = [p.size for p in a.demux(a.streams.video[0]) if p.size]
        sizes_b = [p.size for p in b.demux(b.streams.video[0]) if p.size]
    assert sizes_a == sizes_b


def test_ladder_never_upscales_and_keeps_the_aspect_ratio() -> None:
    def rungs(width: int, height: int) -> list[tuple[str, int, int]]:
        info = MediaInfo(
            "mp4/mov", "mov", 1, 5.0, 0, VideoStreamInfo("h264", width, height, 0, 30, 150, None), None
        )
        return [(r.name, r.width, r.height) for r in plan(info).rungs]

    assert rungs(640, 272) == [("272p", 640, 272)]  # the reported 640x272 clip: no 720p at 1694x720
    assert rungs(1280, 720) == [("360p", 640, 360), ("720p", 1280, 720)]
    assert rungs(1072, 1906) == [("360p", 360, 640), ("720p", 720, 1280), ("1080p", 1072, 1906)]
    assert rungs(481, 853) == [("360p", 360, 638)]
    assert rungs(100, 100) == [("100p", 100, 100)]
    assert all(w % 2 == 0 and h % 2 == 0 for w, h in [(r[1], r[2]) for r in rungs(333, 591)])


def _assert_relative_uris(out: Path) -> None:
    """Playlists name segments, init segments and variants relatively (signed-URL friendly)."""
    for playlist in out.rglob("*.m3u8"):
        text = playlist.read_text()
        uris = [line for line in text.splitlines() if line and not line.startswith("#")]
        uris += [part.split('"')[1] for part in text.split("URI=")[1:]]
        assert uris
        assert not any(u.startswith(("/", "http:", "https:")) or ".." in u for u in uris), text


def test_webm_and_silent_avi_sources_are_accepted(clips: dict[str, Path], tmp_path: Path) -> None:
    media = process_file(clips["landscape_webm"], tmp_path / "webm", Settings())
    rungs = inspect_hls(tmp_path / "webm" / "master.m3u8")
    assert list(rungs) == ["270p"] and (rungs["270p"].width, rungs["270p"].height) == (480, 270)
    assert media.info.container == "webm/mkv"

    media = process_file(clips["silent_avi"], tmp_path / "avi", Settings())
    rungs = inspect_hls(tmp_path / "avi" / "master.m3u8")
    assert media.plan.has_audio is False
    assert list(rungs) == ["240p"]
    assert rungs["240p"].audio_codec is None and rungs["240p"].video_codec == "h264"


def test_rotated_phone_clip_is_probed_and_encoded_upright(clips: dict[str, Path], tmp_path: Path) -> None:
    """A clip stored landscape with a 90° display matrix (as phones record) plays portrait."""
    landscape = make_clip(tmp_path / "landscape.mp4", 1, 480, 270, audio=False, fps=10,
                          extra=["-c:v", "libx264", "-preset", "veryfast"])  # fmt: skip
    rotated = tmp_path / "rotated.mp4"
    subprocess.run(
        [ffmpeg_binary(), "-loglevel", "error", "-display_rotation", "90", "-i", str(landscape),
         "-c", "copy", str(rotated)],
        check=True,
    )  # fmt: skip
    info = probe(rotated)
    assert info.video is not None and info.video.rotation in (90, 270)
    assert (info.video.width, info.video.height) == (480, 270)
    assert info.video.display_size == (270, 480)

    media = process_file(rotated, tmp_path / "out", Settings())
    assert (media.plan.rungs[0].width, media.plan.rungs[0].height) == (270, 480)
    rungs = inspect_hls(tmp_path / "out" / "master.m3u8")
    assert (rungs["270p"].width, rungs["270p"].height) == (270, 480)
