"""Offline validation: per-user time split, ranking evaluation, and the CF blend weight.

The rebuild uses `choose_cf_weight` on its own interactions (last 20% of each user's history
held out), and `testing/bench/recsys_eval.py` uses the same functions on MovieLens, so the
benchmark measures exactly what serves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from recommender_service.engine import cf, metrics, scoring
from recommender_service.engine.profiles import profile_matrix

CF_WEIGHT_GRID: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0)


def time_split(users: np.ndarray, times: np.ndarray, frac: float = 0.2, min_events: int = 5) -> np.ndarray:
    """Boolean mask of held-out events: each user's last `frac` by time (users with fewer
    than `min_events` events stay entirely in training)."""
    order = np.lexsort((times, users))
    sorted_users = users[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_users)) + 1]
    counts = np.diff(np.r_[starts, sorted_users.size])
    rank = np.arange(sorted_users.size) - np.repeat(starts, counts)
    n_test = np.where(counts >= min_events, np.maximum(1, np.round(counts * frac)), 0).astype(np.int64)
    held = rank >= np.repeat(counts - n_test, counts)
    mask = np.zeros(users.size, dtype=bool)
    mask[order] = held
    return mask


def weight_matrix(
    users: np.ndarray, items: np.ndarray, weights: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    m = sp.csr_matrix((weights.astype(np.float32), (users, items)), shape=shape)
    m.sum_duplicates()
    return m


@dataclass
class HybridRanker:
    """The served score (similarity + engagement + optional CF) over a users x items history."""

    train: sp.csr_matrix
    content: sp.csr_matrix
    engagement: np.ndarray
    weights: scoring.Weights
    user_factors: np.ndarray | None = None
    item_factors: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.profiles = profile_matrix(self.train, self.content)

    def parts(self, u: int) -> tuple[np.ndarray, np.ndarray | None]:
        row = self.profiles[u]
        sim = scoring.cosine_scores(row if row.nnz else None, self.content)
        cfs = None
        if self.user_factors is not None and self.item_factors is not None:
            cfs = scoring.cf_scores(self.user_factors[u], self.item_factors, self.content.shape[0])
        return sim, cfs

    def scores(self, u: int, cf_weight: float | None = None) -> np.ndarray:
        sim, cfs = self.parts(u)
        w = (
            self.weights
            if cf_weight is None
            else scoring.Weights(self.weights.similarity, self.weights.engagement, cf_weight)
        )
        return scoring.blend(sim, self.engagement, cfs, w)


def rank(scores: np.ndarray, seen: np.ndarray, k: int) -> list[int]:
    excluded = np.zeros(scores.size, dtype=bool)
    excluded[seen] = True
    return scoring.top_k(scores, k, excluded).tolist()


def evaluate(
    score_fn: Callable[[int], np.ndarray],
    train: sp.csr_matrix,
    relevant: Mapping[int, set[int]],
    ks: Sequence[int] = (10, 20),
) -> dict[str, float]:
    """NDCG@10, Recall@k and catalogue coverage@10 over users with held-out relevant items."""
    kmax = max(ks)
    rankings, ndcg, recalls = [], [], {k: [] for k in ks}
    for u, rel in relevant.items():
        ranked = rank(score_fn(u), train[u].indices, kmax)
        rankings.append(ranked)
        ndcg.append(metrics.ndcg_at_k(ranked, rel, 10))
        for k in ks:
            recalls[k].append(metrics.recall_at_k(ranked, rel, k))
    out = {"ndcg@10": float(np.mean(ndcg)) if ndcg else 0.0}
    out.update({f"recall@{k}": float(np.mean(v)) if v else 0.0 for k, v in recalls.items()})
    out["coverage@10"] = metrics.coverage(rankings, train.shape[1], 10)
    out["users"] = len(rankings)
    return out


def relevant_sets(users: np.ndarray, items: np.ndarray, mask: np.ndarray) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for u, i in zip(users[mask].tolist(), items[mask].tolist(), strict=True):
        out.setdefault(u, set()).add(i)
    return out


def choose_cf_weight(
    train: sp.csr_matrix,
    validation: Mapping[int, set[int]],
    content: sp.csr_matrix,
    engagement: np.ndarray,
    weights: scoring.Weights,
    als_params: cf.ALSParams = cf.ALSParams(),
    grid: Sequence[float] = CF_WEIGHT_GRID,
    max_users: int = 500,
    seed: int = 0,
) -> tuple[float, dict[str, float]]:
    """Fit ALS on `train`, score the held-out `validation` items for each grid weight, and
    return the weight with the best NDCG@10 (ties go to the smaller weight) and the table."""
    user_factors, item_factors = cf.train_als(train, als_params)
    ranker = HybridRanker(train, content, engagement, weights, user_factors, item_factors)
    users = sorted(validation)
    if len(users) > max_users:
        users = sorted(np.random.default_rng(seed).choice(users, max_users, replace=False).tolist())
    table = {w: [] for w in grid}
    for u in users:
        sim, cfs = ranker.parts(u)
        for w in grid:
            s = scoring.blend(
                sim, engagement, cfs, scoring.Weights(weights.similarity, weights.engagement, w)
            )
            table[w].append(metrics.ndcg_at_k(rank(s, train[u].indices, 10), validation[u], 10))
    means = {f"{w:g}": float(np.mean(v)) if v else 0.0 for w, v in table.items()}
    best = max(grid, key=lambda w: (round(means[f"{w:g}"], 6), -w))
    return float(best), means
