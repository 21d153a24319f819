"""Small generated clips, good and bad, shared by the ffmpeg tests (built once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from testing.media import make_clip


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    out: dict[str, Path] = {}
    x264 = ["-c:v", "libx264", "-preset", "veryfast"]
    out["portrait"] = make_clip(d / "portrait.mp4", 3, 320, 568, fps=25, extra=x264, caption="portrait")
    out["landscape_webm"] = make_clip(
        d / "landscape.webm", 2, 480, 270, extra=["-c:v", "libvpx", "-b:v", "300k", "-c:a", "libopus"]
    )
    out["silent_avi"] = make_clip(d / "silent.avi", 2, 320, 240, audio=False, extra=["-c:v", "mpeg4"])
    out["mov_named_webm"] = shutil.copy(out["portrait"], d / "really_mp4.webm")
    out["audio_only"] = make_clip(d / "audio.mp4", 2, extra=["-vn"])
    out["still_png"] = make_clip(d / "still.png", 0.1, 320, 240, audio=False,
                                 extra=["-frames:v", "1", "-pix_fmt", "rgb24"])  # fmt: skip
    out["still_png_as_mp4"] = shutil.copy(out["still_png"], d / "still_png.mp4")
    out["single_frame_mp4"] = make_clip(d / "one_frame.mp4", 1, audio=False, extra=["-frames:v", "1"])
    empty = d / "empty.mp4"
    empty.write_bytes(b"")
    out["empty"] = empty
    # ffmpeg writes the index (moov) last, so a cut-off upload loses it entirely...
    whole = make_clip(d / "whole.mp4", 3, extra=x264)
    truncated = d / "truncated.mp4"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    out["truncated"] = truncated
    # ...while a +faststart file keeps its index and loses the media it promises.
    faststart = make_clip(d / "faststart.mp4", 3, extra=[*x264, "-movflags", "+faststart"])
    cut = d / "truncated_faststart.mp4"
    cut.write_bytes(faststart.read_bytes()[: int(faststart.stat().st_size * 0.6)])
    out["truncated_faststart"] = cut
    garbage = d / "garbage.mp4"
    garbage.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40)
    out["corrupt"] = garbage
    gif = make_clip(d / "anim.gif", 1, 64, 64, audio=False, extra=["-pix_fmt", "rgb8"])
    out["gif_as_mp4"] = shutil.copy(gif, d / "anim_gif.mp4")
    playlist = d / "playlist.mp4"
    playlist.write_text("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n")
    out["hls_playlist"] = playlist
    concat = d / "concat.mov"
    concat.write_text("ffconcat version 1.0\nfile '/etc/passwd'\n")
    out["concat_list"] = concat
    out["too_wide"] = make_clip(d / "wide.mp4", 1, 4000, 240, audio=False, fps=5, extra=x264)
    out["hd_portrait"] = make_clip(d / "hd.mp4", 1, 1080, 1920, fps=10, extra=x264)
    return out
