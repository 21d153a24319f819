"""Synthetic clips (lavfi testsrc2 + sine + optional caption) for tests, demo uploads and benchmarks.

Captions need ffmpeg's drawtext filter and a font; builds without them still produce clips,
just uncaptioned.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

import ffmpeg

from backend_constant.ffmpeg.command import compile_args


@lru_cache
def can_draw_text() -> bool:
    """True when this ffmpeg build renders drawtext (needs libfreetype and a usable font)."""
    probe = (
        ffmpeg.input("color=c=black:s=64x64:d=0.1", f="lavfi")
        .filter("drawtext", text="ok", fontsize=12)
        .output("-", f="null")
    )
    try:
        result = subprocess.run(compile_args(probe), capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def make_clip(
    path: Path,
    *,
    width: int = 320,
    height: int = 568,
    duration_s: float = 2.0,
    fps: int = 25,
    caption: str | None = None,
    audio: bool = True,
    tone_hz: int = 440,
    vcodec: str = "libx264",
    extra_output: dict[str, object] | None = None,
) -> Path:
    """Write a test-pattern clip; the container follows the file extension."""
    video = ffmpeg.input(f"testsrc2=size={width}x{height}:rate={fps}:duration={duration_s}", f="lavfi").video
    if caption and can_draw_text():
        safe = caption.replace("\\", "").replace("'", "").replace(":", " ").replace("%", "")
        video = video.filter(
            "drawtext",
            text=safe,
            fontsize=max(16, height // 16),
            fontcolor="white",
            box=1,
            boxcolor="black@0.5",
            x="(w-text_w)/2",
            y="h-text_h-h/10",
        )
    streams = [video]
    if audio:
        streams.append(ffmpeg.input(f"sine=frequency={tone_hz}:duration={duration_s}", f="lavfi").audio)
    options: dict[str, object] = {"vcodec": vcodec, "pix_fmt": "yuv420p"}
    if vcodec == "libx264":
        options["preset"] = "veryfast"
    if audio:
        options["acodec"] = "libopus" if path.suffix == ".webm" else "aac"
    options.update(extra_output or {})
    subprocess.run(compile_args(ffmpeg.output(*streams, str(path), **options)), check=True, timeout=600)
    return path
