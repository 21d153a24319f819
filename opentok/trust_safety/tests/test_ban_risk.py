"""Ban risk: the four-model comparison, its leakage-free split, and the platform trust score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from opentok.models import CommentStatus, UserScore, VideoStatus
from opentok.trust_safety import ban_risk
from opentok.trust_safety.features import account_features
from opentok.trust_safety.tests import factories


def test_both_tasks_compare_four_models_on_a_grouped_holdout(claims_sample):
    results = {
        task: ban_risk.evaluate_task(claims_sample, task, n_estimators=5, cv_splits=2, progress=False)
        for task in ban_risk.TASKS
    }
    for result in results.values():
        assert set(result.metrics) == {
            "logistic_regression",
            "random_forest",
            "adaboost",
            "gradient_boosting",
        }
        assert not set(result.texts[result.train_idx]) & set(result.texts[result.test_idx])
        for m in result.metrics.values():
            assert 0.5 < m["holdout"]["roc_auc"] <= 1.0
            assert m["holdout"]["pr_auc"] > m["holdout"]["positive_rate"]  # better than chance
        # Selection is by the training folds, not by the held-out split.
        assert result.best == max(result.metrics, key=lambda k: result.metrics[k]["cv_pr_auc"])
    review, banned = results["banned_or_review_vs_active"], results["banned_vs_active"]
    assert len(review.train_idx) + len(review.test_idx) > len(banned.train_idx) + len(banned.test_idx)


def test_trained_artifact_has_metrics_for_both_tasks(small_models):
    _, metrics = small_models
    assert set(metrics["ban-risk"]) >= {"banned_vs_active", "banned_or_review_vs_active", "applied"}
    assert metrics["ban-risk"]["applied"]["task"] == ban_risk.APPLIED_TASK


def _frame(**overrides):  # type: ignore[no-untyped-def]
    row = {
        "claim_ratio": 0.0,
        "verified": 0.0,
        "log_views": np.log1p(5000),
        "log_likes": np.log1p(800),
        "log_shares": np.log1p(50),
        "log_comments": np.log1p(10),
        "duration_s": 30.0,
        "video_count": 10,
        "violations": 0,
    }
    row.update(overrides)
    return pd.DataFrame([row])


def test_trust_score_moves_with_violations_and_video_count(models):
    scorer = ban_risk.TrustScorer.load()
    clean = scorer.trust(_frame())[0]
    assert 0 <= clean <= 100
    assert scorer.trust(_frame(violations=3))[0] < clean
    # No videos: the model has no evidence, the score is the base rate's.
    empty = scorer.trust(_frame(video_count=0))[0]
    assert abs(empty - round(100 * (1 - scorer.prior), 1)) < 0.11
    top = scorer.score(_frame(violations=4))[0]["features"]
    assert top and top[0]["feature"] == "violations" and top[0]["impact"] < 0


def test_daily_scoring_fills_user_scores_from_platform_data(models, db):
    with db.session() as session:
        good = factories.user(session, verified=True)
        bad = factories.user(session)
        quiet = factories.user(session)
        for _ in range(4):
            factories.video(session, good, view_count=800, like_count=90, duration_s=20, claim_score=0.1)
            v = factories.video(
                session, bad, view_count=400000, like_count=90000, share_count=9000, claim_score=0.97
            )
        factories.video(session, bad, status=VideoStatus.rejected, claim_score=0.9)
        factories.comment(session, bad, v, "spam spam", status=CommentStatus.rejected)
        session.commit()
        feats = account_features(session)
        assert feats.loc[bad.id, "violations"] == 2 and feats.loc[bad.id, "video_count"] == 5
        assert feats.loc[bad.id, "claim_ratio"] == 1.0 and feats.loc[good.id, "claim_ratio"] == 0.0
        assert feats.loc[quiet.id, "video_count"] == 0
        assert ban_risk.apply_to_accounts(session, ban_risk.TrustScorer.load()) == 3
        session.commit()
        scores = {s.user_id: s for s in session.query(UserScore)}
    assert scores[bad.id].trust_score < scores[good.id].trust_score
    assert scores[bad.id].trust_features and scores[bad.id].model_version.startswith("ban-risk:")
