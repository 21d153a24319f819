"""Decide whether a probed upload is a video we accept; each refusal has its own code and message.

Messages are written for the uploader: they end up in videos.status_reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend_constant.ffmpeg.errors import MediaRejected
from backend_constant.ffmpeg.probe import MediaInfo
from opentok.core.config import Settings

#: Codecs that carry single pictures rather than motion video.
_IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "jpegls", "jpeg2000"}


@dataclass(frozen=True)
class MediaLimits:
    max_duration_s: float
    max_dimension: int
    min_duration_s: float = 0.5

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaLimits:
        return cls(max_duration_s=settings.video_max_duration_s, max_dimension=settings.video_max_dimension)


def validate(info: MediaInfo, limits: MediaLimits) -> None:
    """Raise MediaRejected for the first problem found, most fundamental first."""
    video = info.video
    if video is None:
        if info.audio is not None:
            raise MediaRejected(
                "audio_only", "The file has sound but no picture. Upload a video with images."
            )
        raise MediaRejected("no_video_stream", "The file contains no video stream.")
    if video.declared_s > 1.0 and info.video_end_s < video.declared_s * 0.95 - 0.25:
        raise MediaRejected(
            "truncated_file",
            f"The file is incomplete: it stops at {info.video_end_s:.1f} s of {video.declared_s:.1f} s. "
            "The upload may have been cut off; please upload it again.",
        )
    if info.damaged_packets:
        raise MediaRejected(
            "corrupt_file", "Parts of the video are damaged and cannot be read. Please upload it again."
        )
    if not info.decodable or video.frames == 0 or video.width <= 0 or video.height <= 0:
        raise MediaRejected(
            "corrupt_file", "The video could not be decoded; it looks damaged. Please upload it again."
        )
    if video.frames <= 1 or (video.codec in _IMAGE_CODECS and video.frames <= 2):
        raise MediaRejected("still_image", "This is a single still image, not a video. Upload a video clip.")
    duration = info.duration_s or info.video_end_s
    if duration > limits.max_duration_s:
        raise MediaRejected(
            "too_long",
            f"The video is {duration:.0f} s long; the limit is {limits.max_duration_s:.0f} s.",
        )
    if duration < limits.min_duration_s:
        raise MediaRejected(
            "too_short",
            f"The video is {duration:.2f} s long; it must last at least {limits.min_duration_s:g} s.",
        )
    if max(video.width, video.height) > limits.max_dimension:
        raise MediaRejected(
            "resolution_too_large",
            f"The video is {video.width}x{video.height}; the largest side may be at most "
            f"{limits.max_dimension} pixels (4K).",
        )
