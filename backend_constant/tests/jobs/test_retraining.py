"""Weekly retraining end to end with the real (tiny) training recipe of the moderation
service: the first model is promoted, a retrain with a moderator's override is decided by the
promotion rule and logged, and a retrain with nothing new is skipped.

Runs where `moderation_service.training` is present (it is the moderation issue's code), in CI
(CI=true) or with OPENTOK_SLOW_TESTS=1: two real trainings take minutes on busy CPUs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

pytest.importorskip("moderation_service.training.cache")
if not (os.environ.get("CI", "").lower() == "true" or os.environ.get("OPENTOK_SLOW_TESTS") == "1"):
    pytest.skip("slow: set OPENTOK_SLOW_TESTS=1 (CI runs it)", allow_module_level=True)

from backend_constant.jobs import retraining  # noqa: E402
from opentok.core.config import get_settings  # noqa: E402
from opentok.db.migrate import upgrade_head  # noqa: E402
from opentok.db.session import get_engine, get_sessionmaker, session_scope  # noqa: E402
from opentok.ml.drift import REFERENCE_FILE  # noqa: E402
from opentok.models import (  # noqa: E402
    Comment,
    DecisionSource,
    ModelVersion,
    ModerationDecision,
    SubjectType,
    User,
    Verdict,
    Video,
)


def _clear() -> None:
    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("COMMENT_MODEL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(retraining, "REFERENCE_ROWS", 64)  # a small drift reference: faster
    _clear()
    upgrade_head(get_settings().sqlalchemy_url)
    yield tmp_path
    _clear()


def _override(text: str) -> None:
    """A comment the AI let through and a moderator rejected as harassment."""
    with session_scope() as session:
        user = User(username="troll", email="troll@example.com", password_hash="x")
        session.add(user)
        session.flush()
        video = Video(owner_id=user.id, title="v")
        session.add(video)
        session.flush()
        comment = Comment(video_id=video.id, user_id=user.id, text=text)
        session.add(comment)
        session.flush()
        session.add(
            ModerationDecision(
                subject_type=SubjectType.comment, subject_id=comment.id, source=DecisionSource.human,
                verdict=Verdict.reject, categories=["HR"], reason="harassment",
            )
        )  # fmt: skip


@pytest.mark.slow
def test_weekly_retraining_goes_through_the_promotion_rule(workdir: Path) -> None:
    first = retraining.retrain_comment_model("tiny")
    assert first["promoted"] and first["note"].startswith("promoted: first version")
    artifact_dir = workdir / "models" / "comment-moderation" / first["version"]
    assert (artifact_dir / REFERENCE_FILE).exists()
    assert (workdir / "tracking" / "comment-moderation" / f"{first['version']}.json").exists()

    _override("you are worthless and everyone at school laughs at you, loser")
    second = retraining.retrain_comment_model("tiny")
    assert second["feedback_rows"] == 1 and second["version"] != first["version"]
    with session_scope() as session:
        rows = {r.version: r for r in session.scalars(select(ModelVersion))}
    old, new = rows[first["version"]], rows[second["version"]]
    better_or_equal = new.metrics["macro_auprc"] >= old.metrics["macro_auprc"]
    assert second["promoted"] == better_or_equal == new.active == (not old.active)
    assert new.promotion_note == second["note"] and new.params["feedback_rows"] == 1

    assert "skipped" in retraining.retrain_comment_model("tiny")
