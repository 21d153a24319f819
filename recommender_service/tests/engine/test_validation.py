import numpy as np

from recommender_service.engine import metrics, validation


def test_time_split_holds_out_each_users_latest_fifth():
    users = np.array([1] * 10 + [2] * 5 + [3] * 2)
    times = np.r_[np.arange(10)[::-1], np.arange(5), np.arange(2)].astype(float)
    held = validation.time_split(users, times, frac=0.2, min_events=5)
    assert sorted(times[held & (users == 1)].tolist()) == [8.0, 9.0]
    assert times[held & (users == 2)].tolist() == [4.0]
    assert not held[users == 3].any()  # too short a history to split


def test_ranking_metrics():
    assert metrics.ndcg_at_k([5, 1, 2], {5}, 10) == 1.0
    assert 0 < metrics.ndcg_at_k([1, 5], {5}, 10) < 1
    assert metrics.recall_at_k([1, 2, 3], {3, 4}, 2) == 0.0
    assert metrics.recall_at_k([1, 2, 3], {3, 4}, 3) == 0.5
    assert metrics.coverage([[1, 2], [2, 3]], 10, 2) == 0.3
