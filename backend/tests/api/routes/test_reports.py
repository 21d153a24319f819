"""User reports."""

from __future__ import annotations

from opentok.models import Report


def test_report_video_comment_and_user(api, make_user, upload, publish, platform):  # type: ignore[no-untyped-def]
    owner, reporter = make_user(), make_user()
    video = upload(owner)
    publish(video["id"])
    resp = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "video", "subject_id": video["id"], "reason": "spam", "details": "bot"},
    )
    assert resp.status_code == 201 and resp.json()["status"] == "open"
    with platform.session() as session:
        assert session.get(Report, resp.json()["id"]).reporter_id == reporter.id
    dup = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "video", "subject_id": video["id"], "reason": "spam"},
    )
    assert dup.status_code == 409
    user_report = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "user", "subject_id": owner.id, "reason": "harassment"},
    )
    assert user_report.status_code == 201


def test_report_validation(api, make_user):  # type: ignore[no-untyped-def]
    reporter = make_user()
    bad_reason = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "video", "subject_id": 1, "reason": "ugly"},
    )
    assert bad_reason.status_code == 422 and bad_reason.json()["error"]["field"] == "reason"
    bad_type = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "planet", "subject_id": 1, "reason": "spam"},
    )
    assert bad_type.status_code == 422
    missing = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "comment", "subject_id": 987654, "reason": "spam"},
    )
    assert missing.status_code == 404
    self_report = api.post(
        "/api/reports",
        headers=reporter.headers,
        json={"subject_type": "user", "subject_id": reporter.id, "reason": "spam"},
    )
    assert self_report.status_code == 400
    assert (
        api.post("/api/reports", json={"subject_type": "user", "subject_id": 1, "reason": "spam"}).status_code
        == 401
    )
