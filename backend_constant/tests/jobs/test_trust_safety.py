"""The trust-and-safety jobs on a real Celery worker, and their beat entries."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery

from backend_constant.celery_app import celery_app
from backend_constant.jobs import trust_safety as jobs
from backend_constant.schedule import BEAT_SCHEDULE
from opentok.db.base import utcnow
from opentok.models import Comment, User, UserScore, Video, VideoStatus, WatchEvent
from testing.harness import Platform
from testing.trust_safety import install_models, trained_models  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def worker(platform: Platform, trained_models: tuple[Path, dict]) -> Iterator[Celery]:  # noqa: F811
    install_models(trained_models[0], platform.workdir)
    proc = platform.start_worker(name="trust-safety-worker")
    sender = Celery("tests", broker=platform.redis_url)
    sender.conf.task_default_queue = celery_app.conf.task_default_queue  # where the worker listens
    yield sender
    platform.stop(proc)


def _wait_for(check: Callable[[], object], platform: Platform, timeout_s: float = 120) -> object:
    """Poll the database until the job's effect shows (a generous bound, not a speed check)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(
        f"job had no effect in {timeout_s}s; worker log:\n{platform.log('trust-safety-worker')[-3000:]}"
    )


def _seed(platform: Platform) -> tuple[int, int, int, int]:
    with platform.session() as session:
        suffix = str(time.monotonic_ns())[-8:]
        user = User(username=f"ts_{suffix}", email=f"ts_{suffix}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        claim = Video(
            owner_id=user.id,
            title="someone shared with me that the great wall is visible from the moon",
            status=VideoStatus.published,
            published_at=utcnow(),
            view_count=300000,
        )
        other = Video(owner_id=user.id, title="i think my dog is the cutest", status=VideoStatus.published)
        session.add_all([claim, other])
        session.flush()
        comment = Comment(video_id=claim.id, user_id=user.id, text="this is not true and not funny")
        session.add(comment)
        for d in range(10):
            session.add(
                WatchEvent(user_id=user.id, video_id=other.id, created_at=utcnow() - timedelta(days=d))
            )
        session.commit()
        return user.id, claim.id, other.id, comment.id


def _get(platform: Platform, model, key, attr):  # type: ignore[no-untyped-def]
    with platform.session() as session:
        row = session.get(model, key)
        return getattr(row, attr) if row is not None else None


def test_pipeline_tasks_score_claims_and_sentiment(worker, platform):  # type: ignore[no-untyped-def]
    _, claim, other, comment = _seed(platform)
    worker.send_task(jobs.SCORE_VIDEO_CLAIMS, args=[claim])
    worker.send_task(jobs.SCORE_COMMENT_SENTIMENT, args=[comment])
    _wait_for(lambda: _get(platform, Video, claim, "claim_score") is not None, platform)
    assert _get(platform, Video, claim, "needs_fact_check") is True
    _wait_for(lambda: _get(platform, Comment, comment, "sentiment") is not None, platform)
    assert _get(platform, Comment, comment, "sentiment") < 0
    # The sweep picks up what no pipeline task scored.
    worker.send_task(jobs.SWEEP_CLAIMS_SENTIMENT)
    _wait_for(lambda: _get(platform, Video, other, "claim_score") is not None, platform)
    assert _get(platform, Video, other, "needs_fact_check") is False
    assert _get(platform, Video, other, "status") == VideoStatus.published  # the normal path is untouched


def test_daily_jobs_fill_user_scores(worker, platform):  # type: ignore[no-untyped-def]
    user, *_ = _seed(platform)
    worker.send_task(jobs.DAILY_TRUST_SCORES)
    _wait_for(lambda: _get(platform, UserScore, user, "trust_score") is not None, platform)
    worker.send_task(jobs.DAILY_CHURN_SEGMENTS)
    _wait_for(lambda: _get(platform, UserScore, user, "segment") is not None, platform)
    assert 0 <= _get(platform, UserScore, user, "churn_risk") <= 1
    assert _get(platform, UserScore, user, "trust_features")


def test_beat_runs_every_trust_safety_job():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    daily = {
        jobs.DAILY_TRUST_SCORES,
        jobs.DAILY_CHURN_SEGMENTS,
        jobs.SWEEP_CLAIMS_SENTIMENT,
        jobs.RETRAIN_ENGAGEMENT,
    }
    assert daily <= scheduled
    assert scheduled <= set(celery_app.tasks)
