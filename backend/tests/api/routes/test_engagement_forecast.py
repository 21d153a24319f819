"""POST /api/engagement/predict: a draft in, a bucket with its confidence out."""

from __future__ import annotations

import httpx

DRAFT = {
    "text": "a friend read in the news that octopuses have three hearts",
    "hashtags": ["#Science", "ocean"],
    "category": "education",
    "duration_s": 42,
    "hour": 19,
}


def test_predicts_a_bucket_with_confidence(api, make_user, ts_models):  # type: ignore[no-untyped-def]
    creator = make_user()
    resp = api.post("/api/engagement/predict", json=DRAFT, headers=creator.headers)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["bucket"] in {"low", "medium", "high"}
    assert body["confidence"] == max(body["probabilities"].values())
    assert body["trained_on"] == "tiktok-claims"
    assert body["holdout"]["accuracy"] > body["holdout"]["majority_baseline_accuracy"]


def test_needs_an_account_and_valid_draft(api, make_user, ts_models):  # type: ignore[no-untyped-def]
    assert api.post("/api/engagement/predict", json=DRAFT).status_code == 401
    user = make_user()
    for bad, field in (
        ({"hour": 24}, "hour"),
        ({"duration_s": -1}, "duration_s"),
        ({"hashtags": [""]}, "hashtags"),
    ):
        resp = api.post("/api/engagement/predict", json={**DRAFT, **bad}, headers=user.headers)
        assert resp.status_code == 422 and resp.json()["error"]["field"] == field


def test_without_a_model_answers_503(platform, make_user, tmp_path):  # type: ignore[no-untyped-def]
    user = make_user()
    url = platform.start_gateway(env={"MODELS_DIR": str(tmp_path / "none")}, name="gateway-no-models")
    resp = httpx.post(f"{url}/api/engagement/predict", json=DRAFT, headers=user.headers, timeout=30)
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "model_unavailable"
