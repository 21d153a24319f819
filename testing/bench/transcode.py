"""Transcode benchmark: the old ladder against the new, on a test pattern and a natural clip.

For each 1080x1920 clip (testsrc2 with a caption; a zooming mandelbrot, which is not a static
pattern) it prints, in one run:
- old ladder (TS HLS + a second 720p encode for the MP4, one ffmpeg run): ours and the same argv
  started directly (the floor), as a multiple of realtime;
- new ladder (fMP4 rungs encoded once, lowest first, MP4 remuxed), run stage by stage exactly as
  the job does, publishing into a local storage folder: time to first playable (lowest rung +
  poster + thumbnails + MP4 + master playlist published) as a fraction of the clip's duration,
  the full ladder's realtime factor, and the same ffmpeg argvs started directly (the floor);
- per rung: SSIM and PSNR against the source scaled to the rung's size (ffmpeg's own filters);
- the load average before and after, since a shared machine depresses every figure.

    nice -n 10 .venv/bin/python -m testing.bench.transcode                 # 30 s clips
    nice -n 10 .venv/bin/python -m testing.bench.transcode --seconds 10 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
from tqdm import tqdm

from backend_constant.ffmpeg.binary import ffmpeg_binary
from backend_constant.ffmpeg.command import compile_args, fit_short_side, safe_input
from backend_constant.ffmpeg.formats import Container
from backend_constant.ffmpeg.pipeline import (
    Source,
    encode_rung,
    inspect_source,
    make_cover,
    make_mp4,
    make_previews,
)
from backend_constant.ffmpeg.runner import default_limits, run_ffmpeg
from backend_constant.ffmpeg.transcode import MP4_NAME, build_args, join_fragments, remux_args
from backend_constant.jobs.media_publishing import MediaPublisher
from backend_constant.jobs.video_processing import MasterPlaylist
from opentok.core.config import REPO_ROOT, Settings, get_settings
from opentok.storage import LocalStorage
from testing.media import make_clip

X264_SOURCE = ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M"]
OLD_LADDER = ((360, 800, 96), (720, 2800, 128), (1080, 5000, 160))


def source_clips(seconds: float, width: int, height: int) -> dict[str, Path]:
    """Cached sources with sound (regenerated when missing)."""
    folder = REPO_ROOT / "testing" / "out" / "bench"
    pattern = folder / f"src_{width}x{height}_{seconds:g}s.mp4"
    if not pattern.exists():
        make_clip(
            pattern, seconds, width, height, fps=30, caption="OpenTok transcode benchmark", extra=X264_SOURCE
        )
    natural = folder / f"mandelbrot_{width}x{height}_{seconds:g}s.mp4"
    if not natural.exists():
        natural.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [ffmpeg_binary(), "-y", "-loglevel", "error",
             "-f", "lavfi", "-i", f"mandelbrot=size={width}x{height}:rate=30,trim=duration={seconds}",
             "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}",
             "-pix_fmt", "yuv420p", "-shortest", *X264_SOURCE, str(natural)],
            check=True,
        )  # fmt: skip
    return {"test pattern": pattern, "mandelbrot": natural}


def old_ladder_args(src: Path, container: Container, out: Path, width: int, height: int, segment_s: int,
                    has_audio: bool) -> list[str]:  # fmt: skip
    """The previous pipeline's argv: MPEG-TS HLS rungs (360p/720p always, 1080p when the source
    has it) plus the MP4 encoded a second time, from one decode."""
    short = min(width, height)
    rungs = [(s, v, a) for s, v, a in OLD_LADDER if s <= 720 or short >= s]
    source = safe_input(src, container)
    parts = source.video.filter_multi_output("split", len(rungs) + 1)
    streams: list[ffmpeg.nodes.Stream] = []
    options: dict[str, object] = {}
    stream_map = []
    for i, (s, v, a) in enumerate(rungs):
        (out / f"{s}p").mkdir(parents=True, exist_ok=True)
        streams.append(
            parts[i].filter("scale", *fit_short_side(width, height, s)).filter("format", "yuv420p")
        )
        options |= {
            f"b:v:{i}": f"{v}k",
            f"maxrate:v:{i}": f"{int(v * 1.07)}k",
            f"bufsize:v:{i}": f"{int(v * 1.5)}k",
        }
        if has_audio:
            streams.append(source.audio)
            options[f"b:a:{i}"] = f"{a}k"
        stream_map.append(f"v:{i},a:{i},name:{s}p" if has_audio else f"v:{i},name:{s}p")
    hls = ffmpeg.output(
        *streams, str(out / "%v" / "index.m3u8"), f="hls", hls_time=segment_s, hls_playlist_type="vod",
        hls_flags="independent_segments", hls_segment_type="mpegts",
        hls_segment_filename=str(out / "%v" / "seg_%03d.ts"), master_pl_name="master.m3u8",
        var_stream_map=" ".join(stream_map), preset="veryfast", sc_threshold=0,
        force_key_frames=f"expr:gte(t,n_forced*{segment_s})",
        **{"c:v": "libx264", "profile:v": "high", "c:a": "aac", "ac": 2}, **options,
    )  # fmt: skip
    mp4_video = (
        parts[len(rungs)].filter("scale", *fit_short_side(width, height, 720)).filter("format", "yuv420p")
    )
    mp4 = ffmpeg.output(
        *([mp4_video, source.audio] if has_audio else [mp4_video]), str(out / "video.mp4"), f="mp4",
        movflags="+faststart", preset="veryfast", crf=23, maxrate="3000k", bufsize="4200k",
        **{"c:v": "libx264", "profile:v": "high", "c:a": "aac", "b:a": "128k", "ac": 2},
    )  # fmt: skip
    return compile_args(ffmpeg.merge_outputs(hls, mp4))


@dataclass
class NewRun:
    first_playable: Timed
    ladder: Timed  # the whole job: probe, every stage, publishing
    thumbnails: Timed
    out: Path


def run_new_ladder(src: Path, work: Path, settings: Settings) -> NewRun:
    """The job's stages in the job's order, publishing through the storage interface."""
    storage = LocalStorage(work / "media")
    publisher = MediaPublisher(storage, "videos/bench")
    out = work / "out"
    out.mkdir(parents=True)
    thumbs, extra = Timed(), Timed()
    with clock() as ladder:
        with clock() as first:
            source = inspect_source(src, settings)
            master = MasterPlaylist(publisher, source, resume=False)
            lowest, *higher = source.plan.rungs
            rung_dir = encode_rung(source, lowest, out, settings)
            with clock() as poster_t:
                poster = make_cover(source, out, settings)
            publisher.rung(rung_dir)
            publisher.file(out / poster)
            publisher.file(make_mp4(rung_dir, work / MP4_NAME, settings))
            master.add(lowest, rung_dir, work)
        with clock() as extra:
            for name in make_previews(source, rung_dir, out, settings):
                publisher.file(out / name)
        for planned in higher:
            rung_dir = encode_rung(source, planned, out, settings)
            publisher.rung(rung_dir)
            if planned == source.plan.mp4_rung:
                publisher.file(make_mp4(rung_dir, work / MP4_NAME, settings))
            master.add(planned, rung_dir, work)
    thumbs = Timed(poster_t.wall + extra.wall, poster_t.cpu + extra.cpu)
    return NewRun(first, ladder, thumbs, out)


def raw_new_ladder(source: Source, work: Path, segment_s: int) -> Timed:
    """The new ladder's ffmpeg argvs (each rung, both MP4 remuxes) started directly: the floor."""
    out = work / "raw"
    argvs = []
    for planned in source.plan.rungs:
        (out / planned.name).mkdir(parents=True)
        argvs.append(
            build_args(source.path, source.container, out, [planned], source.plan.has_audio, segment_s)
        )
    with clock() as timed:
        for i, argv in enumerate(argvs):
            subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
            planned = source.plan.rungs[i]
            if i == 0 or planned == source.plan.mp4_rung:
                frag = join_fragments(out / planned.name, work / f"raw-{planned.name}.frag.mp4")
                remux = remux_args(frag, work / f"raw-{planned.name}.mp4")
                subprocess.run(remux, check=True, stdin=subprocess.DEVNULL)
    return timed


@dataclass
class Timed:
    """Wall seconds and CPU seconds (this process and the ffmpeg children it waited for).

    CPU seconds barely move with the machine's load, so they give the overhead ratio and a
    quiet-machine estimate (CPU seconds / cores) even while other work shares the cores."""

    wall: float = 0.0
    cpu: float = 0.0


def _cpu() -> float:
    c, s = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return c.ru_utime + c.ru_stime + s.ru_utime + s.ru_stime


class clock:  # noqa: N801 - used as `with clock() as t:`
    def __enter__(self) -> Timed:
        self.timed, self.w0, self.c0 = Timed(), time.perf_counter(), _cpu()
        return self.timed

    def __exit__(self, *exc: object) -> None:
        self.timed.wall, self.timed.cpu = time.perf_counter() - self.w0, _cpu() - self.c0


_SSIM = re.compile(r"SSIM .*All:([0-9.]+)")
_PSNR = re.compile(r"PSNR .*average:([0-9.inf]+)")


def quality(rung_dir: Path, src: Path, width: int, height: int, work: Path) -> tuple[float, float]:
    """(SSIM, PSNR dB) of a rung against the source scaled to the rung's size."""
    encoded = join_fragments(rung_dir, work / f"q-{rung_dir.name}.mp4")
    graph = (
        f"[0:v]format=yuv420p,split[d0][d1];[1:v]scale={width}:{height}:flags=bicubic,format=yuv420p,"
        "split[r0][r1];[d0][r0]ssim;[d1][r1]psnr"
    )
    argv = [ffmpeg_binary(), "-hide_banner", "-nostats", "-i", str(encoded), "-i", str(src),
            "-lavfi", graph, "-f", "null", "-"]  # fmt: skip
    log = subprocess.run(argv, capture_output=True, text=True, check=True).stderr
    return float(_SSIM.search(log).group(1)), float(_PSNR.search(log).group(1))  # type: ignore[union-attr]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def _line(t: Timed, duration: float, cores: int) -> str:
    return (
        f"{t.wall:6.1f} s wall = {duration / t.wall:.2f}x realtime; {t.cpu:6.1f} CPU s "
        f"-> {duration / (t.cpu / cores):.2f}x realtime on {cores} quiet cores"
    )


def bench_clip(label: str, src: Path, repeat: int, settings: Settings, bar: tqdm, cores: int) -> None:
    source = inspect_source(src, settings)
    info = source.info
    assert info.video is not None
    duration = info.duration_s
    width, height = info.video.display_size
    seg = settings.hls_segment_s
    limits = default_limits(settings.transcode_timeout_s)
    old_ours: list[Timed] = []
    old_raw: list[Timed] = []
    new_runs: list[NewRun] = []
    new_raw: list[Timed] = []
    work = Path(tempfile.mkdtemp(prefix="bench-transcode-"))
    try:
        for i in range(repeat):
            # Interleaved, so a change in the machine's load hits both sides of each ratio alike.
            argv = old_ladder_args(src, source.container, work / f"old-raw{i}", width, height, seg,
                                   source.plan.has_audio)  # fmt: skip
            with clock() as t:
                subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
            old_raw.append(t)
            bar.update()
            with clock() as t:
                inspect_source(src, settings)
                argv = old_ladder_args(src, source.container, work / f"old-ours{i}", width, height, seg,
                                       source.plan.has_audio)  # fmt: skip
                run_ffmpeg(argv, limits)
            old_ours.append(t)
            bar.update()
            new_raw.append(raw_new_ladder(source, work / f"new-raw{i}", seg))
            bar.update()
            new_runs.append(run_new_ladder(src, work / f"new{i}", settings))
            bar.update()
        scores = {
            r.name: quality(new_runs[-1].out / r.name, src, r.width, r.height, work)
            for r in source.plan.rungs
        }
        bar.update()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(values: list[Timed]) -> Timed:
        return Timed(statistics.median(v.wall for v in values), statistics.median(v.cpu for v in values))

    o_ours, o_raw, n_raw = med(old_ours), med(old_raw), med(new_raw)
    ladder = med([r.ladder for r in new_runs])
    thumbs = med([r.thumbnails for r in new_runs])
    first = med([r.first_playable for r in new_runs])
    rungs = ", ".join(
        f"{r.name} {r.width}x{r.height} ({r.rung.preset}, crf {r.rung.crf}, cap {r.rung.video_kbps}k)"
        for r in source.plan.rungs
    )
    out = bar.write
    out(
        f"\n== {label}: {width}x{height}, {duration:.1f} s, {info.video.fps:g} fps ({src.name})"
        f"; load {load()}"
    )
    out(f"new ladder: {rungs}; MP4 = remux of {source.plan.mp4_rung.name}")
    out(f"old ladder, ours:       {_line(o_ours, duration, cores)}")
    out(f"old ladder, raw ffmpeg: {_line(o_raw, duration, cores)}")
    out(f"old ladder, ours/raw:   wall {o_ours.wall / o_raw.wall:.3f}, CPU {o_ours.cpu / o_raw.cpu:.3f}")
    out(f"new ladder, ours:       {_line(ladder, duration, cores)} (thumbnails {thumbs.cpu:.1f} CPU s)")
    out(f"new ladder, raw ffmpeg: {_line(n_raw, duration, cores)} (rung encodes + MP4 remuxes)")
    out(f"new ladder, ours/raw:   wall {ladder.wall / n_raw.wall:.3f}, CPU {ladder.cpu / n_raw.cpu:.3f} "
        f"(ours includes probe, thumbnails, playlists and publishing; without thumbnails: CPU "
        f"{(ladder.cpu - thumbs.cpu) / n_raw.cpu:.3f})")  # fmt: skip
    out(
        f"new vs old:             CPU {o_ours.cpu / ladder.cpu:.2f}x less, "
        f"wall {o_ours.wall / ladder.wall:.2f}x faster"
    )
    out(f"first playable:         {first.wall:.1f} s wall = {first.wall / duration:.2f}x duration; "
        f"{first.cpu:.1f} CPU s -> {first.cpu / cores / duration:.2f}x duration on {cores} quiet cores "
        "(target <= 0.35)")  # fmt: skip
    for name, (ssim, psnr) in scores.items():
        flag = "ok" if ssim >= 0.95 else "BELOW 0.95"
        out(f"quality {name:>6}:         SSIM {ssim:.4f} ({flag}), PSNR {psnr:.2f} dB vs the scaled source")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--width", type=int, default=1080)
    parser.add_argument("--height", type=int, default=1920)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant (median is reported)")
    parser.add_argument("--cores", type=int, default=2, help="cores of the target machine (the estimate)")
    args = parser.parse_args()
    settings = get_settings()
    print(f"ffmpeg: {ffmpeg_binary()}")
    print(f"load average at start: {load()}")
    clips = source_clips(args.seconds, args.width, args.height)
    with tqdm(total=len(clips) * (4 * args.repeat + 1), desc="transcoding", unit="step") as bar:
        for label, path in clips.items():
            bench_clip(label, path, args.repeat, settings, bar, args.cores)
    print(f"\nload average at end: {load()}")
    print(
        "Ratios (ours/raw) come from the same run, so they hold on a loaded machine; realtime factors do not."
    )


if __name__ == "__main__":
    main()
