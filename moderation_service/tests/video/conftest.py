"""Fixtures for video moderation: small generated clips and the fake Gemini server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import imageio_ffmpeg
import pytest

from testing.fakes.gemini_server import FakeGeminiServer


def make_clip(path: Path, seconds: float = 3.0, size: str = "320x240", rate: int = 10) -> Path:
    """A small H.264 clip from ffmpeg's lavfi test source: real media, made in a second."""
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate={rate}:duration={seconds}",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        str(path),
    ]
    subprocess.run(cmd, check=True, timeout=60)
    return path


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "testsrc2.mp4")


@pytest.fixture
def fake_gemini() -> Iterator[FakeGeminiServer]:
    with FakeGeminiServer(processing_polls=2, slow_seconds=3.0) as server:
        yield server
