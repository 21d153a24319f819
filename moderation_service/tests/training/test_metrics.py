from __future__ import annotations

import numpy as np

from moderation_service.training import metrics
from opentok.core.config import CATEGORIES

H, OK = CATEGORIES.index("H"), CATEGORIES.index("OK")


def matrices():
    # 6 rows: H known on all; OK known on rows 0-3 only.
    y = np.zeros((6, 9), dtype=np.float32)
    m = np.zeros_like(y)
    m[:, H] = 1
    y[[0, 1], H] = 1
    m[:4, :8] = 1
    m[:4, OK] = 1
    y[[2, 3], OK] = 1
    p = np.zeros_like(y)
    p[:, H] = [0.9, 0.6, 0.1, 0.2, 0.95, 0.05]
    return y, m, p


def test_auprc_ignores_unknown_labels() -> None:
    y, m, p = matrices()
    ap = metrics.auprc(y, m, p)
    assert ap["S"] is None  # no positives known
    assert 0 < ap["H"] < 1  # row 4 is a known negative with the highest score
    m2 = m.copy()
    m2[4, H] = 0  # make that label unknown: H becomes perfectly ranked
    assert metrics.auprc(y, m2, p)["H"] == 1.0
    assert metrics.auprc(y, m, p)["any_unsafe"] == 1.0  # any-unsafe only on rows 0-3


def test_calibrated_thresholds_are_ordered_and_fit_the_data() -> None:
    y, m, p = matrices()
    m[4, H] = 0
    t = metrics.calibrate(y, m, p)
    assert all(0 < v["review"] < v["reject"] <= 0.99 for v in t.values())
    assert 0.2 < t["H"]["review"] <= 0.6
    report = metrics.threshold_report(y, m, p, t)
    assert report["H"]["f1_review"] == 1.0
