"""The leakage guards: grouped hold-out split, and resampling only inside training folds."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import cross_validate

from opentok.trust_safety.splits import BalancedClassifier, cv_folds, group_holdout, text_groups


class RowRecorder(ClassifierMixin, BaseEstimator):
    """A stand-in estimator that remembers which row ids it was fitted on (column `row`)."""

    seen: list[np.ndarray] = []

    def fit(self, X, y):  # noqa: N803
        RowRecorder.seen.append(np.asarray(X["row"]))
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):  # noqa: N803
        return np.tile([0.5, 0.5], (len(X), 1))


def _toy(n: int = 400, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    texts = [f"text {i % 150}" for i in range(n)]  # repeated texts form groups
    y = (rng.random(n) < 0.15).astype(int)
    return pd.DataFrame({"row": np.arange(n), "x": rng.random(n)}), y, text_groups(texts)


def test_text_groups_normalise_case_and_spaces():
    groups = text_groups(["Hello  world", "hello world", "other"])
    assert groups[0] == groups[1] != groups[2]


def test_holdout_never_splits_a_text_group():
    X, y, groups = _toy()
    train, test = group_holdout(y, groups)
    assert not set(groups[train]) & set(groups[test])
    assert set(train) | set(test) == set(range(len(y))) and not set(train) & set(test)
    assert 0.1 < len(test) / len(y) < 0.3


def test_balanced_classifier_resamples_only_given_rows():
    X, y, groups = _toy()
    train, test = group_holdout(y, groups)
    RowRecorder.seen = []
    model = BalancedClassifier(RowRecorder()).fit(X.iloc[train], y[train])
    fitted_rows = RowRecorder.seen[-1]
    assert set(fitted_rows) <= set(X["row"].iloc[train]) and not set(fitted_rows) & set(test)
    fitted_y = y[train][model.fit_rows_]
    assert (fitted_y == 1).sum() == (fitted_y == 0).sum()  # balanced after oversampling
    assert len(fitted_rows) > len(train)  # minority rows were duplicated


def test_cross_validation_resamples_inside_training_folds_only():
    X, y, groups = _toy()
    RowRecorder.seen = []
    folds = list(cv_folds(3).split(X, y, groups))
    cross_validate(BalancedClassifier(RowRecorder()), X, y, groups=groups, cv=cv_folds(3), scoring="roc_auc")
    assert len(RowRecorder.seen) == len(folds)
    for seen, (train, valid) in zip(RowRecorder.seen, folds, strict=True):
        assert set(seen) <= set(train)
        assert not set(seen) & set(valid)
        assert not set(groups[seen]) & set(groups[valid])
