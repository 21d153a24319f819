"""GET /v1/recommendations, /v1/similar/{video_id}, /v1/trending."""

from __future__ import annotations

from functools import partial
from typing import Literal

import numpy as np
from fastapi import APIRouter, Query

from opentok.api.errors import ApiError
from recommender_service.app.deps import SessionDep, SettingsDep, StoreDep
from recommender_service.app.schemas import FeedItem, FeedResponse
from recommender_service.engine import context, feed, scoring
from recommender_service.engine.rules import Candidate

router = APIRouter(prefix="/v1", tags=["recommendations"])

MAX_EXCLUDE = 2000


def parse_exclude(raw: str | None) -> frozenset[int]:
    if not raw:
        return frozenset()
    try:
        ids = frozenset(int(p) for p in raw.split(",") if p.strip())
    except ValueError:
        raise ApiError(
            422, "validation_error", "exclude must be comma-separated video ids", "exclude"
        ) from None
    if len(ids) > MAX_EXCLUDE:
        raise ApiError(422, "validation_error", f"at most {MAX_EXCLUDE} excluded ids", "exclude")
    return ids


def _db_trending(session: SessionDep, exclude: set[int], limit: int) -> list[Candidate]:
    return [Candidate(i, o, c, s, "trending") for i, o, c, s in context.db_trending(session, exclude, limit)]


@router.get("/recommendations", response_model=FeedResponse)
def recommendations(
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    user_id: int | None = Query(None, ge=1),
    limit: int = Query(10, ge=1, le=100),
    exclude: str | None = Query(None, max_length=40_000),
    strategy: Literal["thompson", "uniform"] = "thompson",
    seed: int | None = Query(None, ge=0, description="Fixes the exploration draws (tests, simulations)."),
) -> FeedResponse:
    excluded = parse_exclude(exclude)
    model = store.current()
    ctx = context.load_user_context(session, user_id)
    if model is None or model.n_videos == 0:
        items = _db_trending(session, set(excluded) | ctx.watched, limit)
        return FeedResponse(items=[FeedItem.of(c) for c in items], model_version=None, user_id=user_id)
    opts = feed.FeedOptions(
        weights=scoring.Weights(settings.rec_weight_similarity, settings.rec_weight_engagement),
        limit=limit,
        exclude=excluded,
        strategy=strategy,
        explore_fraction=settings.rec_explore_fraction,
    )
    fresh = context.fresh_videos(session, settings.rec_fresh_video_hours)
    items = feed.recommend(
        model, ctx, fresh, opts, partial(context.live_ids, session), np.random.default_rng(seed)
    )
    if len(items) < limit:  # the model has run out for this user: top up from the live table
        seen = set(excluded) | ctx.watched | {c.video_id for c in items}
        items += [c for c in _db_trending(session, seen, limit - len(items)) if c.creator_id != user_id]
    return FeedResponse(items=[FeedItem.of(c) for c in items], model_version=model.version, user_id=user_id)


@router.get("/similar/{video_id}", response_model=FeedResponse)
def similar(
    session: SessionDep, store: StoreDep, video_id: int, limit: int = Query(10, ge=1, le=100)
) -> FeedResponse:
    model = store.current()
    items = feed.similar(model, video_id, partial(context.live_ids, session), limit) if model else None
    if items is None:
        raise ApiError(404, "not_found", f"video {video_id} is not in the recommender model", "video_id")
    return FeedResponse(items=[FeedItem.of(c) for c in items], model_version=model.version if model else None)


@router.get("/trending", response_model=FeedResponse)
def trending(
    session: SessionDep,
    store: StoreDep,
    limit: int = Query(10, ge=1, le=100),
    exclude: str | None = Query(None, max_length=40_000),
) -> FeedResponse:
    excluded = set(parse_exclude(exclude))
    model = store.current()
    if model is None or model.n_videos == 0:
        items = _db_trending(session, excluded, limit)
    else:
        items = feed.trending(model, excluded, partial(context.live_ids, session), limit)
        if len(items) < limit:
            items += _db_trending(session, excluded | {c.video_id for c in items}, limit - len(items))
    return FeedResponse(items=[FeedItem.of(c) for c in items], model_version=model.version if model else None)
