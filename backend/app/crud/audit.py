"""Reading the append-only audit log: labels, filtered history and AI/human agreement."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Select, String, cast, select
from sqlalchemy.orm import Session

from backend.app.crud.decisions import MODERATOR
from backend.app.crud.users import brief
from backend.app.schemas.admin import AgreementOut, AgreementRow, DecisionOut
from opentok.core.config import CATEGORY_NAMES
from opentok.models import (
    Comment,
    DecisionSource,
    ModerationDecision,
    ModerationPolicy,
    Report,
    SubjectType,
    User,
    Verdict,
    Video,
)

#: Only definite AI verdicts are compared; a `review` deferred to a human (the same rule as
#: the dashboard analytics in opentok.trust_safety.analytics).
DEFINITE = {"approve", "reject"}
#: Where AI verdicts that named no category are counted (as in the analytics dashboard).
NO_CATEGORY = "none"


def subject_labels(
    session: Session, refs: list[tuple[str, int]]
) -> dict[tuple[str, int], tuple[str, str | None]]:
    """A short human label and current status per (subject_type, id)."""
    by_type: dict[str, set[int]] = {}
    for kind, sid in refs:
        by_type.setdefault(kind, set()).add(sid)
    out: dict[tuple[str, int], tuple[str, str | None]] = {}
    if by_type.get("video"):
        for v in session.scalars(select(Video).where(Video.id.in_(by_type["video"]))):
            out[("video", v.id)] = (v.title, v.status.value)
    if by_type.get("comment"):
        for c in session.scalars(select(Comment).where(Comment.id.in_(by_type["comment"]))):
            out[("comment", c.id)] = (c.text[:200], c.status.value)
    if by_type.get("user"):
        for u in session.scalars(select(User).where(User.id.in_(by_type["user"]))):
            out[("user", u.id)] = (f"@{u.username}", u.status.value)
    if by_type.get("report"):
        for r in session.scalars(select(Report).where(Report.id.in_(by_type["report"]))):
            label = f"{r.reason} report on {r.subject_type.value} {r.subject_id}"
            out[("report", r.id)] = (label, r.status.value)
    if by_type.get("policy"):
        for p in session.scalars(select(ModerationPolicy).where(ModerationPolicy.id.in_(by_type["policy"]))):
            out[("policy", p.id)] = (f"policy: {CATEGORY_NAMES.get(p.category, p.category)}", None)
    return out


def present(session: Session, rows: list[ModerationDecision]) -> list[DecisionOut]:
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    actors = (
        {u.id: u for u in session.scalars(select(User).where(User.id.in_(actor_ids)))} if actor_ids else {}
    )
    labels = subject_labels(session, [(r.subject_type.value, r.subject_id) for r in rows])
    return [
        DecisionOut(
            id=r.id,
            subject_type=r.subject_type.value,
            subject_id=r.subject_id,
            subject_label=labels.get((r.subject_type.value, r.subject_id), ("", None))[0],
            source=r.source.value,
            provider=r.provider,
            model_version=r.model_version,
            scores=r.scores,
            categories=r.categories,
            verdict=r.verdict.value,
            reason=r.reason,
            details=r.details,
            actor=brief(actors[r.actor_id]) if r.actor_id in actors else None,
            created_at=r.created_at,
        )
        for r in rows
    ]


def naive_utc(when: datetime | None) -> datetime | None:
    """The database keeps naive UTC; accept zoned query values too."""
    return when.astimezone(UTC).replace(tzinfo=None) if when and when.tzinfo else when


def history_query(
    *,
    actor_id: int | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    source: str | None = None,
    verdict: str | None = None,
    category: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Select[tuple[ModerationDecision]]:
    query = select(ModerationDecision)
    if actor_id is not None:
        query = query.where(ModerationDecision.actor_id == actor_id)
    if subject_type:
        query = query.where(ModerationDecision.subject_type == SubjectType(subject_type))
    if subject_id is not None:
        query = query.where(ModerationDecision.subject_id == subject_id)
    if source:
        query = query.where(ModerationDecision.source == DecisionSource(source))
    if verdict:
        query = query.where(ModerationDecision.verdict == Verdict(verdict))
    if category:
        # JSON list text, e.g. ["H", "HR"]: the quoted code matches on SQLite and MySQL alike.
        query = query.where(cast(ModerationDecision.categories, String).like(f'%"{category}"%'))
    if start is not None:
        query = query.where(ModerationDecision.created_at >= naive_utc(start))
    if end is not None:
        query = query.where(ModerationDecision.created_at < naive_utc(end))
    return query


def agreement(session: Session, start: datetime | None = None, end: datetime | None = None) -> AgreementOut:
    """How often the human's final call matched the AI's, per category the AI named.

    Per subject, the latest moderator approve/reject counts once, against the AI verdict it
    reviewed (kept in the row's details). AI `review` verdicts are deferrals, counted apart.
    """
    query = history_query(source="human", start=start, end=end).where(
        ModerationDecision.provider == MODERATOR,
        ModerationDecision.subject_type.in_([SubjectType.video, SubjectType.comment]),
        ModerationDecision.verdict.in_([Verdict.approve, Verdict.reject]),
    )
    latest: dict[tuple[str, int], ModerationDecision] = {}
    for row in session.scalars(query.order_by(ModerationDecision.created_at, ModerationDecision.id)):
        if (row.details or {}).get("ai_verdict"):
            latest[(row.subject_type.value, row.subject_id)] = row
    totals: dict[str, list[int]] = {}
    overall = [0, 0, 0]
    for row in latest.values():
        ai_verdict = row.details["ai_verdict"]
        counted = ai_verdict in DEFINITE
        agrees = counted and ai_verdict == row.verdict.value
        for pair in [overall] + [
            totals.setdefault(c, [0, 0, 0]) for c in row.details.get("ai_categories") or [NO_CATEGORY]
        ]:
            pair[0] += counted
            pair[1] += agrees
            pair[2] += not counted

    def as_row(category: str, pair: list[int]) -> AgreementRow:
        rate = round(pair[1] / pair[0], 4) if pair[0] else None
        name = "no category" if category == NO_CATEGORY else CATEGORY_NAMES.get(category, category)
        return AgreementRow(
            category=category, name=name, total=pair[0], agree=pair[1],
            deferred=pair[2], rate=rate,
        )  # fmt: skip

    return AgreementOut(
        overall=as_row("all", overall),
        categories=[as_row(c, p) for c, p in sorted(totals.items(), key=lambda kv: -(kv[1][0] + kv[1][2]))],
    )
