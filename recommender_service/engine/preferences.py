"""Daily user preference analysis (04:00): 30 days of interactions per category -> each
user's top 1-3 categories in `user_preferences`.

The deterministic aggregation always runs. With a Gemini key, Gemini reads the same per-user
totals and picks the categories (it can weigh a single strong signal against many weak ones);
its answer is accepted only if it names 1-3 of that user's own categories, otherwise the
aggregate stands for that user. The feed uses the result for users without history.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.core.config import Settings, get_settings
from opentok.db.base import utcnow
from opentok.models import Comment, Like, UserPreference, Video, WatchEvent
from recommender_service.engine import profiles

log = logging.getLogger(__name__)

MAX_CATEGORIES = 3
MIN_SHARE = 0.15  # a second or third category must hold this share of the user's weight
GEMINI_BATCH = 50

PROMPT = """You analyse short-video viewing. For each user below you get the total engagement
weight per video category over the last {days} days (views 1.0, likes 1.5, comments 2.0,
completed watches +0.5). Return the user's top 1 to 3 preferred categories, most preferred
first, chosen only from that user's own categories. Skip a category whose weight is small
next to the leader. Answer JSON: {{"users": [{{"user_id": <int>, "top_categories": [<str>]}}]}}.

Users:
{users}
"""


def category_totals(session: Session, days: int = 30) -> dict[int, dict[str, float]]:
    """user -> category -> interaction weight over the window (same weights as profiles)."""
    since = utcnow() - timedelta(days=days)
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    watches = session.execute(
        select(WatchEvent.user_id, Video.category, WatchEvent.completed)
        .join(Video, Video.id == WatchEvent.video_id)
        .where(WatchEvent.user_id.is_not(None), WatchEvent.created_at >= since)
    )
    for user_id, category, completed in watches:
        totals[user_id][category] += profiles.VIEW + (profiles.COMPLETION_BONUS if completed else 0.0)
    for table, weight in ((Like, profiles.LIKE), (Comment, profiles.COMMENT)):
        rows = session.execute(
            select(table.user_id, Video.category)
            .join(Video, Video.id == table.video_id)
            .where(table.created_at >= since)
        )
        for user_id, category in rows:
            totals[user_id][category] += weight
    return {u: dict(c) for u, c in totals.items()}


def top_categories(
    totals: dict[str, float], max_n: int = MAX_CATEGORIES, min_share: float = MIN_SHARE
) -> list[str]:
    """The leader always; the next ones only while they keep `min_share` of the total."""
    total = sum(totals.values())
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [c for i, (c, w) in enumerate(ranked[:max_n]) if i == 0 or (total and w / total >= min_share)]
    return out


def _gemini_client(settings: Settings):  # type: ignore[no-untyped-def]
    from google import genai
    from google.genai import types

    return genai.Client(
        api_key=settings.gemini_api_key,
        http_options=types.HttpOptions(
            base_url=settings.gemini_base_url or None, timeout=int(settings.gemini_timeout_s * 1000)
        ),
    )


def gemini_top_categories(
    totals: dict[int, dict[str, float]], settings: Settings, days: int
) -> dict[int, list[str]]:
    """Gemini's picks for the users it answered validly; others are simply absent."""
    from google.genai import types

    client = _gemini_client(settings)
    config = types.GenerateContentConfig(temperature=0.0, response_mime_type="application/json")
    picks: dict[int, list[str]] = {}
    users = sorted(totals)
    for start in range(0, len(users), GEMINI_BATCH):
        batch = users[start : start + GEMINI_BATCH]
        lines = "\n".join(
            json.dumps({"user_id": u, "categories": {c: round(w, 2) for c, w in totals[u].items()}})
            for u in batch
        )
        try:
            response = client.models.generate_content(
                model=settings.gemini_model, contents=PROMPT.format(days=days, users=lines), config=config
            )
            answer = json.loads(response.text or "{}")
        except Exception as exc:  # one failed batch falls back to the aggregate, not the run
            log.warning("gemini preference batch failed: %s", exc)
            continue
        picks.update(_valid_answers(answer, {u: totals[u] for u in batch}))
    return picks


def _valid_answers(answer: Any, totals: dict[int, dict[str, float]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = answer.get("users") if isinstance(answer, dict) else None
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        user_id, cats = row.get("user_id"), row.get("top_categories")
        if not isinstance(user_id, int) or user_id not in totals or not isinstance(cats, list):
            continue
        cats = list(dict.fromkeys(c for c in cats if isinstance(c, str)))
        if 1 <= len(cats) <= MAX_CATEGORIES and all(c in totals[user_id] for c in cats):
            out[user_id] = cats
    return out


def analyse_preferences(session: Session, days: int = 30, settings: Settings | None = None) -> dict[str, Any]:
    """Write every active user's top categories; returns a summary for logs and the CLI."""
    settings = settings or get_settings()
    totals = category_totals(session, days)
    chosen = {u: top_categories(t) for u, t in totals.items() if t}
    from_gemini: dict[int, list[str]] = {}
    if settings.gemini_api_key and chosen:
        from_gemini = gemini_top_categories(totals, settings, days)
    now = utcnow()
    for user_id, cats in chosen.items():
        source = "gemini" if user_id in from_gemini else "aggregate"
        row = session.get(UserPreference, user_id) or UserPreference(user_id=user_id)
        row.top_categories = from_gemini.get(user_id, cats)
        row.source, row.computed_at = source, now
        session.add(row)
    session.flush()
    return {"users": len(chosen), "gemini": len(from_gemini), "aggregate": len(chosen) - len(from_gemini)}
