"""Still and animated pictures of a video: the feed poster, a hover preview, a moderator strip.

The preview is an animated WebP when the ffmpeg build has libwebp, otherwise a GIF.
"""

from __future__ import annotations

import math
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from backend_constant.ffmpeg.binary import ffmpeg_binary
from backend_constant.ffmpeg.command import compile_args, fit_down, safe_input
from backend_constant.ffmpeg.formats import Container
from backend_constant.ffmpeg.probe import MediaInfo
from backend_constant.ffmpeg.runner import Limits, run_ffmpeg

POSTER_NAME = "poster.jpg"
STRIP_NAME = "strip.jpg"
POSTER_SHORT_SIDE = 720
PREVIEW_SHORT_SIDE = 240
PREVIEW_SECONDS = 3.0
PREVIEW_FPS = 10
STRIP_THUMB_SHORT_SIDE = 180


@dataclass(frozen=True)
class Thumbnails:
    poster: str
    preview: str
    strip: str


@lru_cache
def has_webp_encoder() -> bool:
    out = subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=30
    ).stdout
    return " libwebp_anim " in out


def poster_time(duration_s: float) -> float:
    """A frame a little in: the very first frame is often black or a fade-in."""
    return min(1.0, duration_s / 3)


def make_poster(src: Path, container: Container, info: MediaInfo, out_dir: Path, limits: Limits) -> str:
    assert info.video is not None
    size = fit_down(*info.video.display_size, POSTER_SHORT_SIDE)
    graph = (
        safe_input(src, container, ss=f"{poster_time(info.duration_s):.3f}")
        .video.filter("scale", *size)
        .output(str(out_dir / POSTER_NAME), vframes=1, update=1, **{"q:v": 3})
    )
    run_ffmpeg(compile_args(graph), limits)
    return POSTER_NAME


def make_preview(src: Path, container: Container, info: MediaInfo, out_dir: Path, limits: Limits) -> str:
    assert info.video is not None
    size = fit_down(*info.video.display_size, PREVIEW_SHORT_SIDE)
    start = max(0.0, min(poster_time(info.duration_s), info.duration_s - PREVIEW_SECONDS))
    video = (
        safe_input(src, container, ss=f"{start:.3f}", t=f"{PREVIEW_SECONDS:.3f}")
        .video.filter("fps", PREVIEW_FPS)
        .filter("scale", *size)
    )
    if has_webp_encoder():
        name = "preview.webp"
        graph = video.output(str(out_dir / name), vcodec="libwebp_anim", loop=0, quality=60, an=None)
    else:
        name = "preview.gif"
        graph = video.output(str(out_dir / name), loop=0, an=None)
    run_ffmpeg(compile_args(graph), limits)
    return name


def make_strip(
    src: Path, container: Container, info: MediaInfo, out_dir: Path, limits: Limits, samples: int
) -> str:
    """`samples` frames spread over the whole clip, tiled into one JPEG for a moderator's glance."""
    assert info.video is not None
    samples = max(1, samples)
    cols = min(4, samples)
    rows = math.ceil(samples / cols)
    size = fit_down(*info.video.display_size, STRIP_THUMB_SHORT_SIDE)
    rate = samples / max(info.duration_s, 0.1)
    graph = (
        safe_input(src, container)
        .video.filter("fps", f"{rate:.6f}")
        .filter("scale", *size)
        .filter("tile", f"{cols}x{rows}")
        .output(str(out_dir / STRIP_NAME), vframes=1, update=1, **{"q:v": 4})
    )
    run_ffmpeg(compile_args(graph), limits)
    return STRIP_NAME
