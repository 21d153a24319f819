"""The gateway's side of the recommender: the For-You cursor, what was served, and the
outcomes forwarded so exploration learns within a session.

The For-You cursor carries the ids already served in this scroll (the most recent
`SERVED_CAP`), so the recommender can exclude them and a fallback page never repeats them.
"""

from __future__ import annotations

import base64
import json
import logging

from sqlalchemy.orm import Session

from opentok.api.errors import ApiError
from opentok.clients.recommender import RecommendedItem, RecommenderUnavailable, get_recommender_client
from opentok.models import FeedImpression

log = logging.getLogger(__name__)

SERVED_CAP = 300


def encode_served(ids: list[int]) -> str:
    raw = json.dumps({"served": ids[-SERVED_CAP:]}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_served(cursor: str | None) -> list[int]:
    if not cursor:
        return []
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return [int(i) for i in raw["served"]][-SERVED_CAP:]
    except (ValueError, TypeError, KeyError, json.JSONDecodeError) as exc:
        raise ApiError(400, "invalid_cursor", "cursor is not valid", field="cursor") from exc


def recommended(user_id: int | None, limit: int, served: list[int]) -> list[RecommendedItem]:
    """The recommender's page, or [] when it is slow, down or answering nonsense."""
    try:
        return get_recommender_client().recommendations(user_id, limit, exclude=served)
    except RecommenderUnavailable as exc:
        log.warning("recommender unavailable, serving trending: %s", exc)
        return []


def record_impressions(session: Session, user_id: int, served: list[tuple[int, str]]) -> None:
    """What the feed showed and why: lets offline analysis pair exposures with outcomes."""
    session.add_all(
        FeedImpression(user_id=user_id, video_id=vid, reason=reason[:16], position=pos)
        for pos, (vid, reason) in enumerate(served)
    )
    session.commit()


def forward_outcome(
    user_id: int, video_id: int, kind: str, watched_ms: int | None = None, completed: bool = False
) -> None:
    """Run after the response (a background task): best effort, never raises."""
    event = {"user_id": user_id, "video_id": video_id, "kind": kind, "completed": completed}
    if watched_ms is not None:
        event["watched_ms"] = watched_ms
    get_recommender_client().send_events([event])
