from __future__ import annotations

from fastapi.testclient import TestClient

from moderation_service.tests.support import HATEFUL, SAFE


def test_health_and_models_report_loaded_versions(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["comment_model"] and health["cyberbullying_model"]
    models = client.get("/v1/models").json()
    comment = models["comment_moderation"]
    assert comment["loaded"] == health["comment_model"] and comment["degraded"] is False
    assert [v["active"] for v in comment["versions"]] == [True]
    assert comment["versions"][0]["metrics"] == {"note": "tiny test model"}
    assert models["cyberbullying_type"]["kind"] == "tfidf"


def test_reload_picks_up_a_new_active_version(client: TestClient, tiny_model_dir) -> None:
    from moderation_service.tests.support import register_comment_model

    before = client.get("/healthz").json()["comment_model"]
    newer = register_comment_model(tiny_model_dir)
    assert client.post("/v1/models:reload").json() == {"comment_model": newer.version, "degraded": False}
    assert client.get("/healthz").json()["comment_model"] == newer.version != before
    assert client.post("/v1/comments:classify", json={"texts": [SAFE[0]]}).status_code == 200


def test_cyberbullying_type(client: TestClient) -> None:
    resp = client.post(
        "/v1/text/cyberbullying", json={"texts": [HATEFUL[1], "you are too old to be on tiktok grandma"]}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["kind"] == "tfidf" and len(body["results"]) == 2
    for r in body["results"]:
        assert r["label"] in {"age", "ethnicity", "gender", "religion", "other", "not"}
        assert abs(sum(r["probabilities"].values()) - 1) < 1e-4
    assert body["results"][1]["label"] == "age"


def test_cyberbullying_without_model_is_503(degraded_client: TestClient) -> None:
    resp = degraded_client.post("/v1/text/cyberbullying", json={"texts": ["x"]})
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "model_unavailable"
    assert degraded_client.post("/v1/text/cyberbullying", json={"texts": []}).status_code == 422
