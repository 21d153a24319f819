"""Transcode benchmark: the HLS ladder (+ MP4) on a 1080p clip, as a multiple of realtime.

Prints how fast our transcode step runs (probe, plan, ffmpeg under limits) and how fast the very
same ffmpeg argv runs when started directly, so the ratio is our overhead.

    nice -n 10 /work/venv/bin/python -m testing.bench.transcode            # 1080x1920, 30 s
    nice -n 10 /work/venv/bin/python -m testing.bench.transcode --seconds 10 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from backend_constant.ffmpeg.binary import ffmpeg_binary
from backend_constant.ffmpeg.formats import sniff
from backend_constant.ffmpeg.probe import probe
from backend_constant.ffmpeg.runner import default_limits
from backend_constant.ffmpeg.thumbnails import make_thumbnails
from backend_constant.ffmpeg.transcode import build_args, plan, transcode
from opentok.core.config import REPO_ROOT, get_settings
from testing.media import make_clip


def source_clip(seconds: float, width: int, height: int) -> Path:
    """A cached test-pattern clip with sound and a caption (regenerated when missing)."""
    path = REPO_ROOT / "testing" / "out" / "bench" / f"src_{width}x{height}_{seconds:g}s.mp4"
    if not path.exists():
        make_clip(path, seconds, width, height, fps=30, caption="OpenTok transcode benchmark",
                  extra=["-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M"])  # fmt: skip
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--width", type=int, default=1080)
    parser.add_argument("--height", type=int, default=1920)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant (median is reported)")
    args = parser.parse_args()
    settings = get_settings()

    src = source_clip(args.seconds, args.width, args.height)
    container = sniff(src)
    info = probe(src)
    the_plan = plan(info)
    ours: list[float] = []
    direct: list[float] = []
    probes: list[float] = []
    thumbs: list[float] = []
    work = Path(tempfile.mkdtemp(prefix="bench-transcode-"))
    try:
        with tqdm(total=args.repeat * 2, desc="transcoding", unit="run") as bar:
            for i in range(args.repeat):
                # Ours: probe + plan + argv + the limited runner, exactly as the job runs it.
                out = work / f"ours{i}"
                out.mkdir()
                t0 = time.perf_counter()
                measured = probe(src)
                t1 = time.perf_counter()
                transcode(src, container, measured, out, settings.hls_segment_s,
                          default_limits(settings.transcode_timeout_s))  # fmt: skip
                t2 = time.perf_counter()
                probes.append(t1 - t0)
                ours.append(t2 - t0)
                t3 = time.perf_counter()
                make_thumbnails(
                    src, container, measured, out, default_limits(300), settings.video_frame_samples
                )
                thumbs.append(time.perf_counter() - t3)
                bar.update()

                # Direct: the same argv, started plainly.
                raw = work / f"direct{i}"
                for planned in the_plan.rungs:
                    (raw / planned.rung.name).mkdir(parents=True)
                argv = build_args(src, container, raw, the_plan, settings.hls_segment_s)
                t4 = time.perf_counter()
                subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
                direct.append(time.perf_counter() - t4)
                bar.update()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ours_s, direct_s = statistics.median(ours), statistics.median(direct)
    rungs = " + ".join(f"{p.rung.name} {p.width}x{p.height}" for p in the_plan.rungs)
    print(f"ffmpeg:        {ffmpeg_binary()}")
    fps = info.video.fps if info.video else 0
    print(f"source:        {args.width}x{args.height} {info.duration_s:.1f} s, {fps:g} fps (h264+aac)")
    print(f"ladder:        {rungs} + MP4 {the_plan.mp4_size[0]}x{the_plan.mp4_size[1]} (x264 veryfast)")
    print(f"runs:          {args.repeat} of each (median)")
    print(f"ours:          {ours_s:.1f} s  ->  {info.duration_s / ours_s:.2f}x realtime "
          f"(probe {statistics.median(probes):.2f} s)")  # fmt: skip
    print(f"direct ffmpeg: {direct_s:.1f} s  ->  {info.duration_s / direct_s:.2f}x realtime")
    print(f"overhead:      ours / direct = {ours_s / direct_s:.3f}")
    print(f"thumbnails:    {statistics.median(thumbs):.1f} s (poster, animated preview, strip)")
    full = ours_s + statistics.median(thumbs)
    print(f"whole job:     {full:.1f} s  ->  {info.duration_s / full:.2f}x realtime")


if __name__ == "__main__":
    main()
