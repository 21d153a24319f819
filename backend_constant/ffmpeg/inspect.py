"""Read back what the pipeline produced: each HLS rung's size, codecs and duration, via PyAV.

Used by the tests and the benchmark to prove the output plays. Only ever pointed at our own
outputs, never at uploads (an HLS input would follow the references inside it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av


@dataclass(frozen=True)
class StreamSummary:
    path: str
    format_name: str
    video_codec: str
    width: int
    height: int
    audio_codec: str | None
    duration_s: float


def variant_playlists(master: Path) -> list[str]:
    """The variant playlist paths listed in a master playlist, in order."""
    lines = [line.strip() for line in master.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def summarize(path: Path) -> StreamSummary:
    with av.open(str(path)) as media:
        video = media.streams.video[0]
        audio = media.streams.audio[0] if media.streams.audio else None
        end = 0.0
        start = None
        for packet in media.demux(video):
            if packet.pts is None or packet.size == 0:
                continue
            t = float(packet.pts * video.time_base)
            start = t if start is None else min(start, t)
            end = max(end, float((packet.pts + (packet.duration or 0)) * video.time_base))
        return StreamSummary(
            path=str(path),
            format_name=media.format.name,
            video_codec=video.codec_context.name,
            width=video.codec_context.width,
            height=video.codec_context.height,
            audio_codec=audio.codec_context.name if audio else None,
            duration_s=end - (start or 0.0),
        )


def inspect_hls(master: Path) -> dict[str, StreamSummary]:
    """Summaries keyed by the rung folder name ("360p", ...)."""
    return {Path(p).parent.name: summarize(master.parent / p) for p in variant_playlists(master)}
