"""Collaborative filtering with implicit ALS, blended into the score once there is enough data.

The factors live in the artifact; a user who arrived after the last rebuild simply has no CF
term until the next one (content and exploration cover them meanwhile).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ALSParams:
    factors: int = 32
    iterations: int = 12
    regularization: float = 0.05
    alpha: float = 2.0  # confidence = 1 + alpha * weight
    seed: int = 0


def train_als(user_items: sp.csr_matrix, params: ALSParams = ALSParams()) -> tuple[np.ndarray, np.ndarray]:
    """(user_factors, item_factors) from a users x items weight matrix."""
    from implicit.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    # implicit runs its own loop; nested BLAS threads only fight it on small machines.
    with threadpool_limits(1, "blas"):
        model = AlternatingLeastSquares(
            factors=params.factors,
            regularization=params.regularization,
            alpha=params.alpha,
            iterations=params.iterations,
            random_state=params.seed,
            num_threads=1,
        )
        model.fit(user_items.astype(np.float32).tocsr(), show_progress=False)
    return np.asarray(model.user_factors, dtype=np.float32), np.asarray(model.item_factors, dtype=np.float32)


def user_row(user_ids: np.ndarray, user_id: int | None) -> int | None:
    """Row of a user in sorted `user_ids`, or None."""
    if user_id is None or user_ids.size == 0:
        return None
    i = int(np.searchsorted(user_ids, user_id))
    return i if i < user_ids.size and user_ids[i] == user_id else None
