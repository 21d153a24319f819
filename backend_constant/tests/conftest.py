"""Small generated clips, good and bad, shared by the ffmpeg tests (built once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backend_constant.ffmpeg.synthetic import make_clip


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    out: dict[str, Path] = {}
    out["portrait"] = make_clip(d / "portrait.mp4", width=320, height=568, duration_s=3, caption="portrait")
    out["landscape_webm"] = make_clip(
        d / "landscape.webm",
        width=480,
        height=270,
        duration_s=2,
        vcodec="libvpx",
        extra_output={"b:v": "300k"},
    )
    out["silent_avi"] = make_clip(
        d / "silent.avi", width=320, height=240, duration_s=2, audio=False, vcodec="mpeg4"
    )
    out["mov_named_webm"] = shutil.copy(out["portrait"], d / "really_mp4.webm")
    out["audio_only"] = make_clip(d / "audio.mp4", duration_s=2, extra_output={"vn": None})
    out["still_png"] = make_clip(
        d / "still.png", duration_s=0.04, audio=False, vcodec="png", extra_output={"frames:v": 1}
    )
    out["still_png_as_mp4"] = shutil.copy(out["still_png"], d / "still_png.mp4")
    out["single_frame_mp4"] = make_clip(
        d / "one_frame.mp4", duration_s=1, audio=False, extra_output={"frames:v": 1}
    )
    empty = d / "empty.mp4"
    empty.write_bytes(b"")
    out["empty"] = empty
    # ffmpeg writes the index (moov) last, so a cut-off upload loses it entirely...
    whole = make_clip(d / "whole.mp4", duration_s=3)
    truncated = d / "truncated.mp4"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    out["truncated"] = truncated
    # ...while a +faststart file keeps its index and loses the media it promises.
    faststart = make_clip(d / "faststart.mp4", duration_s=3, extra_output={"movflags": "+faststart"})
    cut = d / "truncated_faststart.mp4"
    cut.write_bytes(faststart.read_bytes()[: int(faststart.stat().st_size * 0.6)])
    out["truncated_faststart"] = cut
    garbage = d / "garbage.mp4"
    garbage.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40)
    out["corrupt"] = garbage
    out["gif_as_mp4"] = make_clip(
        d / "anim.gif", width=64, height=64, duration_s=1, audio=False, vcodec="gif"
    )
    out["gif_as_mp4"] = shutil.copy(out["gif_as_mp4"], d / "anim_gif.mp4")
    playlist = d / "playlist.mp4"
    playlist.write_text("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n")
    out["hls_playlist"] = playlist
    concat = d / "concat.mov"
    concat.write_text("ffconcat version 1.0\nfile '/etc/passwd'\n")
    out["concat_list"] = concat
    out["too_wide"] = make_clip(d / "wide.mp4", width=4000, height=240, duration_s=1, fps=5, audio=False)
    out["hd_portrait"] = make_clip(d / "hd.mp4", width=1080, height=1920, duration_s=1, fps=10)
    return out
