"""The figures behind the admin dashboard, for one date range, in SQL that runs unchanged on
SQLite and MySQL/MariaDB: only COUNT/SUM/AVG, DATE() and GROUP BY. What SQL cannot say
portably (medians, JSON category lists, timestamp differences) is finished in Python over
the few columns fetched.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, case, func, select, union_all
from sqlalchemy.orm import Session

from opentok.models import (
    Comment,
    DecisionSource,
    Hashtag,
    Like,
    ModerationDecision,
    SubjectType,
    Verdict,
    Video,
    VideoHashtag,
    WatchEvent,
)

MAX_RANGE_DAYS = 366
TOP_HASHTAGS = 10
NO_CATEGORY = "none"


def _day(value: Any) -> str:
    """DATE() comes back as a date on MySQL and as a string on SQLite."""
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _per_day(session: Session, stmt: Select, days: list[str]) -> list[dict[str, Any]]:
    counts = {_day(d): int(n) for d, n in session.execute(stmt).all()}
    return [{"date": d, "count": counts.get(d, 0)} for d in days]


def _daily_count(column: Any, start: datetime, end: datetime) -> Select:
    day = func.date(column)
    return select(day, func.count()).where(column >= start, column < end).group_by(day)


def _active_users(session: Session, start: datetime, end: datetime, days: list[str]) -> list[dict[str, Any]]:
    acts = union_all(
        select(WatchEvent.user_id.label("uid"), WatchEvent.created_at.label("at")).where(
            WatchEvent.user_id.is_not(None)
        ),
        select(Like.user_id, Like.created_at),
        select(Comment.user_id, Comment.created_at),
        select(Video.owner_id, Video.created_at),
    ).subquery()
    day = func.date(acts.c.at)
    stmt = (
        select(day, func.count(func.distinct(acts.c.uid)))
        .where(acts.c.at >= start, acts.c.at < end)
        .group_by(day)
    )
    return _per_day(session, stmt, days)


def _moderation(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    rows = session.execute(
        select(
            ModerationDecision.subject_type,
            ModerationDecision.subject_id,
            ModerationDecision.source,
            ModerationDecision.verdict,
            ModerationDecision.categories,
            ModerationDecision.created_at,
        )
        .where(ModerationDecision.created_at >= start, ModerationDecision.created_at < end)
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    ).all()
    volume: dict[str, Counter[str]] = defaultdict(Counter)
    last_ai: dict[tuple[str, int], tuple[str, list[str]]] = {}
    agreement: dict[str, Counter[str]] = defaultdict(Counter)
    for subject_type, subject_id, source, verdict, categories, _ in rows:
        cats = list(categories or []) or [NO_CATEGORY]
        key = (str(subject_type), int(subject_id))
        if source == DecisionSource.ai:
            for cat in cats:
                volume[cat][str(verdict)] += 1
            last_ai[key] = (str(verdict), cats)
        elif key in last_ai and verdict in (Verdict.approve, Verdict.reject):
            ai_verdict, ai_cats = last_ai[key]
            for cat in ai_cats:
                if ai_verdict in (Verdict.approve, Verdict.reject):
                    agreement[cat]["agree" if ai_verdict == verdict else "disagree"] += 1
                else:
                    agreement[cat]["deferred"] += 1  # the AI sent it to a human: no verdict to compare
    return {
        "volume_by_category": {
            cat: {"total": sum(c.values()), **dict(c)} for cat, c in sorted(volume.items())
        },
        "ai_human_agreement": {
            cat: {
                "agree": c["agree"],
                "disagree": c["disagree"],
                "deferred": c["deferred"],
                "rate": round(c["agree"] / (c["agree"] + c["disagree"]), 4)
                if c["agree"] + c["disagree"]
                else None,
            }
            for cat, c in sorted(agreement.items())
        },
    }


def _time_to_decision(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """Median seconds from a video's or comment's creation to its first decision, per source."""
    first = (
        select(
            ModerationDecision.subject_type.label("st"),
            ModerationDecision.subject_id.label("sid"),
            ModerationDecision.source.label("src"),
            func.min(ModerationDecision.created_at).label("decided"),
        )
        .where(
            ModerationDecision.created_at >= start,
            ModerationDecision.created_at < end,
            ModerationDecision.subject_type.in_([SubjectType.video, SubjectType.comment]),
        )
        .group_by(ModerationDecision.subject_type, ModerationDecision.subject_id, ModerationDecision.source)
        .subquery()
    )
    videos = session.execute(
        select(first.c.src, Video.created_at, first.c.decided).join(
            Video, (first.c.st == SubjectType.video) & (first.c.sid == Video.id)
        )
    ).all()
    comments = session.execute(
        select(first.c.src, Comment.created_at, first.c.decided).join(
            Comment, (first.c.st == SubjectType.comment) & (first.c.sid == Comment.id)
        )
    ).all()
    waits: dict[str, list[float]] = defaultdict(list)
    for src, created, decided in [*videos, *comments]:
        waits[str(src)].append(max(0.0, (decided - created).total_seconds()))
    return {
        src: {"median_s": round(statistics.median(w), 1), "n": len(w)} for src, w in sorted(waits.items())
    }


def _top_hashtags(session: Session, start: datetime, end: datetime) -> list[dict[str, Any]]:
    n = func.count(VideoHashtag.id)
    rows = session.execute(
        select(Hashtag.tag, n)
        .select_from(VideoHashtag)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .where(VideoHashtag.created_at >= start, VideoHashtag.created_at < end)
        .group_by(Hashtag.tag)
        .order_by(n.desc(), Hashtag.tag)
        .limit(TOP_HASHTAGS)
    ).all()
    return [{"tag": tag, "count": int(c)} for tag, c in rows]


def _engagement(session: Session, start: datetime, end: datetime, days: list[str]) -> dict[str, Any]:
    in_range = (WatchEvent.created_at >= start, WatchEvent.created_at < end)
    views, watch_ms, completed = session.execute(
        select(
            func.count(WatchEvent.id),
            func.avg(WatchEvent.watched_ms),
            func.sum(case((WatchEvent.completed.is_(True), 1), else_=0)),
        ).where(*in_range)
    ).one()
    return {
        "views_per_day": _per_day(session, _daily_count(WatchEvent.created_at, start, end), days),
        "likes_per_day": _per_day(session, _daily_count(Like.created_at, start, end), days),
        "comments_per_day": _per_day(session, _daily_count(Comment.created_at, start, end), days),
        "views": int(views),
        "mean_watch_s": round(float(watch_ms) / 1000, 2) if watch_ms is not None else None,
        "completion_rate": round(int(completed) / int(views), 4) if views else None,
    }


def dashboard(session: Session, start: date, end: date) -> dict[str, Any]:
    """Everything the admin charts need for the days start..end (both inclusive, UTC)."""
    lo = datetime.combine(start, time.min)
    hi = datetime.combine(end + timedelta(days=1), time.min)
    days = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "uploads_per_day": _per_day(session, _daily_count(Video.created_at, lo, hi), days),
        "active_users_per_day": _active_users(session, lo, hi, days),
        "moderation": _moderation(session, lo, hi),
        "time_to_decision": _time_to_decision(session, lo, hi),
        "top_hashtags": _top_hashtags(session, lo, hi),
        "engagement": _engagement(session, lo, hi, days),
    }
