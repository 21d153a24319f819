"""Seconds per video for the video moderation providers, on generated clips.

    python -m testing.bench.video_moderation [--lengths 3 15 60] [--samples 8] [--repeats 3]

The local provider is timed stage by stage (frame sampling, nudenet, OCR, comment model)
on clips of several lengths; the Gemini provider is timed against the fake Gemini server,
which measures our own overhead (upload, polling, parsing), not Google's latency.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg
from tqdm import tqdm

from moderation_service.video.base import VideoInput
from moderation_service.video.gemini import GeminiVideoProvider
from moderation_service.video.local import LocalVideoProvider
from moderation_service.video.ocr import tesseract_version
from opentok.core.config import UNSAFE_CATEGORIES
from testing.fakes.gemini_server import FakeGeminiServer


def make_clip(path: Path, seconds: float, size: str = "720x1280", rate: int = 30) -> Path:
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
           "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}", "-c:v", "libx264",
           "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)]  # fmt: skip
    subprocess.run(cmd, check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=float, nargs="+", default=[3.0, 15.0, 60.0])
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    local = LocalVideoProvider(frame_samples=args.samples)
    print(f"local provider: {args.samples} frames, OCR {tesseract_version() or 'off'}, {local.model_version}")
    with tempfile.TemporaryDirectory() as tmp:
        clips = [make_clip(Path(tmp) / f"clip-{s:g}s.mp4", s) for s in args.lengths]
        video = VideoInput(path=clips[0], title="warm-up")
        local.moderate(video)  # loads nudenet and the comment model once
        print(f"{'clip':>10} {'total s':>8} {'sample':>8} {'nudenet':>8} {'ocr':>8} {'text':>8}")
        for clip, seconds in zip(clips, args.lengths, strict=True):
            runs = []
            for _ in tqdm(range(args.repeats), desc=f"{seconds:g}s clip", leave=False):
                runs.append(local.moderate(VideoInput(path=clip, title="A calm walk in the park")))
            stage = {k: statistics.median(r.details["timings_ms"][k] for r in runs) / 1000
                     for k in ("sample_ms", "nudenet_ms", "ocr_ms", "text_ms")}  # fmt: skip
            total = statistics.median((r.latency_ms or 0) / 1000 for r in runs)
            print(f"{seconds:>9g}s {total:>8.2f} {stage['sample_ms']:>8.2f} {stage['nudenet_ms']:>8.2f} "
                  f"{stage['ocr_ms']:>8.2f} {stage['text_ms']:>8.2f}")  # fmt: skip

        answer = {"scores": {c: 0.01 for c in UNSAFE_CATEGORIES}, "violations": [], "explanation": "fine"}
        with FakeGeminiServer(reply=answer, processing_polls=1) as fake:
            gemini = GeminiVideoProvider(
                api_key=fake.api_key, model="gemini-2.5-flash", base_url=fake.base_url, poll_interval_s=0.05
            )
            started = time.perf_counter()
            for _ in tqdm(range(args.repeats), desc="gemini (fake)", leave=False):
                gemini.moderate(VideoInput(path=clips[0], title="x"))
            per_video = (time.perf_counter() - started) / args.repeats
            print(f"gemini provider vs fake server, {args.lengths[0]:g}s clip: {per_video:.3f} s/video")


if __name__ == "__main__":
    main()
