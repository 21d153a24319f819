"""Thompson-sampling exploration over categories, with Beta posteriors per user and category.

Outcome of one (user, video): a like or a completed watch is a success, a quick skip is a
failure, anything else teaches nothing. Posteriors live in `user_category_stats` and are:
- updated online, one outcome at a time, through `POST /v1/events` (the gateway forwards
  watch events and likes), so exploration adapts within a session;
- recomputed from the event tables at every rebuild (`recompute_posteriors`), which makes the
  table a pure function of the last 30 days of events: online increments that were
  double-counted or lost are reconciled daily.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opentok.db.base import utcnow
from opentok.models import Like, UserCategoryStat, Video, WatchEvent

QUICK_SKIP_MS = 3000
QUICK_SKIP_FRACTION = 0.2
POSTERIOR_WINDOW_DAYS = 30
PRIOR = (1.0, 1.0)


def outcome(*, liked: bool, completed: bool, watched_ms: int | None, duration_s: float | None) -> int:
    """+1 success, -1 failure (quick skip), 0 no signal."""
    if liked or completed:
        return 1
    if not watched_ms:  # a view with no watch report yet (the app closed): no evidence either way
        return 0
    limit = QUICK_SKIP_MS
    if duration_s:
        limit = min(limit, int(duration_s * 1000 * QUICK_SKIP_FRACTION)) or QUICK_SKIP_MS
    return -1 if watched_ms < limit else 0


@dataclass(frozen=True)
class Event:
    user_id: int
    video_id: int
    kind: str  # "watch" | "like"
    watched_ms: int | None = None
    completed: bool = False


def record_outcomes(session: Session, events: Iterable[Event]) -> int:
    """Online update of the posteriors; returns how many events carried a signal."""
    events = list(events)
    if not events:
        return 0
    videos = {
        v.id: v
        for v in session.execute(
            select(Video.id, Video.category, Video.duration_s).where(
                Video.id.in_({e.video_id for e in events})
            )
        )
    }
    deltas: dict[tuple[int, str], list[float]] = {}
    for e in events:
        video = videos.get(e.video_id)
        if video is None:
            continue
        sign = outcome(
            liked=e.kind == "like",
            completed=e.completed,
            watched_ms=e.watched_ms,
            duration_s=video.duration_s,
        )
        if sign:
            d = deltas.setdefault((e.user_id, video.category), [0.0, 0.0])
            d[0 if sign > 0 else 1] += 1.0
    for (user_id, category), (da, db) in deltas.items():
        _increment(session, user_id, category, da, db)
    return sum(int(a + b) for a, b in deltas.values())


def _increment(session: Session, user_id: int, category: str, da: float, db: float) -> None:
    for _ in range(3):  # a concurrent insert of the same pair: retry as an update
        row = session.scalar(
            select(UserCategoryStat).where(
                UserCategoryStat.user_id == user_id, UserCategoryStat.category == category
            )
        )
        if row is not None:
            row.alpha += da
            row.beta += db
            row.updated_at = utcnow()
            session.flush()
            return
        try:
            with session.begin_nested():
                session.add(
                    UserCategoryStat(
                        user_id=user_id, category=category, alpha=PRIOR[0] + da, beta=PRIOR[1] + db
                    )
                )
            return
        except IntegrityError:
            continue


def recompute_posteriors(session: Session, window_days: int = POSTERIOR_WINDOW_DAYS) -> int:
    """Rewrite every posterior from the event tables; returns the number of rows written."""
    since = utcnow() - timedelta(days=window_days)
    per_pair: dict[tuple[int, int], int] = {}  # (user, video) -> outcome, success wins
    watches = session.execute(
        select(
            WatchEvent.user_id,
            WatchEvent.video_id,
            WatchEvent.watched_ms,
            WatchEvent.completed,
            Video.duration_s,
        )
        .join(Video, Video.id == WatchEvent.video_id)
        .where(WatchEvent.user_id.is_not(None), WatchEvent.created_at >= since)
    )
    for user_id, video_id, watched_ms, completed, duration in watches:
        sign = outcome(liked=False, completed=bool(completed), watched_ms=watched_ms, duration_s=duration)
        key = (user_id, video_id)
        per_pair[key] = max(per_pair.get(key, -2), sign)
    for user_id, video_id in session.execute(
        select(Like.user_id, Like.video_id).where(Like.created_at >= since)
    ):
        per_pair[(user_id, video_id)] = 1
    categories = dict(session.execute(select(Video.id, Video.category)).all()) if per_pair else {}
    counts: dict[tuple[int, str], list[float]] = {}
    for (user_id, video_id), sign in per_pair.items():
        if sign == 0 or video_id not in categories:
            continue
        c = counts.setdefault((user_id, categories[video_id]), [PRIOR[0], PRIOR[1]])
        c[0 if sign > 0 else 1] += 1.0
    session.execute(delete(UserCategoryStat))
    now = utcnow()
    rows = [
        {"user_id": u, "category": cat, "alpha": a, "beta": b, "updated_at": now}
        for (u, cat), (a, b) in counts.items()
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(UserCategoryStat), rows[start : start + 5000])
    return len(rows)


def load_posteriors(session: Session, user_id: int) -> dict[str, tuple[float, float]]:
    rows = session.execute(
        select(UserCategoryStat.category, UserCategoryStat.alpha, UserCategoryStat.beta).where(
            UserCategoryStat.user_id == user_id
        )
    )
    return {c: (float(a), float(b)) for c, a, b in rows}


def posterior_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(UserCategoryStat)) or 0)


def thompson_categories(
    posteriors: Mapping[int, tuple[float, float]], available: np.ndarray, n: int, rng: np.random.Generator
) -> list[int]:
    """Pick up to n distinct category codes from `available`, each slot by one Thompson draw:
    sample p ~ Beta(alpha, beta) for every category and take the best."""
    picks: list[int] = []
    pool = [int(c) for c in available]
    for _ in range(min(n, len(pool))):
        a = np.array([posteriors.get(c, PRIOR)[0] for c in pool])
        b = np.array([posteriors.get(c, PRIOR)[1] for c in pool])
        best = pool[int(np.argmax(rng.beta(a, b)))]
        picks.append(best)
        pool.remove(best)
    return picks


def uniform_categories(available: np.ndarray, n: int, rng: np.random.Generator) -> list[int]:
    """The fixed 8+2 baseline: explore slots go to categories drawn uniformly at random."""
    n = min(n, available.size)
    return [int(c) for c in rng.choice(available, n, replace=False)] if n else []
