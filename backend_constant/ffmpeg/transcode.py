"""The HLS ladder and the download MP4, encoded in one ffmpeg run (the source is decoded once).

Rungs are named by their short side so portrait and landscape clips share one ladder: 360p and
720p always, 1080p only when the source has that much. Keyframes are forced every segment length
so every rung switches cleanly at segment boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from backend_constant.ffmpeg.command import compile_args, fit_short_side, safe_input
from backend_constant.ffmpeg.formats import Container
from backend_constant.ffmpeg.probe import MediaInfo
from backend_constant.ffmpeg.runner import Limits, run_ffmpeg

MASTER_PLAYLIST = "master.m3u8"
MP4_NAME = "video.mp4"
MP4_SHORT_SIDE = 720


@dataclass(frozen=True)
class Rung:
    name: str
    short_side: int
    video_kbps: int
    audio_kbps: int


LADDER: tuple[Rung, ...] = (
    Rung("360p", 360, 800, 96),
    Rung("720p", 720, 2800, 128),
    Rung("1080p", 1080, 5000, 160),
)


@dataclass(frozen=True)
class PlannedRung:
    rung: Rung
    width: int
    height: int

    @property
    def playlist(self) -> str:
        return f"{self.rung.name}/index.m3u8"


@dataclass(frozen=True)
class TranscodePlan:
    rungs: tuple[PlannedRung, ...]
    mp4_size: tuple[int, int]
    has_audio: bool


def plan(info: MediaInfo) -> TranscodePlan:
    assert info.video is not None
    width, height = info.video.display_size
    short = min(width, height)
    rungs = tuple(
        PlannedRung(r, *fit_short_side(width, height, r.short_side))
        for r in LADDER
        if r.short_side <= 720 or short >= r.short_side
    )
    return TranscodePlan(rungs, fit_short_side(width, height, MP4_SHORT_SIDE), info.audio is not None)


def _x264(kbps: int) -> dict[str, str]:
    return {"b": f"{kbps}k", "maxrate": f"{int(kbps * 1.07)}k", "bufsize": f"{int(kbps * 1.5)}k"}


def build_args(
    src: Path, container: Container, out_dir: Path, the_plan: TranscodePlan, segment_s: int
) -> list[str]:
    """The full ffmpeg argv: one input, a split per rung plus the MP4, two outputs."""
    source = safe_input(src, container)
    parts = source.video.filter_multi_output("split", len(the_plan.rungs) + 1)
    keyframes = f"expr:gte(t,n_forced*{segment_s})"

    hls_streams: list[ffmpeg.nodes.Stream] = []
    options: dict[str, object] = {}
    stream_map = []
    for index, planned in enumerate(the_plan.rungs):
        scaled = parts[index].filter("scale", planned.width, planned.height).filter("format", "yuv420p")
        hls_streams.append(scaled)
        for key, value in _x264(planned.rung.video_kbps).items():
            options[f"{key}:v:{index}"] = value
        if the_plan.has_audio:
            hls_streams.append(source.audio)
            options[f"b:a:{index}"] = f"{planned.rung.audio_kbps}k"
            stream_map.append(f"v:{index},a:{index},name:{planned.rung.name}")
        else:
            stream_map.append(f"v:{index},name:{planned.rung.name}")
    hls = ffmpeg.output(
        *hls_streams,
        str(out_dir / "%v" / "index.m3u8"),
        f="hls",
        hls_time=segment_s,
        hls_playlist_type="vod",
        hls_flags="independent_segments",
        hls_segment_type="mpegts",
        hls_segment_filename=str(out_dir / "%v" / "seg_%03d.ts"),
        master_pl_name=MASTER_PLAYLIST,
        var_stream_map=" ".join(stream_map),
        preset="veryfast",
        sc_threshold=0,
        force_key_frames=keyframes,
        **{"c:v": "libx264", "profile:v": "high", "c:a": "aac", "ac": 2},
        **options,
    )
    mp4_video = parts[len(the_plan.rungs)].filter("scale", *the_plan.mp4_size).filter("format", "yuv420p")
    mp4_streams = [mp4_video, source.audio] if the_plan.has_audio else [mp4_video]
    mp4 = ffmpeg.output(
        *mp4_streams,
        str(out_dir / MP4_NAME),
        f="mp4",
        movflags="+faststart",
        preset="veryfast",
        crf=23,
        maxrate="3000k",
        bufsize="4200k",
        **{"c:v": "libx264", "profile:v": "high", "c:a": "aac", "b:a": "128k", "ac": 2},
    )
    return compile_args(ffmpeg.merge_outputs(hls, mp4))


def transcode(
    src: Path, container: Container, info: MediaInfo, out_dir: Path, segment_s: int, limits: Limits
) -> TranscodePlan:
    """Encode into `out_dir` (a private temp folder): master.m3u8, <rung>/index.m3u8, video.mp4."""
    the_plan = plan(info)
    for planned in the_plan.rungs:
        (out_dir / planned.rung.name).mkdir(parents=True, exist_ok=True)
    run_ffmpeg(build_args(src, container, out_dir, the_plan, segment_s), limits)
    return the_plan
