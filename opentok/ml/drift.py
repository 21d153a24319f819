"""Drift monitoring for the comment model: PSI and KS, computed directly with numpy/scipy.

What is compared: the *inputs* the model saw over the last day (text length, word count,
share of upper-case letters, of non-ASCII characters, of digits, of punctuation, and of
words from the model's vocabulary of short everyday words, a cheap language signal) and the
*scores* it produced per category (`comments.scores`), against a reference taken from the
training data.

Where the reference comes from: the training run writes `drift_reference.json` next to the
model (`write_reference(artifact, texts, scores)`); without one, the job falls back to the
comments of the `reference_days` before the window (a rolling baseline), and says so.

PSI uses ten quantile bins of the reference (so every bin starts with about 10% of the
mass), with a small floor so empty bins do not divide by zero. PSI < 0.1 is stable,
0.1-0.2 a moderate shift, > 0.2 (settings.drift_psi_threshold) a significant one.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats
from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.core.config import CATEGORIES, get_settings
from opentok.db.base import utcnow
from opentok.models import Alert, Comment, DriftReport

REFERENCE_FILE = "drift_reference.json"
MODEL_NAME = "comment-moderation"
MAX_REFERENCE_SAMPLES = 5000
_EPS = 1e-4
_WORD = re.compile(r"\w+", re.UNICODE)
_PUNCT = set(string.punctuation)
#: Frequent English function words: their share drops when the comment language changes.
_COMMON_WORDS = (
    "the a an and or but to of in on at for with is are was were be been it this that you i he she we "
    "they my your me not no so do does did have has had will would can just what all if as by from up out"
)
_COMMON = frozenset(_COMMON_WORDS.split(" "))


# --- statistics ------------------------------------------------------------------------
def psi(reference: np.ndarray, current: np.ndarray, bins: int = 10) -> float:
    """Population stability index of `current` against `reference` (quantile bins)."""
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    if reference.size == 0 or current.size == 0:
        return 0.0
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    if edges.size < 2:  # a constant reference: one bin for "equal", one for "different"
        same = np.isclose(current, edges[0])
        ref_p = np.array([1.0, 0.0])
        cur_p = np.array([same.mean(), 1 - same.mean()])
    else:
        inner = edges[1:-1]  # open-ended outer bins catch values outside the reference range
        ref_p = np.bincount(np.searchsorted(inner, reference, side="right"), minlength=inner.size + 1)
        cur_p = np.bincount(np.searchsorted(inner, current, side="right"), minlength=inner.size + 1)
        ref_p, cur_p = ref_p / reference.size, cur_p / current.size
    ref_p, cur_p = np.clip(ref_p, _EPS, None), np.clip(cur_p, _EPS, None)
    return float(np.sum((cur_p - ref_p) * np.log(cur_p / ref_p)))


def ks(reference: np.ndarray, current: np.ndarray) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov statistic and p-value."""
    if len(reference) == 0 or len(current) == 0:
        return 0.0, 1.0
    result = stats.ks_2samp(reference, current)
    return float(result.statistic), float(result.pvalue)


# --- features ----------------------------------------------------------------------------
def text_features(texts: list[str]) -> dict[str, np.ndarray]:
    """The model-input features tracked for drift, one array per feature."""
    rows = []
    for text in texts:
        letters = [c for c in text if c.isalpha()]
        words = _WORD.findall(text.lower())
        n = max(len(text), 1)
        rows.append(
            (
                len(text),
                len(words),
                sum(c.isupper() for c in letters) / max(len(letters), 1),
                sum(ord(c) > 127 for c in text) / n,
                sum(c.isdigit() for c in text) / n,
                sum(c in _PUNCT for c in text) / n,
                sum(w in _COMMON for w in words) / max(len(words), 1),
            )
        )
    names = ("text_length", "word_count", "upper_ratio", "non_ascii_ratio", "digit_ratio", "punct_ratio",
             "common_word_ratio")  # fmt: skip
    matrix = np.asarray(rows, dtype=float).reshape(-1, len(names))
    return {name: matrix[:, i] for i, name in enumerate(names)}


def score_features(scores: list[dict[str, float] | None]) -> dict[str, np.ndarray]:
    """Per-category score arrays (`score.H`...), from rows that have scores."""
    kept = [s for s in scores if s]
    return {f"score.{c}": np.asarray([float(s.get(c, 0.0)) for s in kept], dtype=float) for c in CATEGORIES}


def features(texts: list[str], scores: list[dict[str, float] | None]) -> dict[str, np.ndarray]:
    return {**text_features(texts), **score_features(scores)}


# --- reference -----------------------------------------------------------------------------
def write_reference(
    artifact_dir: Path, texts: list[str], scores: list[dict[str, float] | None], seed: int = 0
) -> Path:
    """Store the training distribution beside a model (called by the training code).

    `scores` are the trained model's own scores on (a sample of) its training or validation
    texts, so serving scores are compared with what the model produced when it was accepted.
    """
    rng = np.random.default_rng(seed)
    payload: dict[str, Any] = {"n_texts": len(texts), "features": {}}
    for name, values in features(texts, scores).items():
        if values.size > MAX_REFERENCE_SAMPLES:
            values = rng.choice(values, MAX_REFERENCE_SAMPLES, replace=False)
        payload["features"][name] = [round(float(v), 6) for v in values]
    path = Path(artifact_dir) / REFERENCE_FILE
    path.write_text(json.dumps(payload))
    return path


def load_reference(artifact_dir: Path | None) -> dict[str, np.ndarray] | None:
    if artifact_dir is None or not (Path(artifact_dir) / REFERENCE_FILE).exists():
        return None
    payload = json.loads((Path(artifact_dir) / REFERENCE_FILE).read_text())
    return {name: np.asarray(values, dtype=float) for name, values in payload["features"].items()}


# --- report ------------------------------------------------------------------------------
@dataclass
class Window:
    start: datetime
    end: datetime


def _comments(session: Session, window: Window) -> tuple[list[str], list[dict[str, float] | None]]:
    rows = session.execute(
        select(Comment.text, Comment.scores).where(
            Comment.created_at >= window.start, Comment.created_at < window.end, Comment.deleted_at.is_(None)
        )
    ).all()
    return [r.text for r in rows], [r.scores for r in rows]


def compare(reference: dict[str, np.ndarray], current: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name, ref in reference.items():
        cur = current.get(name)
        if cur is None or ref.size == 0 or cur.size == 0:
            continue
        statistic, pvalue = ks(ref, cur)
        out[name] = {
            "psi": round(psi(ref, cur), 4),
            "ks": round(statistic, 4),
            "ks_pvalue": float(f"{pvalue:.4g}"),
            "ref_mean": round(float(ref.mean()), 4),
            "cur_mean": round(float(cur.mean()), 4),
            "n_ref": int(ref.size),
            "n_cur": int(cur.size),
        }
    return out


def drift_report(
    session: Session,
    now: datetime | None = None,
    window: timedelta = timedelta(days=1),
    reference_days: int = 14,
    model_name: str = MODEL_NAME,
    reference_dir: Path | None = None,
) -> DriftReport:
    """Compare the last `window` of comments with the reference; store a report and, over
    the threshold (and with enough rows to mean something), an alert."""
    from opentok.ml.registry import active_artifact

    settings = get_settings()
    now = now or utcnow()
    current_window = Window(now - window, now)
    texts, scores = _comments(session, current_window)
    current = features(texts, scores)

    served = active_artifact(model_name)
    reference = load_reference(reference_dir or (served.path if served else None))
    source = f"{model_name}:{served.version}" if reference is not None and served else "artifact"
    if reference is None:
        baseline = Window(current_window.start - timedelta(days=reference_days), current_window.start)
        ref_texts, ref_scores = _comments(session, baseline)
        reference, source = features(ref_texts, ref_scores), f"comments of the previous {reference_days} days"

    per_feature = compare(reference, current)
    ranked = sorted(per_feature.items(), key=lambda kv: kv[1]["psi"], reverse=True)
    max_name, max_psi = (ranked[0][0], ranked[0][1]["psi"]) if ranked else ("", 0.0)
    enough = len(texts) >= settings.drift_min_samples
    drifted = sorted(k for k, v in per_feature.items() if v["psi"] > settings.drift_psi_threshold)
    alert = enough and bool(drifted)
    report = DriftReport(
        model_name=model_name,
        window_start=current_window.start,
        window_end=current_window.end,
        max_psi=float(max_psi),
        alert=alert,
        report={
            "reference": source,
            "model_version": served.version if served else None,
            "n_current": len(texts),
            "threshold": settings.drift_psi_threshold,
            "enough_data": enough,
            "max_feature": max_name,
            "drifted_features": drifted,
            "features": per_feature,
        },
    )
    session.add(report)
    session.flush()
    if alert:
        session.add(
            Alert(
                kind="drift",
                message=(
                    f"{model_name}: input/score drift over PSI {settings.drift_psi_threshold} in "
                    f"{', '.join(drifted)} (max {max_name} = {max_psi:.3f}) over {len(texts)} comments"
                ),
                details={"drift_report_id": report.id, "features": {k: per_feature[k] for k in drifted}},
            )
        )
        session.flush()
    return report
