"""Masked multi-label metrics and threshold calibration for the nine-category scheme.

Only known labels count: a row whose label for a category is unknown is left out of that
category's figures. "Any unsafe" is positive when any known label is 1 and negative only
when all eight are known to be 0 (OK known = 1); its score is the highest unsafe probability.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score

from opentok.core.config import CATEGORIES, UNSAFE_CATEGORIES, get_settings

GRID = np.round(np.arange(0.02, 0.99, 0.01), 2)
REJECT_PRECISION = 0.9  # reject automatically only where the model is right 9 times in 10
MIN_F1_GAIN = 0.05  # over the F1 of flagging everything


def _col(name: str) -> int:
    return CATEGORIES.index(name)


def any_unsafe(y: np.ndarray, m: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(labels, scores, known) for the binary "any unsafe" task."""
    n_unsafe = len(UNSAFE_CATEGORIES)
    pos = ((y[:, :n_unsafe] == 1) & (m[:, :n_unsafe] == 1)).any(axis=1)
    neg = (m[:, _col("OK")] == 1) & (y[:, _col("OK")] == 1)
    return pos.astype(int), p[:, :n_unsafe].max(axis=1), pos | neg


def auprc(y: np.ndarray, m: np.ndarray, p: np.ndarray) -> dict[str, float | None]:
    """Average precision per unsafe category and for any-unsafe (None without positives)."""
    out: dict[str, float | None] = {}
    for c in UNSAFE_CATEGORIES:
        j = _col(c)
        known = m[:, j] == 1
        yk = y[known, j]
        out[c] = float(average_precision_score(yk, p[known, j])) if yk.sum() > 0 else None
    labels, scores, known = any_unsafe(y, m, p)
    out["any_unsafe"] = float(average_precision_score(labels[known], scores[known])) if labels.any() else None
    return out


def support(y: np.ndarray, m: np.ndarray) -> dict[str, dict[str, int]]:
    out = {}
    for c in UNSAFE_CATEGORIES:
        j = _col(c)
        known = m[:, j] == 1
        out[c] = {"known": int(known.sum()), "positive": int(y[known, j].sum())}
    return out


def calibrate(y: np.ndarray, m: np.ndarray, p: np.ndarray) -> dict[str, dict[str, float]]:
    """Per-category (review, reject) from validation scores.

    review: the F1-optimal cut (what a human should see); reject: the lowest cut at or above
    review whose precision reaches REJECT_PRECISION (the model acts alone only where it is
    rarely wrong). Without validation positives, or when no cut beats flagging everything
    (the model has not learned the category), the settings defaults stay.
    """
    settings = get_settings()
    out: dict[str, dict[str, float]] = {}
    for c in UNSAFE_CATEGORIES:
        j = _col(c)
        known = m[:, j] == 1
        yk, pk = y[known, j].astype(int), p[known, j]
        review, reject = settings.default_review_threshold, settings.default_reject_threshold
        prevalence = yk.mean() if len(yk) else 0.0
        f1s = [f1_score(yk, pk >= t, zero_division=0) for t in GRID] if yk.sum() > 0 else [0.0]
        # A cut no better than flagging everything would hold every comment: keep the defaults.
        if max(f1s) > 2 * prevalence / (1 + prevalence) + MIN_F1_GAIN:
            review = float(GRID[int(np.argmax(f1s))])
            reject = max(review + 0.05, settings.default_reject_threshold)
            for t in GRID[review + 0.05 <= GRID]:
                flagged = pk >= t
                if flagged.sum() >= 1 and precision_score(yk, flagged, zero_division=0) >= REJECT_PRECISION:
                    reject = float(t)
                    break
        review = float(min(max(review, 0.05), 0.9))
        out[c] = {
            "review": round(review, 2),
            "reject": round(float(min(max(reject, review + 0.01), 0.99)), 2),
        }
    return out


def threshold_report(
    y: np.ndarray, m: np.ndarray, p: np.ndarray, thresholds: dict[str, dict[str, float]]
) -> dict[str, dict[str, float | None]]:
    """F1/precision/recall per category and for any-unsafe, flagging at review and at reject."""
    out: dict[str, dict[str, float | None]] = {}
    flags = {lvl: np.zeros(len(y), dtype=bool) for lvl in ("review", "reject")}
    for c in UNSAFE_CATEGORIES:
        j = _col(c)
        known = m[:, j] == 1
        row: dict[str, float | None] = {}
        for lvl in ("review", "reject"):
            hit = p[:, j] >= thresholds[c][lvl]
            flags[lvl] |= hit
            yk = y[known, j].astype(int)
            row[f"f1_{lvl}"] = float(f1_score(yk, hit[known], zero_division=0)) if yk.sum() else None
        out[c] = row
    labels, _, known = any_unsafe(y, m, p)
    out["any_unsafe"] = {}
    for lvl in ("review", "reject"):
        yk, hk = labels[known], flags[lvl][known]
        out["any_unsafe"][f"f1_{lvl}"] = float(f1_score(yk, hk, zero_division=0))
        out["any_unsafe"][f"precision_{lvl}"] = float(precision_score(yk, hk, zero_division=0))
        out["any_unsafe"][f"recall_{lvl}"] = float(recall_score(yk, hk, zero_division=0))
    return out


def macro(values: dict[str, float | None]) -> float:
    known = [v for k, v in values.items() if k in UNSAFE_CATEGORIES and v is not None]
    return float(np.mean(known)) if known else float("nan")
