"""Trending hashtags: hourly decay ranks recent activity first; burst is against each tag's past."""

from __future__ import annotations

from datetime import timedelta

import pytest

from opentok.db.base import utcnow
from opentok.models import VideoStatus
from opentok.trust_safety import trends
from opentok.trust_safety.tests import factories


def _posts(session, owner, tag, times, **video):  # type: ignore[no-untyped-def]
    for at in times:
        v = factories.video(session, owner, **video)
        factories.tag(session, v, tag, at)


def test_decay_burst_and_visibility(db):
    now = utcnow()
    h = lambda n: now - timedelta(hours=n)  # noqa: E731
    with db.session() as session:
        owner = factories.user(session)
        # steady: 10 posts a day for the last 8 days, so the last 24 h look like its baseline.
        _posts(session, owner, "steady", [h(24 * d + 2.4 * i + 0.5) for d in range(8) for i in range(10)])
        _posts(session, owner, "fresh", [h(1), h(1.5), h(2)])  # new and recent: bursting
        _posts(session, owner, "stale", [h(20)] * 6)  # more posts, but 20 hours old
        _posts(session, owner, "hidden", [h(1)] * 9, status=VideoStatus.rejected)
        viewed = factories.video(session, owner)
        factories.tag(session, viewed, "watched", h(30))
        for i in range(20):
            factories.watch(session, None, viewed, h(0.5 + i * 0.01))
        session.commit()
        by_score = {t.tag: t for t in trends.compute_trends(session, now=now)}
        by_burst = [t.tag for t in trends.compute_trends(session, now=now, sort="burst")]
    assert "hidden" not in by_score
    assert by_score["fresh"].score > by_score["stale"].score  # decay beats raw count
    assert by_score["stale"].posts == 6 and by_score["fresh"].posts == 3
    assert by_score["steady"].posts == 10
    assert by_score["steady"].baseline_per_window == pytest.approx(10, abs=0.01)
    assert abs(by_score["steady"].burst) < 1  # popular but not unusual for it
    assert by_score["fresh"].burst == pytest.approx(3.0)  # (3 - 0) / sqrt(0 + 1)
    assert by_score["watched"].views == 20 and by_score["watched"].posts == 0
    assert by_score["watched"].score == pytest.approx(20 * trends.VIEW_WEIGHT * 0.9**0.6, rel=0.05)
    assert by_burst.index("fresh") < by_burst.index("steady")
