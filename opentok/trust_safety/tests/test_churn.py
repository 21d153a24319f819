"""Churn and segments: features and labels from watch events, evaluated on simulated users."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from opentok.db.base import utcnow
from opentok.models import UserScore
from opentok.trust_safety import churn
from opentok.trust_safety.tests import factories


def _events(rows):  # type: ignore[no-untyped-def]
    return pd.DataFrame(rows, columns=["user_id", "created_at", "watched_ms", "completed"])


def test_features_and_labels_use_only_the_right_side_of_the_cutoff():
    cut = datetime(2026, 3, 1)
    ev = _events(
        [
            (1, cut - timedelta(days=1), 4000, True),
            (1, cut - timedelta(days=10), 2000, False),
            (1, cut + timedelta(days=3), 1000, False),  # future: label only
            (2, cut - timedelta(days=20), 6000, True),
        ]
    )
    f = churn.behaviour_features(ev, cut)
    assert f.loc[1, "events_7d"] == 1 and f.loc[1, "events_28d"] == 2
    assert f.loc[1, "days_since_last"] == 1 and f.loc[2, "days_since_last"] == 20
    assert f.loc[1, "mean_watch_s"] == 3.0 and f.loc[1, "completion_rate"] == 0.5
    assert list(churn.churn_labels(ev, f.index, cut)) == [0, 1]


def test_metrics_say_simulated_and_split_by_user(small_models):
    m = small_models[1]["churn"]
    assert m["evaluated_on"] == "simulated"
    assert m["overlap_users_train_test"] == 0
    assert m["holdout"]["roc_auc"] > 0.6
    assert sorted(m["segments"]["names"])[:2] == ["lapsing", "power"] and len(m["segments"]["names"]) == 4


def test_daily_job_writes_churn_risk_and_segment(models, db):
    now = utcnow()
    with db.session() as session:
        v = factories.video(session, factories.user(session))
        daily, lapsed = factories.user(session), factories.user(session)
        for d in range(20):
            for k in range(5):
                factories.watch(session, daily, v, now - timedelta(days=d, minutes=k), 20000, True)
        factories.watch(session, lapsed, v, now - timedelta(days=12), 1000)
        session.commit()
        assert churn.apply_to_accounts(session, churn.ChurnModel.load(), now) == 2
        session.commit()
        scores = {s.user_id: s for s in session.query(UserScore)}
    assert scores[lapsed.id].churn_risk > scores[daily.id].churn_risk
    assert scores[daily.id].segment in {"power", "regular"}
