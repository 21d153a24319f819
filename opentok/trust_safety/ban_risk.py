"""Account ban risk: trained on `tiktok-claims` (`author_ban_status`), applied daily to our users.

Feature mapping (only features we can also compute on the platform are trained on):

| model feature | tiktok-claims (one row = one video) | platform (one row = one account) |
| --- | --- | --- |
| claim_ratio | claim_status == "claim" (0/1) | share of the user's videos with claim_score >= 0.5 |
| verified | verified_status == "verified" | users.verified |
| log_views | log1p(video_view_count) | mean log1p(videos.view_count) |
| log_likes | log1p(video_like_count) | mean log1p(videos.like_count) |
| log_shares | log1p(video_share_count) | mean log1p(videos.share_count) |
| log_comments | log1p(video_comment_count) | mean log1p(videos.comment_count) |
| duration_s | video_duration_sec | mean videos.duration_s |

Not trained on: `video_download_count` (we have no downloads), and the platform-only
`video_count` and `violations` (the dataset has no author id nor moderation history).
Those two enter the trust score as documented, untrained adjustments in `TrustScorer`:
few videos shrink the model's probability toward the base rate (k = VIDEO_PRIOR_WEIGHT
pseudo-videos), and each moderation violation adds VIOLATION_LOG_ODDS to the log-odds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import AdaBoostClassifier, GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sqlalchemy.orm import Session
from tqdm import tqdm

from opentok.ml import registry
from opentok.trust_safety.features import account_features
from opentok.trust_safety.scores import upsert_user_scores
from opentok.trust_safety.splits import (
    SEED,
    BalancedClassifier,
    cv_folds,
    group_holdout,
    ranking_metrics,
    text_groups,
)

NAME = "ban-risk"
FEATURES: tuple[str, ...] = (
    "claim_ratio",
    "verified",
    "log_views",
    "log_likes",
    "log_shares",
    "log_comments",
    "duration_s",
)
#: Which rows count as positive, and which rows take part, per evaluation task.
TASKS: dict[str, dict[str, set[str]]] = {
    "banned_vs_active": {"positive": {"banned"}, "rows": {"banned", "active"}},
    "banned_or_review_vs_active": {
        "positive": {"banned", "under review"},
        "rows": {"banned", "under review", "active"},
    },
}
#: The task whose probability becomes the trust score.
APPLIED_TASK = "banned_vs_active"
VIDEO_PRIOR_WEIGHT = 3.0
VIOLATION_LOG_ODDS = 0.7
MODEL_FILE = "model.joblib"


def dataset_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The FEATURES columns from `dataset.load_claims()` rows (one video each)."""
    return pd.DataFrame(
        {
            "claim_ratio": frame["is_claim"].astype(float),
            "verified": frame["verified"].astype(float),
            "log_views": np.log1p(frame["views"].astype(float)),
            "log_likes": np.log1p(frame["likes"].astype(float)),
            "log_shares": np.log1p(frame["shares"].astype(float)),
            "log_comments": np.log1p(frame["comments"].astype(float)),
            "duration_s": frame["duration_s"].astype(float),
        }
    )


def candidates(n_estimators: int = 150) -> dict[str, BalancedClassifier]:
    """The four compared models, each balanced by in-fit oversampling."""
    return {
        "logistic_regression": BalancedClassifier(
            make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        ),
        "random_forest": BalancedClassifier(
            RandomForestClassifier(n_estimators=n_estimators, min_samples_leaf=5, n_jobs=1, random_state=SEED)
        ),
        "adaboost": BalancedClassifier(AdaBoostClassifier(n_estimators=n_estimators, random_state=SEED)),
        "gradient_boosting": BalancedClassifier(
            GradientBoostingClassifier(n_estimators=n_estimators, max_depth=3, random_state=SEED)
        ),
    }


@dataclass
class TaskResult:
    task: str
    train_idx: np.ndarray  # indices into the task's rows
    test_idx: np.ndarray
    texts: np.ndarray  # the task's transcription texts, for leakage checks
    metrics: dict[str, dict[str, Any]]  # model -> {"cv": ..., "holdout": ...}
    best: str
    fitted: dict[str, BalancedClassifier]
    prior: float  # positive rate of the training portion


def evaluate_task(
    frame: pd.DataFrame, task: str, n_estimators: int = 150, cv_splits: int = 3, progress: bool = True
) -> TaskResult:
    """Split first (grouped by text), then CV on the training part, then score the held-out part."""
    spec = TASKS[task]
    rows = frame[frame["ban_status"].isin(spec["rows"])].reset_index(drop=True)
    X = dataset_features(rows)  # noqa: N806
    y = rows["ban_status"].isin(spec["positive"]).astype(int).to_numpy()
    groups = text_groups(rows["text"])
    train_idx, test_idx = group_holdout(y, groups)
    X_train, y_train, g_train = X.iloc[train_idx], y[train_idx], groups[train_idx]  # noqa: N806
    metrics: dict[str, dict[str, Any]] = {}
    fitted: dict[str, BalancedClassifier] = {}
    models = candidates(n_estimators)
    for name, model in tqdm(models.items(), desc=f"ban-risk {task}", disable=not progress):
        cv = cross_validate(
            model,
            X_train,
            y_train,
            groups=g_train,
            cv=cv_folds(cv_splits),
            scoring={"roc_auc": "roc_auc", "pr_auc": "average_precision"},
        )
        fitted[name] = model.fit(X_train, y_train)
        scores = fitted[name].predict_proba(X.iloc[test_idx])[:, 1]
        metrics[name] = {
            "cv_roc_auc": round(float(cv["test_roc_auc"].mean()), 4),
            "cv_pr_auc": round(float(cv["test_pr_auc"].mean()), 4),
            "holdout": ranking_metrics(y[test_idx], scores),
        }
    # Selection uses the training folds only; the held-out split just reports.
    best = max(metrics, key=lambda m: metrics[m]["cv_pr_auc"])
    return TaskResult(
        task, train_idx, test_idx, rows["text"].to_numpy(), metrics, best, fitted, float(y_train.mean())
    )


def train(
    frame: pd.DataFrame, n_estimators: int = 150, cv_splits: int = 3, progress: bool = True
) -> tuple[registry.Artifact, dict[str, Any]]:
    """Evaluate both tasks, save the applied task's best model (fitted on its training part)."""
    results = {task: evaluate_task(frame, task, n_estimators, cv_splits, progress) for task in TASKS}
    applied = results[APPLIED_TASK]
    train_rows = frame[frame["ban_status"].isin(TASKS[APPLIED_TASK]["rows"])].reset_index(drop=True)
    reference = dataset_features(train_rows).iloc[applied.train_idx].median().to_dict()
    metrics = {
        task: {"best": r.best, "models": r.metrics, "n_train": len(r.train_idx), "n_test": len(r.test_idx)}
        for task, r in results.items()
    }
    metrics["applied"] = {
        "task": APPLIED_TASK,
        "model": applied.best,
        **applied.metrics[applied.best]["holdout"],
    }
    artifact = registry.start_artifact(NAME)
    joblib.dump(
        {
            "model": applied.fitted[applied.best],
            "model_name": applied.best,
            "features": list(FEATURES),
            "prior": applied.prior,
            "reference": reference,
        },
        artifact.path / MODEL_FILE,
    )
    params = {"n_estimators": n_estimators, "cv_splits": cv_splits, "seed": SEED}
    artifact.write_metrics(metrics, params)
    registry.activate(artifact)
    return artifact, metrics


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


class TrustScorer:
    """Turns platform account features into a 0-100 trust score with its top reasons."""

    def __init__(self, bundle: dict[str, Any], version: str) -> None:
        self.model = bundle["model"]
        self.model_name = bundle["model_name"]
        self.features = bundle["features"]
        self.prior = float(bundle["prior"])
        self.reference = bundle["reference"]
        self.version = version

    @classmethod
    def load(cls) -> TrustScorer | None:
        artifact = registry.active_artifact(NAME)
        if artifact is None or not (artifact.path / MODEL_FILE).exists():
            return None
        return cls(joblib.load(artifact.path / MODEL_FILE), artifact.version)

    def _ban_probability(self, frame: pd.DataFrame, use_counts: bool = True) -> np.ndarray:
        p_bal = self.model.predict_proba(frame[self.features])[:, 1]
        # The model was fitted on class-balanced rows: move its odds back to the real prior.
        z = _logit(p_bal) + math.log(self.prior / (1 - self.prior))
        p = _sigmoid(z)
        if use_counts:
            n = frame["video_count"].to_numpy(dtype=float)
            p = (n * p + VIDEO_PRIOR_WEIGHT * self.prior) / (n + VIDEO_PRIOR_WEIGHT)
            p = _sigmoid(_logit(p) + VIOLATION_LOG_ODDS * frame["violations"].to_numpy(dtype=float))
        return p

    def trust(self, frame: pd.DataFrame) -> np.ndarray:
        return np.round(100 * (1 - self._ban_probability(frame)), 1)

    def score(self, frame: pd.DataFrame, top: int = 3) -> list[dict[str, Any]]:
        """One {"trust_score", "features"} per row; a feature's impact is the change in trust
        points against a neutral value (training median, zero violations, many videos)."""
        base = self.trust(frame)
        impacts: dict[str, np.ndarray] = {}
        for feature in self.features:
            neutral = frame.copy()
            neutral[feature] = self.reference[feature]
            impacts[feature] = base - self.trust(neutral)
        no_violations = frame.assign(violations=0)
        impacts["violations"] = base - self.trust(no_violations)
        many_videos = frame.assign(video_count=1e9)
        impacts["video_count"] = base - self.trust(many_videos)
        out = []
        for i in range(len(frame)):
            ranked = sorted(impacts, key=lambda f: abs(impacts[f][i]), reverse=True)[:top]
            out.append(
                {
                    "trust_score": float(base[i]),
                    "features": [
                        {
                            "feature": f,
                            "value": round(float(frame[f].iloc[i]), 3),
                            "impact": round(float(impacts[f][i]), 1),
                        }
                        for f in ranked
                        if abs(impacts[f][i]) >= 0.05
                    ],
                }
            )
        return out


def apply_to_accounts(session: Session, scorer: TrustScorer, user_ids: list[int] | None = None) -> int:
    """The daily job's body: score every (or the given) non-banned account into user_scores."""
    frame = account_features(session, user_ids)
    if frame.empty:
        return 0
    results = scorer.score(frame)
    values = {
        int(uid): {
            "trust_score": r["trust_score"],
            "trust_features": r["features"],
            "model_version": f"{NAME}:{scorer.version}",
        }
        for uid, r in zip(frame.index, results, strict=True)
    }
    return upsert_user_scores(session, values)
