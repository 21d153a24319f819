"""GET /api/trends over the real gateway."""

from __future__ import annotations


def test_trending_tags_from_published_posts(api, make_user, upload, publish):  # type: ignore[no-untyped-def]
    owner = make_user()
    for i in range(3):
        video = upload(owner, title=f"sunset #zzburst{i % 1}", hashtags="zzburst golden")
        publish(video["id"])
    hidden = upload(owner, title="not published #zzhidden")  # stays unpublished
    assert hidden["id"]
    resp = api.get("/api/trends", params={"limit": 100})
    assert resp.status_code == 200
    body = resp.json()
    tags = {t["tag"]: t for t in body["items"]}
    assert tags["zzburst0"]["posts"] == 3 and tags["zzburst0"]["burst"] > 0
    assert "zzhidden" not in tags
    assert body["window_hours"] == 24 and body["sort"] == "score"
    scores = [t["score"] for t in body["items"]]
    assert scores == sorted(scores, reverse=True)
    by_burst = api.get("/api/trends", params={"sort": "burst", "limit": 100}).json()["items"]
    assert [t["burst"] for t in by_burst] == sorted((t["burst"] for t in by_burst), reverse=True)


def test_bad_parameters_are_422(api):  # type: ignore[no-untyped-def]
    for params in ({"sort": "random"}, {"window_hours": 0}, {"limit": 1000}):
        resp = api.get("/api/trends", params=params)
        assert resp.status_code == 422 and resp.json()["error"]["code"] == "validation_error"
