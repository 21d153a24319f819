"""Account trust for staff, the fact-check queue, and per-video comment sentiment."""

from __future__ import annotations

from sqlalchemy import select

from opentok.models import ModerationDecision, UserRole, Video
from opentok.trust_safety import ban_risk, claims, sentiment


def test_admin_sees_trust_score_and_its_reasons(api, platform, make_user, upload, publish, ts_models):  # type: ignore[no-untyped-def]
    admin, creator = make_user("admin", UserRole.admin), make_user()
    publish(upload(creator)["id"])
    url = f"/api/admin/users/{creator.id}/trust"
    first = api.get(url, headers=admin.headers).json()
    assert first["trust_score"] is None and first["signals"]["video_count"] == 1
    with platform.session() as session:
        ban_risk.apply_to_accounts(session, ban_risk.TrustScorer.load(), [creator.id])
        session.commit()
    body = api.get(url, headers=admin.headers).json()
    assert 0 <= body["trust_score"] <= 100 and body["model_version"].startswith("ban-risk:")
    assert body["features"] and {"feature", "value", "impact"} <= set(body["features"][0])
    assert api.get(url, headers=creator.headers).status_code == 403
    assert api.get("/api/admin/users/999999/trust", headers=admin.headers).status_code == 404


def test_fact_check_queue_and_resolution(api, platform, make_user, upload, ts_models):  # type: ignore[no-untyped-def]
    mod, creator = make_user("mod", UserRole.moderator), make_user()
    claim = upload(creator, title="a colleague read in a magazine that bananas are berries")
    opinion = upload(creator, title="i think that this sunset is lovely")
    with platform.session() as session:
        videos = [session.get(Video, claim["id"]), session.get(Video, opinion["id"])]
        claims.score_videos(session, claims.ClaimScorer.load(), videos)
        session.commit()
    queue = api.get("/api/admin/fact-check", headers=mod.headers).json()
    ids = [item["video_id"] for item in queue]
    assert claim["id"] in ids and opinion["id"] not in ids
    assert api.get("/api/admin/fact-check", headers=creator.headers).status_code == 403
    done = api.post(
        f"/api/admin/fact-check/{claim['id']}/resolve", json={"note": "true"}, headers=mod.headers
    )
    assert done.status_code == 200
    assert claim["id"] not in [
        i["video_id"] for i in api.get("/api/admin/fact-check", headers=mod.headers).json()
    ]
    again = api.post(f"/api/admin/fact-check/{claim['id']}/resolve", json={}, headers=mod.headers)
    assert again.status_code == 404
    with platform.session() as session:
        audit = session.scalars(
            select(ModerationDecision).where(ModerationDecision.subject_id == claim["id"])
        ).all()
        assert [(d.provider, d.actor_id, d.reason) for d in audit if d.provider == "fact-check"] == [
            ("fact-check", mod.id, "true")
        ]


def test_video_sentiment(api, platform, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner, fan = make_user(), make_user()
    video = upload(owner)
    publish(video["id"])
    for text in ("I love this so much!", "not good, really boring", "great :)"):
        resp = api.post(f"/api/videos/{video['id']}/comments", json={"text": text}, headers=fan.headers)
        assert resp.status_code == 201, resp.text
    with platform.session() as session:
        sentiment.score_comments(session, sentiment.unscored_comments(session))
        session.commit()
    body = api.get(f"/api/videos/{video['id']}/sentiment").json()
    assert body["comments"] == 3 and (body["positive"], body["negative"]) == (2, 1)
    assert body["label"] == "positive" and body["model"] == sentiment.MODEL_VERSION
    hidden = upload(owner)
    assert api.get(f"/api/videos/{hidden['id']}/sentiment").status_code == 404
    assert api.get(f"/api/videos/{hidden['id']}/sentiment", headers=owner.headers).json()["comments"] == 0
