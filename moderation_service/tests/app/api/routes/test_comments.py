from __future__ import annotations

import concurrent.futures

from fastapi.testclient import TestClient

from moderation_service.tests.support import HATEFUL, SAFE, VIOLENT
from opentok.core.config import CATEGORIES


def test_classify_scores_a_batch_in_order(client: TestClient) -> None:
    resp = client.post("/v1/comments:classify", json={"texts": [SAFE[0], VIOLENT[0], HATEFUL[1]]})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["degraded"] is False and body["model_version"] and body["provider"] == "comment-model:local"
    safe, violent, hateful = body["results"]
    for result in body["results"]:
        assert set(result["scores"]) == set(CATEGORIES)
        assert result["verdict"] in {"approve", "review", "reject"} and result["reason"]
    assert safe["verdict"] == "approve" and safe["categories"] == []
    assert violent["verdict"] != "approve" and "V" in violent["categories"]
    assert hateful["verdict"] != "approve" and "H" in hateful["categories"]


def test_concurrent_requests_all_get_answers(client: TestClient) -> None:
    texts = SAFE + VIOLENT
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda t: client.post("/v1/comments:classify", json={"texts": [t]}), texts))
    assert all(a.status_code == 200 for a in answers)
    direct = client.post("/v1/comments:classify", json={"texts": texts}).json()["results"]
    for a, d in zip(answers, direct, strict=True):
        assert a.json()["results"][0]["verdict"] == d["verdict"]


def test_policy_changes_apply_to_the_next_verdict(client: TestClient) -> None:
    text = SAFE[2]
    assert (
        client.post("/v1/comments:classify", json={"texts": [text]}).json()["results"][0]["verdict"]
        == "approve"
    )
    strict = {c: {"review": 0.0, "reject": 0.000001} for c in CATEGORIES if c != "OK"}
    assert client.put("/v1/policy", json={"thresholds": strict}).status_code == 200
    assert (
        client.post("/v1/comments:classify", json={"texts": [text]}).json()["results"][0]["verdict"]
        == "reject"
    )


def test_bad_input_is_a_json_error_never_a_500(client: TestClient) -> None:
    cases = [
        ({"texts": []}, "texts"),
        ({"texts": "hello"}, "texts"),
        ({"texts": [1, None]}, "texts.0"),
        ({}, "texts"),
        ({"texts": ["x" * 20_001]}, "texts.0"),
        ({"texts": ["ok"] * 257}, "texts"),
    ]
    for payload, field in cases:
        resp = client.post("/v1/comments:classify", json=payload)
        assert resp.status_code == 422, (payload, resp.text)
        error = resp.json()["error"]
        assert error["field"] == field and error["code"] in {"validation_error", "text_too_long"}
    resp = client.post(
        "/v1/comments:classify", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422 and "error" in resp.json()


def test_degraded_service_holds_everything_for_review(degraded_client: TestClient) -> None:
    health = degraded_client.get("/healthz").json()
    assert health["status"] == "degraded" and health["comment_model"] is None
    body = degraded_client.post("/v1/comments:classify", json={"texts": [SAFE[0], VIOLENT[0]]}).json()
    assert body["degraded"] is True and body["model_version"] is None
    assert [r["verdict"] for r in body["results"]] == ["review", "review"]
    assert "unavailable" in body["results"][0]["reason"]
