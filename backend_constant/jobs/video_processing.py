"""Video processing: probe, validate, encode the ladder rung by rung, then hand to moderation.

Progressive publishing: the lowest rung, the poster and the thumbnails go out first, and the
video moves to `pending_review` (moderation starts, and it may be published) while the higher
rungs are still encoding. Each higher rung is published, then added to the master playlist in
one write, then recorded; `videos.pending_renditions` lists those still to come.

Status flow: uploaded → processing → pending_review (moderation moves it on), or failed with a
reason the owner sees. The task is idempotent and acks late: a redelivered or duplicated message
re-runs the unfinished stage into a fresh temp folder. A worker killed before the first rung is
out leaves nothing published; one killed later leaves a playable video, and the redelivery (or
the stuck-job sweeper) encodes only the remaining rungs. `processing_attempts` bounds every path
that re-runs a video: Celery retries, broker redelivery and the sweeper.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import OperationalError

from backend_constant.celery_app import celery_app, video_soft_limit_s
from backend_constant.ffmpeg.errors import FFmpegFailed, FFmpegTimeout, MediaRejected
from backend_constant.ffmpeg.ladder import PlannedRung
from backend_constant.ffmpeg.pipeline import (
    Source,
    encode_rung,
    inspect_source,
    make_cover,
    make_mp4,
    make_previews,
)
from backend_constant.ffmpeg.transcode import (
    MASTER_PLAYLIST,
    MP4_NAME,
    master_entries,
    master_playlist,
    variant_entry,
)
from backend_constant.jobs.media_publishing import MediaPublisher
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.leases import video_processing_lease
from opentok.models.enums import VideoStatus
from opentok.models.video import Rendition, Video
from opentok.observability.metrics import media_stage, record_first_playable
from opentok.storage import get_storage
from opentok.tasks import MODERATE_VIDEO, PROCESS_VIDEO, SWEEP_STUCK_VIDEOS

log = logging.getLogger(__name__)


#: Errors worth another try: the file may be fine and the machine was not.
TRANSIENT_ERRORS = (FFmpegFailed, OSError, OperationalError, SoftTimeLimitExceeded)
#: Statuses in which a playable video may still be waiting for its higher rungs.
PLAYABLE = (VideoStatus.pending_review, VideoStatus.published)


class Claim(Enum):
    run = "run"  # this delivery owns the work (all of it, or the remaining rungs)
    handoff = "handoff"  # processed already, moderation may not have been told
    skip = "skip"  # nothing to do (gone, finished, failed)


@dataclass(frozen=True)
class Job:
    video_id: int
    source_key: str
    prefix: str
    attempt: int
    uploaded_at: datetime
    #: Rungs already published (a resumed job encodes only the others); empty on a first run.
    ready: tuple[str, ...] = ()
    #: A resumed video sitting in pending_review without a verdict: tell moderation again.
    needs_handoff: bool = False
    #: The hover preview and the moderator strip are out (they follow the first rung).
    has_previews: bool = False

    @property
    def resuming(self) -> bool:
        return bool(self.ready)


def media_prefix(video_id: int, source_key: str) -> str:
    """Where a video's outputs live: stable across retries, unguessable from the outside.

    Derived from the generated source key with the server secret, so a retry overwrites the same
    folder instead of orphaning one, and unpublished media cannot be found by counting ids.
    """
    secret = get_settings().secret_key.encode()
    digest = hmac.new(secret, f"{video_id}:{source_key}".encode(), hashlib.sha256).hexdigest()
    return f"videos/{digest[:32]}"


def _claim(video_id: int) -> tuple[Claim, Job | None]:
    settings = get_settings()
    with session_scope() as session:
        video = session.get(Video, video_id, with_for_update=True)
        if video is None or video.deleted_at is not None:
            return Claim.skip, None
        resuming = bool(video.pending_renditions) and video.status in PLAYABLE
        unmoderated = video.status == VideoStatus.pending_review and video.moderation_summary is None
        if unmoderated and not resuming:
            return Claim.handoff, None
        if video.status not in (VideoStatus.uploaded, VideoStatus.processing) and not resuming:
            return Claim.skip, None
        if not video.source_key:
            _fail(video, "The upload has no stored file. Please upload the video again.")
            return Claim.skip, None
        if video.processing_attempts >= settings.processing_max_attempts:
            if resuming:  # playable already: keep what is out, stop trying for the rest
                log.warning("video %s: giving up on rungs %s", video.id, video.pending_renditions)
                _finish_ladder(video)
                return (Claim.handoff if unmoderated else Claim.skip), None
            _fail(
                video,
                f"Processing did not finish after {video.processing_attempts} attempts. "
                "Please try uploading the video again.",
            )
            return Claim.skip, None
        ready: tuple[str, ...] = ()
        if resuming:
            ready = tuple(
                session.scalars(
                    select(Rendition.name).where(Rendition.video_id == video.id, Rendition.kind == "hls")
                )
            )
        else:
            video.status = VideoStatus.processing
            video.status_reason = None
        video.processing_attempts += 1
        video.processing_started_at = utcnow()
        job = Job(
            video.id,
            video.source_key,
            media_prefix(video.id, video.source_key),
            video.processing_attempts,
            uploaded_at=video.created_at,
            ready=ready,
            needs_handoff=resuming and unmoderated,
            has_previews=resuming and video.preview_key is not None and video.strip_key is not None,
        )
    return Claim.run, job


def _fail(video: Video, reason: str) -> None:
    video.status = VideoStatus.failed
    video.status_reason = reason[:1000]
    video.processing_started_at = None
    video.pending_renditions = None


def _finish_ladder(video: Video) -> None:
    video.pending_renditions = None
    video.processing_started_at = None


def _mark_failed(video_id: int, reason: str) -> None:
    """Fail a video that never became playable; a playable one keeps the rungs it has."""
    with session_scope() as session:
        video = session.get(Video, video_id, with_for_update=True)
        if video is None:
            return
        if video.status == VideoStatus.processing:
            _fail(video, reason)
        elif video.pending_renditions:
            log.warning("video %s: higher rungs %s abandoned: %s", video.id, video.pending_renditions, reason)
            _finish_ladder(video)


def _rendition(video_id: int, planned: PlannedRung, has_audio: bool, key: str) -> Rendition:
    return Rendition(
        video_id=video_id,
        name=planned.name,
        kind="hls",
        width=planned.width,
        height=planned.height,
        bitrate_kbps=planned.rung.video_kbps + (planned.rung.audio_kbps if has_audio else 0),
        playlist_key=key,
    )


def _upsert_mp4(session, video: Video, planned: PlannedRung, key: str) -> None:  # type: ignore[no-untyped-def]
    session.execute(delete(Rendition).where(Rendition.video_id == video.id, Rendition.kind == "mp4"))
    session.add(
        Rendition(
            video_id=video.id, name="mp4", kind="mp4", width=planned.width, height=planned.height,
            bitrate_kbps=0, playlist_key=key,
        )
    )  # fmt: skip
    video.mp4_key = key


def _record_first(job: Job, source: Source, poster: str, mp4_from: PlannedRung) -> bool:
    """The first rung is out: the video becomes playable and goes to moderation.

    False when the video changed under us (deleted, failed)."""
    info, the_plan = source.info, source.plan
    assert info.video is not None
    lowest = the_plan.rungs[0]
    with session_scope() as session:
        video = session.get(Video, job.video_id, with_for_update=True)
        if video is None or video.deleted_at is not None or video.status != VideoStatus.processing:
            return False
        session.execute(delete(Rendition).where(Rendition.video_id == video.id))
        session.add(_rendition(video.id, lowest, the_plan.has_audio, f"{job.prefix}/{lowest.playlist}"))
        _upsert_mp4(session, video, mp4_from, f"{job.prefix}/{MP4_NAME}")
        video.hls_master_key = f"{job.prefix}/{MASTER_PLAYLIST}"
        video.poster_key = f"{job.prefix}/{poster}"
        video.preview_key = video.strip_key = None  # the next stage makes them
        video.duration_s = round(info.duration_s, 3)
        video.width, video.height = info.video.display_size
        video.probe = info.to_json()
        video.status = VideoStatus.pending_review
        video.status_reason = None
        rest = [r.name for r in the_plan.rungs[1:]]
        video.pending_renditions = rest or None
        if not rest:
            video.processing_started_at = None
    return True


def _record_rung(job: Job, source: Source, planned: PlannedRung, mp4: bool) -> bool:
    """A higher rung is out and in the master playlist. False: stop (video gone or rejected)."""
    with session_scope() as session:
        video = session.get(Video, job.video_id, with_for_update=True)
        if video is None or video.deleted_at is not None or video.status not in PLAYABLE:
            return False
        session.execute(
            delete(Rendition).where(Rendition.video_id == video.id, Rendition.name == planned.name)
        )
        session.add(_rendition(video.id, planned, source.plan.has_audio, f"{job.prefix}/{planned.playlist}"))
        if mp4:
            _upsert_mp4(session, video, planned, f"{job.prefix}/{MP4_NAME}")
        rest = [n for n in (video.pending_renditions or []) if n != planned.name]
        video.pending_renditions = rest or None
        if not rest:
            video.processing_started_at = None
    return True


def _record_previews(job: Job, preview: str, strip: str) -> None:
    with session_scope() as session:
        video = session.get(Video, job.video_id, with_for_update=True)
        if video is not None and video.deleted_at is None:
            video.preview_key = f"{job.prefix}/{preview}"
            video.strip_key = f"{job.prefix}/{strip}"


def _stop_ladder(video_id: int) -> None:
    """Rejected or failed meanwhile: no point encoding more rungs of it."""
    with session_scope() as session:
        video = session.get(Video, video_id, with_for_update=True)
        if video is not None:
            _finish_ladder(video)


def _still_exists(video_id: int) -> bool:
    with session_scope() as session:
        video = session.get(Video, video_id)
        return video is not None and video.deleted_at is None


def _work_root() -> Path:
    root = get_settings().data_dir / "work"
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_pipeline(job: Job) -> bool:
    """Run the remaining stages in a private temp folder, publishing and recording each.

    Returns False when the work was abandoned because the video went away meanwhile."""
    settings = get_settings()
    storage = get_storage()
    scratch = contextlib.ExitStack()  # object storage: the source is downloaded to local scratch
    try:
        source_path = scratch.enter_context(storage.local_copy(job.source_key))
    except FileNotFoundError:
        raise MediaRejected(
            "missing_source", "The uploaded file is missing. Please upload the video again."
        ) from None
    for stale in _work_root().glob(f"video-{job.video_id}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a dead attempt: we hold the lease now
    work = Path(tempfile.mkdtemp(prefix=f"video-{job.video_id}-", dir=_work_root()))
    out = work / "out"
    out.mkdir()
    publisher = MediaPublisher(storage, job.prefix)
    try:
        with media_stage("probe"):
            source = inspect_source(source_path, settings)
        master = MasterPlaylist(publisher, source, resume=job.resuming)
        ready = set(job.ready) & master.names()
        lowest_dir: Path | None = None
        if not ready:
            master.entries.clear()
            if job.resuming:  # recorded but the playlist is gone: start over cleanly
                _reset_to_processing(job.video_id)
            lowest_dir = _first_stage(job, source, out, publisher, master)
            if lowest_dir is None:
                return False
            ready = {source.plan.rungs[0].name}
        elif job.needs_handoff:
            hand_to_moderation(job.video_id)
        if lowest_dir is not None or not job.has_previews:
            with media_stage("thumbnails"):
                preview, strip = make_previews(source, lowest_dir, out, settings)
            publisher.file(out / preview)
            publisher.file(out / strip)
            _record_previews(job, preview, strip)
        for planned in source.plan.rungs:
            if planned.playlist in master.entries:
                if planned.name not in ready:  # published by a killed attempt, never recorded
                    _record_rung(job, source, planned, planned == source.plan.mp4_rung)
                continue
            with media_stage("encode_rung"):
                rung_dir = encode_rung(source, planned, out, settings)
            if not _still_exists(job.video_id):
                publisher.discard()
                return False
            publisher.rung(rung_dir)
            is_mp4 = planned == source.plan.mp4_rung
            if is_mp4:
                with media_stage("remux_mp4"):
                    publisher.file(make_mp4(rung_dir, work / MP4_NAME, settings))
            master.add(planned, rung_dir, work)
            if not _record_rung(job, source, planned, is_mp4):
                _stop_ladder(job.video_id)
                return _still_exists(job.video_id)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        scratch.close()
    return True


def _first_stage(
    job: Job, source: Source, out: Path, publisher: MediaPublisher, master: MasterPlaylist
) -> Path | None:
    """Lowest rung + poster + a first MP4, published: the video is playable and moderation
    starts. Returns the rung's folder, or None when the video went away meanwhile."""
    settings = get_settings()
    lowest = source.plan.rungs[0]
    with media_stage("encode_rung"):
        rung_dir = encode_rung(source, lowest, out, settings)
    with media_stage("thumbnails"):
        poster = make_cover(source, out, settings)
    with media_stage("remux_mp4"):
        mp4 = make_mp4(rung_dir, out.parent / MP4_NAME, settings)
    publisher.rung(rung_dir)
    publisher.file(out / poster)
    publisher.file(mp4)
    master.add(lowest, rung_dir, out.parent)
    if not _record_first(job, source, poster, lowest):
        publisher.discard()  # the video went away while we worked
        return None
    record_first_playable((utcnow() - job.uploaded_at).total_seconds())
    hand_to_moderation(job.video_id)
    return rung_dir


def _reset_to_processing(video_id: int) -> None:
    with session_scope() as session:
        video = session.get(Video, video_id, with_for_update=True)
        if video is not None and video.status in PLAYABLE:
            video.status = VideoStatus.processing


class MasterPlaylist:
    """The master playlist as published so far; each finished rung is added in one write.

    A resumed job starts from the published playlist, so rungs encoded by an earlier attempt
    keep their entries without being read back."""

    def __init__(self, publisher: MediaPublisher, source: Source, resume: bool) -> None:
        self.publisher, self.source = publisher, source
        self.entries: dict[str, str] = {}
        if resume:
            key = publisher.key(MASTER_PLAYLIST)
            if publisher.storage.exists(key):
                with publisher.storage.open(key) as fh:
                    self.entries = master_entries(fh.read().decode("utf-8", "replace"))

    def names(self) -> set[str]:
        return {uri.split("/", 1)[0] for uri in self.entries}

    def add(self, planned: PlannedRung, rung_dir: Path, work: Path) -> None:
        self.entries[planned.playlist] = variant_entry(planned, rung_dir, self.source.plan.has_audio)
        ordered = [self.entries[r.playlist] for r in self.source.plan.rungs if r.playlist in self.entries]
        path = work / MASTER_PLAYLIST
        path.write_text(master_playlist(ordered))
        self.publisher.file(path)


def hand_to_moderation(video_id: int) -> None:
    celery_app.send_task(MODERATE_VIDEO, args=[video_id])


def _backoff(attempt: int) -> float:
    base = get_settings().processing_retry_backoff_s
    return min(600.0, base * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)


def _transient_reason(exc: BaseException) -> str:
    if isinstance(exc, FFmpegTimeout | SoftTimeLimitExceeded):
        return "Processing took too long and was stopped. Try a shorter or smaller video."
    if isinstance(exc, FFmpegFailed):
        return "The video could not be converted; the file may be damaged or use an unusual codec."
    return "Processing failed because of a server problem. Please try uploading again later."


@celery_app.task(
    name=PROCESS_VIDEO,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # processing_attempts is the bound, shared with redelivery and the sweeper
    soft_time_limit=video_soft_limit_s(),
)
def process_video(self, video_id: int) -> str:  # type: ignore[no-untyped-def]
    """The Celery entry point; returns what happened, for logs and tests.

    The attempt runs under a lease: a second delivery while it runs (a redelivery, or the
    sweeper) backs off until the lease is free, so it never claims and cleans up live work."""
    lease = video_processing_lease(video_id)
    if not lease.acquire():
        log.info("video %s: another attempt holds the lease; retrying in %ss", video_id, lease.ttl_s)
        raise self.retry(countdown=lease.ttl_s)
    with lease.kept_alive():
        return _process(self, video_id)


def _process(self, video_id: int) -> str:  # type: ignore[no-untyped-def]
    claim, job = _claim(video_id)
    if claim is Claim.skip:
        return "skipped"
    if claim is Claim.handoff:
        hand_to_moderation(video_id)
        return "handed_off"
    assert job is not None
    log.info("processing video %s (attempt %s)", video_id, job.attempt)
    try:
        if not run_pipeline(job):
            return "abandoned"
    except MediaRejected as exc:
        log.info("video %s rejected: %s", video_id, exc)
        _mark_failed(video_id, exc.message)
        return f"rejected:{exc.code}"
    except TRANSIENT_ERRORS as exc:
        log.warning("video %s attempt %s failed: %s", video_id, job.attempt, exc)
        if job.attempt >= get_settings().processing_max_attempts:
            _mark_failed(video_id, _transient_reason(exc))
            return "failed"
        raise self.retry(exc=exc, countdown=_backoff(job.attempt)) from exc
    return "processed"


@celery_app.task(name=SWEEP_STUCK_VIDEOS)
def sweep_stuck_videos() -> dict[str, int]:
    """Find videos stuck in processing (or never started) and retry them, or fail them for good.

    A video is stuck when its current attempt started more than `stuck_job_minutes` ago; an
    `uploaded` video is stuck when it waited that long without a worker picking it up.
    """
    settings = get_settings()
    cutoff = utcnow() - timedelta(minutes=settings.stuck_job_minutes)
    retried: list[int] = []
    failed = 0
    with session_scope() as session:
        stuck = session.scalars(
            select(Video)
            .where(
                Video.deleted_at.is_(None),
                or_(
                    and_(Video.status == VideoStatus.processing, Video.processing_started_at < cutoff),
                    and_(
                        Video.status.in_(PLAYABLE),
                        Video.pending_renditions.is_not(None),
                        Video.processing_started_at < cutoff,
                    ),
                    and_(
                        Video.status == VideoStatus.uploaded,
                        Video.created_at < cutoff,
                        or_(Video.processing_started_at.is_(None), Video.processing_started_at < cutoff),
                    ),
                ),
            )
            .with_for_update(skip_locked=True)
            .limit(500)
        ).all()
        for video in stuck:
            if video.status in PLAYABLE and video.processing_attempts >= settings.processing_max_attempts:
                _finish_ladder(video)  # playable: keep the rungs it has
            elif video.processing_attempts >= settings.processing_max_attempts:
                _fail(
                    video,
                    f"Processing stalled and was abandoned after {video.processing_attempts} attempts. "
                    "Please try uploading the video again.",
                )
                failed += 1
            else:
                # Restart the clock so the next sweep gives this retry a full window.
                video.processing_started_at = utcnow()
                retried.append(video.id)
    for video_id in retried:
        celery_app.send_task(PROCESS_VIDEO, args=[video_id])
    if retried or failed:
        log.warning("stuck-job sweep: retried %s, failed %s", len(retried), failed)
    return {"retried": len(retried), "failed": failed}
