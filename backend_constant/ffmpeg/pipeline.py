"""The media pipeline in stages: inspect the upload, encode a rung, make thumbnails, remux the MP4.

No database and no storage here: the job handler runs the stages in order (lowest rung and the
poster first, so the video is playable early), publishes each stage's output and records it.
`process_file` runs every stage into one folder, for the tests and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend_constant.ffmpeg.formats import MP4, Container, sniff
from backend_constant.ffmpeg.ladder import PlannedRung, TranscodePlan, plan
from backend_constant.ffmpeg.probe import MediaInfo, probe
from backend_constant.ffmpeg.runner import default_limits
from backend_constant.ffmpeg.thumbnails import Thumbnails, make_poster, make_preview, make_strip
from backend_constant.ffmpeg.transcode import (
    MASTER_PLAYLIST,
    MP4_NAME,
    encode_rungs,
    join_fragments,
    master_playlist,
    remux_mp4,
    variant_entry,
)
from backend_constant.ffmpeg.validate import MediaLimits, validate
from opentok.core.config import Settings

#: Thumbnails are quick; they get a short leash of their own.
THUMBNAIL_TIMEOUT_S = 300


@dataclass(frozen=True)
class Source:
    """An upload that passed inspection, and the ladder planned for it."""

    path: Path
    container: Container
    info: MediaInfo
    plan: TranscodePlan


@dataclass(frozen=True)
class ProcessedMedia:
    """What ended up in the output folder; names are relative to it."""

    info: MediaInfo
    plan: TranscodePlan
    thumbnails: Thumbnails
    master_playlist: str = MASTER_PLAYLIST
    mp4: str = MP4_NAME


def inspect_source(src: Path, settings: Settings) -> Source:
    """Sniff, probe, validate and plan. Raises MediaRejected for uploads we refuse."""
    container = sniff(src)
    info = probe(src)
    validate(info, MediaLimits.from_settings(settings))
    return Source(src, container, info, plan(info))


def encode_rung(source: Source, planned: PlannedRung, out_dir: Path, settings: Settings) -> Path:
    """Encode one rung into `out_dir/<rung>/`; returns that folder."""
    encode_rungs(
        source.path,
        source.container,
        [planned],
        source.plan.has_audio,
        out_dir,
        settings.hls_segment_s,
        default_limits(settings.transcode_timeout_s),
    )
    return out_dir / planned.name


def make_mp4(rung_dir: Path, dest: Path, settings: Settings) -> Path:
    return remux_mp4(rung_dir, dest, default_limits(settings.transcode_timeout_s))


def _thumbnail_limits(settings: Settings):  # type: ignore[no-untyped-def]
    return default_limits(min(THUMBNAIL_TIMEOUT_S, settings.transcode_timeout_s))


def make_cover(source: Source, out_dir: Path, settings: Settings) -> str:
    """The poster, from the source (full detail, one seek and one frame): needed to publish."""
    return make_poster(source.path, source.container, source.info, out_dir, _thumbnail_limits(settings))


def make_previews(
    source: Source, lowest_rung_dir: Path | None, out_dir: Path, settings: Settings
) -> tuple[str, str]:
    """(hover preview, moderator strip). Made from the lowest rung when it is at hand: it
    decodes many times faster than a 1080p source and is already upright."""
    limits = _thumbnail_limits(settings)
    if lowest_rung_dir is None:
        preview = make_preview(source.path, source.container, source.info, out_dir, limits)
        strip = make_strip(
            source.path, source.container, source.info, out_dir, limits, settings.video_frame_samples
        )
        return preview, strip
    small = join_fragments(lowest_rung_dir, out_dir / ".lowest.frag.mp4")
    try:
        preview = make_preview(small, MP4, source.info, out_dir, limits)
        strip = make_strip(small, MP4, source.info, out_dir, limits, settings.video_frame_samples)
    finally:
        small.unlink(missing_ok=True)
    return preview, strip


def make_thumbnails(
    source: Source, lowest_rung_dir: Path | None, out_dir: Path, settings: Settings
) -> Thumbnails:
    preview, strip = make_previews(source, lowest_rung_dir, out_dir, settings)
    return Thumbnails(poster=make_cover(source, out_dir, settings), preview=preview, strip=strip)


def process_file(src: Path, out_dir: Path, settings: Settings) -> ProcessedMedia:
    """Every stage into `out_dir`, in job order. Raises MediaRejected or FFmpegFailed/Timeout."""
    source = inspect_source(src, settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    dirs: dict[str, Path] = {}
    thumbs: Thumbnails | None = None
    for planned in source.plan.rungs:
        dirs[planned.name] = encode_rung(source, planned, out_dir, settings)
        if thumbs is None:
            thumbs = make_thumbnails(source, dirs[planned.name], out_dir, settings)
    entries = [variant_entry(r, dirs[r.name], source.plan.has_audio) for r in source.plan.rungs]
    (out_dir / MASTER_PLAYLIST).write_text(master_playlist(entries))
    make_mp4(dirs[source.plan.mp4_rung.name], out_dir / MP4_NAME, settings)
    assert thumbs is not None
    return ProcessedMedia(info=source.info, plan=source.plan, thumbnails=thumbs)
