"""Probe an upload with PyAV: container, duration, streams, codecs, size, rotation.

The demuxer is forced to the sniffed container and only the `file` protocol is allowed, so the
probe never follows references. Every video packet is demuxed (cheap: no decoding) so that
truncated files, whose index promises more than the bytes hold, are caught here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import av

from backend_constant.ffmpeg.errors import MediaRejected
from backend_constant.ffmpeg.formats import Container, sniff

#: Options for every demuxer we open on an upload: local files only, no external references.
SAFE_INPUT_OPTIONS = {"protocol_whitelist": "file", "enable_drefs": "0"}

#: Frames larger than this are never decoded here (a decompression bomb would run in the worker
#: itself); validation refuses such files by their declared size anyway.
MAX_DECODE_SIDE = 8192

_CORRUPT = "The video file could not be read; it looks truncated or damaged. Please upload it again."


@dataclass
class VideoStreamInfo:
    codec: str
    width: int
    height: int
    rotation: int  # degrees the player must rotate by: 0, 90, 180 or 270
    fps: float
    frames: int
    pix_fmt: str | None
    declared_s: float = 0.0  # what the stream header promises; 0 when the container omits it

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) as the viewer sees it, after rotation."""
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height


@dataclass
class AudioStreamInfo:
    codec: str
    channels: int
    sample_rate: int


@dataclass
class MediaInfo:
    container: str
    format_name: str
    size: int
    duration_s: float
    bit_rate: int
    video: VideoStreamInfo | None
    audio: AudioStreamInfo | None
    video_end_s: float = 0.0  # where the last demuxed video packet ends
    decodable: bool = True
    damaged_packets: int = 0  # packets flagged corrupt or unreadable while demuxing
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The shape stored in videos.probe."""
        data = asdict(self)
        if self.video:
            data["video"]["display_width"], data["video"]["display_height"] = self.video.display_size
        return data


def open_input(path: Path, container: Container) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r", format=container.demuxer, options=SAFE_INPUT_OPTIONS)
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaRejected("corrupt_file", _CORRUPT) from exc


def _seconds(value: int | None, time_base: Fraction | None) -> float:
    return float(value * time_base) if value is not None and time_base is not None else 0.0


def probe(path: Path) -> MediaInfo:
    """Describe the file, or raise MediaRejected when it is not a readable allowed video."""
    size = path.stat().st_size
    if size == 0:
        raise MediaRejected("empty_file", "The uploaded file is empty (0 bytes).")
    container = sniff(path)
    with open_input(path, container) as media:
        if media.format.name not in container.pyav_names:
            raise MediaRejected("unsupported_container", f"Unexpected container {media.format.name!r}.")
        videos = [s for s in media.streams.video if not (s.disposition & av.stream.Disposition.attached_pic)]
        audio_stream = media.streams.audio[0] if media.streams.audio else None
        audio = (
            AudioStreamInfo(
                codec=audio_stream.codec_context.name,
                channels=audio_stream.codec_context.channels,
                sample_rate=audio_stream.codec_context.sample_rate or 0,
            )
            if audio_stream
            else None
        )
        duration = media.duration / av.time_base if media.duration else 0.0
        info = MediaInfo(
            container=container.kind,
            format_name=media.format.name,
            size=size,
            duration_s=duration,
            bit_rate=media.bit_rate or 0,
            video=None,
            audio=audio,
        )
        if not videos:
            return info
        stream = videos[0]
        ctx = stream.codec_context
        info.video = VideoStreamInfo(
            codec=ctx.name,
            width=ctx.width,
            height=ctx.height,
            rotation=0,
            fps=float(stream.average_rate or stream.guessed_rate or 0),
            frames=0,
            pix_fmt=ctx.pix_fmt,
            declared_s=_seconds(stream.duration, stream.time_base),
        )
        if not info.duration_s:
            info.duration_s = _seconds(stream.duration, stream.time_base)
        _scan_video(media, stream, info)
    return info


def _scan_video(media: av.container.InputContainer, stream: av.VideoStream, info: MediaInfo) -> None:
    """Demux every video packet and decode the first frame: catches truncation and garbage."""
    assert info.video is not None
    first_frame = None
    frames = 0
    end = 0.0
    decode = max(info.video.width, info.video.height) <= MAX_DECODE_SIDE
    try:
        for packet in media.demux(stream):
            if packet.size == 0:  # flush packet at end of stream
                continue
            if packet.is_corrupt:
                # Typically the last, partial packet of a cut-off file; validation decides.
                info.damaged_packets += 1
                continue
            frames += 1
            if packet.pts is not None:
                end = max(end, _seconds(packet.pts + (packet.duration or 0), stream.time_base))
            if first_frame is None and decode:
                decoded = packet.decode()
                if decoded:
                    first_frame = decoded[0]
    except av.FFmpegError as exc:
        if not frames:
            raise MediaRejected("corrupt_file", _CORRUPT) from exc
        info.damaged_packets += 1  # readable up to here: validation tells truncation from damage
    if first_frame is None and frames and decode:
        try:
            decoded = stream.codec_context.decode(None)  # drain frames the decoder held back
            first_frame = decoded[0] if decoded else None
        except av.FFmpegError:
            first_frame = None
    info.video.frames = frames
    info.video_end_s = end - _seconds(stream.start_time, stream.time_base)
    info.decodable = first_frame is not None or not decode
    if first_frame is not None:
        info.video.rotation = int(round(getattr(first_frame, "rotation", 0) or 0)) % 360
