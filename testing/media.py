"""Generate small real video files with FFmpeg (lavfi testsrc2 + sine), for tests, demos and benchmarks.

Captions use ffmpeg's drawtext filter, which needs libfreetype and a font; on builds without
them the clips are still made, just uncaptioned.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from backend_constant.ffmpeg.binary import ffmpeg_binary


def ffmpeg_exe() -> str:
    """The system ffmpeg when present, else the static one from the imageio-ffmpeg wheel."""
    return ffmpeg_binary()


@lru_cache
def can_draw_text() -> bool:
    """True when this ffmpeg build renders drawtext captions."""
    argv = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
            "color=c=black:s=64x64:d=0.1", "-vf", "drawtext=text=ok:fontsize=12",
            "-f", "null", "-"]  # fmt: skip
    try:
        return subprocess.run(argv, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _drawtext(caption: str, width: int, height: int) -> str:
    text = "".join(c for c in caption if c not in "\\':%,;[]=")
    # About 0.6 em per character: shrink long captions so they fit the frame's width.
    size = max(10, min(height // 16, int(width / (0.6 * max(len(text), 1)))))
    return (
        f"drawtext=text='{text}':fontsize={size}:fontcolor=white:box=1:"
        "boxcolor=black@0.5:x=(w-text_w)/2:y=h-text_h-h/10"
    )


def make_clip(
    path: Path,
    seconds: float = 2.0,
    width: int = 180,
    height: int = 320,
    audio: bool = True,
    fps: int = 15,
    extra: list[str] | None = None,
    caption: str | None = None,
    tone_hz: int = 440,
) -> Path:
    """A real H.264/AAC MP4 (or whatever the suffix implies) of a moving test pattern."""
    path.parent.mkdir(parents=True, exist_ok=True)
    argv = [ffmpeg_exe(), "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}"]  # fmt: skip
    if audio:
        argv += ["-f", "lavfi", "-i", f"sine=frequency={tone_hz}:duration={seconds}"]
    if caption and can_draw_text():
        argv += ["-vf", _drawtext(caption, width, height)]
    argv += ["-pix_fmt", "yuv420p", "-shortest", *(extra or []), str(path)]
    subprocess.run(argv, check=True, capture_output=True)
    return path
