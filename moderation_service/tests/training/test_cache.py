from __future__ import annotations

from dataclasses import replace

from moderation_service.text.classifier import get_classifier
from moderation_service.training.cache import cache_key, ensure_comment_model
from moderation_service.training.train_comments import PROFILES
from opentok.core.config import get_settings
from opentok.ml import registry


def test_ensure_trains_once_then_reuses_the_cache(service_env) -> None:
    """The real pipeline on the `tiny` profile: MiniLM fine-tuned for a few steps."""
    cfg = PROFILES["tiny"]
    first = ensure_comment_model(cfg, show_progress=False)
    key = cache_key(cfg)
    cached = get_settings().comment_model_cache_dir / key
    assert (cached / "metrics.json").exists() and (cached / "thresholds.json").exists()
    stored = first.read_metrics()
    assert stored["params"]["cache_key"] == key
    assert set(stored["metrics"]["auprc"]) >= {"S", "H", "any_unsafe"}
    assert registry.active_artifact("comment-moderation").version == first.version
    weights = next(cached.glob("*.safetensors"))
    mtime = weights.stat().st_mtime_ns

    again = ensure_comment_model(cfg, show_progress=False)
    assert again.version == first.version  # same registered folder, nothing retrained
    assert weights.stat().st_mtime_ns == mtime
    assert cache_key(replace(cfg, epochs=2)) != key  # another recipe is another model

    clf = get_classifier()
    assert clf is not None and clf.version == first.version
    assert clf.thresholds == stored["metrics"]["thresholds"]
