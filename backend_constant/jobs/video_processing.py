"""Video processing: probe, validate, transcode, thumbnails, then hand to moderation.

Status flow: uploaded → processing → pending_review (moderation moves it on), or failed with a
reason the owner sees. The task is idempotent and acks late: a redelivered or duplicated message
re-runs the same work into a fresh temp folder and republishes atomically to the same prefix,
so a worker killed mid-transcode leaves nothing half-published. `processing_attempts` bounds
every path that re-runs a video: Celery retries, broker redelivery and the stuck-job sweeper.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import OperationalError

from backend_constant.celery_app import celery_app
from backend_constant.ffmpeg.errors import FFmpegFailed, FFmpegTimeout, MediaRejected
from backend_constant.ffmpeg.pipeline import ProcessedMedia, process_file
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models.enums import VideoStatus
from opentok.models.video import Rendition, Video
from opentok.storage import get_storage
from opentok.tasks import MODERATE_VIDEO, PROCESS_VIDEO, SWEEP_STUCK_VIDEOS

log = logging.getLogger(__name__)


#: Errors worth another try: the file may be fine and the machine was not.
TRANSIENT_ERRORS = (FFmpegFailed, OSError, OperationalError, SoftTimeLimitExceeded)


class Claim(Enum):
    run = "run"  # this delivery owns the work
    handoff = "handoff"  # processed already, moderation may not have been told
    skip = "skip"  # nothing to do (gone, finished, failed)


@dataclass(frozen=True)
class Job:
    video_id: int
    source_key: str
    prefix: str
    attempt: int


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
        if video.status == VideoStatus.pending_review and video.moderation_summary is None:
            return Claim.handoff, None
        if video.status not in (VideoStatus.uploaded, VideoStatus.processing):
            return Claim.skip, None
        if not video.source_key:
            _fail(video, "The upload has no stored file. Please upload the video again.")
            return Claim.skip, None
        if video.processing_attempts >= settings.processing_max_attempts:
            _fail(
                video,
                f"Processing did not finish after {video.processing_attempts} attempts. "
                "Please try uploading the video again.",
            )
            return Claim.skip, None
        video.status = VideoStatus.processing
        video.status_reason = None
        video.processing_attempts += 1
        video.processing_started_at = utcnow()
        job = Job(
            video.id, video.source_key, media_prefix(video.id, video.source_key), video.processing_attempts
        )
    return Claim.run, job


def _fail(video: Video, reason: str) -> None:
    video.status = VideoStatus.failed
    video.status_reason = reason[:1000]
    video.processing_started_at = None


def _mark_failed(video_id: int, reason: str) -> None:
    with session_scope() as session:
        video = session.get(Video, video_id, with_for_update=True)
        if video is not None and video.status == VideoStatus.processing:
            _fail(video, reason)


def _record(job: Job, media: ProcessedMedia) -> bool:
    """Store the outputs on the video; False when the video changed under us (deleted, failed)."""
    info = media.info
    assert info.video is not None
    width, height = info.video.display_size
    with session_scope() as session:
        video = session.get(Video, job.video_id, with_for_update=True)
        if video is None or video.deleted_at is not None or video.status != VideoStatus.processing:
            return False
        session.execute(delete(Rendition).where(Rendition.video_id == video.id))
        for planned in media.plan.rungs:
            session.add(
                Rendition(
                    video_id=video.id,
                    name=planned.rung.name,
                    kind="hls",
                    width=planned.width,
                    height=planned.height,
                    bitrate_kbps=planned.rung.video_kbps
                    + (planned.rung.audio_kbps if media.plan.has_audio else 0),
                    playlist_key=f"{job.prefix}/{planned.playlist}",
                )
            )
        mp4_w, mp4_h = media.plan.mp4_size
        session.add(
            Rendition(
                video_id=video.id,
                name="mp4",
                kind="mp4",
                width=mp4_w,
                height=mp4_h,
                bitrate_kbps=0,
                playlist_key=f"{job.prefix}/{media.mp4}",
            )
        )
        video.hls_master_key = f"{job.prefix}/{media.master_playlist}"
        video.mp4_key = f"{job.prefix}/{media.mp4}"
        video.poster_key = f"{job.prefix}/{media.thumbnails.poster}"
        video.preview_key = f"{job.prefix}/{media.thumbnails.preview}"
        video.strip_key = f"{job.prefix}/{media.thumbnails.strip}"
        video.duration_s = round(info.duration_s, 3)
        video.width, video.height = width, height
        video.probe = info.to_json()
        video.status = VideoStatus.pending_review
        video.status_reason = None
        video.processing_started_at = None
    return True


def _work_root() -> Path:
    root = get_settings().data_dir / "work"
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_pipeline(job: Job) -> bool:
    """Process into a private temp folder, then publish it in one step and record it."""
    storage = get_storage()
    source = storage.local_path(job.source_key)
    if not source.is_file():
        raise MediaRejected("missing_source", "The uploaded file is missing. Please upload the video again.")
    for stale in _work_root().glob(f"video-{job.video_id}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed attempt; we hold the claim now
    work = Path(tempfile.mkdtemp(prefix=f"video-{job.video_id}-", dir=_work_root()))
    try:
        media = process_file(source, work / "out", get_settings())
        storage.publish_dir(work / "out", job.prefix)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not _record(job, media):
        storage.delete_prefix(job.prefix)  # the video went away while we worked
        return False
    return True


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
    soft_time_limit=2 * get_settings().transcode_timeout_s + 600,
)
def process_video(self, video_id: int) -> str:  # type: ignore[no-untyped-def]
    """The Celery entry point; returns what happened, for logs and tests."""
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
    hand_to_moderation(video_id)
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
            if video.processing_attempts >= settings.processing_max_attempts:
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
