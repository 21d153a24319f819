"""Engagement prediction for a draft, before it is posted.

The target is the view-count bucket (low / medium / high: terciles of the training views).
With fewer than MIN_PLATFORM_VIDEOS published videos old enough to judge, the model is
bootstrapped from `tiktok-claims` (transcription text + duration; hashtags, category and
hour are unknown there and encoded as such). Once the platform has enough, `train` uses our
own published videos instead; the same pipeline serves both. Evaluation is on a held-out
split grouped by text and is always shown beside the majority-class baseline.
"""

from __future__ import annotations

from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sqlalchemy.orm import Session
from tqdm import tqdm

from opentok.ml import registry
from opentok.trust_safety.features import published_videos_frame
from opentok.trust_safety.splits import SEED, group_holdout, text_groups

NAME = "engagement"
MODEL_FILE = "model.joblib"
BUCKETS: tuple[str, ...] = ("low", "medium", "high")
MIN_PLATFORM_VIDEOS = 300
UNKNOWN = "unknown"


def draft_frame(
    text: list[str], hashtags: list[list[str]], category: list[str], duration_s: list[float], hour: list[int]
) -> pd.DataFrame:
    """The model's input shape; hashtags join the text so '#cats' and 'cats' share a token."""
    return pd.DataFrame(
        {
            "doc": [f"{t} {' '.join(h)}".strip() for t, h in zip(text, hashtags, strict=True)],
            "category": [c or UNKNOWN for c in category],
            "hour": [UNKNOWN if h is None or h < 0 else f"h{int(h) // 3}" for h in hour],  # 3-hour slots
            "duration_s": [float(d or 0.0) for d in duration_s],
        }
    )


def bootstrap_frame(claims: pd.DataFrame) -> pd.DataFrame:
    n = len(claims)
    frame = draft_frame(
        claims["text"].astype(str).tolist(), [[]] * n, [UNKNOWN] * n, claims["duration_s"].tolist(), [-1] * n
    )
    frame["views"] = claims["views"].astype(float).to_numpy()
    return frame


def platform_frame(session: Session) -> pd.DataFrame:
    videos = published_videos_frame(session)
    frame = draft_frame(
        videos["text"].tolist(),
        videos["hashtags"].tolist(),
        videos["category"].tolist(),
        videos["duration_s"].tolist(),
        videos["hour"].tolist(),
    )
    frame["views"] = videos["views"].astype(float).to_numpy()
    return frame


def make_model() -> Pipeline:
    columns = ColumnTransformer(
        [
            (
                "doc",
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000),
                "doc",
            ),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["category", "hour"]),
            ("num", StandardScaler(), ["duration_s"]),
        ]
    )
    return Pipeline([("features", columns), ("clf", LogisticRegression(max_iter=2000, C=2.0))])


def bucketize(views: np.ndarray, cutoffs: list[float]) -> np.ndarray:
    return np.digitize(views, cutoffs)  # 0 low, 1 medium, 2 high


def train(
    frame: pd.DataFrame, source: str, progress: bool = True
) -> tuple[registry.Artifact, dict[str, Any]]:
    steps = tqdm(total=3, desc=f"engagement ({source})", disable=not progress)
    groups = text_groups(frame["doc"])
    coarse = bucketize(frame["views"].to_numpy(), list(np.quantile(frame["views"], [1 / 3, 2 / 3])))
    train_idx, test_idx = group_holdout(coarse, groups)
    # Bucket edges come from the training part only.
    cutoffs = [float(q) for q in np.quantile(frame["views"].iloc[train_idx], [1 / 3, 2 / 3])]
    y = bucketize(frame["views"].to_numpy(), cutoffs)
    steps.update()
    model = make_model().fit(frame.iloc[train_idx], y[train_idx])
    steps.update()
    pred = model.predict(frame.iloc[test_idx])
    majority = int(np.bincount(y[train_idx]).argmax())
    metrics = {
        "source": source,
        "accuracy": round(float(accuracy_score(y[test_idx], pred)), 4),
        "f1_macro": round(float(f1_score(y[test_idx], pred, average="macro")), 4),
        "majority_baseline_accuracy": round(float((y[test_idx] == majority).mean()), 4),
        "bucket_cutoffs_views": cutoffs,
        "n_train": int(len(train_idx)),
        "n_test": int(len(test_idx)),
    }
    artifact = registry.start_artifact(NAME)
    joblib.dump({"model": model, "cutoffs": cutoffs, "source": source}, artifact.path / MODEL_FILE)
    artifact.write_metrics(metrics, {"seed": SEED, "min_platform_videos": MIN_PLATFORM_VIDEOS})
    registry.activate(artifact)
    steps.update()
    steps.close()
    return artifact, metrics


def choose_training_frame(
    session: Session | None, claims: pd.DataFrame, min_videos: int = MIN_PLATFORM_VIDEOS
) -> tuple[pd.DataFrame, str]:
    """Our own videos once there are enough of them, else the tiktok-claims bootstrap."""
    if session is not None:
        frame = platform_frame(session)
        if len(frame) >= min_videos:
            return frame, "platform"
    return bootstrap_frame(claims), "tiktok-claims"


class EngagementPredictor:
    def __init__(self, bundle: dict[str, Any], version: str, metrics: dict[str, Any]) -> None:
        self.model = bundle["model"]
        self.cutoffs = bundle["cutoffs"]
        self.source = bundle["source"]
        self.version = version
        self.metrics = metrics

    @classmethod
    def load(cls) -> EngagementPredictor | None:
        artifact = registry.active_artifact(NAME)
        if artifact is None or not (artifact.path / MODEL_FILE).exists():
            return None
        return cls(
            joblib.load(artifact.path / MODEL_FILE),
            artifact.version,
            artifact.read_metrics().get("metrics", {}),
        )

    def predict(
        self, text: str, hashtags: list[str], category: str | None, duration_s: float | None, hour: int | None
    ) -> dict[str, Any]:
        frame = draft_frame([text], [hashtags], [category or UNKNOWN], [duration_s or 0.0], [hour])
        probs = self.model.predict_proba(frame)[0]
        classes = list(self.model.classes_)
        full = {b: 0.0 for b in BUCKETS}
        for cls, p in zip(classes, probs, strict=True):
            full[BUCKETS[int(cls)]] = round(float(p), 4)
        bucket = max(full, key=full.get)  # type: ignore[arg-type]
        return {
            "bucket": bucket,
            "confidence": full[bucket],
            "probabilities": full,
            "model_version": self.version,
            "trained_on": self.source,
        }
