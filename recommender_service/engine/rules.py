"""Feed rules: what may never be shown, and the diversity rule (at most 2 in a row from the
same creator or the same category)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

MAX_RUN = 2


@dataclass(frozen=True)
class Candidate:
    video_id: int
    creator_id: int
    category: str
    score: float
    reason: str  # exploit | explore | trending | cold-start | fresh
    row: int | None = None  # row in the model; None for videos newer than the artifact


def exclusion_mask(
    n_videos: int, owner_ids: np.ndarray, user_id: int | None, excluded_rows: np.ndarray
) -> np.ndarray:
    """Rows that must not be recommended: already watched or asked to exclude, and the
    user's own videos. (Unpublished videos are not in the artifact; `live_only` catches the
    ones unpublished since the build.)"""
    mask = np.zeros(n_videos, dtype=bool)
    if excluded_rows.size:
        mask[excluded_rows] = True
    if user_id is not None:
        mask |= owner_ids == user_id
    return mask


def breaks_run(feed: list[Candidate], cand: Candidate, max_run: int = MAX_RUN) -> bool:
    if len(feed) < max_run:
        return False
    tail = feed[-max_run:]
    return all(c.creator_id == cand.creator_id for c in tail) or all(
        c.category == cand.category for c in tail
    )


def diversify(
    preferred: list[Candidate], backups: Iterable[Candidate], limit: int, max_run: int = MAX_RUN
) -> list[Candidate]:
    """Keep the preferred order where the rule allows; otherwise take the next item that fits,
    reaching into the backups before relaxing the rule (a catalogue of one category must still
    fill a feed)."""
    queue = list(preferred)
    seen = {c.video_id for c in queue}
    for b in backups:
        if b.video_id not in seen:
            queue.append(b)
            seen.add(b.video_id)
    out: list[Candidate] = []
    while len(out) < limit and queue:
        pick = next((i for i, c in enumerate(queue) if not breaks_run(out, c, max_run)), 0)
        out.append(queue.pop(pick))
    return out


def is_diverse(feed: list[Candidate], max_run: int = MAX_RUN) -> bool:
    return not any(breaks_run(feed[:i], c, max_run) for i, c in enumerate(feed))
