"""Ranking metrics shared by the rebuild's validation and the offline benchmark."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np


def ndcg_at_k(ranked: Sequence[int], relevant: Collection[int], k: int) -> float:
    gains = [1.0 / np.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant]
    ideal = sum(1.0 / np.log2(i + 2) for i in range(min(len(relevant), k)))
    return float(sum(gains) / ideal) if ideal else 0.0


def recall_at_k(ranked: Sequence[int], relevant: Collection[int], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def coverage(rankings: Sequence[Sequence[int]], n_items: int, k: int) -> float:
    """Share of the catalogue that appears in at least one top-k list."""
    seen: set[int] = set()
    for ranked in rankings:
        seen.update(ranked[:k])
    return len(seen) / n_items if n_items else 0.0
