"""Small generated clips, good and bad, shared by the media tests.

Each clip is made the first time a test asks for it and then reused for the whole session.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from testing.media import make_clip

X264 = ["-c:v", "libx264", "-preset", "veryfast"]


def _cut(src: Path, dest: Path, fraction: float) -> Path:
    dest.write_bytes(src.read_bytes()[: int(src.stat().st_size * fraction)])
    return dest


def _write(dest: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        dest.write_text(data)
    else:
        dest.write_bytes(data)
    return dest


class Clips(dict[str, Path]):
    """name → file, generated on first use."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        d = self.folder = folder
        self.recipes: dict[str, Callable[[], Path]] = {
            "portrait": lambda: make_clip(
                d / "portrait.mp4", 3, 320, 568, fps=25, extra=X264, caption="portrait"
            ),
            "landscape_webm": lambda: make_clip(
                d / "landscape.webm", 2, 480, 270, extra=["-c:v", "libvpx", "-b:v", "300k", "-c:a", "libopus"]
            ),
            "silent_avi": lambda: make_clip(
                d / "silent.avi", 2, 320, 240, audio=False, extra=["-c:v", "mpeg4"]
            ),
            "mov_named_webm": lambda: Path(shutil.copy(self["portrait"], d / "really_mp4.webm")),
            "audio_only": lambda: make_clip(d / "audio.mp4", 2, extra=["-vn"]),
            "still_png": lambda: make_clip(
                d / "still.png", 0.1, 320, 240, audio=False, extra=["-frames:v", "1", "-pix_fmt", "rgb24"]
            ),
            "still_png_as_mp4": lambda: Path(shutil.copy(self["still_png"], d / "still_png.mp4")),
            "single_frame_mp4": lambda: make_clip(
                d / "one_frame.mp4", 1, audio=False, extra=["-frames:v", "1"]
            ),
            "empty": lambda: _write(d / "empty.mp4", b""),
            # ffmpeg writes the index (moov) last, so a cut-off upload loses it entirely...
            "truncated": lambda: _cut(make_clip(d / "whole.mp4", 3, extra=X264), d / "truncated.mp4", 0.5),
            # ...while a +faststart file keeps its index and loses the media it promises.
            "truncated_faststart": lambda: _cut(
                make_clip(d / "faststart.mp4", 3, extra=[*X264, "-movflags", "+faststart"]),
                d / "truncated_faststart.mp4",
                0.6,
            ),
            "corrupt": lambda: _write(
                d / "garbage.mp4", b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40
            ),
            "gif_as_mp4": lambda: Path(
                shutil.copy(
                    make_clip(d / "anim.gif", 1, 64, 64, audio=False, extra=["-pix_fmt", "rgb8"]),
                    d / "anim_gif.mp4",
                )
            ),
            "hls_playlist": lambda: _write(
                d / "playlist.mp4",
                "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n",
            ),
            "concat_list": lambda: _write(d / "concat.mov", "ffconcat version 1.0\nfile '/etc/passwd'\n"),
            "too_wide": lambda: make_clip(d / "wide.mp4", 1, 4000, 240, audio=False, fps=5, extra=X264),
            "hd720_portrait": lambda: make_clip(d / "hd720.mp4", 2, 720, 1280, fps=15, extra=X264),
            "hd_portrait": lambda: make_clip(d / "hd.mp4", 1, 1080, 1920, fps=10, extra=X264),
        }

    def __missing__(self, name: str) -> Path:
        self[name] = path = self.recipes[name]()
        return path


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    return Clips(tmp_path_factory.mktemp("clips"))
