"""Human moderation decisions: apply an override to what users see, and audit it.

Every change appends a `human` row to `moderation_decisions` (never updated or deleted).
The row carries the AI verdict it reviewed (`details.ai_verdict`), which is what the
agreement rate compares against.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.api.errors import ApiError, not_found
from opentok.core.config import UNSAFE_CATEGORIES
from opentok.counters import recount_comments
from opentok.db.base import utcnow
from opentok.models import (
    Comment,
    CommentStatus,
    DecisionSource,
    ModerationDecision,
    Report,
    ReportStatus,
    SubjectType,
    User,
    Verdict,
    Video,
    VideoStatus,
)

#: The provider name on rows written through the admin API; other human rows (fact-check
#: notes, for instance) do not settle a queue item.
MODERATOR = "moderator"


def latest_ai(session: Session, subject_type: SubjectType, ids: list[int]) -> dict[int, ModerationDecision]:
    """The newest AI decision per subject (later rows win)."""
    if not ids:
        return {}
    rows = session.scalars(
        select(ModerationDecision)
        .where(
            ModerationDecision.subject_type == subject_type,
            ModerationDecision.subject_id.in_(ids),
            ModerationDecision.source == DecisionSource.ai,
        )
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    )
    return {r.subject_id: r for r in rows}


def top_categories(scores: dict[str, float] | None, review: float = 0.35) -> list[str]:
    """Unsafe categories at or above `review`, worst first; used when a row names none."""
    scores = scores or {}
    flagged = [(s, c) for c, s in scores.items() if c in UNSAFE_CATEGORIES and s >= review]
    return [c for _, c in sorted(flagged, reverse=True)]


def _ai_snapshot(
    ai: ModerationDecision | None, fallback_verdict: str | None, scores: dict | None
) -> tuple[str | None, list[str], dict | None]:
    if ai is not None:
        return ai.verdict.value, list(ai.categories or []) or top_categories(ai.scores), ai.scores
    return fallback_verdict, top_categories(scores), scores


def _record(
    session: Session,
    actor: User,
    subject_type: SubjectType,
    subject_id: int,
    verdict: Verdict,
    reason: str,
    categories: list[str] | None,
    ai: tuple[str | None, list[str], dict | None],
    details: dict,
) -> ModerationDecision:
    ai_verdict, ai_categories, scores = ai
    row = ModerationDecision(
        subject_type=subject_type,
        subject_id=subject_id,
        source=DecisionSource.human,
        provider=MODERATOR,
        scores=scores,
        categories=categories if categories is not None else ai_categories,
        verdict=verdict,
        reason=reason,
        details={"ai_verdict": ai_verdict, "ai_categories": ai_categories, **details},
        actor_id=actor.id,
    )
    session.add(row)
    session.flush()
    return row


def decide_comment(
    session: Session,
    actor: User,
    comment_id: int,
    verdict: Verdict,
    reason: str,
    categories: list[str] | None,
) -> tuple[ModerationDecision, str]:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None:
        raise not_found("comment")
    before = comment.status
    fallback = {CommentStatus.pending: "review", CommentStatus.rejected: "reject"}.get(before, "approve")
    ai = _ai_snapshot(
        latest_ai(session, SubjectType.comment, [comment.id]).get(comment.id), fallback, comment.scores
    )
    if verdict == Verdict.approve:
        comment.status = CommentStatus.approved
    elif verdict == Verdict.reject:
        comment.status = CommentStatus.rejected
    if comment.status != before:
        comment.moderated_at = utcnow()
        comment.reason = reason if comment.status == CommentStatus.rejected else None
        recount_comments(session, comment.video_id)
    row = _record(
        session, actor, SubjectType.comment, comment.id, verdict, reason, categories, ai,
        {"previous_status": before.value, "status": comment.status.value},
    )  # fmt: skip
    return row, comment.status.value


def decide_video(
    session: Session, actor: User, video_id: int, verdict: Verdict, reason: str, categories: list[str] | None
) -> tuple[ModerationDecision, str]:
    video = session.get(Video, video_id)
    if video is None or video.deleted_at is not None:
        raise not_found("video")
    if video.status in (VideoStatus.uploaded, VideoStatus.processing, VideoStatus.failed):
        raise ApiError(409, "not_reviewable", f"the video is {video.status.value}; wait for processing")
    before = video.status
    summary = video.moderation_summary or {}
    ai = _ai_snapshot(
        latest_ai(session, SubjectType.video, [video.id]).get(video.id),
        summary.get("verdict"),
        summary.get("scores"),
    )
    if verdict == Verdict.approve:
        video.status, video.status_reason = VideoStatus.published, None
        video.published_at = video.published_at or utcnow()
    elif verdict == Verdict.reject:
        video.status, video.status_reason = VideoStatus.rejected, f"Rejected by a moderator: {reason}"[:1000]
    row = _record(
        session, actor, SubjectType.video, video.id, verdict, reason, categories, ai,
        {"previous_status": before.value, "status": video.status.value},
    )  # fmt: skip
    return row, video.status.value


def decide_report(
    session: Session, actor: User, report_id: int, verdict: Verdict, reason: str, categories: list[str] | None
) -> tuple[ModerationDecision, str]:
    """Approve = the content is fine (report dismissed); reject = the report is upheld and
    the reported video or comment is rejected too; escalate leaves the report open."""
    report = session.get(Report, report_id)
    if report is None:
        raise not_found("report")
    if report.status != ReportStatus.open:
        raise ApiError(409, "already_resolved", f"report is already {report.status.value}")
    subject_status = None
    if verdict == Verdict.reject and report.subject_type in (SubjectType.comment, SubjectType.video):
        decide = decide_comment if report.subject_type == SubjectType.comment else decide_video
        _, subject_status = decide(session, actor, report.subject_id, verdict, reason, categories)
    if verdict != Verdict.escalate:
        report.status = ReportStatus.resolved if verdict == Verdict.reject else ReportStatus.dismissed
        report.resolved_at, report.resolved_by_id, report.resolution = utcnow(), actor.id, reason
    row = _record(
        session, actor, SubjectType.report, report.id, verdict, reason, categories, (None, [], None),
        {
            "report_reason": report.reason,
            "reported": {
                "type": report.subject_type.value,
                "id": report.subject_id,
                "status": subject_status,
            },
            "status": report.status.value,
        },
    )  # fmt: skip
    return row, report.status.value


DECIDERS = {"comment": decide_comment, "video": decide_video, "report": decide_report}


def decide(
    session: Session,
    actor: User,
    subject_type: str,
    subject_id: int,
    action: str,
    reason: str,
    categories: list[str] | None = None,
) -> tuple[ModerationDecision, str]:
    """Apply one human decision; the caller commits (or rolls back on error)."""
    return DECIDERS[subject_type](session, actor, subject_id, Verdict(action), reason, categories)
