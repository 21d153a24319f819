"""Tracking: a JSON record without MLflow; an MLflow run plus a registered version with it,
and a service pinned to that registered version gets its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from opentok.core.config import get_settings
from opentok.ml import registry
from opentok.ml.tracking import track_run

NAME = "ban-risk"


def trained(f1: float = 0.7) -> tuple[registry.Artifact, dict, dict]:
    artifact = registry.start_artifact(NAME)
    (artifact.path / "model.json").write_text(json.dumps({"coef": [1.0, -2.0]}))
    metrics, params = {"roc_auc": 0.81, "f1": f1, "per_class": {"banned": {"recall": 0.5}}}, {"C": 1.0}
    artifact.write_metrics(metrics, params)
    return artifact, metrics, params


def test_json_tracking_without_mlflow(data_dir: Path, db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_ENABLED", "false")
    get_settings.cache_clear()
    artifact, metrics, params = trained()
    registry.record_version(db, artifact, metrics, params)
    record = json.loads((data_dir / "tracking" / NAME / f"{artifact.version}.json").read_text())
    assert record["backend"] == "json" and record["run_id"] is None
    assert record["metrics"] == {"roc_auc": 0.81, "f1": 0.7, "per_class.banned.recall": 0.5}
    assert record["params"] == {"C": 1.0} and record["version"] == artifact.version
    assert not (data_dir / "mlflow").exists()


def test_mlflow_run_and_registered_version(
    data_dir: Path, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("mlflow")
    from mlflow import MlflowClient

    from opentok.ml.tracking import tracking_uri

    monkeypatch.setenv("MLFLOW_ENABLED", "true")
    get_settings.cache_clear()
    artifact, metrics, params = trained()
    registry.record_version(db, artifact, metrics, params)
    record = json.loads((data_dir / "tracking" / NAME / f"{artifact.version}.json").read_text())
    assert record["backend"] == "mlflow" and record["registered_version"] == "1"

    assert tracking_uri().startswith("sqlite:///") and (data_dir / "mlflow" / "mlflow.db").exists()
    client = MlflowClient(tracking_uri=tracking_uri(), registry_uri=tracking_uri())
    run = client.get_run(record["run_id"])
    assert run.data.metrics["roc_auc"] == 0.81 and run.data.metrics["per_class.banned.recall"] == 0.5
    assert run.data.params["C"] == "1.0"
    version = client.get_model_version(NAME, "1")
    assert version.tags["opentok_version"] == artifact.version and version.run_id == run.info.run_id

    # a second run registers version 2; a pin to models:/ban-risk/1 serves the first folder
    second, m2, p2 = trained(0.9)
    registry.record_version(db, second, m2, p2)
    assert registry.active_artifact(NAME).version == second.version
    monkeypatch.setenv("MODEL_PINS", json.dumps({NAME: f"models:/{NAME}/1"}))
    get_settings.cache_clear()
    pinned = registry.active_artifact(NAME)
    assert pinned.version == artifact.version and (pinned.path / "model.json").exists()


def test_track_run_without_artifact_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_ENABLED", "false")
    get_settings.cache_clear()
    run = track_run("recommender", {"k": 10}, {"recall_at_10": 0.2, "note": "text is skipped"}, version="v1")
    assert run.metrics == {"recall_at_10": 0.2}
    assert Path(run.json_path) == data_dir / "tracking" / "recommender" / "v1.json"
