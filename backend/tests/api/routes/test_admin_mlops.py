"""Admin MLOps endpoints over real HTTP; the drift job runs as a real process on seeded comments."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import redis

from opentok.core.config import REPO_ROOT
from opentok.db.base import utcnow
from opentok.models import Comment, ModelVersion, UserRole, Video

SCORES = {"H": 0.01, "OK": 0.99}


def _seed(platform, owner_id: int, texts: list[str], hours_ago: float) -> None:  # type: ignore[no-untyped-def]
    when = utcnow() - timedelta(hours=hours_ago)
    with platform.session() as session:
        video = Video(owner_id=owner_id, title="drift seed")
        session.add(video)
        session.flush()
        session.add_all(
            Comment(video_id=video.id, user_id=owner_id, text=t, created_at=when, scores=SCORES)
            for t in texts
        )
        session.commit()


def test_drift_job_report_and_alert_show_in_admin(api, make_user, platform) -> None:  # type: ignore[no-untyped-def]
    mod = make_user("mod", role=UserRole.moderator)
    # a calm baseline three days ago (the rolling reference when no model artifact has one) ...
    calm = [f"I really enjoyed this video about cooking number {i}, thanks for sharing" for i in range(120)]
    _seed(platform, mod.id, calm, hours_ago=72)
    # ... then a day of short, shouting, non-English comments
    _seed(platform, mod.id, [f"¡¡JAJAJA {i}!!! 🔥🔥" for i in range(120)], hours_ago=1)

    job = subprocess.run(
        [sys.executable, "-c", "import json; from backend_constant.jobs.drift import drift_report; "
         "print(json.dumps(drift_report()))"],
        cwd=REPO_ROOT, env=platform.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert job.returncode == 0, job.stderr[-2000:]
    result = json.loads(job.stdout.strip().splitlines()[-1])
    assert result["alert"] is True and result["max_psi"] > 0.2

    resp = api.get("/api/admin/drift", headers=mod.headers)
    assert resp.status_code == 200
    body = resp.json()
    report = next(r for r in body["reports"] if r["id"] == result["id"])
    assert report["alert"] and report["report"]["reference"].startswith("comments of the previous")
    assert "text_length" in report["report"]["drifted_features"]
    alert = next(a for a in body["alerts"] if a["details"]["drift_report_id"] == result["id"])
    assert body["threshold"] == 0.2 and alert["kind"] == "drift"

    acked = api.post(f"/api/admin/alerts/{alert['id']}/ack", headers=mod.headers)
    assert acked.status_code == 200 and acked.json()["acknowledged_at"]
    open_ids = [a["id"] for a in api.get("/api/admin/drift", headers=mod.headers).json()["alerts"]]
    assert alert["id"] not in open_ids
    assert api.post("/api/admin/alerts/999999999/ack", headers=mod.headers).status_code == 404


def test_drift_and_models_need_staff_roles(api, make_user, platform) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    assert api.get("/api/admin/drift").status_code == 401
    assert api.get("/api/admin/drift", headers=user.headers).status_code == 403
    assert api.get("/api/admin/models", headers=user.headers).status_code == 403
    mod = make_user("mod", role=UserRole.moderator)
    assert api.post("/api/admin/drift/run", headers=mod.headers).status_code == 403  # admins only
    assert api.get("/api/admin/drift?limit=0", headers=mod.headers).status_code == 422


def test_admin_can_queue_a_drift_report(api, make_user, platform) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("admin", role=UserRole.admin)
    resp = api.post("/api/admin/drift/run", headers=admin.headers)
    assert resp.status_code == 202
    broker = redis.Redis.from_url(platform.redis_url)
    queued = broker.lrange("default", 0, -1)
    ours = [m for m in queued if json.loads(m)["headers"]["task"] == "opentok.drift_report"]
    assert ours
    for message in ours:  # leave the queue as we found it for the worker tests that follow
        broker.lrem("default", 1, message)


def test_model_versions_list_promotion_notes(api, make_user, platform) -> None:  # type: ignore[no-untyped-def]
    mod = make_user("mod", role=UserRole.moderator)
    with platform.session() as session:
        session.add_all([
            ModelVersion(name="claims", version="v1", path="/m/claims/v1", metrics={"f1": 0.7}, active=True,
                         promotion_note="promoted: first version", created_at=datetime(2026, 1, 1)),
            ModelVersion(name="claims", version="v2", path="/m/claims/v2", metrics={"f1": 0.6}, active=False,
                         promotion_note="held: f1 0.6000 is worse than 0.7000 (higher is better)",
                         created_at=datetime(2026, 1, 2)),
        ])  # fmt: skip
        session.commit()
    versions = api.get("/api/admin/models", headers=mod.headers).json()["versions"]
    rows = [v for v in versions if v["name"] == "claims"]
    assert [(r["version"], r["active"]) for r in rows] == [("v2", False), ("v1", True)]
    assert rows[0]["promotion_note"].startswith("held")
