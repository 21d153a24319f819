"""Build or reuse a trained comment model: `ensure_comment_model()`.

Training takes minutes, so run and test commands must not repeat it. A model is cached in
`settings.comment_model_cache_dir/<key>/`, where the key hashes the training config, the
checksums of the data it reads and the code version of the training recipe. On a hit the
folder is linked into the registry (`models_path/comment-moderation/<version>-<key>/`) and
activated; only a miss trains. The cache lives outside the repo so reruns and fresh
checkouts on the same machine share it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import asdict
from pathlib import Path

from moderation_service.text.classifier import MODEL_NAME
from moderation_service.training import datasets
from moderation_service.training.train_comments import TrainConfig, profile_config, train
from opentok.core.config import get_settings
from opentok.ml import registry

log = logging.getLogger(__name__)

RECIPE_VERSION = 1  # bump when train() changes in a way that changes the weights


def cache_key(cfg: TrainConfig) -> str:
    files = [datasets.OPENAI]
    if cfg.davidson:
        files.append(datasets.DAVIDSON)
    if cfg.cyberbullying:
        files.append(datasets.CYBERBULLYING)
    payload = {
        "recipe": RECIPE_VERSION,
        "config": asdict(cfg),
        "data": {f: datasets.sha256(datasets.data_path(f)) for f in files},
    }
    if cfg.feedback:
        from moderation_service.training.feedback import load_feedback_examples

        payload["feedback"] = [(ex.text, sorted(ex.labels.items())) for ex in load_feedback_examples()]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _link_tree(src: Path, dst: Path) -> None:
    """Hard-link files when on the same filesystem (no second copy of the weights)."""

    def link_or_copy(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, copy_function=link_or_copy, dirs_exist_ok=True)


def _registered(key: str) -> registry.Artifact | None:
    root = registry.model_root(MODEL_NAME)
    if not root.exists():
        return None
    for folder in sorted(root.glob(f"*-{key}"), reverse=True):
        if (folder / registry.METRICS_FILE).exists():
            return registry.Artifact(MODEL_NAME, folder.name, folder)
    return None


def cached_model(cfg: TrainConfig, force: bool = False, show_progress: bool = True) -> tuple[str, Path]:
    """(key, folder) of the trained model for `cfg` in the cache, training on a miss."""
    key = cache_key(cfg)
    cached = get_settings().comment_model_cache_dir / key
    if force or not (cached / registry.METRICS_FILE).exists():
        tmp = cached.with_name(f".{key}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        log.info("training comment model %s (cache miss)", key)
        result = train(cfg, tmp, show_progress=show_progress)
        payload = {"name": MODEL_NAME, "version": key, "metrics": result, "params": asdict(cfg)}
        (tmp / registry.METRICS_FILE).write_text(json.dumps(payload, indent=2, sort_keys=True))
        shutil.rmtree(cached, ignore_errors=True)
        tmp.rename(cached)
    else:
        log.info("reusing cached comment model %s", key)
    return key, cached


def ensure_comment_model(
    cfg: TrainConfig | None = None, force: bool = False, show_progress: bool = True
) -> registry.Artifact:
    """The active comment-moderation artifact for `cfg`, training only on a cache miss."""
    cfg = cfg or profile_config(None)
    artifact = None if force else _registered(cache_key(cfg))
    if artifact is None:
        key, cached = cached_model(cfg, force, show_progress)
        version = f"{registry.new_version()}-{key}"
        artifact = registry.Artifact(MODEL_NAME, version, registry.model_root(MODEL_NAME) / version)
        _link_tree(cached, artifact.path)
        stored = artifact.read_metrics()
        artifact.write_metrics(stored["metrics"], {**stored["params"], "cache_key": key})
    registry.activate(artifact)
    _record(artifact)
    return artifact


def _record(artifact: registry.Artifact) -> None:
    """Register the version in the database when one is reachable (the files are the truth)."""
    from sqlalchemy.exc import SQLAlchemyError

    from opentok.db.session import session_scope

    stored = artifact.read_metrics()
    try:
        with session_scope() as session:
            registry.record_version(session, artifact, stored.get("metrics", {}), stored.get("params", {}))
    except SQLAlchemyError as exc:
        log.info(
            "model_versions not updated (%s); the registry folder is still active", exc.__class__.__name__
        )
