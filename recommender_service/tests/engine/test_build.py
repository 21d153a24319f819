"""The rebuild from the database, with the CF blend chosen by validation."""

import numpy as np
from sqlalchemy import select

from opentok.core.config import get_settings
from opentok.models import ModelVersion
from recommender_service.engine import build, feed
from recommender_service.engine.validation import CF_WEIGHT_GRID
from testing import recsys_seed as seed


def seed_tastes(session, catalogue, n_users=40, per_user=16):
    rng = np.random.default_rng(3)
    by_cat: dict[str, list] = {}
    for v in catalogue:
        by_cat.setdefault(v.category, []).append(v)
    cats = sorted(by_cat)
    for i in range(n_users):
        favourites = rng.choice(cats, 2, replace=False)
        user = seed.create_user(session, f"taste{i}")
        pool = by_cat[favourites[0]] + by_cat[favourites[1]]
        for j in rng.choice(len(pool), per_user, replace=False):
            seed.watch(session, user, pool[j], completed=bool(rng.random() < 0.5))
    session.commit()


def test_rebuild_blends_cf_with_a_validated_weight(rec_settings, session, catalogue, monkeypatch):
    seed_tastes(session, catalogue)
    monkeypatch.setenv("REC_CF_MIN_INTERACTIONS", "100")
    get_settings.cache_clear()
    model = build.rebuild(session)
    assert model.cf_item_factors is not None and model.cf_item_factors.shape[0] == len(catalogue)
    assert model.cf_user_ids.size == 40
    assert model.cf_weight in CF_WEIGHT_GRID
    assert {f"val_ndcg@10_cf{w:g}" for w in CF_WEIGHT_GRID} <= set(model.metrics)
    row = session.scalar(select(ModelVersion).where(ModelVersion.version == model.version))
    assert row.active and row.metrics["cf_weight"] == model.cf_weight
    # Similar videos blend content and CF factors.
    target = catalogue[0]
    similar = feed.similar(model, target.id, lambda ids: set(ids), 5)
    assert len(similar) == 5 and target.id not in {c.video_id for c in similar}
    assert np.allclose(np.linalg.norm(model.unit_item_factors, axis=1), 1.0, atol=1e-4)


def test_fixed_cf_weight_from_settings_and_no_cf_below_the_threshold(
    rec_settings, session, catalogue, monkeypatch
):
    seed_tastes(session, catalogue, n_users=10, per_user=10)
    assert build.rebuild(session).cf_item_factors is None  # 100 interactions < the conftest threshold
    monkeypatch.setenv("REC_CF_MIN_INTERACTIONS", "50")
    monkeypatch.setenv("REC_CF_AUTO_WEIGHT", "false")
    monkeypatch.setenv("REC_WEIGHT_CF", "0.4")
    get_settings.cache_clear()
    model = build.rebuild(session)
    assert model.cf_weight == 0.4 and model.cf_item_factors is not None


def test_engagement_and_freshness_shape_trending(rec_settings, session):
    owner = seed.create_user(session, "o")
    from datetime import timedelta

    from opentok.db.base import utcnow

    old_hit = seed.create_video(
        session, owner, "music", likes=100, published_at=utcnow() - timedelta(days=30)
    )
    new_hit = seed.create_video(
        session, owner, "music", likes=100, published_at=utcnow() - timedelta(hours=2)
    )
    seed.create_video(session, owner, "music", likes=0, published_at=utcnow() - timedelta(hours=2))
    session.commit()
    model = build.rebuild(session)
    order = [int(model.video_ids[r]) for r in model.trending]
    assert order[0] == new_hit.id
    assert model.engagement[model.row_of(new_hit.id)] > model.engagement[model.row_of(old_hit.id)]
