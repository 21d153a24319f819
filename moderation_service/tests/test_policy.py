from __future__ import annotations

import pytest
from sqlalchemy import select

from moderation_service import policy
from moderation_service.policy import Threshold
from opentok.core.config import UNSAFE_CATEGORIES
from opentok.db.session import session_scope
from opentok.models import DecisionSource, ModerationDecision, ModerationPolicy, SubjectType

FLAT = {c: Threshold(0.4, 0.8) for c in UNSAFE_CATEGORIES}


def scores(**values: float) -> dict[str, float]:
    out = dict.fromkeys(UNSAFE_CATEGORIES, 0.01)
    out.update(values)
    out["OK"] = 1 - max(out.values())
    return out


def test_below_review_approves_between_holds_at_or_above_reject_rejects() -> None:
    assert policy.decide(scores(H=0.39), FLAT).verdict == "approve"
    held = policy.decide(scores(H=0.4), FLAT)
    assert held.verdict == "review" and held.categories == ["H"]
    rejected = policy.decide(scores(H=0.8, V=0.5), FLAT)
    assert rejected.verdict == "reject"
    assert rejected.categories == ["H", "V"]  # rejecting first, then held, by score
    assert "hate 0.80" in rejected.reason and "Rejected" in rejected.reason


def test_each_category_uses_its_own_thresholds() -> None:
    custom = {**FLAT, "S3": Threshold(0.05, 0.2)}
    assert policy.decide(scores(S3=0.25), custom).verdict == "reject"
    assert policy.decide(scores(S=0.25), custom).verdict == "approve"


def test_degraded_decision_holds_for_review() -> None:
    decision = policy.degraded_decision()
    assert decision.verdict == "review" and "unavailable" in decision.reason


def test_settings_override_model_calibration(monkeypatch: pytest.MonkeyPatch, service_env) -> None:
    from opentok.core.config import get_settings

    monkeypatch.setenv("MODERATION_THRESHOLDS", '{"H": {"review": 0.2, "reject": 0.3}}')
    get_settings.cache_clear()
    model = {c: {"review": 0.6, "reject": 0.9} for c in UNSAFE_CATEGORIES}
    base = policy.base_thresholds(model)
    assert base["H"] == Threshold(0.2, 0.3, "settings")
    assert base["V"] == Threshold(0.6, 0.9, "model")
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("update", "field"),
    [
        ({"XX": {"review": 0.1, "reject": 0.2}}, "thresholds.XX"),
        ({"H": {"review": 0.9, "reject": 0.5}}, "thresholds.H"),
        ({"H": {"review": 0.5, "reject": 0.5}}, "thresholds.H"),
        ({"H": {"review": -0.1}}, "thresholds.H.review"),
        ({"H": {"reject": 1.5}}, "thresholds.H.reject"),
        ({"H": {"revew": 0.1}}, "thresholds.H"),
        ({}, "thresholds"),
    ],
)
def test_invalid_updates_name_the_field(update: dict, field: str) -> None:
    with pytest.raises(policy.PolicyError) as err:
        policy.validate_update(FLAT, update)
    assert err.value.field == field


def test_partial_update_keeps_the_other_value() -> None:
    assert policy.validate_update(FLAT, {"H": {"review": 0.1}}) == {"H": (0.1, 0.8)}


def test_save_update_persists_and_audits(service_env) -> None:
    with session_scope() as session:
        current = policy.load_thresholds(session)
        policy.save_update(session, current, {"HR": {"review": 0.2, "reject": 0.7}}, actor_id=None)
    with session_scope() as session:
        assert policy.load_thresholds(session)["HR"] == Threshold(0.2, 0.7, "db")
        row = session.scalar(select(ModerationPolicy).where(ModerationPolicy.category == "HR"))
        assert (row.review_threshold, row.reject_threshold) == (0.2, 0.7)
        audit = session.scalars(select(ModerationDecision)).all()
        assert len(audit) == 1
        assert audit[0].subject_type == SubjectType.policy and audit[0].source == DecisionSource.ai
        assert audit[0].details["after"] == {"review": 0.2, "reject": 0.7}
        assert audit[0].details["before"]["source"] == "default"
