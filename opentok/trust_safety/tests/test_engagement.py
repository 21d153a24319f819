"""Engagement prediction: honest held-out evaluation and the platform-data switch."""

from __future__ import annotations

from datetime import timedelta

from opentok.db.base import utcnow
from opentok.trust_safety import engagement
from opentok.trust_safety.tests import factories


def test_bootstrap_beats_majority_baseline_on_holdout(small_models):
    m = small_models[1]["engagement"]
    assert m["source"] == "tiktok-claims"
    assert m["accuracy"] > m["majority_baseline_accuracy"] + 0.1
    assert m["bucket_cutoffs_views"][0] < m["bucket_cutoffs_views"][1]


def test_prediction_shape(models):
    predictor = engagement.EngagementPredictor.load()
    out = predictor.predict(
        "a colleague learned on the radio that honey never spoils", ["food"], "food", 25, 18
    )
    assert out["bucket"] in engagement.BUCKETS
    assert abs(sum(out["probabilities"].values()) - 1) < 1e-3
    assert out["confidence"] == max(out["probabilities"].values())
    assert out["trained_on"] == "tiktok-claims"


def test_switches_to_platform_data_once_there_is_enough(db, claims_sample):
    with db.session() as session:
        owner = factories.user(session)
        old = utcnow() - timedelta(days=5)
        for i in range(12):
            v = factories.video(
                session,
                owner,
                title=f"clip {i}",
                category="music",
                duration_s=15,
                published_at=old,
                view_count=i * 10,
            )
            factories.tag(session, v, "music")
        factories.video(session, owner, title="too new", published_at=utcnow())  # not old enough to judge
        session.commit()
        frame, source = engagement.choose_training_frame(session, claims_sample, min_videos=10)
        assert source == "platform" and len(frame) == 12
        assert frame["doc"].iloc[0].endswith("music") and set(frame["category"]) == {"music"}
        _, source = engagement.choose_training_frame(session, claims_sample, min_videos=100)
        assert source == "tiktok-claims"
