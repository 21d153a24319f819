from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from opentok.core.config import UNSAFE_CATEGORIES
from opentok.db.session import session_scope
from opentok.models import DecisionSource, ModerationDecision, ModerationPolicy, SubjectType


def test_get_policy_shows_model_calibrated_thresholds(client: TestClient) -> None:
    body = client.get("/v1/policy").json()
    assert set(body["thresholds"]) == set(UNSAFE_CATEGORIES)
    assert body["thresholds"]["H"] == {"review": 0.5, "reject": 0.8, "source": "model"}


def test_put_policy_persists_and_logs_every_change(client: TestClient) -> None:
    resp = client.put(
        "/v1/policy",
        json={"thresholds": {"H": {"review": 0.3}, "V": {"review": 0.2, "reject": 0.6}}, "note": "x"},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["thresholds"]["H"] == {"review": 0.3, "reject": 0.8, "source": "db"}
    assert client.get("/v1/policy").json()["thresholds"]["V"] == {
        "review": 0.2,
        "reject": 0.6,
        "source": "db",
    }
    with session_scope() as session:
        rows = {r.category: r for r in session.scalars(select(ModerationPolicy))}
        assert (rows["V"].review_threshold, rows["V"].reject_threshold) == (0.2, 0.6)
        audit = session.scalars(
            select(ModerationDecision).where(ModerationDecision.subject_type == SubjectType.policy)
        ).all()
        assert sorted(a.categories[0] for a in audit) == ["H", "V"]
        assert all(a.source == DecisionSource.ai and a.reason == "x" for a in audit)


def test_put_policy_rejects_invalid_thresholds_with_the_field(client: TestClient) -> None:
    before = client.get("/v1/policy").json()
    cases = [
        ({"thresholds": {"H": {"review": 0.9, "reject": 0.1}}}, "thresholds.H"),
        ({"thresholds": {"H": {"review": 1.2}}}, "thresholds.H.review"),
        ({"thresholds": {"NOPE": {"review": 0.1, "reject": 0.2}}}, "thresholds.NOPE"),
        ({"thresholds": {"H": {"review": "high"}}}, "thresholds.H.review"),
        ({"thresholds": []}, "thresholds"),
    ]
    for payload, field in cases:
        resp = client.put("/v1/policy", json=payload)
        assert resp.status_code == 422, (payload, resp.text)
        assert resp.json()["error"]["field"] == field
    assert client.get("/v1/policy").json() == before
