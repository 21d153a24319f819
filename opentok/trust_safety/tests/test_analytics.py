"""The dashboard's SQL gives the same, exact figures on SQLite and on MariaDB."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from opentok.models import DecisionSource, Like, ModerationDecision, SubjectType, Verdict
from opentok.trust_safety import analytics
from opentok.trust_safety.tests import factories

D1 = datetime(2026, 3, 1)
D2 = D1 + timedelta(days=1)


def _decide(session, subject_type, subject_id, source, verdict, cats, at):  # type: ignore[no-untyped-def]
    session.add(
        ModerationDecision(
            subject_type=subject_type,
            subject_id=subject_id,
            source=source,
            verdict=verdict,
            categories=cats,
            created_at=at,
        )
    )


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    a, b, c = (factories.user(session) for _ in range(3))
    h = lambda day, hours: day + timedelta(hours=hours)  # noqa: E731
    v1 = factories.video(session, a, created_at=h(D1, 10))
    v2 = factories.video(session, a, created_at=h(D1, 11))
    v3 = factories.video(session, b, created_at=h(D2, 9))
    factories.video(session, c, created_at=D1 - timedelta(days=3))  # before the range
    factories.tag(session, v1, "cats", h(D1, 10))
    factories.tag(session, v2, "cats", h(D1, 11))
    factories.tag(session, v3, "dogs", h(D2, 9))
    session.add(Like(user_id=b.id, video_id=v1.id, created_at=h(D1, 13)))
    note = factories.comment(session, c, v1, "nice", created_at=h(D2, 8))
    factories.watch(session, a, v2, h(D1, 12), 3000, False)
    factories.watch(session, c, v1, h(D2, 7), 9000, True)
    factories.watch(session, None, v1, h(D2, 7), 1000, False)  # anonymous: a view, not an active user
    ai, human, vid, com = DecisionSource.ai, DecisionSource.human, SubjectType.video, SubjectType.comment
    _decide(session, vid, v1.id, ai, Verdict.reject, ["V"], h(D1, 10) + timedelta(seconds=60))
    _decide(session, vid, v1.id, human, Verdict.reject, None, h(D1, 12))
    _decide(session, vid, v2.id, ai, Verdict.approve, [], h(D1, 11) + timedelta(seconds=30))
    _decide(session, vid, v2.id, human, Verdict.reject, None, h(D1, 11) + timedelta(hours=1))
    _decide(session, vid, v3.id, ai, Verdict.review, ["H"], h(D2, 9) + timedelta(seconds=90))
    _decide(session, vid, v3.id, human, Verdict.approve, None, h(D2, 9) + timedelta(hours=3))
    _decide(session, com, note.id, ai, Verdict.reject, ["HR"], h(D2, 8) + timedelta(seconds=2))
    session.commit()


def test_dashboard_figures_on_sqlite_and_mariadb(any_db):
    with any_db.session() as session:
        _seed(session)
        out = analytics.dashboard(session, date(2026, 3, 1), date(2026, 3, 3))
    days = ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert out["uploads_per_day"] == [{"date": d, "count": n} for d, n in zip(days, [2, 1, 0], strict=True)]
    assert [r["count"] for r in out["active_users_per_day"]] == [2, 2, 0]
    assert out["moderation"]["volume_by_category"] == {
        "H": {"total": 1, "review": 1},
        "HR": {"total": 1, "reject": 1},
        "V": {"total": 1, "reject": 1},
        "none": {"total": 1, "approve": 1},
    }
    agreement = out["moderation"]["ai_human_agreement"]
    assert agreement["V"] == {"agree": 1, "disagree": 0, "deferred": 0, "rate": 1.0}
    assert (
        agreement["none"]["rate"] == 0.0
        and agreement["H"]["deferred"] == 1
        and agreement["H"]["rate"] is None
    )
    assert out["time_to_decision"]["ai"] == {"median_s": 45.0, "n": 4}  # 60, 30, 90, 2 seconds
    assert out["time_to_decision"]["human"] == {"median_s": 7200.0, "n": 3}
    assert out["top_hashtags"] == [{"tag": "cats", "count": 2}, {"tag": "dogs", "count": 1}]
    eng = out["engagement"]
    assert [r["count"] for r in eng["views_per_day"]] == [1, 2, 0]
    assert [r["count"] for r in eng["likes_per_day"]] == [1, 0, 0]
    assert [r["count"] for r in eng["comments_per_day"]] == [0, 1, 0]
    assert eng["views"] == 3 and eng["mean_watch_s"] == 4.33 and eng["completion_rate"] == 0.3333


def test_empty_range_is_all_zeros(db):
    with db.session() as session:
        out = analytics.dashboard(session, date(2026, 1, 1), date(2026, 1, 1))
    assert out["uploads_per_day"] == [{"date": "2026-01-01", "count": 0}]
    assert out["moderation"] == {"volume_by_category": {}, "ai_human_agreement": {}}
    assert out["engagement"]["views"] == 0 and out["engagement"]["completion_rate"] is None
