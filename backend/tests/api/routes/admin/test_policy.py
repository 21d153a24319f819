"""Threshold edits: validated by the shared rule, stored in moderation_policies, audited."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("thresholds", "field"),
    [
        ({"H": {"review": 0.9, "reject": 0.5}}, "thresholds.H"),
        ({"H": {"review": 0.5, "reject": 0.5}}, "thresholds.H"),
        ({"H": {"review": -0.1, "reject": 0.5}}, "thresholds.H.review"),
        ({"H": {"review": 0.1, "reject": 1.5}}, "thresholds.H.reject"),
        ({"OK": {"review": 0.1, "reject": 0.5}}, "thresholds.OK"),
        ({"XX": {"review": 0.1, "reject": 0.5}}, "thresholds.XX"),
        ({"H": {"review": 0.1, "block": 0.5}}, "thresholds.H"),
        ({"H": {"review": 0.9}}, "thresholds.H"),  # partial: 0.9 is above the current reject
        ({}, "thresholds"),
    ],
)
def test_invalid_thresholds_are_422(api, admin, thresholds, field):  # type: ignore[no-untyped-def]
    resp = api.put("/api/admin/policy", headers=admin.headers, json={"thresholds": thresholds})
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["field"] == field


def test_change_is_stored_and_audited(api, admin, platform):  # type: ignore[no-untyped-def]
    before = {
        t["category"]: t for t in api.get("/api/admin/policy", headers=admin.headers).json()["thresholds"]
    }
    assert set(before) == {"S", "H", "V", "HR", "SH", "S3", "H2", "V2"}
    body = {"thresholds": {"SH": {"review": 0.1, "reject": 0.6}}, "reason": "self-harm needs more eyes"}
    assert all(t["source"] in ("default", "settings") for t in before.values() if not t["custom"])
    after = api.put("/api/admin/policy", headers=admin.headers, json=body).json()
    self_harm = next(t for t in after["thresholds"] if t["category"] == "SH")
    assert (self_harm["review"], self_harm["reject"], self_harm["updated_by_id"]) == (0.1, 0.6, admin.id)
    assert self_harm["source"] == "db" and self_harm["custom"] is True
    # A partial change keeps the other threshold.
    partial = api.put(
        "/api/admin/policy", headers=admin.headers, json={"thresholds": {"SH": {"review": 0.2}}}
    )
    assert next(t for t in partial.json()["thresholds"] if t["category"] == "SH")["reject"] == 0.6
    audit = api.get(
        "/api/admin/decisions", headers=admin.headers, params={"subject_type": "policy", "category": "SH"}
    ).json()["items"]
    first = next(a for a in audit if a["reason"] == "self-harm needs more eyes")
    assert first["actor"]["username"] == admin.username and first["source"] == "human"
    assert first["details"]["before"]["review"] == before["SH"]["review"]
    assert first["details"]["before"]["reject"] == before["SH"]["reject"]
    assert first["details"]["after"] == {"review": 0.1, "reject": 0.6}
    assert audit[0]["details"]["after"] == {"review": 0.2, "reject": 0.6}  # the partial change, newest
    # The same table the moderation service reads.
    from opentok.models import ModerationPolicy

    with platform.session() as session:
        row = session.query(ModerationPolicy).filter_by(category="SH").one()
        assert (row.review_threshold, row.reject_threshold) == (0.2, 0.6)
