"""A good clip becomes a playable HLS ladder, a faststart MP4 and the thumbnails."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import pytest

from backend_constant.ffmpeg.binary import ffmpeg_binary
from backend_constant.ffmpeg.inspect import inspect_hls, summarize
from backend_constant.ffmpeg.pipeline import process_file
from backend_constant.ffmpeg.probe import probe
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


def test_portrait_clip_becomes_hls_ladder_mp4_and_thumbnails(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    media = process_file(clips["portrait"], out, Settings())

    assert [r.rung.name for r in media.plan.rungs] == ["360p", "720p"]
    rungs = inspect_hls(out / "master.m3u8")
    assert list(rungs) == ["360p", "720p"]
    assert (rungs["360p"].width, rungs["360p"].height) == (360, 640)
    assert (rungs["720p"].width, rungs["720p"].height) == (720, 1278)
    for rung in rungs.values():
        assert rung.format_name == "hls"
        assert (rung.video_codec, rung.audio_codec) == ("h264", "aac")
        assert rung.duration_s == pytest.approx(3.0, abs=0.15)
    master = (out / "master.m3u8").read_text()
    assert "RESOLUTION=360x640" in master and "RESOLUTION=720x1278" in master
    playlist = (out / "360p" / "index.m3u8").read_text()
    assert "#EXT-X-PLAYLIST-TYPE:VOD" in playlist and "#EXT-X-TARGETDURATION:" in playlist

    mp4 = summarize(out / "video.mp4")
    assert (mp4.video_codec, mp4.audio_codec, mp4.width, mp4.height) == ("h264", "aac", 720, 1278)
    boxes = _top_level_boxes(out / "video.mp4")
    assert boxes.index(b"moov") < boxes.index(b"mdat"), "the MP4 must be +faststart"

    with av.open(str(out / media.thumbnails.poster)) as poster:
        assert poster.streams.video[0].codec_context.name == "mjpeg"
        assert (
            poster.streams.video[0].codec_context.width,
            poster.streams.video[0].codec_context.height,
        ) == (
            720,
            1278,
        )
    assert (out / media.thumbnails.preview).stat().st_size > 1000
    assert media.thumbnails.preview.endswith((".webp", ".gif"))
    with av.open(str(out / media.thumbnails.strip)) as strip:
        # 8 samples tiled 4x2 of 180-wide portrait thumbnails.
        assert (strip.streams.video[0].codec_context.width, strip.streams.video[0].codec_context.height) == (
            720,
            640,
        )


def test_hd_source_gets_a_1080p_rung(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    process_file(clips["hd_portrait"], out, Settings())
    rungs = inspect_hls(out / "master.m3u8")
    assert list(rungs) == ["360p", "720p", "1080p"]
    assert (rungs["1080p"].width, rungs["1080p"].height) == (1080, 1920)
    assert "#EXT-X-TARGETDURATION:1" in (out / "1080p" / "index.m3u8").read_text()


def test_webm_and_silent_avi_sources_are_accepted(clips: dict[str, Path], tmp_path: Path) -> None:
    media = process_file(clips["landscape_webm"], tmp_path / "webm", Settings())
    rungs = inspect_hls(tmp_path / "webm" / "master.m3u8")
    assert (rungs["360p"].width, rungs["360p"].height) == (640, 360)
    assert media.info.container == "webm/mkv"

    media = process_file(clips["silent_avi"], tmp_path / "avi", Settings())
    rungs = inspect_hls(tmp_path / "avi" / "master.m3u8")
    assert media.plan.has_audio is False
    assert rungs["720p"].audio_codec is None and rungs["720p"].video_codec == "h264"


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
    assert (media.plan.rungs[0].width, media.plan.rungs[0].height) == (360, 640)
    rungs = inspect_hls(tmp_path / "out" / "master.m3u8")
    assert (rungs["360p"].width, rungs["360p"].height) == (360, 640)
