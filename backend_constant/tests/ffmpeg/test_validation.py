"""Every kind of bad upload gets its own code and a message the owner can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend_constant.ffmpeg.errors import MediaRejected
from backend_constant.ffmpeg.formats import MATROSKA, MP4, sniff
from backend_constant.ffmpeg.pipeline import process_file
from backend_constant.ffmpeg.probe import probe
from opentok.core.config import Settings


@pytest.mark.parametrize(
    ("clip", "code", "words"),
    [
        ("audio_only", "audio_only", "no picture"),
        ("still_png", "still_image", "still image"),
        ("still_png_as_mp4", "still_image", "still image"),
        ("single_frame_mp4", "still_image", "still image"),
        ("empty", "empty_file", "empty"),
        ("truncated", "corrupt_file", "truncated"),
        ("truncated_faststart", "truncated_file", "incomplete"),
        ("corrupt", "corrupt_file", "damaged"),
        ("gif_as_mp4", "unsupported_container", "GIF"),
        ("hls_playlist", "unsupported_container", "Playlists"),
        ("concat_list", "unsupported_container", "Playlists"),
        ("too_wide", "resolution_too_large", "4000x240"),
    ],
)
def test_bad_uploads_are_rejected_with_their_own_reason(
    clips: dict[str, Path], tmp_path: Path, clip: str, code: str, words: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(MediaRejected) as caught:
        process_file(clips[clip], out, Settings())
    assert caught.value.code == code
    assert words.lower() in caught.value.message.lower()
    assert not out.exists(), "a rejected upload must not produce any output"


def test_too_long_uses_the_configured_limit(clips: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(MediaRejected) as caught:
        process_file(clips["portrait"], tmp_path / "out", Settings(video_max_duration_s=2.0))
    assert caught.value.code == "too_long"
    assert "limit is 2 s" in caught.value.message


def test_container_is_decided_by_content_not_name(clips: dict[str, Path]) -> None:
    assert sniff(clips["mov_named_webm"]) is MP4
    assert sniff(clips["landscape_webm"]) is MATROSKA


def test_probe_reports_streams_codecs_and_size(clips: dict[str, Path]) -> None:
    info = probe(clips["portrait"])
    assert info.container == "mp4/mov"
    assert info.size == clips["portrait"].stat().st_size
    assert info.duration_s == pytest.approx(3.0, abs=0.1)
    assert info.video is not None and info.audio is not None
    assert (info.video.codec, info.video.width, info.video.height, info.video.rotation) == (
        "h264",
        320,
        568,
        0,
    )
    assert info.video.frames == 75
    assert info.audio.codec == "aac"
    assert info.to_json()["video"]["display_height"] == 568
