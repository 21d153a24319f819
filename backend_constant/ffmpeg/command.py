"""Shared pieces of every ffmpeg command line we build: safe inputs and quiet globals."""

from __future__ import annotations

from pathlib import Path

import ffmpeg

from backend_constant.ffmpeg.binary import ffmpeg_binary
from backend_constant.ffmpeg.formats import Container

GLOBAL_ARGS = ("-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y")


def safe_input(path: Path, container: Container, **options: object) -> ffmpeg.nodes.FilterableStream:
    """An input with the demuxer forced and only local files readable: no playlists, no URLs."""
    return ffmpeg.input(str(path), f=container.demuxer, protocol_whitelist="file", **options)


def compile_args(stream: ffmpeg.nodes.Node) -> list[str]:
    """The argv for a graph, with our global flags right after the binary where ffmpeg wants them."""
    args = stream.compile(cmd=ffmpeg_binary())
    return [args[0], *GLOBAL_ARGS, *args[1:]]


def even(value: float) -> int:
    """H.264 with 4:2:0 chroma needs even dimensions."""
    return max(2, int(round(value / 2)) * 2)


def fit_short_side(width: int, height: int, short: int) -> tuple[int, int]:
    """Scale (width, height) so its shorter side is `short`, keeping the aspect ratio."""
    if width >= height:
        return even(width * short / height), even(short)
    return even(short), even(height * short / width)


def fit_down(width: int, height: int, short: int) -> tuple[int, int]:
    """Like fit_short_side, but never larger than the source (its even-floored size instead)."""
    if short >= min(width, height):
        return max(2, width - width % 2), max(2, height - height % 2)
    return fit_short_side(width, height, short)
