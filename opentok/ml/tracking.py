"""Experiment tracking: every training run's params, metrics and artifacts, in MLflow when
it is installed and always in a JSON record.

Why both: MLflow is an optional extra (it is large), yet a run must leave the same evidence
without it. The JSON record (`data_dir/tracking/<name>/<version>.json`) is written first and
always; MLflow then gets a run in experiment `settings.mlflow_experiment` and a *registered
model version* of the same name, tagged with our registry version so `models:/name/N` can be
mapped back to `models_path/name/<version>/`.

The store is `settings.mlflow_tracking_uri`, or a local SQLite file
(`sqlite:///<data_dir>/mlflow/mlflow.db`, artifacts beside it) when that is empty. Compose
points it at the MLflow server. `MLFLOW_ENABLED=false` forces the JSON-only path.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opentok.core.config import get_settings

log = logging.getLogger(__name__)
#: Tag on each MLflow model version: the folder name in our registry.
VERSION_TAG = "opentok_version"


@dataclass
class TrackedRun:
    name: str
    version: str
    params: dict[str, Any]
    metrics: dict[str, float]
    backend: str = "json"  # json | mlflow
    json_path: str = ""
    run_id: str | None = None
    registered_version: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


def tracking_dir() -> Path:
    return get_settings().data_dir / "tracking"


def tracking_uri() -> str:
    settings = get_settings()
    if settings.mlflow_tracking_uri:
        return settings.mlflow_tracking_uri
    return f"sqlite:///{(settings.data_dir / 'mlflow' / 'mlflow.db').resolve()}"


def mlflow_available() -> bool:
    if not get_settings().mlflow_enabled:
        return False
    try:
        return importlib.util.find_spec("mlflow") is not None
    except (ImportError, ValueError):  # blocked or half-installed
        return False


def numeric_metrics(metrics: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Flatten nested metric dicts ("per_class": {"H": {"f1": .8}} → "per_class.H.f1")."""
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, int | float):  # bools included: True → 1.0
            flat[name] = float(value)
        elif isinstance(value, dict):
            flat.update(numeric_metrics(value, f"{name}."))
    return flat


def _param_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)
    return text[:6000]  # MLflow's param value limit


def _write_json(run: TrackedRun) -> None:
    path = tracking_dir() / run.name / f"{run.version}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    run.json_path = str(path)
    payload = {**asdict(run), "tracked_at": datetime.now(UTC).isoformat()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=True, default=str))
    tmp.replace(path)


def _client():  # type: ignore[no-untyped-def]
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    from mlflow import MlflowClient

    uri = tracking_uri()
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def _experiment_id(client) -> str:  # type: ignore[no-untyped-def]
    settings = get_settings()
    name = settings.mlflow_experiment
    found = client.get_experiment_by_name(name)
    if found is not None:
        return found.experiment_id
    location = None
    if tracking_uri().startswith("sqlite:///"):  # keep artifacts beside the store, not in ./mlruns
        location = (settings.data_dir / "mlflow" / "artifacts").resolve().as_uri()
    return client.create_experiment(name, artifact_location=location)


def _log_mlflow(run: TrackedRun, artifact_dir: Path | None) -> None:
    from mlflow.exceptions import MlflowException

    client = _client()
    experiment = _experiment_id(client)
    tags = {VERSION_TAG: run.version, "model": run.name, **run.tags}
    mrun = client.create_run(experiment, run_name=f"{run.name}-{run.version}", tags=tags)
    run_id = mrun.info.run_id
    try:
        for key, value in run.params.items():
            client.log_param(run_id, key, _param_value(value))
        for key, value in run.metrics.items():
            client.log_metric(run_id, key, value)
        source = None
        if artifact_dir is not None and artifact_dir.is_dir():
            client.log_artifacts(run_id, str(artifact_dir), artifact_path="model")
            source = f"{mrun.info.artifact_uri}/model"
        client.set_terminated(run_id, "FINISHED")
    except Exception:
        client.set_terminated(run_id, "FAILED")
        raise
    run.run_id = run_id
    if source is None:
        return
    with contextlib.suppress(MlflowException):  # already registered
        client.create_registered_model(run.name)
    version = client.create_model_version(run.name, source=source, run_id=run_id, tags=tags)
    run.registered_version = str(version.version)


def track_run(
    name: str,
    params: dict[str, Any] | None,
    metrics: dict[str, Any],
    artifact_dir: Path | str | None = None,
    version: str | None = None,
    tags: dict[str, str] | None = None,
) -> TrackedRun:
    """Record one training run; MLflow failures are logged and never fail the training."""
    artifact_dir = Path(artifact_dir) if artifact_dir else None
    version = version or (artifact_dir.name if artifact_dir else datetime.now(UTC).strftime("%Y%m%d-%H%M%S"))
    run = TrackedRun(
        name=name,
        version=version,
        params=dict(params or {}),
        metrics=numeric_metrics(metrics),
        tags={k: str(v) for k, v in (tags or {}).items()},
    )
    if mlflow_available():
        try:
            _log_mlflow(run, artifact_dir)
            run.backend = "mlflow"
        except Exception:
            log.exception("MLflow tracking failed for %s %s; the JSON record still stands", name, version)
    _write_json(run)
    return run


def tag_version(name: str, version: str, tags: dict[str, str]) -> None:
    """Add tags (e.g. the promotion decision) to the MLflow model version of a registry version."""
    if not mlflow_available():
        return
    try:
        client = _client()
        for mv in client.search_model_versions(f"name='{name}' and tag.{VERSION_TAG}='{version}'"):
            for key, value in tags.items():
                client.set_model_version_tag(name, mv.version, key, str(value)[:5000])
    except Exception:
        log.exception("could not tag MLflow version of %s %s", name, version)


def resolve_model_uri(uri: str) -> tuple[str, str, Path]:
    """`models:/<name>/<number or alias>` → (name, registry version, local folder).

    The folder is `models_path/<name>/<version>/` when our registry still has it; otherwise the
    artifacts are downloaded there from MLflow (a fresh replica pointed at a registered version).
    """
    from opentok.ml.registry import model_root

    body = uri.removeprefix("models:/")
    name, _, ref = body.partition("/")
    if not name or not ref:
        raise ValueError(f"expected models:/<name>/<version>, got {uri!r}")
    client = _client()
    if ref.isdigit():
        mv = client.get_model_version(name, ref)
    else:
        mv = client.get_model_version_by_alias(name, ref)
    version = (mv.tags or {}).get(VERSION_TAG) or f"mlflow-{mv.version}"
    folder = model_root(name) / version
    if not folder.is_dir():
        import mlflow

        mlflow.set_tracking_uri(tracking_uri())
        staging = folder.parent / f".download-{version}"
        local = mlflow.artifacts.download_artifacts(artifact_uri=mv.source, dst_path=str(staging))
        Path(local).rename(folder)
    return name, version, folder
