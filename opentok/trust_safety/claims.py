"""Claim vs. opinion on video text, trained on `tiktok-claims` transcriptions.

On the platform a video's text is its title plus description (we keep no transcript), so
the model is a bag-of-words one that works on any short text. Videos scored at or above
FACT_CHECK_THRESHOLD get `needs_fact_check=True`: the admin's fact-check queue. That flag is
independent of moderation, so a claim video still follows its normal publish path.
"""

from __future__ import annotations

from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline
from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from opentok.ml import registry
from opentok.models import Video
from opentok.trust_safety.splits import SEED, group_holdout, text_groups

NAME = "claims"
MODEL_FILE = "model.joblib"
FACT_CHECK_THRESHOLD = 0.5
OPENING_WORDS = 5


def make_model() -> Pipeline:
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            ("clf", LogisticRegression(max_iter=1000, C=4.0)),
        ]
    )


def train(frame: pd.DataFrame, progress: bool = True) -> tuple[registry.Artifact, dict[str, Any]]:
    """Group-aware held-out split on the text, fit on the rest, report accuracy and F1."""
    steps = tqdm(total=3, desc="claims", disable=not progress)
    texts = frame["text"].astype(str).to_numpy()
    y = frame["is_claim"].to_numpy()
    train_idx, test_idx = group_holdout(y, text_groups(texts))
    steps.update()
    model = make_model().fit(texts[train_idx], y[train_idx])
    steps.update()
    pred = model.predict(texts[test_idx])
    majority = int(np.bincount(y[train_idx]).argmax())
    metrics = {
        "accuracy": round(float(accuracy_score(y[test_idx], pred)), 4),
        "f1_claim": round(float(f1_score(y[test_idx], pred)), 4),
        "f1_macro": round(float(f1_score(y[test_idx], pred, average="macro")), 4),
        "majority_baseline_accuracy": round(float((y[test_idx] == majority).mean()), 4),
        "n_train": int(len(train_idx)),
        "n_test": int(len(test_idx)),
        "text_overlap_train_test": int(len(set(texts[train_idx]) & set(texts[test_idx]))),
    }
    # The dataset's texts open with templated phrases ("a friend read in...", "i think...")
    # that give the label away; refit without the opening words to see what the rest carries.
    stripped = np.asarray([_drop_opening(t) for t in texts], dtype=object)
    diag = make_model().fit(stripped[train_idx], y[train_idx])
    metrics["accuracy_without_opening_words"] = round(
        float(accuracy_score(y[test_idx], diag.predict(stripped[test_idx]))), 4
    )
    artifact = registry.start_artifact(NAME)
    joblib.dump(model, artifact.path / MODEL_FILE)
    artifact.write_metrics(metrics, {"threshold": FACT_CHECK_THRESHOLD, "seed": SEED})
    registry.activate(artifact)
    steps.update()
    steps.close()
    return artifact, metrics


def _drop_opening(text: str, words: int = OPENING_WORDS) -> str:
    return " ".join(text.split()[words:])


def video_text(video: Video) -> str:
    return f"{video.title}\n{video.description or ''}".strip()


class ClaimScorer:
    def __init__(self, model: Pipeline, version: str) -> None:
        self.model = model
        self.version = version

    @classmethod
    def load(cls) -> ClaimScorer | None:
        artifact = registry.active_artifact(NAME)
        if artifact is None or not (artifact.path / MODEL_FILE).exists():
            return None
        return cls(joblib.load(artifact.path / MODEL_FILE), artifact.version)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return self.model.predict_proba(texts)[:, 1]


def score_videos(session: Session, scorer: ClaimScorer, videos: list[Video]) -> int:
    """Set claim_score and flag claims for fact-checking; returns how many were flagged."""
    if not videos:
        return 0
    probs = scorer.probabilities([video_text(v) for v in videos])
    flagged = 0
    for video, p in zip(videos, probs, strict=True):
        video.claim_score = round(float(p), 4)
        video.needs_fact_check = bool(p >= FACT_CHECK_THRESHOLD)
        flagged += video.needs_fact_check
    session.flush()
    return flagged


def unscored_videos(session: Session, limit: int = 5000) -> list[Video]:
    stmt = (
        select(Video)
        .where(Video.claim_score.is_(None), Video.deleted_at.is_(None))
        .order_by(Video.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))
