"""The review queue and overrides in both directions, seen from the users' side."""

from __future__ import annotations


def _post_comment(api, video_id, account, text="you are all idiots and should disappear"):  # type: ignore[no-untyped-def]
    resp = api.post(f"/api/videos/{video_id}/comments", headers=account.headers, json={"text": text})
    assert resp.status_code == 201, resp.text
    return resp.json()


def _queue(api, staff, **params):  # type: ignore[no-untyped-def]
    resp = api.get("/api/admin/queue", headers=staff.headers, params=params)
    assert resp.status_code == 200, resp.text
    return {item["key"]: item for item in resp.json()["items"]}


def _decide(api, staff, subject_type, subject_id, action, reason="checked by hand"):  # type: ignore[no-untyped-def]
    body = {"subject_type": subject_type, "subject_id": subject_id, "action": action, "reason": reason}
    return api.post("/api/admin/decisions", headers=staff.headers, json=body)


def test_rejected_comment_override_makes_it_visible(api, make_user, moderator, published_video, ai_comment):  # type: ignore[no-untyped-def]
    author = make_user("author")
    comment = _post_comment(api, published_video["id"], author, "honestly this recipe is trash lol")
    # Not yet scored: in flight, not in the queue.
    assert f"comment:{comment['id']}" not in _queue(api, moderator, type="comment")
    ai_comment(comment["id"], "reject")

    item = _queue(api, moderator, type="comment")[f"comment:{comment['id']}"]
    assert item["status"] == "rejected" and item["text"] == "honestly this recipe is trash lol"
    assert item["ai"]["verdict"] == "reject" and item["ai"]["provider"] == "comment-model"
    assert item["ai"]["model_version"] == "cm-test-1" and item["ai"]["scores"]["H"] == 0.93
    assert item["ai"]["categories"] == ["H", "HR"] and item["ai"]["explanation"] == "hate speech (0.93)"
    assert item["author"]["username"] == author.username
    assert item["comment"]["video_id"] == published_video["id"]
    listed = api.get(f"/api/videos/{published_video['id']}/comments").json()["items"]
    assert comment["id"] not in [c["id"] for c in listed]

    resp = _decide(api, moderator, "comment", comment["id"], "approve", "sarcasm, not hate")
    assert resp.status_code == 201, resp.text
    assert resp.json()["status"] == "approved"
    # Everyone sees it now, the counter moved, and it left the queue.
    listed = api.get(f"/api/videos/{published_video['id']}/comments").json()["items"]
    assert comment["id"] in [c["id"] for c in listed]
    assert api.get(f"/api/videos/{published_video['id']}").json()["comment_count"] == 1
    assert f"comment:{comment['id']}" not in _queue(api, moderator, type="comment")

    history = api.get(
        "/api/admin/decisions",
        headers=moderator.headers,
        params={"subject_type": "comment", "subject_id": comment["id"]},
    ).json()["items"]
    human, ai = history[0], history[1]
    assert (human["source"], human["verdict"], human["reason"]) == ("human", "approve", "sarcasm, not hate")
    assert human["actor"]["username"] == moderator.username and human["details"]["ai_verdict"] == "reject"
    assert human["details"]["previous_status"] == "rejected" and human["subject_label"].startswith("honestly")
    assert (ai["source"], ai["verdict"]) == ("ai", "reject")

    # And back again: rejecting an approved comment hides it and decrements the counter.
    assert (
        _decide(api, moderator, "comment", comment["id"], "reject", "on second look: insult").status_code
        == 201
    )
    assert api.get(f"/api/videos/{published_video['id']}").json()["comment_count"] == 0
    listed = api.get(f"/api/videos/{published_video['id']}/comments").json()["items"]
    assert comment["id"] not in [c["id"] for c in listed]
    own = api.get(f"/api/comments/{comment['id']}", headers=author.headers).json()
    assert own["status"] == "rejected" and own["reason"] == "on second look: insult"


def test_held_comment_and_escalation(api, make_user, moderator, admin, published_video, ai_comment):  # type: ignore[no-untyped-def]
    comment = _post_comment(api, published_video["id"], make_user("author"))
    ai_comment(comment["id"], "review")
    key = f"comment:{comment['id']}"
    assert _queue(api, moderator)[key]["status"] == "pending"
    assert (
        _decide(api, moderator, "comment", comment["id"], "escalate", "need a second opinion").status_code
        == 201
    )
    item = _queue(api, admin)[key]
    assert item["escalated"] is True and item["status"] == "pending"
    assert _decide(api, admin, "comment", comment["id"], "reject", "threat of harm").status_code == 201
    assert key not in _queue(api, admin)


def test_video_override_both_directions(api, make_user, moderator, upload, ai_video):  # type: ignore[no-untyped-def]
    creator = make_user("creator")
    video = upload(creator, title="Beach day")
    ai_video(video["id"], "reject")
    item = _queue(api, moderator, type="video")[f"video:{video['id']}"]
    assert item["ai"]["verdict"] == "reject" and item["ai"]["provider"] == "local"
    strip = item["video"]["strip_url"]  # a moderator's signed link to a hidden video's files
    assert strip.startswith("/media/t/") and strip.endswith(f"/videos/{video['id']}/strip.jpg")
    assert item["video"]["hls_url"].endswith("master.m3u8") and item["ai"]["scores"]["S"] == 0.55
    assert api.get(f"/api/videos/{video['id']}").status_code == 404

    resp = _decide(api, moderator, "video", video["id"], "approve", "swimwear, allowed")
    assert resp.json()["status"] == "published"
    public = api.get(f"/api/videos/{video['id']}")
    assert public.status_code == 200 and public.json()["published_at"] is not None
    listed = api.get(f"/api/users/{creator.username}/videos").json()["items"]
    assert [v["id"] for v in listed] == [video["id"]]
    assert video["id"] in [v["id"] for v in api.get("/api/feed", params={"limit": 50}).json()["items"]]
    assert f"video:{video['id']}" not in _queue(api, moderator, type="video")

    assert (
        _decide(api, moderator, "video", video["id"], "reject", "reported: actually explicit").status_code
        == 201
    )
    assert api.get(f"/api/videos/{video['id']}").status_code == 404
    assert api.get(f"/api/users/{creator.username}/videos").json()["items"] == []
    for feed in ("/api/feed", "/api/feed/trending"):
        assert video["id"] not in [v["id"] for v in api.get(feed, params={"limit": 50}).json()["items"]]
    owner_view = api.get(f"/api/videos/{video['id']}", headers=creator.headers).json()
    assert owner_view["status"] == "rejected" and "actually explicit" in owner_view["status_reason"]


def test_unprocessed_video_cannot_be_decided(api, make_user, moderator, upload):  # type: ignore[no-untyped-def]
    video = upload(make_user("creator"))
    resp = _decide(api, moderator, "video", video["id"], "approve")
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "not_reviewable"


def test_report_resolution_upholds_and_dismisses(api, make_user, moderator, published_video, ai_comment):  # type: ignore[no-untyped-def]
    reporter = make_user("reporter")
    bad = _post_comment(api, published_video["id"], make_user("author"), "buy cheap pills at spam.example")
    fine = _post_comment(api, published_video["id"], make_user("author"), "great video!")
    for c in (bad, fine):
        ai_comment(c["id"], "approve", {"OK": 0.97, "H": 0.01})
    reports = []
    for c in (bad, fine):
        resp = api.post(
            "/api/reports", headers=reporter.headers,
            json={"subject_type": "comment", "subject_id": c["id"], "reason": "spam", "details": "link spam"},
        )  # fmt: skip
        reports.append(resp.json())
    queue = _queue(api, moderator, type="report")
    item = queue[f"report:{reports[0]['id']}"]
    assert item["report"]["reason"] == "spam" and item["report"]["reporter"]["username"] == reporter.username
    assert (
        item["report"]["subject_text"].startswith("buy cheap")
        and item["report"]["subject_status"] == "approved"
    )

    assert (
        _decide(api, moderator, "report", reports[0]["id"], "reject", "spam link, removed").status_code == 201
    )
    assert _decide(api, moderator, "report", reports[1]["id"], "approve", "nothing wrong").status_code == 201
    listed = [c["id"] for c in api.get(f"/api/videos/{published_video['id']}/comments").json()["items"]]
    assert bad["id"] not in listed and fine["id"] in listed
    assert api.get(f"/api/videos/{published_video['id']}").json()["comment_count"] == 1
    queue = _queue(api, moderator, type="report")
    assert f"report:{reports[0]['id']}" not in queue and f"report:{reports[1]['id']}" not in queue
    again = _decide(api, moderator, "report", reports[0]["id"], "approve", "changed my mind")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_resolved"


def test_bulk_actions_report_each_item(api, make_user, moderator, published_video, ai_comment):  # type: ignore[no-untyped-def]
    ids = []
    for text in ("first rude one", "second rude one"):
        c = _post_comment(api, published_video["id"], make_user("author"), text)
        ai_comment(c["id"], "review")
        ids.append(c["id"])
    items = [{"subject_type": "comment", "subject_id": i} for i in ids] + [
        {"subject_type": "comment", "subject_id": 999999}
    ]
    resp = api.post(
        "/api/admin/decisions/bulk", headers=moderator.headers,
        json={"items": items, "action": "reject", "reason": "bulk: insults"},
    )  # fmt: skip
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [r["ok"] for r in results] == [True, True, False]
    assert results[2]["error"] == "comment not found"
    assert all(r["status"] == "rejected" for r in results[:2])
    queue = _queue(api, moderator, type="comment")
    assert not {f"comment:{i}" for i in ids} & set(queue)


def test_bad_decisions_are_4xx(api, moderator):  # type: ignore[no-untyped-def]
    assert _decide(api, moderator, "comment", 999999, "approve").status_code == 404
    short = _decide(api, moderator, "comment", 1, "approve", reason="  ")
    assert short.status_code == 422 and short.json()["error"]["field"] == "reason"
    assert _decide(api, moderator, "comment", 1, "delete").status_code == 422
    assert _decide(api, moderator, "user", 1, "approve").status_code == 422
    assert api.get("/api/admin/queue", headers=moderator.headers, params={"type": "nope"}).status_code == 422


def test_comment_held_while_the_service_was_down_is_queued(
    api, make_user, moderator, published_video, platform
):  # type: ignore[no-untyped-def]
    """The comment job holds without scores when the service is unreachable: a human must see it."""
    from opentok.models import DecisionSource, ModerationDecision, SubjectType, Verdict

    comment = _post_comment(api, published_video["id"], make_user("author"), "posted during an outage")
    assert f"comment:{comment['id']}" not in _queue(api, moderator, type="comment")
    with platform.session() as session:
        session.add(
            ModerationDecision(
                subject_type=SubjectType.comment,
                subject_id=comment["id"],
                source=DecisionSource.ai,
                provider="unavailable",
                verdict=Verdict.review,
                reason="Moderation service unavailable",
            )  # fmt: skip
        )
        session.commit()
    item = _queue(api, moderator, type="comment")[f"comment:{comment['id']}"]
    assert item["ai"]["verdict"] == "review" and item["ai"]["scores"] == {}
    assert item["ai"]["explanation"] == "Moderation service unavailable"


def test_comment_count_is_recounted_not_drifted(api, make_user, moderator, published_video, platform):  # type: ignore[no-untyped-def]
    """A writer that forgot the counter (count 0 with an approved comment) does not drive it negative."""
    from opentok.models import Comment, CommentStatus

    comment = _post_comment(api, published_video["id"], make_user("author"), "approved elsewhere")
    with platform.session() as session:
        session.get(Comment, comment["id"]).status = CommentStatus.approved
        session.commit()
    assert api.get(f"/api/videos/{published_video['id']}").json()["comment_count"] == 0
    assert _decide(api, moderator, "comment", comment["id"], "reject", "insult after all").status_code == 201
    assert api.get(f"/api/videos/{published_video['id']}").json()["comment_count"] == 0
    assert _decide(api, moderator, "comment", comment["id"], "approve", "fine after all").status_code == 201
    assert api.get(f"/api/videos/{published_video['id']}").json()["comment_count"] == 1
