"""`opentok.moderate_comment` end to end: gateway -> Celery worker -> moderation service.

Everything is real: the gateway over HTTP, a `celery worker` subprocess on a real Redis,
the moderation service over HTTP with a (tiny, trained) transformers model and a TF-IDF
cyberbullying model.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from celery import Celery
from sqlalchemy import select

from moderation_service.tests.support import (
    HATEFUL,
    SAFE,
    VIOLENT,
    isolated_env,
    register_tfidf_cyberbullying,
    tiny_comment_model,
)
from opentok.db.base import utcnow
from opentok.models import (
    Comment,
    CommentStatus,
    DecisionSource,
    ModerationDecision,
    SubjectType,
    Verdict,
    Video,
    VideoStatus,
)
from opentok.tasks import SWEEP_STRANDED_COMMENTS
from testing.harness import Platform
from testing.moderation_stack import install_model, start_comment_worker, start_moderation_service


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, dict]]:
    models = tmp_path_factory.mktemp("models-src")
    tiny = tiny_comment_model()
    with isolated_env(models / "cb"):
        register_tfidf_cyberbullying()
    plat = Platform(backend="sqlite", workdir=tmp_path_factory.mktemp("comment-stack"))
    try:
        plat.setup()
        plat.start_gateway()
        install_model(plat.workdir / "models", "comment-moderation", tiny, "tiny-1")
        cb_root = models / "cb" / "models" / "cyberbullying-type"
        install_model(
            plat.workdir / "models", "cyberbullying-type", next(p for p in cb_root.iterdir() if p.is_dir())
        )
        url, service = start_moderation_service(plat)
        start_comment_worker(plat, url)
        yield plat, {"service": service, "url": url}
    finally:
        plat.teardown()


@pytest.fixture(scope="module")
def author(stack) -> tuple[dict[str, str], int]:
    plat, _ = stack
    with httpx.Client(base_url=plat.base_url, timeout=30) as api:
        resp = api.post("/api/auth/register", json={"username": "commenter", "email": "c@example.com",
                                                    "password": "correct horse battery"})  # fmt: skip
        assert resp.status_code == 201, resp.text
        headers = {"Authorization": f"Bearer {resp.json()['access_token']}"}
        me = api.get("/api/auth/me", headers=headers).json()
    with plat.session() as session:
        video = Video(owner_id=me["id"], title="published clip", status=VideoStatus.published)
        session.add(video)
        session.commit()
        return headers, video.id


def post_and_wait(plat: Platform, headers: dict, video_id: int, text: str, timeout_s: float = 120) -> Comment:
    with httpx.Client(base_url=plat.base_url, timeout=30) as api:
        resp = api.post(f"/api/videos/{video_id}/comments", json={"text": text}, headers=headers)
    assert resp.status_code == 201, resp.text
    comment_id = resp.json()["id"]
    assert resp.json()["status"] == "pending"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with plat.session() as session:
            comment = session.get(Comment, comment_id)
            decided = session.scalar(
                select(ModerationDecision.id).where(
                    ModerationDecision.subject_type == SubjectType.comment,
                    ModerationDecision.subject_id == comment_id,
                )
            )
            if decided is not None:
                return comment
        time.sleep(0.2)
    raise AssertionError(
        f"comment {comment_id} was not moderated; worker log:\n{plat.log('comment-worker')[-3000:]}"
    )


def decisions(plat: Platform, comment_id: int) -> list[ModerationDecision]:
    with plat.session() as session:
        return list(
            session.scalars(
                select(ModerationDecision).where(
                    ModerationDecision.subject_type == SubjectType.comment,
                    ModerationDecision.subject_id == comment_id,
                )
            )
        )


def test_safe_comment_is_approved_and_visible(stack, author) -> None:
    plat, _ = stack
    headers, video_id = author
    comment = post_and_wait(plat, headers, video_id, SAFE[1])
    assert comment.status == CommentStatus.approved
    assert set(comment.scores) >= {"H", "V", "OK"} and comment.model_version == "tiny-1"
    assert comment.reason.startswith("No category") and comment.moderated_at is not None
    (row,) = decisions(plat, comment.id)
    assert row.source == DecisionSource.ai and row.verdict == "approve" and row.model_version == "tiny-1"
    assert row.provider == "comment-model:local" and row.scores == comment.scores
    with httpx.Client(base_url=plat.base_url) as api:
        listed = api.get(f"/api/videos/{video_id}/comments").json()
    assert comment.id in [c["id"] for c in listed["items"]]


def test_threat_is_not_published_and_hate_gets_a_bullying_type(stack, author) -> None:
    plat, _ = stack
    headers, video_id = author
    threat = post_and_wait(plat, headers, video_id, VIOLENT[0])
    assert threat.status in (CommentStatus.rejected, CommentStatus.pending)
    (row,) = decisions(plat, threat.id)
    assert row.verdict in ("reject", "review") and "V" in row.categories and row.reason == threat.reason
    hateful = post_and_wait(plat, headers, video_id, HATEFUL[1])
    assert hateful.status != CommentStatus.approved
    assert hateful.cyberbullying_type in {"age", "ethnicity", "gender", "religion", "other", "not"}
    (row,) = decisions(plat, hateful.id)
    assert row.details["cyberbullying"]["label"] == hateful.cyberbullying_type


def test_stranded_comments_are_moderated_by_the_sweeper(stack, author) -> None:
    """One comment never reached a worker (broker down when posted), one was held while the
    service was not ready: the beat sweeper sends both again, and each gets one model verdict."""
    plat, _ = stack
    _, video_id = author
    long_ago = utcnow() - timedelta(minutes=10)
    with plat.session() as session:
        owner = session.get(Video, video_id).owner_id
        never = Comment(video_id=video_id, user_id=owner, text=SAFE[2], created_at=long_ago)
        held = Comment(video_id=video_id, user_id=owner, text=SAFE[3], created_at=long_ago,
                       reason="Moderation service unavailable: held for review.")  # fmt: skip
        session.add_all([never, held])
        session.flush()
        hold = ModerationDecision(
            subject_type=SubjectType.comment,
            subject_id=held.id,
            verdict=Verdict.review,
            source=DecisionSource.ai,
            provider="unavailable",
        )
        session.add(hold)
        session.commit()
        ids = {"never": never.id, "held": held.id}

    Celery(broker=plat.redis_url).send_task(SWEEP_STRANDED_COMMENTS, queue="default")  # as beat sends it

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with plat.session() as session:
            if all(session.get(Comment, cid).moderated_at is not None for cid in ids.values()):
                break
        time.sleep(0.3)
    else:
        raise AssertionError(f"stranded comments not moderated; log:\n{plat.log('comment-worker')[-3000:]}")
    with plat.session() as session:
        assert all(session.get(Comment, cid).status == CommentStatus.approved for cid in ids.values())
    verdicts = {label: [(d.provider, d.verdict) for d in decisions(plat, cid)] for label, cid in ids.items()}
    assert verdicts["never"] == [("comment-model:local", "approve")]
    assert verdicts["held"] == [("unavailable", "review"), ("comment-model:local", "approve")]


def test_unreachable_service_leaves_the_comment_pending_for_review(stack, author) -> None:
    plat, extra = stack
    headers, video_id = author
    plat.stop(extra["service"])  # last test in this module: the service stays down
    comment = post_and_wait(plat, headers, video_id, SAFE[0])
    assert comment.status == CommentStatus.pending and comment.moderated_at is None
    assert "unavailable" in comment.reason
    (row,) = decisions(plat, comment.id)
    assert row.verdict == "review" and row.provider == "unavailable"
