"""Leakage-free evaluation: split first, resample only inside the rows a model is fitted on.

A public notebook on this dataset upsampled the minority class before splitting, so copies
of test rows sat in the training set and the AUC was inflated. Here the held-out split is
made first, grouped by transcription text (identical texts never straddle the split), and
class balancing happens in `BalancedClassifier.fit`, which only ever sees training rows:
inside `cross_validate` those are the training folds, never the validation fold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold

SEED = 20261121


def text_groups(texts: Sequence[str]) -> np.ndarray:
    """Group id per row: rows whose normalised text is identical share a group."""
    normalised = [re.sub(r"\s+", " ", str(t).strip().lower()) for t in texts]
    _, ids = np.unique(np.asarray(normalised, dtype=object), return_inverse=True)
    return ids


def group_holdout(
    labels: Sequence[Any], groups: np.ndarray, test_fraction: float = 0.2, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """(train_idx, test_idx): stratified on the label, never splitting a group."""
    n_splits = max(2, round(1 / test_fraction))
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    train_idx, test_idx = next(splitter.split(np.zeros(len(labels)), np.asarray(labels), groups))
    return train_idx, test_idx


def cv_folds(n_splits: int = 3, seed: int = SEED) -> StratifiedGroupKFold:
    return StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)


class BalancedClassifier(ClassifierMixin, BaseEstimator):
    """Random-oversamples every class up to the largest one, then fits `estimator`.

    Resampling lives in `fit` so that sklearn's model selection can only ever apply it to
    the training part of a split: validation and test rows are never duplicated or seen.
    `fit_rows_` keeps the row indices (into the X given to `fit`) actually used, which the
    tests check.
    """

    def __init__(self, estimator: BaseEstimator, random_state: int = SEED) -> None:
        self.estimator = estimator
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> BalancedClassifier:  # noqa: N803 - sklearn naming
        y = np.asarray(y)
        rng = np.random.default_rng(self.random_state)
        self.classes_, counts = np.unique(y, return_counts=True)
        rows = []
        for cls, count in zip(self.classes_, counts, strict=True):
            idx = np.flatnonzero(y == cls)
            extra = rng.choice(idx, size=counts.max() - count, replace=True) if count < counts.max() else []
            rows.append(np.concatenate([idx, np.asarray(extra, dtype=int)]))
        self.fit_rows_ = rng.permutation(np.concatenate(rows))
        X_fit = X.iloc[self.fit_rows_] if hasattr(X, "iloc") else X[self.fit_rows_]  # noqa: N806
        self.estimator_ = clone(self.estimator).fit(X_fit, y[self.fit_rows_])
        return self

    def predict_proba(self, X: Any) -> np.ndarray:  # noqa: N803
        return self.estimator_.predict_proba(X)

    def predict(self, X: Any) -> np.ndarray:  # noqa: N803
        return self.estimator_.predict(X)


def ranking_metrics(y_true: Sequence[int], scores: Sequence[float]) -> dict[str, float]:
    """ROC AUC, PR AUC (average precision) and the positive rate that PR AUC compares against."""
    y = np.asarray(y_true)
    return {
        "roc_auc": round(float(roc_auc_score(y, scores)), 4),
        "pr_auc": round(float(average_precision_score(y, scores)), 4),
        "positive_rate": round(float(y.mean()), 4),
        "n": int(len(y)),
    }
