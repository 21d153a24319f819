"""Scoring with sparse products and argpartition top-k.

A user's scores are one sparse matrix-vector product (videos x terms times terms x 1), so the
cost grows with the catalogue, never with its square: no videos x videos matrix is ever built.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Weights:
    similarity: float
    engagement: float
    cf: float = 0.0


def cosine_scores(profile: sp.csr_matrix | None, content: sp.csr_matrix) -> np.ndarray:
    """cos(user, video) for every video; rows and profile are L2-normalised already."""
    if profile is None or content.shape[0] == 0:
        return np.zeros(content.shape[0], dtype=np.float32)
    return np.asarray((content @ profile.T).todense(), dtype=np.float32).ravel()


def minmax(values: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] so a term with arbitrary units (ALS dot products) can be blended."""
    if values.size == 0:
        return values.astype(np.float32)
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return np.zeros_like(values, dtype=np.float32)
    return ((values - lo) / (hi - lo)).astype(np.float32)


def cf_scores(user_factor: np.ndarray | None, item_factors: np.ndarray | None, n_items: int) -> np.ndarray:
    if user_factor is None or item_factors is None or item_factors.shape[0] != n_items:
        return np.zeros(n_items, dtype=np.float32)
    return minmax(item_factors @ user_factor)


def blend(sim: np.ndarray, engagement: np.ndarray, cf: np.ndarray | None, weights: Weights) -> np.ndarray:
    score = weights.similarity * sim + weights.engagement * engagement
    if cf is not None and weights.cf:
        score = score + weights.cf * cf
    return score.astype(np.float32)


def top_k(scores: np.ndarray, k: int, excluded: np.ndarray | None = None) -> np.ndarray:
    """Indices of the k best scores, best first, skipping excluded ones (a boolean mask).

    argpartition is O(n); only the k winners get sorted.
    """
    if excluded is not None and excluded.any():
        scores = np.where(excluded, -np.inf, scores)
    n_valid = int(np.isfinite(scores).sum())
    k = min(k, n_valid)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    idx = np.argpartition(-scores, k - 1)[:k] if k < scores.size else np.arange(scores.size)
    idx = idx[np.isfinite(scores[idx])]
    return idx[np.argsort(-scores[idx], kind="stable")]


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, so dot products are cosines."""
    return (matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def similar_items(
    content: sp.csr_matrix, row: int, k: int, item_factors: np.ndarray | None = None
) -> np.ndarray:
    """Videos most like one video: one row times the matrix, never the full similarity matrix."""
    sims = cosine_scores(content[row], content)
    if item_factors is not None and item_factors.shape[0] == content.shape[0]:
        # Callers pass unit-length factors (RecModel.unit_item_factors), so this is a cosine.
        sims = 0.5 * sims + 0.5 * minmax(item_factors @ item_factors[row])
    excluded = np.zeros(sims.size, dtype=bool)
    excluded[row] = True
    return top_k(sims, k, excluded)
