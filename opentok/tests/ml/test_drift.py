"""Drift on seeded data: real comment texts from the shared data sets.

Reference: OpenAI-moderation prompts with the scores a model would give them. A disjoint
sample of the same set must not alert; tweets (Davidson), short and shouty with other
scores, must.
"""

from __future__ import annotations

import csv
import json
import secrets
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opentok.core.config import CATEGORIES, get_settings
from opentok.db.base import utcnow
from opentok.ml import registry
from opentok.ml.drift import REFERENCE_FILE, drift_report, psi, write_reference
from opentok.models import Alert, Comment, User, Video


def _scores(labels: dict[str, float], rng: np.random.Generator) -> dict[str, float]:
    """Scores as a calibrated model would give them: near the label, with noise."""
    out = {c: float(np.clip(0.9 * labels.get(c, 0) + rng.beta(1, 12), 0, 1)) for c in CATEGORIES[:-1]}
    out["OK"] = float(1 - max(out.values()))
    return out


def moderation_rows() -> list[tuple[str, dict[str, float]]]:
    path = get_settings().shared_data_dir / "openai-moderation-half" / "moderation_train.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rng = np.random.default_rng(7)  # fixed: the same split whatever tests run first
    order = rng.permutation(len(rows))
    return [(rows[i]["prompt"], _scores(rows[i], rng)) for i in order]


def tweet_rows(n: int) -> list[tuple[str, dict[str, float]]]:
    path = get_settings().shared_data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for _, r in zip(range(n), csv.DictReader(fh), strict=False)]
    rng = np.random.default_rng(8)
    labels = [{"H": int(r["class"] == "0"), "HR": int(r["class"] == "1")} for r in rows]
    return [(r["tweet"], _scores(lab, rng)) for r, lab in zip(rows, labels, strict=True)]


def seed_comments(db: Session, rows: list[tuple[str, dict[str, float]]], hours_ago: float = 2) -> None:
    tag = secrets.token_hex(4)
    user = User(username=f"u{tag}", email=f"{tag}@example.com", password_hash="x")
    db.add(user)
    db.flush()
    video = Video(owner_id=user.id, title="v")
    db.add(video)
    db.flush()
    when = utcnow() - timedelta(hours=hours_ago)
    db.add_all(
        Comment(video_id=video.id, user_id=user.id, text=t, scores=s, created_at=when) for t, s in rows
    )
    db.flush()


@pytest.fixture
def reference_model(data_dir: Path) -> registry.Artifact:
    """A 'trained' comment model whose artifact carries its training distribution."""
    rows = moderation_rows()[:500]
    artifact = registry.start_artifact("comment-moderation")
    write_reference(artifact.path, [t for t, _ in rows], [s for _, s in rows])
    artifact.write_metrics({"macro_f1": 0.8})
    registry.activate(artifact)
    return artifact


def test_same_distribution_does_not_alert(reference_model: registry.Artifact, db: Session) -> None:
    seed_comments(db, moderation_rows()[500:800])  # rows the reference never saw
    report = drift_report(db)
    assert report.report["reference"] == f"comment-moderation:{reference_model.version}"
    assert report.report["n_current"] == 300 and report.report["enough_data"]
    assert not report.alert, report.report["features"]
    assert report.max_psi < get_settings().drift_psi_threshold
    assert db.scalar(select(func.count()).select_from(Alert)) == 0


def test_drifted_inputs_and_scores_alert(reference_model: registry.Artifact, db: Session) -> None:
    seed_comments(db, tweet_rows(300))
    seed_comments(db, moderation_rows()[:200], hours_ago=30)  # outside the window: ignored
    report = drift_report(db)
    assert report.alert and report.report["n_current"] == 300
    drifted = set(report.report["drifted_features"])
    assert {"text_length", "word_count"} <= drifted, report.report["features"]
    assert "score.HR" in drifted
    alert = db.scalar(select(Alert).where(Alert.kind == "drift"))
    assert alert is not None and alert.details["drift_report_id"] == report.id
    assert "text_length" in alert.message


def test_few_rows_report_but_never_alert(reference_model: registry.Artifact, db: Session) -> None:
    seed_comments(db, tweet_rows(10))
    report = drift_report(db)
    assert not report.alert and not report.report["enough_data"] and report.max_psi > 0.2


def test_without_reference_the_previous_days_are_the_baseline(data_dir: Path, db: Session) -> None:
    seed_comments(db, moderation_rows()[:300], hours_ago=24 * 3)
    seed_comments(db, tweet_rows(200))
    report = drift_report(db)
    assert report.report["reference"].startswith("comments of the previous")
    assert report.alert
    assert not (data_dir / "models" / "comment-moderation" / REFERENCE_FILE).exists()


def test_psi_properties() -> None:
    a = np.random.default_rng(1).normal(size=5000)
    assert psi(a, a) == pytest.approx(0.0, abs=1e-9)
    assert psi(a, np.random.default_rng(2).normal(size=5000)) < 0.02
    assert psi(a, np.random.default_rng(3).normal(loc=1.0, size=5000)) > 0.5
    assert psi(np.zeros(100), np.ones(100)) > 1  # constant reference, everything moved
