"""The demo uploader signs creators in through the API and uploads captioned clips."""

from __future__ import annotations

import httpx

from opentok.models import Video, VideoHashtag
from testing.upload_videos import plan_clips, run


def test_plans_mix_shapes_categories_and_hashtags() -> None:
    plans = plan_clips(9, seed=1)
    assert {p.shape for p in plans} == {"portrait", "landscape"}
    assert len({p.category for p in plans}) >= 3
    assert len({p.creator for p in plans}) >= 3
    assert all(p.hashtags and f"#{p.hashtags[0]}" in p.description for p in plans)


def test_uploads_as_registered_demo_users(platform, api: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    ids = run(platform.base_url, 2, scale=0.3) + run(platform.base_url, 1, scale=0.3, multipart=True, seed=3)
    assert len(ids) == 3
    with platform.session() as session:
        videos = [session.get(Video, i) for i in ids]
        assert all(v.status.value == "uploaded" and v.source_size > 0 for v in videos)
        assert all(session.query(VideoHashtag).filter_by(video_id=v.id).count() >= 2 for v in videos)
    # The creators really exist and can log in with the demo password.
    plan = plan_clips(1, seed=7)[0]
    resp = api.post("/api/auth/login", json={"username": plan.creator, "password": "opentok-demo-pass"})
    assert resp.status_code == 200
