"""History filters and the AI/human agreement rate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _decide(api, staff, cid, action, reason):  # type: ignore[no-untyped-def]
    body = {"subject_type": "comment", "subject_id": cid, "action": action, "reason": reason}
    assert api.post("/api/admin/decisions", headers=staff.headers, json=body).status_code == 201


def test_filters_and_agreement(api, make_user, moderator, admin, published_video, ai_comment):  # type: ignore[no-untyped-def]
    author = make_user("author")
    ids = []
    for text in ("a hateful one", "a sarcastic one", "a safe one"):
        resp = api.post(
            f"/api/videos/{published_video['id']}/comments", headers=author.headers, json={"text": text}
        )
        ids.append(resp.json()["id"])
    hateful, sarcastic, safe = ids
    ai_comment(hateful, "reject")
    ai_comment(sarcastic, "reject")
    ai_comment(safe, "approve", {"OK": 0.99})
    before = api.get("/api/admin/decisions/agreement", headers=admin.headers).json()
    _decide(api, moderator, hateful, "reject", "confirmed hate")  # agrees
    _decide(api, admin, sarcastic, "approve", "sarcasm")  # disagrees
    _decide(api, moderator, safe, "approve", "fine")  # agrees

    mine = api.get(
        "/api/admin/decisions", headers=admin.headers, params={"moderator": moderator.username}
    ).json()
    assert {d["subject_id"] for d in mine["items"]} == {hateful, safe}
    assert all(d["actor"]["id"] == moderator.id for d in mine["items"])
    human_h = api.get(
        "/api/admin/decisions",
        headers=admin.headers,
        params={"source": "human", "category": "H", "subject_type": "comment"},
    ).json()["items"]
    assert {hateful, sarcastic} <= {d["subject_id"] for d in human_h} and safe not in {
        d["subject_id"] for d in human_h
    }
    approvals = api.get(
        "/api/admin/decisions", headers=admin.headers, params={"verdict": "approve", "source": "human"}
    )
    assert {sarcastic, safe} <= {d["subject_id"] for d in approvals.json()["items"]}
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert (
        api.get("/api/admin/decisions", headers=admin.headers, params={"start": future}).json()["items"] == []
    )
    past = api.get(
        "/api/admin/decisions", headers=admin.headers, params={"end": "2000-01-01T00:00:00"}
    ).json()
    assert past["items"] == []
    assert (
        api.get("/api/admin/decisions", headers=admin.headers, params={"moderator": "no_such_mod"}).json()[
            "items"
        ]
        == []
    )
    bad = api.get("/api/admin/decisions", headers=admin.headers, params={"category": "ZZ"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "category"
    assert (
        api.get("/api/admin/decisions", headers=admin.headers, params={"start": "yesterday"}).status_code
        == 422
    )

    # Paging walks the whole filtered history without repeats.
    seen, cursor = [], None
    while True:
        page = api.get(
            "/api/admin/decisions",
            headers=admin.headers,
            params={"limit": 2, **({"cursor": cursor} if cursor else {})},
        ).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) >= 6

    after = api.get("/api/admin/decisions/agreement", headers=admin.headers).json()
    rows = {r["category"]: r for r in after["categories"]}
    old = {r["category"]: r for r in before["categories"]}
    h_total = rows["H"]["total"] - old.get("H", {"total": 0})["total"]
    h_agree = rows["H"]["agree"] - old.get("H", {"agree": 0})["agree"]
    assert (h_total, h_agree) == (2, 1)
    assert rows["none"]["total"] - old.get("none", {"total": 0})["total"] == 1
    assert after["overall"]["total"] - before["overall"]["total"] == 3
    assert after["overall"]["agree"] - before["overall"]["agree"] == 2
    one = api.get(f"/api/admin/decisions/{mine['items'][0]['id']}", headers=admin.headers)
    assert one.status_code == 200 and one.json()["source"] == "human"
    assert api.get("/api/admin/decisions/99999999", headers=admin.headers).status_code == 404
