"""Scheduled retraining: the comment model weekly, with the moderators' overrides.

The training recipe belongs to the moderation service (`moderation_service.training`): this
job only asks it for a model trained with `feedback=True` (human approve/reject decisions
join the training side; the validation split stays the fixed openai-moderation-half rows),
copies it into a *candidate* registry folder, stores the drift reference beside it, and
lets the promotion rule decide (`opentok.ml.promotion`): the candidate serves only if its
primary metric on that fixed validation set is not worse than the serving version's.

The recommender is rebuilt daily by its own job (`opentok.rebuild_recommender`, 03:00, in
`backend_constant.jobs.recommender`); it is tracked through the same registry.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from backend_constant.celery_app import celery_app
from opentok.db.session import session_scope
from opentok.ml import registry
from opentok.models import ModelVersion
from opentok.tasks import RETRAIN_COMMENT_MODEL

log = logging.getLogger(__name__)
#: At most this many training texts (scored by the new model) become the drift reference.
REFERENCE_ROWS = 2000


def _validation_set_id(cfg: Any) -> str:
    return f"openai-moderation-half:val={cfg.val_fraction}:seed={cfg.seed}"


def _write_drift_reference(artifact: registry.Artifact, cfg: Any) -> None:
    """The training texts and the new model's serving-path scores on them: what drift compares
    the live comments with."""
    from moderation_service.text.classifier import CommentClassifier
    from moderation_service.training import datasets
    from opentok.ml.drift import write_reference

    train_rows, val_rows = datasets.openai_split(cfg.val_fraction, cfg.seed)
    texts = [ex.text for ex in [*train_rows, *val_rows]][:REFERENCE_ROWS]
    clf = CommentClassifier.from_pretrained(artifact.path, version=artifact.version, source="local")
    write_reference(artifact.path, texts, clf.predict(texts))


@celery_app.task(name=RETRAIN_COMMENT_MODEL)
def retrain_comment_model(profile: str | None = None) -> dict:
    """Train with feedback, then promote only if not worse. Returns the decision."""
    try:
        from moderation_service.text.classifier import MODEL_NAME
        from moderation_service.training.cache import cached_model
        from moderation_service.training.feedback import load_feedback_examples
        from moderation_service.training.train_comments import profile_config
    except ImportError as exc:  # a deployment without the moderation service
        log.warning("comment retraining skipped: %s", exc)
        return {"skipped": f"moderation_service.training unavailable: {exc}"}

    from opentok.ml.promotion import promote_if_not_worse

    cfg = replace(profile_config(profile), feedback=True)
    feedback_rows = len(load_feedback_examples())
    key, trained = cached_model(cfg, show_progress=False)
    with session_scope() as session:  # same data and recipe as a version already judged: nothing new
        rows = session.scalars(select(ModelVersion).where(ModelVersion.name == MODEL_NAME)).all()
        seen = [r.version for r in rows if (r.params or {}).get("cache_key") == key]
    if seen:
        return {"skipped": "no new moderator overrides since the last retraining", "version": seen[-1]}

    artifact = registry.start_artifact(MODEL_NAME, f"{registry.new_version()}-{key}")
    shutil.copytree(trained, artifact.path, dirs_exist_ok=True)
    stored = artifact.read_metrics()
    metrics = {**stored.get("metrics", {}), "validation_set": _validation_set_id(cfg)}
    params = {
        **stored.get("params", {}),
        "cache_key": key,
        "feedback_rows": feedback_rows,
        "trigger": "weekly",
    }
    artifact.write_metrics(metrics, params)
    try:
        _write_drift_reference(artifact, cfg)
    except Exception:  # drift then falls back to a rolling baseline; never block retraining
        log.exception("could not write the drift reference for %s", artifact.version)

    with session_scope() as session:
        decision = promote_if_not_worse(session, artifact, metrics, params)
    return {
        "version": artifact.version,
        "promoted": decision.promote,
        "note": decision.note,
        "feedback_rows": feedback_rows,
    }
