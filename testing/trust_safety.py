"""Small, fast trust-and-safety models for tests: trained once, copied where needed.

The full models train with `python -m opentok.trust_safety.train all`; tests use a
subsample and few trees so the whole suite stays quick on busy cores.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from opentok.core.config import get_settings
from opentok.trust_safety import ban_risk, churn, claims, engagement
from opentok.trust_safety.dataset import load_claims

SAMPLE_ROWS = 4000


@contextmanager
def models_at(path: Path) -> Iterator[Path]:
    """Point the registry (settings.models_path) at `path` for the duration."""
    old = os.environ.get("MODELS_DIR")
    os.environ["MODELS_DIR"] = str(path)
    get_settings.cache_clear()
    try:
        yield path
    finally:
        if old is None:
            os.environ.pop("MODELS_DIR", None)
        else:
            os.environ["MODELS_DIR"] = old
        get_settings.cache_clear()


def sample_claims(rows: int = SAMPLE_ROWS) -> pd.DataFrame:
    return load_claims().sample(n=rows, random_state=0).reset_index(drop=True)


def train_small_models(path: Path) -> dict[str, dict]:
    """Every trust-and-safety model, small, into `path`; returns their metrics."""
    frame = sample_claims()
    with models_at(path):
        return {
            "ban-risk": ban_risk.train(frame, n_estimators=8, cv_splits=2, progress=False)[1],
            "claims": claims.train(frame, progress=False)[1],
            "engagement": engagement.train(
                engagement.bootstrap_frame(frame), "tiktok-claims", progress=False
            )[1],
            "churn": churn.train(progress=False, n_users=150)[1],
        }


def install_models(trained: Path, data_dir: Path) -> None:
    """Copy trained models to where a platform's processes look (DATA_DIR/models)."""
    shutil.copytree(trained, data_dir / "models", dirs_exist_ok=True)


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """Small models trained once per test session (shared by every test package)."""
    path = tmp_path_factory.getbasetemp() / "trust-safety-models"
    metrics_file = path / "metrics-summary.json"
    if not metrics_file.exists():
        path.mkdir(exist_ok=True)
        with threadpool_limits(limits=1):
            metrics = train_small_models(path)
        metrics_file.write_text(json.dumps(metrics, default=str))
    return path, json.loads(metrics_file.read_text())
