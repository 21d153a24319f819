"""Fixtures for video moderation: small generated clips and the fake Gemini server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import av
import imageio_ffmpeg
import pytest
from PIL import Image, ImageDraw, ImageFont

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


def make_caption_clip(path: Path, caption: str, seconds: int = 2, rate: int = 5) -> Path:
    """A clip with a caption burned into every frame, for the OCR path."""
    size = (480, 270)
    font = ImageFont.load_default(size=28)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(seconds * rate):
            image = Image.new("RGB", size, (30, 30 + i * 5, 60))
            ImageDraw.Draw(image).text((20, size[1] // 2 - 20), caption, fill=(255, 255, 255), font=font)
            out.mux(stream.encode(av.VideoFrame.from_image(image)))
        out.mux(stream.encode())
    return path


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "testsrc2.mp4")


@pytest.fixture
def fake_gemini() -> Iterator[FakeGeminiServer]:
    with FakeGeminiServer(processing_polls=2, slow_seconds=3.0) as server:
        yield server


@pytest.fixture
def comment_model(service_env, tiny_model_dir):
    """The tiny real comment model (moderation_service.tests.support), active in an isolated
    registry and database: it really scores text, and trains in seconds."""
    from moderation_service.tests.support import register_comment_model

    return register_comment_model(tiny_model_dir)
