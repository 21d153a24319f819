"""probe → validate → transcode → thumbnails for one source file, into a private folder.

No database and no storage here: the job handler decides what to record and publishes the
folder atomically, so this stays easy to test and to benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend_constant.ffmpeg.formats import sniff
from backend_constant.ffmpeg.probe import MediaInfo, probe
from backend_constant.ffmpeg.runner import default_limits
from backend_constant.ffmpeg.thumbnails import Thumbnails, make_thumbnails
from backend_constant.ffmpeg.transcode import MASTER_PLAYLIST, MP4_NAME, TranscodePlan, transcode
from backend_constant.ffmpeg.validate import MediaLimits, validate
from opentok.core.config import Settings

#: Thumbnails are quick; they get a short leash of their own.
THUMBNAIL_TIMEOUT_S = 300


@dataclass(frozen=True)
class ProcessedMedia:
    """What ended up in the output folder; names are relative to it."""

    info: MediaInfo
    plan: TranscodePlan
    thumbnails: Thumbnails
    master_playlist: str = MASTER_PLAYLIST
    mp4: str = MP4_NAME


def process_file(src: Path, out_dir: Path, settings: Settings) -> ProcessedMedia:
    """Raises MediaRejected (permanent) or FFmpegFailed/FFmpegTimeout (maybe transient)."""
    container = sniff(src)
    info = probe(src)
    validate(info, MediaLimits.from_settings(settings))
    out_dir.mkdir(parents=True, exist_ok=True)
    the_plan = transcode(
        src, container, info, out_dir, settings.hls_segment_s, default_limits(settings.transcode_timeout_s)
    )
    thumbs = make_thumbnails(
        src,
        container,
        info,
        out_dir,
        default_limits(min(THUMBNAIL_TIMEOUT_S, settings.transcode_timeout_s)),
        settings.video_frame_samples,
    )
    return ProcessedMedia(info=info, plan=the_plan, thumbnails=thumbs)
