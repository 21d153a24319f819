"""Assembling one page of the For-You feed: exploit slots by score, explore slots by
Thompson sampling, one guaranteed slot for a fresh video, then the feed rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from recommender_service.engine import exploration, profiles, rules, scoring
from recommender_service.engine.artifact import RecModel
from recommender_service.engine.cf import user_row
from recommender_service.engine.context import FreshVideo, UserContext
from recommender_service.engine.rules import Candidate

STRATEGIES = ("thompson", "uniform")
FRESH_CHOICES = 5  # the fresh slot rotates among the least-seen few

LiveFilter = Callable[[Iterable[int]], set[int]]


@dataclass(frozen=True)
class FeedOptions:
    weights: scoring.Weights
    limit: int = 10
    exclude: frozenset[int] = field(default_factory=frozenset)
    strategy: str = "thompson"
    explore_fraction: float = 0.2


def _candidate(model: RecModel, row: int, score: float, reason: str) -> Candidate:
    return Candidate(
        video_id=int(model.video_ids[row]),
        creator_id=int(model.owner_ids[row]),
        category=model.categories[int(model.category_codes[row])],
        score=float(score),
        reason=reason,
        row=int(row),
    )


def user_scores(model: RecModel, ctx: UserContext, weights: scoring.Weights) -> tuple[np.ndarray, str]:
    """Score every video for this user, and say which regime produced the scores."""
    rows, known = model.lookup(ctx.history.keys())
    amounts = np.fromiter(ctx.history.values(), dtype=np.float32, count=len(ctx.history))
    history = dict(zip(rows[known].tolist(), amounts[known].tolist(), strict=True))
    profile = profiles.profile_from_weights(history, model.content)
    reason = "exploit"
    if profile is None:
        codes = (model.category_code(c) for c in ctx.interests + ctx.preferences)
        profile = profiles.profile_from_categories((c for c in codes if c is not None), model.centroids)
        reason = "cold-start"
    if profile is None:
        return model.engagement, "trending"
    sim = scoring.cosine_scores(profile, model.content)
    cfs = None
    u = user_row(model.cf_user_ids, ctx.user_id) if model.cf_weight else None
    if u is not None and model.cf_user_factors is not None:
        cfs = scoring.cf_scores(model.cf_user_factors[u], model.cf_item_factors, model.n_videos)
    w = scoring.Weights(weights.similarity, weights.engagement, model.cf_weight)
    return scoring.blend(sim, model.engagement, cfs, w), reason


def explore_picks(
    model: RecModel,
    ctx: UserContext,
    scores: np.ndarray,
    blocked: np.ndarray,
    n: int,
    strategy: str,
    rng: np.random.Generator,
    avoid: np.ndarray | None = None,
) -> list[Candidate]:
    """For each explore slot, choose a category (Thompson draw, or uniform for the fixed
    baseline) and take its best-scoring video the user may see."""
    if n <= 0:
        return []
    available = np.unique(model.category_codes[~blocked])
    # Explore beyond what the exploit slots already show, unless nothing else is left.
    elsewhere = np.setdiff1d(available, avoid) if avoid is not None else available
    available = elsewhere if elsewhere.size else available
    posteriors = {
        code: ab for name, ab in ctx.posteriors.items() if (code := model.category_code(name)) is not None
    }
    if strategy == "uniform":
        codes = exploration.uniform_categories(available, n, rng)
    else:
        codes = exploration.thompson_categories(posteriors, available, n, rng)
    picks = []
    for code in codes:
        rows = np.flatnonzero((model.category_codes == code) & ~blocked)
        if rows.size:
            row = int(rows[np.argmax(scores[rows])])
            picks.append(_candidate(model, row, scores[row], "explore"))
            blocked[row] = True
    return picks


def recommend(
    model: RecModel,
    ctx: UserContext,
    fresh: list[FreshVideo],
    opts: FeedOptions,
    live: LiveFilter,
    rng: np.random.Generator,
) -> list[Candidate]:
    limit = opts.limit
    excluded_ids = ctx.watched | set(opts.exclude)
    blocked = rules.exclusion_mask(model.n_videos, model.owner_ids, ctx.user_id, model.rows_of(excluded_ids))
    scores, base_reason = user_scores(model, ctx, opts.weights)

    fresh_pool = [f for f in fresh if f.video_id not in excluded_ids and f.creator_id != ctx.user_id]
    n_fresh = 1 if fresh_pool and limit >= 3 else 0
    n_explore = int(round(limit * opts.explore_fraction)) if ctx.known and limit >= 3 else 0
    n_exploit = max(limit - n_fresh - n_explore, 0)

    pool = scoring.top_k(scores, limit * 3 + 20, blocked)
    taken = blocked.copy()
    taken[pool[:n_exploit]] = True  # explore slots must not duplicate the exploit ones
    exploit_codes = np.unique(model.category_codes[pool[:n_exploit]])
    explore = explore_picks(model, ctx, scores, taken, n_explore, opts.strategy, rng, exploit_codes)
    fresh_pick: list[Candidate] = []
    if n_fresh:
        f = fresh_pool[int(rng.integers(min(FRESH_CHOICES, len(fresh_pool))))]
        fresh_pick = [Candidate(f.video_id, f.creator_id, f.category, 0.0, "fresh", model.row_of(f.video_id))]

    explore_ids = {c.video_id for c in explore + fresh_pick}
    exploit = [_candidate(model, int(r), scores[r], base_reason) for r in pool]
    exploit = [c for c in exploit if c.video_id not in explore_ids]
    alive = live([c.video_id for c in exploit] + list(explore_ids))
    exploit = [c for c in exploit if c.video_id in alive]
    specials = [c for c in fresh_pick + explore if c.video_id in alive]

    head = max(limit - len(specials), 0)
    preferred = exploit[:head]
    for i, c in enumerate(specials):
        # Spread the special slots over the page: fresh near the top, explore further down.
        pos = min(len(preferred), 2 if c.reason == "fresh" else (i + 1) * limit // (len(specials) + 1))
        preferred.insert(pos, c)
    return rules.diversify(preferred, exploit[head:], limit)


def trending(model: RecModel, exclude: set[int], live: LiveFilter, limit: int) -> list[Candidate]:
    blocked = set(model.rows_of(exclude).tolist())
    rows = [int(r) for r in model.trending if int(r) not in blocked][: limit * 2 + 10]
    cands = [_candidate(model, r, model.engagement[r], "trending") for r in rows]
    alive = live(c.video_id for c in cands)
    return rules.diversify([c for c in cands if c.video_id in alive], [], limit)


def similar(model: RecModel, video_id: int, live: LiveFilter, limit: int) -> list[Candidate] | None:
    row = model.row_of(video_id)
    if row is None:
        return None
    rows = scoring.similar_items(model.content, row, limit * 2 + 5, model.unit_item_factors)
    sims = scoring.cosine_scores(model.content[row], model.content)
    cands = [_candidate(model, int(r), sims[r], "similar") for r in rows]
    alive = live(c.video_id for c in cands)
    return [c for c in cands if c.video_id in alive][:limit]
