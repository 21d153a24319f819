"""The review queue: what waits for a human, oldest first, escalations on top.

- videos held for review (`pending_review`), or rejected by the AI and not yet decided by a human;
- comments the AI held (`pending` with scores or an AI audit row: the service may have been
  down), or rejected and not yet decided by a human;
- open user reports.
An item escalated by a moderator stays in the queue (flagged) until someone approves or rejects it.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from backend.app.crud.audit import subject_labels
from backend.app.crud.decisions import MODERATOR, latest_ai, top_categories
from backend.app.crud.media import link, staff_media_base
from backend.app.crud.users import brief
from backend.app.schemas.admin import (
    AiVerdict,
    CommentContext,
    QueueItem,
    QueueOut,
    ReportContext,
    VideoMedia,
)
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

QUEUE_TYPES = ("video", "comment", "report")


def _human_decided(subject_type: SubjectType, id_column):  # type: ignore[no-untyped-def]
    """A human already approved or rejected this subject (escalations do not count)."""
    return exists().where(
        ModerationDecision.subject_type == subject_type,
        ModerationDecision.subject_id == id_column,
        ModerationDecision.source == DecisionSource.human,
        ModerationDecision.provider == MODERATOR,
        ModerationDecision.verdict.in_([Verdict.approve, Verdict.reject]),
    )


def _ai_decided(subject_type: SubjectType, id_column):  # type: ignore[no-untyped-def]
    return exists().where(
        ModerationDecision.subject_type == subject_type,
        ModerationDecision.subject_id == id_column,
        ModerationDecision.source == DecisionSource.ai,
    )


def _video_query():  # type: ignore[no-untyped-def]
    return select(Video).where(
        Video.deleted_at.is_(None),
        or_(
            Video.status == VideoStatus.pending_review,
            and_(Video.status == VideoStatus.rejected, not_(_human_decided(SubjectType.video, Video.id))),
        ),
    )


def _comment_query():  # type: ignore[no-untyped-def]
    return select(Comment).where(
        Comment.deleted_at.is_(None),
        or_(
            # Held: scored, or decided by the AI without scores (service down or degraded).
            and_(
                Comment.status == CommentStatus.pending,
                or_(Comment.scores.is_not(None), _ai_decided(SubjectType.comment, Comment.id)),
            ),
            and_(
                Comment.status == CommentStatus.rejected,
                not_(_human_decided(SubjectType.comment, Comment.id)),
            ),
        ),
    )


def _report_query():  # type: ignore[no-untyped-def]
    return select(Report).where(Report.status == ReportStatus.open)


def counts(session: Session) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(query.subquery())) or 0
        for name, query in (
            ("video", _video_query()),
            ("comment", _comment_query()),
            ("report", _report_query()),
        )
    }


def _escalated(session: Session, subject_type: SubjectType, ids: list[int]) -> set[int]:
    """Subjects whose latest human decision is an escalation."""
    if not ids:
        return set()
    latest: dict[int, Verdict] = {}
    for row in session.execute(
        select(ModerationDecision.subject_id, ModerationDecision.verdict)
        .where(
            ModerationDecision.subject_type == subject_type,
            ModerationDecision.subject_id.in_(ids),
            ModerationDecision.source == DecisionSource.human,
            ModerationDecision.provider == MODERATOR,
        )
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    ):
        latest[row.subject_id] = row.verdict
    return {i for i, v in latest.items() if v == Verdict.escalate}


def _open_reports(session: Session, subject_type: SubjectType, ids: list[int]) -> Counter[int]:
    if not ids:
        return Counter()
    rows = session.execute(
        select(Report.subject_id, func.count())
        .where(
            Report.subject_type == subject_type,
            Report.subject_id.in_(ids),
            Report.status == ReportStatus.open,
        )
        .group_by(Report.subject_id)
    )
    return Counter({sid: n for sid, n in rows})


def _ai(row: ModerationDecision | None, fallback: dict | None) -> AiVerdict | None:
    if row is not None:
        return AiVerdict(
            verdict=row.verdict.value,
            scores=row.scores or {},
            categories=list(row.categories or []) or top_categories(row.scores),
            explanation=row.reason,
            provider=row.provider,
            model_version=row.model_version,
            decided_at=row.created_at,
            details=row.details,
        )
    return AiVerdict(**fallback) if fallback else None


def _users(session: Session, ids: set[int]) -> dict[int, User]:
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def _video_items(session: Session, videos: list[Video]) -> list[QueueItem]:
    ids = [v.id for v in videos]
    ai, esc = latest_ai(session, SubjectType.video, ids), _escalated(session, SubjectType.video, ids)
    reports, owners = (
        _open_reports(session, SubjectType.video, ids),
        _users(session, {v.owner_id for v in videos}),
    )
    items = []
    for v in videos:
        base = staff_media_base(v)
        summary = v.moderation_summary or {}
        fallback = None
        if summary.get("verdict"):
            fallback = {
                "verdict": summary["verdict"],
                "scores": summary.get("scores") or {},
                "categories": summary.get("categories") or [],
                "explanation": summary.get("explanation") or summary.get("error"),
                "provider": summary.get("provider"),
                "model_version": summary.get("model_version"),
            }
        items.append(
            QueueItem(
                key=f"video:{v.id}",
                subject_type="video",
                subject_id=v.id,
                status=v.status.value,
                created_at=v.created_at,
                author=brief(owners[v.owner_id]) if v.owner_id in owners else None,
                text=v.title,
                ai=_ai(ai.get(v.id), fallback),
                escalated=v.id in esc,
                report_count=reports[v.id],
                video=VideoMedia(
                    title=v.title,
                    description=v.description,
                    duration_s=v.duration_s,
                    poster_url=link(base, v.poster_key),
                    strip_url=link(base, v.strip_key),
                    hls_url=link(base, v.hls_master_key),
                    mp4_url=link(base, v.mp4_key),
                ),
            )
        )
    return items


def _comment_items(session: Session, comments: list[Comment]) -> list[QueueItem]:
    ids = [c.id for c in comments]
    ai, esc = latest_ai(session, SubjectType.comment, ids), _escalated(session, SubjectType.comment, ids)
    reports, authors = (
        _open_reports(session, SubjectType.comment, ids),
        _users(session, {c.user_id for c in comments}),
    )
    titles = dict(
        session.execute(
            select(Video.id, Video.title).where(Video.id.in_({c.video_id for c in comments}))
        ).all()
    )
    items = []
    for c in comments:
        fallback = {
            "verdict": "reject" if c.status == CommentStatus.rejected else "review",
            "scores": c.scores or {},
            "categories": top_categories(c.scores),
            "explanation": c.reason,
            "provider": "comment-model",
            "model_version": c.model_version,
            "decided_at": c.moderated_at,
        }
        items.append(
            QueueItem(
                key=f"comment:{c.id}",
                subject_type="comment",
                subject_id=c.id,
                status=c.status.value,
                created_at=c.created_at,
                author=brief(authors[c.user_id]) if c.user_id in authors else None,
                text=c.text,
                ai=_ai(ai.get(c.id), fallback),
                escalated=c.id in esc,
                report_count=reports[c.id],
                comment=CommentContext(
                    video_id=c.video_id,
                    video_title=titles.get(c.video_id, ""),
                    cyberbullying_type=c.cyberbullying_type,
                    sentiment=c.sentiment,
                ),
            )
        )
    return items


def _report_items(session: Session, reports: list[Report]) -> list[QueueItem]:
    people = _users(session, {r.reporter_id for r in reports})
    labels = subject_labels(session, [(r.subject_type.value, r.subject_id) for r in reports])
    items = []
    for r in reports:
        text, status = labels.get((r.subject_type.value, r.subject_id), ("(deleted)", None))
        items.append(
            QueueItem(
                key=f"report:{r.id}",
                subject_type="report",
                subject_id=r.id,
                status=r.status.value,
                created_at=r.created_at,
                text=text,
                report=ReportContext(
                    reason=r.reason,
                    details=r.details,
                    reporter=brief(people[r.reporter_id]) if r.reporter_id in people else None,
                    subject_type=r.subject_type.value,
                    subject_id=r.subject_id,
                    subject_text=text,
                    subject_status=status,
                ),
            )
        )
    return items


def load_queue(session: Session, kinds: tuple[str, ...] = QUEUE_TYPES, limit: int = 100) -> QueueOut:
    items: list[QueueItem] = []
    if "video" in kinds:
        rows = list(session.scalars(_video_query().order_by(Video.created_at, Video.id).limit(limit)))
        items += _video_items(session, rows)
    if "comment" in kinds:
        rows = list(session.scalars(_comment_query().order_by(Comment.created_at, Comment.id).limit(limit)))
        items += _comment_items(session, rows)
    if "report" in kinds:
        rows = list(session.scalars(_report_query().order_by(Report.created_at, Report.id).limit(limit)))
        items += _report_items(session, rows)
    items.sort(key=lambda i: (not i.escalated, i.created_at, i.key))
    return QueueOut(items=items[:limit], counts=counts(session))
