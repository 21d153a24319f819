"""The promotion rule on real artifacts and registry rows: worse is held, equal or better wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.ml import registry
from opentok.ml.promotion import Rule, decide, promote_if_not_worse
from opentok.models import ModelVersion

NAME = "comment-moderation"


@pytest.fixture(autouse=True)
def json_tracking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_ENABLED", "false")


def train(score: float, validation_set: str = "val-v1") -> tuple[registry.Artifact, dict]:
    """A stand-in training run: a real artifact folder with weights and metrics."""
    artifact = registry.start_artifact(NAME)
    (artifact.path / "weights.bin").write_bytes(b"\0" * 16)
    metrics = {"macro_auprc": score, "validation_set": validation_set, "per_class": {"H": {"ap": score}}}
    artifact.write_metrics(metrics, {"epochs": 1})
    return artifact, metrics


def serving(db: Session) -> ModelVersion:
    rows = db.scalars(select(ModelVersion).where(ModelVersion.name == NAME, ModelVersion.active)).all()
    assert len(rows) == 1
    return rows[0]


def test_worse_model_is_not_promoted(data_dir: Path, db: Session) -> None:
    first, m1 = train(0.80)
    assert promote_if_not_worse(db, first, m1).promote
    db.commit()

    worse, m2 = train(0.75)
    decision = promote_if_not_worse(db, worse, m2)
    db.commit()

    assert not decision.promote
    assert "worse" in decision.note and "0.7500" in decision.note and "0.8000" in decision.note
    assert serving(db).version == first.version
    assert registry.active_artifact(NAME).version == first.version  # the ACTIVE marker did not move
    held = db.scalar(select(ModelVersion).where(ModelVersion.version == worse.version))
    assert held is not None and not held.active and held.promotion_note == decision.note
    # the decision is tracked too (JSON record without MLflow)
    record = json.loads((data_dir / "tracking" / NAME / f"{worse.version}.json").read_text())
    assert record["tags"]["active"] == "false" and record["metrics"]["macro_auprc"] == 0.75


@pytest.mark.parametrize("f1", [0.80, 0.86])
def test_equal_or_better_model_is_promoted(data_dir: Path, db: Session, f1: float) -> None:
    first, m1 = train(0.80)
    promote_if_not_worse(db, first, m1)
    new, m2 = train(f1)
    decision = promote_if_not_worse(db, new, m2)
    db.commit()
    assert decision.promote, decision.note
    assert ("equal" if f1 == 0.80 else "better") in decision.note
    assert serving(db).version == new.version
    assert registry.active_artifact(NAME).version == new.version


def test_scores_on_another_validation_set_are_not_compared(data_dir: Path, db: Session) -> None:
    first, m1 = train(0.80, "val-v1")
    promote_if_not_worse(db, first, m1)
    other, m2 = train(0.95, "val-v2")
    assert not promote_if_not_worse(db, other, m2).promote
    # re-scoring the serving model on the candidate's set makes the comparison fair again
    third, m3 = train(0.95, "val-v2")
    rescored = {"macro_auprc": 0.9, "validation_set": "val-v2"}
    decision = promote_if_not_worse(db, third, m3, evaluate=lambda art: rescored)
    assert decision.promote and decision.current == 0.9


def test_direction_and_missing_metrics() -> None:
    loss = Rule("log_loss", higher_is_better=False)
    assert decide("x", {"log_loss": 0.30}, {"log_loss": 0.35}, loss).promote
    assert not decide("x", {"log_loss": 0.40}, {"log_loss": 0.35}, loss).promote
    assert not decide("x", {"accuracy": 0.9}, {"macro_f1": 0.5}, Rule("macro_f1")).promote
    assert decide("x", {"macro_f1": 0.1}, None, Rule("macro_f1")).promote  # first version
    assert decide("x", {"macro_f1": 0.79}, {"macro_f1": 0.80}, Rule("macro_f1", tolerance=0.02)).promote
