"""Versioned model artifacts on disk plus a registry row per version.

Every trained model (comment moderation, cyberbullying type, ban risk, claims, the
recommender...) is written to `models_path/<name>/<version>/` with a `metrics.json`,
then recorded in the `model_versions` table. Serving code asks `active_dir(name)` for
the folder to load, so a new version can be swapped in (or rolled back) by data alone.

Every `record_version` is also a tracked run (`opentok.ml.tracking`: MLflow when installed,
JSON always), and `settings.model_pins` can pin a model to a registry version or to an MLflow
registered version (`models:/name/3`), which `active_artifact` then serves instead of ACTIVE.
New versions should go through `opentok.ml.promotion.promote_if_not_worse`, which activates
them only when they are not worse than the serving one on the same validation set.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from opentok.core.config import get_settings
from opentok.models import ModelVersion

log = logging.getLogger(__name__)
METRICS_FILE = "metrics.json"
ACTIVE_FILE = "ACTIVE"


def model_root(name: str) -> Path:
    return get_settings().models_path / name


def new_version() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


@dataclass
class Artifact:
    name: str
    version: str
    path: Path

    def write_metrics(self, metrics: dict[str, Any], params: dict[str, Any] | None = None) -> None:
        payload = {"name": self.name, "version": self.version, "metrics": metrics, "params": params or {}}
        (self.path / METRICS_FILE).write_text(json.dumps(payload, indent=2, sort_keys=True))

    def read_metrics(self) -> dict[str, Any]:
        file = self.path / METRICS_FILE
        return json.loads(file.read_text()) if file.exists() else {}


def start_artifact(name: str, version: str | None = None) -> Artifact:
    """A fresh, empty folder for one training run's output."""
    version = version or new_version()
    path = model_root(name) / version
    path.mkdir(parents=True, exist_ok=False)
    return Artifact(name, version, path)


def activate(artifact: Artifact) -> None:
    """Point the `ACTIVE` marker at this version (atomic: write then rename)."""
    root = model_root(artifact.name)
    tmp = root / f".{ACTIVE_FILE}.tmp"
    tmp.write_text(artifact.version)
    tmp.replace(root / ACTIVE_FILE)


def pinned_artifact(name: str) -> Artifact | None:
    """The version `settings.model_pins` asks for, if any (a bad pin is logged, not served)."""
    pin = get_settings().model_pins.get(name, "").strip()
    if not pin:
        return None
    try:
        if pin.startswith("models:/"):
            from opentok.ml.tracking import resolve_model_uri

            _, version, folder = resolve_model_uri(pin)
            return Artifact(name, version, folder)
        folder = model_root(name) / pin
        if (folder / METRICS_FILE).exists():
            return Artifact(name, pin, folder)
        log.error("model pin %s=%s: no such version under %s", name, pin, model_root(name))
    except Exception:
        log.exception("model pin %s=%s could not be resolved; serving the ACTIVE version", name, pin)
    return None


def active_artifact(name: str) -> Artifact | None:
    """The version serving now: a pin, else the ACTIVE marker, else the newest complete folder."""
    pinned = pinned_artifact(name)
    if pinned is not None:
        return pinned
    root = model_root(name)
    marker = root / ACTIVE_FILE
    if marker.exists():
        version = marker.read_text().strip()
        if (root / version / METRICS_FILE).exists():
            return Artifact(name, version, root / version)
    versions = sorted(p.name for p in root.glob("*") if (p / METRICS_FILE).exists()) if root.exists() else []
    return Artifact(name, versions[-1], root / versions[-1]) if versions else None


def discard(artifact: Artifact) -> None:
    shutil.rmtree(artifact.path, ignore_errors=True)


def record_version(
    session: Session,
    artifact: Artifact,
    metrics: dict[str, Any],
    params: dict[str, Any] | None = None,
    active: bool = True,
    note: str | None = None,
    track: bool = True,
) -> ModelVersion:
    """Register a version in the database (an active one deactivates its predecessors) and
    track the run (MLflow run + registered version, or JSON)."""
    if active:
        session.execute(update(ModelVersion).where(ModelVersion.name == artifact.name).values(active=False))
    row = session.scalar(
        select(ModelVersion).where(
            ModelVersion.name == artifact.name, ModelVersion.version == artifact.version
        )
    )
    if row is None:
        row = ModelVersion(name=artifact.name, version=artifact.version, path=str(artifact.path))
        session.add(row)
    row.metrics, row.params, row.active, row.promotion_note = metrics, params or {}, active, note
    session.flush()
    if track:
        from opentok.ml.tracking import track_run

        tags = {"active": str(active).lower(), **({"promotion_note": note[:4000]} if note else {})}
        track_run(artifact.name, params, metrics, artifact.path, version=artifact.version, tags=tags)
    return row
