"""Evenly spaced frame samples from a video with PyAV, small enough for detectors and OCR.

Seeking to each sample keeps the cost proportional to the number of samples, not to the
length of the video: a three-minute upload costs about the same as a three-second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

# The worker's allow-list and demuxer options: a moderated file is opened exactly as its probe
# opened it, with the demuxer forced from the file's bytes (never hls/concat, which follow
# references) and only the `file` protocol allowed.
from backend_constant.ffmpeg.formats import sniff
from backend_constant.ffmpeg.probe import SAFE_INPUT_OPTIONS

#: Targets further apart than this are reached by seeking, nearer ones by decoding forward.
SEEK_GAP_S = 2.0


@dataclass
class Frame:
    index: int  # among the samples
    timestamp_s: float
    image: np.ndarray  # BGR, uint8, H x W x 3 (OpenCV's layout, which nudenet expects)


def _duration_s(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def _to_bgr(frame: av.VideoFrame, max_side: int) -> np.ndarray:
    scale = min(1.0, max_side / max(frame.width, frame.height))
    width, height = max(2, int(frame.width * scale) // 2 * 2), max(2, int(frame.height * scale) // 2 * 2)
    return frame.to_ndarray(format="bgr24", width=width, height=height)


def sample_frames(path: Path, count: int, max_side: int = 640) -> list[Frame]:
    """`count` frames at the middles of equal slices of the video (fewer if it is shorter)."""
    forced = sniff(path)  # MediaRejected when it is not an allowed video container
    with av.open(str(path), mode="r", format=forced.demuxer, options=SAFE_INPUT_OPTIONS) as container:
        if container.format.name not in forced.pyav_names:
            raise ValueError(f"unexpected container {container.format.name!r}")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        duration = _duration_s(container, stream)
        if duration <= 0:
            return _first_frames(container, stream, count, max_side)
        targets = [duration * (i + 0.5) / count for i in range(count)]
        frames: list[Frame] = []
        for frame, target in zip(_frames_at(container, stream, targets), targets, strict=True):
            if frame is not None:
                frames.append(
                    Frame(len(frames), round(float(frame.time or target), 3), _to_bgr(frame, max_side))
                )
        return frames


def _frames_at(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, targets: list[float]
) -> list[av.VideoFrame | None]:
    """A frame for each target. Near targets are reached by decoding on. Far ones by seeking:
    the keyframe before the target serves when it lies within one slice of it (moderation
    needs spread-out moments, not exact ones, and decoding a long GOP is the slow part)."""
    assert stream.time_base is not None
    tolerance = (targets[1] - targets[0]) if len(targets) > 1 else float("inf")
    out: list[av.VideoFrame | None] = []
    decoder = None
    last: av.VideoFrame | None = None
    for target in targets:
        found = None
        if decoder is None or last is None or target - float(last.time or 0.0) > SEEK_GAP_S:
            previous = float(last.time or 0.0) if last is not None else -1.0
            container.seek(int(target / stream.time_base), stream=stream, backward=True, any_frame=False)
            decoder = container.decode(stream)
            first = next(decoder, None)
            if first is not None:
                last = first
                time_s = float(first.time or 0.0)
                if time_s >= target or (target - time_s <= tolerance and time_s > previous + tolerance / 2):
                    found = first
        if found is None:
            for frame in decoder:
                last = frame
                if frame.time is not None and frame.time >= target:
                    found = frame
                    break
        out.append(found or last)
    return out


def _first_frames(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, count: int, max_side: int
) -> list[Frame]:
    """No known duration (a live-style stream): take one frame a second from the start."""
    frames: list[Frame] = []
    next_s = 0.0
    for frame in container.decode(stream):
        t = float(frame.time or 0.0)
        if t >= next_s:
            frames.append(Frame(len(frames), round(t, 3), _to_bgr(frame, max_side)))
            next_s = t + 1.0
            if len(frames) >= count:
                break
    return frames
