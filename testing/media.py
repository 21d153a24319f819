"""Generate small real video files with FFmpeg (lavfi testsrc2 + sine), for tests and demos."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def ffmpeg_exe() -> str:
    """The system ffmpeg when present, else the static one from the imageio-ffmpeg wheel."""
    system = shutil.which("ffmpeg")
    if system:
        return system
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def make_clip(
    path: Path,
    seconds: float = 2.0,
    width: int = 180,
    height: int = 320,
    audio: bool = True,
    fps: int = 15,
    extra: list[str] | None = None,
) -> Path:
    """A real H.264/AAC MP4 (or whatever the suffix implies) of a moving test pattern."""
    path.parent.mkdir(parents=True, exist_ok=True)
    argv = [ffmpeg_exe(), "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}"]  # fmt: skip
    if audio:
        argv += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    argv += ["-pix_fmt", "yuv420p", "-shortest", *(extra or []), str(path)]
    subprocess.run(argv, check=True, capture_output=True)
    return path
