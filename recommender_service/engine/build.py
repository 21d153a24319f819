"""The rebuild: database -> content vectors, engagement, CF factors -> a new active artifact.

Runs from the CLI, the Celery beat job (03:00) and `POST /v1/rebuild`. It only reads the
event tables (plus rewriting the exploration posteriors), so MySQL and SQLite work alike.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opentok.core.config import Settings, get_settings
from opentok.db.base import utcnow
from opentok.ml import registry
from opentok.models import Comment, Hashtag, Like, Video, VideoHashtag, VideoStatus, WatchEvent
from recommender_service.engine import (
    artifact,
    cf,
    content,
    engagement,
    exploration,
    profiles,
    scoring,
    validation,
)
from recommender_service.engine.artifact import RecModel

log = logging.getLogger(__name__)

TRENDING_SIZE = 1000


@dataclass
class Snapshot:
    """The rows a build needs, as arrays (row i of every video array is video_ids[i])."""

    video_ids: np.ndarray
    owner_ids: np.ndarray
    categories: list[str]
    texts: list[content.VideoText]
    likes: np.ndarray
    comments: np.ndarray
    views: np.ndarray
    shares: np.ndarray
    completion: np.ndarray
    age_hours: np.ndarray
    # One row per (user, video, event): profile weight and time, for CF and validation.
    inter_users: np.ndarray
    inter_rows: np.ndarray
    inter_weights: np.ndarray
    inter_times: np.ndarray


def _counts(session: Session, column, where=None) -> dict[int, int]:  # type: ignore[no-untyped-def]
    stmt = select(column, func.count()).group_by(column)
    if where is not None:
        stmt = stmt.where(where)
    return {int(k): int(v) for k, v in session.execute(stmt)}


def collect(session: Session, now: datetime | None = None) -> Snapshot:
    now = now or utcnow()
    videos = session.execute(
        select(
            Video.id,
            Video.owner_id,
            Video.category,
            Video.title,
            Video.description,
            Video.view_count,
            Video.like_count,
            Video.comment_count,
            Video.share_count,
            Video.published_at,
            Video.created_at,
        )
        .where(Video.status == VideoStatus.published, Video.deleted_at.is_(None))
        .order_by(Video.id)
    ).all()
    ids = np.array([v.id for v in videos], dtype=np.int64)
    tags: dict[int, list[str]] = {}
    for vid, tag in session.execute(select(VideoHashtag.video_id, Hashtag.tag).join(Hashtag)):
        tags.setdefault(int(vid), []).append(tag)
    # Event tables are the truth; the denormalised counters cover seeded or imported rows.
    like_n = _counts(session, Like.video_id)
    comment_n = _counts(session, Comment.video_id, Comment.deleted_at.is_(None))
    view_n = _counts(session, WatchEvent.video_id)
    done_n = _counts(session, WatchEvent.video_id, WatchEvent.completed.is_(True))

    def col(counter: dict[int, int], attr: str) -> np.ndarray:
        return np.array([max(counter.get(v.id, 0), getattr(v, attr) or 0) for v in videos], dtype=np.float64)

    views = col(view_n, "view_count")
    completion = np.array([done_n.get(v.id, 0) / max(view_n.get(v.id, 0), 1) for v in videos])
    age = np.array([(now - (v.published_at or v.created_at)).total_seconds() / 3600 for v in videos])

    parts: list[tuple[np.ndarray, ...]] = []

    def add(stmt, weight_of) -> None:  # type: ignore[no-untyped-def]
        """Vectorised: millions of events must not go through a Python loop per row."""
        result = session.execute(stmt).all()
        if not result:
            return
        cols = list(zip(*result, strict=True))
        video_ids = np.asarray(cols[1], dtype=np.int64)
        pos = np.clip(np.searchsorted(ids, video_ids), 0, max(ids.size - 1, 0))
        known = (ids[pos] == video_ids) if ids.size else np.zeros(video_ids.size, dtype=bool)
        extra = np.asarray(cols[3], dtype=bool) if len(cols) > 3 else np.zeros(video_ids.size, dtype=bool)
        stamps = np.array([t.timestamp() for t in cols[2]], dtype=np.float64)
        parts.append(
            (
                np.asarray(cols[0], dtype=np.int64)[known],
                pos[known],
                weight_of(extra[known]).astype(np.float32),
                stamps[known],
            )
        )

    add(
        select(WatchEvent.user_id, WatchEvent.video_id, WatchEvent.created_at, WatchEvent.completed).where(
            WatchEvent.user_id.is_not(None)
        ),
        lambda completed: profiles.VIEW + profiles.COMPLETION_BONUS * completed,
    )
    add(
        select(Like.user_id, Like.video_id, Like.created_at), lambda flags: np.full(flags.size, profiles.LIKE)
    )
    add(
        select(Comment.user_id, Comment.video_id, Comment.created_at).where(Comment.deleted_at.is_(None)),
        lambda flags: np.full(flags.size, profiles.COMMENT),
    )
    return Snapshot(
        video_ids=ids,
        owner_ids=np.array([v.owner_id for v in videos], dtype=np.int64),
        categories=[v.category or "other" for v in videos],
        texts=[
            content.VideoText(v.category or "other", tags.get(v.id, []), v.title or "", v.description or "")
            for v in videos
        ],
        likes=col(like_n, "like_count"),
        comments=col(comment_n, "comment_count"),
        views=views,
        shares=np.array([v.share_count or 0 for v in videos], dtype=np.float64),
        completion=completion,
        age_hours=age,
        inter_users=np.concatenate([p[0] for p in parts]) if parts else np.empty(0, dtype=np.int64),
        inter_rows=np.concatenate([p[1] for p in parts]) if parts else np.empty(0, dtype=np.int64),
        inter_weights=np.concatenate([p[2] for p in parts]) if parts else np.empty(0, dtype=np.float32),
        inter_times=np.concatenate([p[3] for p in parts]) if parts else np.empty(0, dtype=np.float64),
    )


def build_model(snap: Snapshot, settings: Settings, version: str | None = None) -> RecModel:
    started = time.perf_counter()
    n = snap.video_ids.size
    categories = sorted(set(snap.categories))
    code_of = {c: i for i, c in enumerate(categories)}
    codes = np.array([code_of[c] for c in snap.categories], dtype=np.int32)
    matrix = content.content_matrix(snap.texts)
    centroids = content.category_centroids(matrix, codes, len(categories)) if n else sp.csr_matrix((0, 0))
    eng = engagement.engagement_scores(
        snap.likes,
        snap.comments,
        snap.views,
        snap.shares,
        snap.completion,
        snap.age_hours,
        settings.rec_freshness_half_life_hours,
    )
    top = float(eng.max()) if n else 0.0
    eng = (eng / top).astype(np.float32) if top > 0 else eng  # decayed, re-spread over [0, 1]
    trending = scoring.top_k(eng, TRENDING_SIZE)
    metrics: dict[str, float | int | str] = {
        "videos": int(n),
        "interactions": int(snap.inter_users.size),
        "users": int(np.unique(snap.inter_users).size),
    }
    cf_users = np.empty(0, dtype=np.int64)
    user_f = item_f = None
    cf_weight = 0.0
    if n and snap.inter_users.size >= settings.rec_cf_min_interactions:
        cf_users, inverse = np.unique(snap.inter_users, return_inverse=True)
        weights = scoring.Weights(settings.rec_weight_similarity, settings.rec_weight_engagement)
        if settings.rec_cf_auto_weight:
            held = validation.time_split(inverse, snap.inter_times)
            train = validation.weight_matrix(
                inverse[~held], snap.inter_rows[~held], snap.inter_weights[~held], (cf_users.size, n)
            )
            relevant = validation.relevant_sets(inverse, snap.inter_rows, held)
            cf_weight, table = validation.choose_cf_weight(train, relevant, matrix, eng, weights)
            metrics.update({f"val_ndcg@10_cf{w}": v for w, v in table.items()})
            metrics["val_users"] = len(relevant)
        else:
            cf_weight = settings.rec_weight_cf
        full = validation.weight_matrix(inverse, snap.inter_rows, snap.inter_weights, (cf_users.size, n))
        user_f, item_f = cf.train_als(full)
    metrics["cf_weight"] = cf_weight
    metrics["build_seconds"] = round(time.perf_counter() - started, 3)
    return RecModel(
        version=version or registry.new_version(),
        built_at=artifact.now_iso(),
        video_ids=snap.video_ids,
        owner_ids=snap.owner_ids,
        category_codes=codes,
        categories=categories,
        content=matrix,
        centroids=centroids,
        engagement=eng,
        trending=trending,
        cf_user_ids=cf_users,
        cf_user_factors=user_f,
        cf_item_factors=item_f,
        cf_weight=float(cf_weight),
        metrics=metrics,
    )


_rebuild_lock = threading.Lock()


class RebuildInProgress(RuntimeError):
    pass


def is_running() -> bool:
    return _rebuild_lock.locked()


def rebuild(session: Session, settings: Settings | None = None) -> RecModel:
    """Build, write and activate a new version; reconcile exploration posteriors; register it.

    One rebuild per process at a time; a second caller gets RebuildInProgress.
    """
    settings = settings or get_settings()
    if not _rebuild_lock.acquire(blocking=False):
        raise RebuildInProgress("a rebuild is already running")
    try:
        started = time.perf_counter()
        snap = collect(session)
        model = build_model(snap, settings)
        model.metrics["posterior_rows"] = exploration.recompute_posteriors(session)
        model.metrics["rebuild_seconds"] = round(time.perf_counter() - started, 3)
        params = {
            "rec_weight_similarity": settings.rec_weight_similarity,
            "rec_weight_engagement": settings.rec_weight_engagement,
            "rec_freshness_half_life_hours": settings.rec_freshness_half_life_hours,
            "cf_weight": model.cf_weight,
        }
        art = artifact.save(model, params)
        registry.record_version(session, art, model.metrics, params, active=True, note="rebuild")
        session.commit()
        log.info("recommender %s built: %s", model.version, model.metrics)
        return model
    finally:
        _rebuild_lock.release()
