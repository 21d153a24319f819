"""Comment moderation: score a new comment through the moderation service and apply the verdict.

The gateway enqueues `opentok.moderate_comment(comment_id)` when a comment is posted (it
starts `pending`). Approve -> `approved`, reject -> `rejected`, review -> stays `pending` for
a moderator. Comments flagged for hate (H) or harassment (HR) also get their cyberbullying
type so moderators see who is targeted. If the service is unreachable or degraded the
comment stays `pending`: nothing is published unchecked. Every outcome is appended to the
moderation decision log.

Nothing accepted is left behind: `sweep_stranded_comments` (beat, every minute) sends a
comment to moderation again when it has no AI verdict after a grace period, because the broker
was down when it was posted, or because it was held while the service or its model was not
ready (then only once the service says it is ready, and a bounded number of times).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from backend_constant.celery_app import celery_app
from opentok.clients.moderation import ModerationClient, ModerationError, ModerationUnavailable
from opentok.core.config import get_settings
from opentok.counters import recount_comments
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models import Comment, CommentStatus, DecisionSource, ModerationDecision, SubjectType, Verdict
from opentok.tasks import MODERATE_COMMENT, SCORE_COMMENT_SENTIMENT, SWEEP_STRANDED_COMMENTS

log = logging.getLogger(__name__)

#: Pauses between attempts to reach the service (transient trouble only), then hold.
RETRY_DELAYS_S = (0.5, 1.5, 4.0)
#: Flags that make the target of the bullying worth knowing.
BULLYING_CATEGORIES = frozenset({"H", "HR"})
STATUS_FOR: dict[str, CommentStatus] = {
    "approve": CommentStatus.approved,
    "reject": CommentStatus.rejected,
    "review": CommentStatus.pending,
}


@celery_app.task(name=MODERATE_COMMENT)
def moderate_comment(comment_id: int) -> str | None:
    """Moderate one comment; returns the status it ends in (None when there was nothing to do)."""
    text = _text_to_moderate(comment_id)
    if text is None:
        return None
    client = ModerationClient()
    started = time.perf_counter()
    try:
        response = _with_retries(lambda: client.classify_comments([text]))
    except ModerationError as exc:
        log.warning("comment %s held: moderation service unavailable: %s", comment_id, exc)
        return _hold(
            comment_id, f"Moderation service unavailable ({exc.__class__.__name__}): held for review."
        )
    if response.get("degraded"):
        return _hold(comment_id, response["results"][0]["reason"], provider=response.get("provider"))
    result = response["results"][0]
    bullying = _cyberbullying(client, text) if BULLYING_CATEGORIES & set(result["categories"]) else None
    latency_ms = (time.perf_counter() - started) * 1000
    return _apply(comment_id, response, result, bullying, latency_ms)


def _with_retries(call):  # type: ignore[no-untyped-def]
    for delay in (*RETRY_DELAYS_S, None):
        try:
            return call()
        except ModerationUnavailable:
            if delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def _text_to_moderate(comment_id: int) -> str | None:
    """The comment's text, or None when it is gone or already decided (by us or a human)."""
    with session_scope() as session:
        comment = session.get(Comment, comment_id)
        if comment is None or comment.deleted_at is not None:
            log.info("comment %s is gone; nothing to moderate", comment_id)
            return None
        if comment.status != CommentStatus.pending or comment.moderated_at is not None:
            # A redelivered task, or a moderator was quicker: never undo a decision.
            log.info("comment %s already decided (%s); skipped", comment_id, comment.status)
            return None
        return comment.text


def _cyberbullying(client: ModerationClient, text: str) -> dict[str, Any] | None:
    """The bullying type, or None: it informs moderators, so its absence never blocks a verdict."""
    try:
        response = client.cyberbullying([text])
    except ModerationError as exc:
        log.warning("cyberbullying type unavailable: %s", exc)
        return None
    return {"model_version": response["model_version"], **response["results"][0]}


def _apply(
    comment_id: int,
    response: dict[str, Any],
    result: dict[str, Any],
    bullying: dict[str, Any] | None,
    latency_ms: float,
) -> str | None:
    with session_scope() as session:
        # Locked: a swept duplicate of this task must not record a second verdict.
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None or comment.status != CommentStatus.pending or comment.moderated_at is not None:
            return None  # decided while we were asking the service
        status = STATUS_FOR[result["verdict"]]
        comment.scores = result["scores"]
        comment.status = status
        comment.reason = result["reason"][:1000]
        comment.model_version = response["model_version"]
        comment.moderated_at = utcnow()
        if bullying is not None:
            comment.cyberbullying_type = bullying["label"]
        if status == CommentStatus.approved:
            recount_comments(session, comment.video_id)
        session.add(
            ModerationDecision(
                subject_type=SubjectType.comment,
                subject_id=comment_id,
                source=DecisionSource.ai,
                provider=response["provider"],
                model_version=response["model_version"],
                scores=result["scores"],
                categories=result["categories"],
                verdict=Verdict(result["verdict"]),
                reason=result["reason"],
                details={"cyberbullying": bullying} if bullying else None,
                latency_ms=round(latency_ms, 2),
            )
        )
    log.info("comment %s -> %s (%s)", comment_id, status, result["reason"])
    _send(SCORE_COMMENT_SENTIMENT, comment_id)
    return status.value


def _send(task: str, comment_id: int) -> None:
    """Sentiment is informational: a broker hiccup only delays it to the hourly sweep."""
    try:
        celery_app.send_task(task, args=[comment_id])
    except Exception:
        log.exception("could not enqueue %s for comment %s", task, comment_id)


def _hold(comment_id: int, reason: str, provider: str | None = None) -> str | None:
    """Leave the comment pending for a human and say why in the log and on the comment."""
    with session_scope() as session:
        comment = session.get(Comment, comment_id)
        if comment is None or comment.status != CommentStatus.pending:
            return None
        comment.reason = reason[:1000]
        session.add(
            ModerationDecision(
                subject_type=SubjectType.comment,
                subject_id=comment_id,
                source=DecisionSource.ai,
                provider=provider or "unavailable",
                verdict=Verdict.review,
                reason=reason,
            )
        )
    return CommentStatus.pending.value


@celery_app.task(name=SWEEP_STRANDED_COMMENTS)
def sweep_stranded_comments() -> dict[str, int]:
    """Send pending comments without an AI verdict to moderation again; returns the counts.

    Never decided (no AI decision at all: the task was never delivered) -> sent again.
    Held (AI `review` holds only, no verdict: service down or model loading) -> sent again once
    the service reports itself ready, at most `stranded_comment_max_attempts` holds in all.
    A comment the model itself sent to review has `moderated_at` set and is left to humans.
    """
    settings = get_settings()
    cutoff = utcnow() - timedelta(minutes=settings.stranded_comment_minutes)
    holds = (
        select(ModerationDecision.subject_id, func.count().label("n"))
        .where(
            ModerationDecision.subject_type == SubjectType.comment,
            ModerationDecision.source == DecisionSource.ai,
        )
        .group_by(ModerationDecision.subject_id)
        .subquery()
    )
    with session_scope() as session:
        rows = session.execute(
            select(Comment.id, func.coalesce(holds.c.n, 0))
            .outerjoin(holds, holds.c.subject_id == Comment.id)
            .where(
                Comment.status == CommentStatus.pending,
                Comment.moderated_at.is_(None),
                Comment.deleted_at.is_(None),
                Comment.created_at < cutoff,
            )
            .order_by(Comment.id)
            .limit(500)
        ).all()
    never = [cid for cid, n in rows if n == 0]
    held = [cid for cid, n in rows if 0 < n < settings.stranded_comment_max_attempts]
    if held and not _service_ready():
        held = []
    for comment_id in never + held:
        celery_app.send_task(MODERATE_COMMENT, args=[comment_id])
    if never or held:
        log.info("stranded comments sent again: %s never moderated, %s held", len(never), len(held))
    return {"never_moderated": len(never), "held": len(held)}


def _service_ready() -> bool:
    try:
        return ModerationClient().health().get("status") == "ok"
    except ModerationError:
        return False
