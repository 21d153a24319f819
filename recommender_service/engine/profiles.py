"""User profiles: a weighted sum of the content vectors of the videos a user interacted with.

Weights: view 1.0, like 1.5, comment 2.0, plus a bonus for a completed watch. Users with no
history get the centroids of their declared interests (cold start).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

VIEW = 1.0
LIKE = 1.5
COMMENT = 2.0
COMPLETION_BONUS = 0.5


def add_interaction(
    weights: dict[int, float], row: int, *, viewed=False, liked=False, commented=False, completed=False
) -> None:
    """Accumulate one interaction into a row -> weight map (rows index the content matrix)."""
    w = (VIEW if viewed else 0.0) + (LIKE if liked else 0.0) + (COMMENT if commented else 0.0)
    w += COMPLETION_BONUS if completed else 0.0
    if w:
        weights[row] = weights.get(row, 0.0) + w


def profile_from_weights(weights: Mapping[int, float], content: sp.csr_matrix) -> sp.csr_matrix | None:
    """1 x terms, L2-normalised; None when the user has no usable history."""
    if not weights:
        return None
    rows = np.fromiter(weights.keys(), dtype=np.int64)
    vals = np.fromiter(weights.values(), dtype=np.float32)
    vec = sp.csr_matrix(vals[None, :]) @ content[rows]
    return _normalised(vec)


def profile_from_categories(codes: Iterable[int], centroids: sp.csr_matrix) -> sp.csr_matrix | None:
    """Cold start: the sum of the centroids of the user's declared (or analysed) categories."""
    codes = sorted({int(c) for c in codes if 0 <= int(c) < centroids.shape[0]})
    if not codes:
        return None
    return _normalised(sp.csr_matrix(centroids[codes].sum(axis=0)))


def profile_matrix(interactions: sp.csr_matrix, content: sp.csr_matrix) -> sp.csr_matrix:
    """users x terms for a whole users x videos weight matrix (offline evaluation, validation)."""
    return normalize(interactions @ content, norm="l2").astype(np.float32).tocsr()


def _normalised(vec: sp.csr_matrix) -> sp.csr_matrix | None:
    vec = normalize(vec.astype(np.float32), norm="l2").tocsr()
    return vec if vec.nnz else None
