"""The versioned recommender artifact: written once by a rebuild, read by every replica.

Layout (under the model registry, `models_path/recommender/<version>/`): `arrays.npz`,
`content.npz`, `centroids.npz`, `meta.json`, then `metrics.json` last (the registry treats a
folder with metrics as complete), then the `ACTIVE` marker is renamed into place. A replica
notices the marker change, loads the new folder beside the old model, and swaps one Python
reference: requests in flight keep the object they started with, so serving never stalls.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from opentok.ml import registry
from opentok.observability.metrics import report_served_model
from recommender_service.engine import scoring

log = logging.getLogger(__name__)

ARTIFACT_NAME = "recommender"
KEEP_VERSIONS = 3


@dataclass
class RecModel:
    """Everything serving needs, immutable once built."""

    version: str
    built_at: str
    video_ids: np.ndarray  # int64, sorted ascending: row i is video video_ids[i]
    owner_ids: np.ndarray  # int64
    category_codes: np.ndarray  # int32 into `categories`
    categories: list[str]
    content: sp.csr_matrix  # videos x terms, L2-normalised
    centroids: sp.csr_matrix  # categories x terms
    engagement: np.ndarray  # float32 in [0, 1], freshness applied at build time
    trending: np.ndarray  # rows, best first
    cf_user_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    cf_user_factors: np.ndarray | None = None
    cf_item_factors: np.ndarray | None = None
    cf_weight: float = 0.0
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def n_videos(self) -> int:
        return int(self.video_ids.size)

    def lookup(self, ids: Any) -> tuple[np.ndarray, np.ndarray]:
        """(rows, known): the row of each id, and which ids the model has at all."""
        ids = np.asarray(list(ids), dtype=np.int64)
        if ids.size == 0 or self.video_ids.size == 0:
            return np.zeros(ids.size, dtype=np.int64), np.zeros(ids.size, dtype=bool)
        pos = np.clip(np.searchsorted(self.video_ids, ids), 0, self.video_ids.size - 1)
        return pos, self.video_ids[pos] == ids

    def rows_of(self, ids: Any) -> np.ndarray:
        """Rows of the given video ids that are in the model (unknown ids are dropped)."""
        rows, known = self.lookup(ids)
        return rows[known]

    @property
    def unit_item_factors(self) -> np.ndarray | None:
        """Item factors scaled to unit length, computed once per loaded model."""
        if self.cf_item_factors is None:
            return None
        cached = getattr(self, "_unit_item_factors", None)
        if cached is None:
            cached = self._unit_item_factors = scoring.unit_rows(self.cf_item_factors)
        return cached

    def row_of(self, video_id: int) -> int | None:
        rows = self.rows_of([video_id])
        return int(rows[0]) if rows.size else None

    def category_code(self, name: str) -> int | None:
        index = getattr(self, "_category_index", None)
        if index is None:
            index = {c: i for i, c in enumerate(self.categories)}
            self._category_index = index
        return index.get(name)

    def describe(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "built_at": self.built_at,
            "sizes": {
                "videos": self.n_videos,
                "terms": int(self.content.shape[1]),
                "categories": len(self.categories),
                "cf_users": int(self.cf_user_ids.size),
                "cf_factors": 0 if self.cf_item_factors is None else int(self.cf_item_factors.shape[1]),
            },
            "cf_weight": self.cf_weight,
            "metrics": self.metrics,
        }


def save(model: RecModel, params: dict[str, Any]) -> registry.Artifact:
    """Write a new version folder and make it the active one (atomic marker rename)."""
    art = registry.start_artifact(ARTIFACT_NAME, model.version)
    arrays: dict[str, np.ndarray] = {
        "video_ids": model.video_ids,
        "owner_ids": model.owner_ids,
        "category_codes": model.category_codes,
        "engagement": model.engagement,
        "trending": model.trending,
        "cf_user_ids": model.cf_user_ids,
    }
    if model.cf_user_factors is not None and model.cf_item_factors is not None:
        arrays["cf_user_factors"] = model.cf_user_factors
        arrays["cf_item_factors"] = model.cf_item_factors
    np.savez(art.path / "arrays.npz", **arrays)
    sp.save_npz(art.path / "content.npz", model.content)
    sp.save_npz(art.path / "centroids.npz", model.centroids)
    meta = {"built_at": model.built_at, "categories": model.categories, "cf_weight": model.cf_weight}
    (art.path / "meta.json").write_text(json.dumps(meta))
    art.write_metrics(model.metrics, params)  # last: marks the folder complete
    registry.activate(art)
    prune()
    return art


def load(path: Path) -> RecModel:
    meta = json.loads((path / "meta.json").read_text())
    metrics = json.loads((path / registry.METRICS_FILE).read_text()).get("metrics", {})
    with np.load(path / "arrays.npz") as z:
        arrays = {k: z[k] for k in z.files}
    return RecModel(
        version=path.name,
        built_at=meta["built_at"],
        video_ids=arrays["video_ids"],
        owner_ids=arrays["owner_ids"],
        category_codes=arrays["category_codes"],
        categories=list(meta["categories"]),
        content=sp.load_npz(path / "content.npz").tocsr(),
        centroids=sp.load_npz(path / "centroids.npz").tocsr(),
        engagement=arrays["engagement"],
        trending=arrays["trending"],
        cf_user_ids=arrays["cf_user_ids"],
        cf_user_factors=arrays.get("cf_user_factors"),
        cf_item_factors=arrays.get("cf_item_factors"),
        cf_weight=float(meta.get("cf_weight", 0.0)),
        metrics=metrics,
    )


def prune(keep: int = KEEP_VERSIONS) -> None:
    """Delete all but the newest `keep` versions; the active one is never deleted."""
    root = registry.model_root(ARTIFACT_NAME)
    active = registry.active_artifact(ARTIFACT_NAME)
    versions = sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []
    for old in versions[:-keep]:
        if active is None or old.name != active.version:
            registry.discard(registry.Artifact(ARTIFACT_NAME, old.name, old))


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ModelStore:
    """Holds the serving model; swaps it by reference when a newer version is activated.

    `current()` checks the registry's ACTIVE marker at most every `poll_s` seconds and loads a
    changed version in a background thread, so no request ever waits for a load.
    """

    def __init__(self, poll_s: float = 5.0) -> None:
        self._model: RecModel | None = None
        self._poll_s = poll_s
        self._checked = 0.0
        self._loading = threading.Lock()

    def current(self) -> RecModel | None:
        if time.monotonic() - self._checked >= self._poll_s:
            self._checked = time.monotonic()
            self._maybe_reload(block=self._model is None)
        return self._model

    def swap(self, model: RecModel) -> None:
        self._model = model  # one reference assignment: atomic for readers
        report_served_model("recommender", ARTIFACT_NAME, model.version)

    def _maybe_reload(self, block: bool) -> None:
        active = registry.active_artifact(ARTIFACT_NAME)
        if active is None or (self._model is not None and self._model.version == active.version):
            return
        if not self._loading.acquire(blocking=False):
            return
        if block:
            self._load_and_swap(active.path)
        else:
            threading.Thread(target=self._load_and_swap, args=(active.path,), daemon=True).start()

    def _load_and_swap(self, path: Path) -> None:
        try:
            model = load(path)
            # The marker is the truth (a rollback activates an older version); only swap if
            # it still names what we loaded, so a slow load never undoes a newer swap.
            active = registry.active_artifact(ARTIFACT_NAME)
            if active is not None and active.version == model.version:
                self.swap(model)
                log.info("recommender model %s loaded", model.version)
        except Exception:  # a half-deleted or corrupt folder must not take serving down
            log.exception("could not load recommender artifact %s", path)
        finally:
            self._loading.release()
