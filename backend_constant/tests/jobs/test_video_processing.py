"""The processing task against a real database, storage and Redis broker (run in-process)."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery.exceptions import Retry
from prometheus_client import REGISTRY
from sqlalchemy import select

from backend_constant.ffmpeg.errors import FFmpegFailed
from backend_constant.ffmpeg.inspect import inspect_hls, summarize
from backend_constant.jobs import video_processing
from backend_constant.jobs.video_processing import (
    MODERATE_VIDEO,
    PROCESS_VIDEO,
    media_prefix,
    process_video,
    sweep_stuck_videos,
)
from backend_constant.tests.jobs.conftest import JobPlatform, clear_caches
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.leases import Lease, video_processing_lease
from opentok.models.enums import VideoStatus
from opentok.models.video import Rendition, Video
from opentok.storage import get_storage


def _video(video_id: int) -> Video:
    with session_scope() as session:
        return session.get(Video, video_id)


def test_clip_becomes_playable_hls_then_goes_to_moderation(
    job_world: JobPlatform, make_video, clips: dict[str, Path]
) -> None:
    job_world.redis.delete("default")
    video_id = make_video(clips["portrait"])

    assert process_video.apply(args=[video_id]).get() == "processed"

    video = _video(video_id)
    assert video.status == VideoStatus.pending_review
    assert video.status_reason is None and video.processing_started_at is None
    assert video.processing_attempts == 1
    assert (video.width, video.height, video.duration_s) == (320, 568, pytest.approx(3.0, abs=0.1))
    assert video.probe["video"]["codec"] == "h264"
    storage = get_storage()
    prefix = media_prefix(video_id, video.source_key)
    for key in (video.hls_master_key, video.mp4_key, video.poster_key, video.preview_key, video.strip_key):
        assert key.startswith(prefix + "/") and storage.exists(key)
    rungs = inspect_hls(storage.local_path(video.hls_master_key))
    assert list(rungs) == ["320p"]  # below 360p: one rung at the source's size, never upscaled
    assert all(r.video_codec == "h264" and r.audio_codec == "aac" for r in rungs.values())
    assert all(r.duration_s == pytest.approx(3.0, abs=0.15) for r in rungs.values())
    with session_scope() as session:
        names = session.scalars(select(Rendition.name).where(Rendition.video_id == video_id)).all()
    assert sorted(names) == ["320p", "mp4"]
    assert video.pending_renditions is None
    assert job_world.queued_tasks() == [(MODERATE_VIDEO, [video_id])]

    # Idempotent: a redelivered message re-sends the hand-off but does no work twice.
    assert process_video.apply(args=[video_id]).get() == "handed_off"
    again = _video(video_id)
    assert (again.processing_attempts, again.hls_master_key) == (1, video.hls_master_key)
    with session_scope() as session:
        assert len(session.scalars(select(Rendition).where(Rendition.video_id == video_id)).all()) == 2


def test_lowest_rung_is_published_first_and_a_crash_between_rungs_resumes(
    job_world: JobPlatform, make_video, clips: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 360p rung, poster and MP4 go out and moderation starts before 720p is encoded; a
    failure while encoding 720p leaves that playable video, and the retry encodes only 720p."""
    job_world.redis.delete("default")
    video_id = make_video(clips["hd720_portrait"])
    encoded: list[str] = []
    seen: dict[str, object] = {}
    real_encode = video_processing.encode_rung

    def encode_or_crash(source, planned, out, settings):  # type: ignore[no-untyped-def]
        encoded.append(planned.name)
        if planned.name == "720p" and "720p" not in seen:
            video = _video(video_id)
            storage = get_storage()
            seen["720p"] = {
                "status": video.status,
                "pending": video.pending_renditions,
                "rungs": list(inspect_hls(storage.local_path(video.hls_master_key))),
                "mp4": summarize(storage.local_path(video.mp4_key)).height,
                "poster": storage.exists(video.poster_key),
                "queued": job_world.queued_tasks(),
            }
            raise FFmpegFailed("worker lost between stages")
        return real_encode(source, planned, out, settings)

    def observed(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    encodes_before = observed("opentok_media_stage_seconds_count", stage="encode_rung")
    first_before = observed("opentok_media_first_playable_seconds_count")
    monkeypatch.setattr(video_processing, "encode_rung", encode_or_crash)
    assert process_video.apply(args=[video_id]).get() == "processed"
    # Prometheus: one observation per stage run, and one first-playable time per video.
    # 360p, the failed 720p and the retried 720p.
    assert observed("opentok_media_stage_seconds_count", stage="encode_rung") - encodes_before == 3
    assert observed("opentok_media_first_playable_seconds_count") - first_before == 1

    assert seen["720p"] == {
        "status": VideoStatus.pending_review,
        "pending": ["720p"],
        "rungs": ["360p"],
        "mp4": 640,
        "poster": True,
        "queued": [(MODERATE_VIDEO, [video_id])],
    }
    assert encoded == ["360p", "720p", "720p"], "the retry encodes only the missing rung"
    video = _video(video_id)
    assert video.processing_attempts == 2 and video.pending_renditions is None
    assert video.processing_started_at is None
    rungs = inspect_hls(get_storage().local_path(video.hls_master_key))
    assert [(n, r.width, r.height) for n, r in rungs.items()] == [("360p", 360, 640), ("720p", 720, 1280)]
    assert summarize(get_storage().local_path(video.mp4_key)).height == 1280  # now remuxed from 720p
    with session_scope() as session:
        names = session.scalars(select(Rendition.name).where(Rendition.video_id == video_id)).all()
    assert sorted(names) == ["360p", "720p", "mp4"]


@pytest.mark.parametrize(
    ("clip", "reason"),
    [("audio_only", "no picture"), ("still_png_as_mp4", "still image"), ("truncated", "truncated")],
)
def test_bad_upload_fails_with_owner_visible_reason_and_no_output(
    job_world: JobPlatform, make_video, clips: dict[str, Path], clip: str, reason: str
) -> None:
    video_id = make_video(clips[clip])
    assert process_video.apply(args=[video_id]).get().startswith("rejected:")
    video = _video(video_id)
    assert video.status == VideoStatus.failed
    assert reason in video.status_reason.lower()
    assert video.hls_master_key is None
    assert not get_storage().local_path(media_prefix(video_id, video.source_key)).exists()


def test_transient_failures_are_retried_then_fail(
    job_world: JobPlatform, make_video, clips: dict[str, Path]
) -> None:
    """A transcode that hits its time limit is retried up to processing_max_attempts, then failed."""
    video_id = make_video(clips["portrait"])
    os.environ["TRANSCODE_TIMEOUT_S"] = "0"
    clear_caches()
    try:
        assert process_video.apply(args=[video_id]).get() == "failed"
    finally:
        del os.environ["TRANSCODE_TIMEOUT_S"]
        clear_caches()
    video = _video(video_id)
    assert video.status == VideoStatus.failed
    assert video.processing_attempts == get_settings().processing_max_attempts
    assert "took too long" in video.status_reason
    assert not get_storage().local_path(media_prefix(video_id, video.source_key)).exists()


def test_sweeper_retries_stuck_videos_and_fails_exhausted_ones(
    job_world: JobPlatform, make_video, clips: dict[str, Path]
) -> None:
    job_world.redis.delete("default")
    long_ago = utcnow() - timedelta(minutes=get_settings().stuck_job_minutes + 5)
    stuck = make_video(clips["portrait"], status=VideoStatus.processing, processing_started_at=long_ago,
                       processing_attempts=1)  # fmt: skip
    exhausted = make_video(
        clips["portrait"],
        status=VideoStatus.processing,
        processing_started_at=long_ago,
        processing_attempts=get_settings().processing_max_attempts,
    )
    never_started = make_video(clips["portrait"], created_at=long_ago)
    fresh = make_video(clips["portrait"], status=VideoStatus.processing, processing_started_at=utcnow(),
                       processing_attempts=1)  # fmt: skip

    result = sweep_stuck_videos.apply().get()

    assert result == {"retried": 2, "failed": 1}
    assert sorted(args[0] for _, args in job_world.queued_tasks()) == sorted([stuck, never_started])
    assert {name for name, _ in job_world.queued_tasks()} == {PROCESS_VIDEO}
    assert _video(exhausted).status == VideoStatus.failed
    assert "abandoned after" in _video(exhausted).status_reason
    assert _video(fresh).status == VideoStatus.processing
    # The retried video gets a fresh window: an immediate second sweep leaves it alone.
    assert sweep_stuck_videos.apply().get() == {"retried": 0, "failed": 0}

    # And the re-enqueued work really completes.
    assert process_video.apply(args=[stuck]).get() == "processed"
    assert _video(stuck).status == VideoStatus.pending_review


def test_a_second_delivery_while_an_attempt_runs_backs_off_and_leaves_its_work(
    job_world: JobPlatform, make_video, clips: dict[str, Path]
) -> None:
    video_id = make_video(clips["portrait"])
    running = video_processing_lease(video_id)
    assert running.acquire()  # an attempt is under way (its lease is live)
    work = get_settings().data_dir / "work" / f"video-{video_id}-running"
    work.mkdir(parents=True)
    (work / "partial.m4s").write_bytes(b"half an encode")
    try:
        with pytest.raises(Retry):
            process_video(video_id)  # the duplicate, called directly: retry raises
        assert (work / "partial.m4s").read_bytes() == b"half an encode"
        video = _video(video_id)
        assert video.status == VideoStatus.uploaded and video.processing_attempts == 0
    finally:
        running.release()
    # Once the first attempt is gone, the next delivery claims the video and cleans up after it.
    assert process_video.apply(args=[video_id]).get() == "processed"
    assert not work.exists()
    assert job_world.redis.get(video_processing_lease(video_id).key) is None  # released


def test_a_lease_is_exclusive_renewed_while_held_and_lapses_when_its_holder_dies(
    job_world: JobPlatform,
) -> None:
    first = Lease("opentok:lease:test", ttl_s=1, client=job_world.redis)
    second = Lease("opentok:lease:test", ttl_s=1, client=job_world.redis)
    assert first.acquire() and not second.acquire()
    with first.kept_alive():
        time.sleep(1.6)  # past the TTL: only the renewals keep it
        assert not second.acquire()
    assert second.acquire()  # released on exit
    second.release()
    assert first.acquire()  # a holder that stops renewing (dies) ...
    time.sleep(1.3)
    assert second.acquire()  # ... loses the lease after its TTL
    first.release()  # never releases someone else's lease
    assert job_world.redis.get("opentok:lease:test") == second.token.encode()
