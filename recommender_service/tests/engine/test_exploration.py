from collections import Counter

import numpy as np
from sqlalchemy import select

from opentok.models import UserCategoryStat
from recommender_service.engine import exploration
from testing import recsys_seed as seed


def test_outcomes_like_or_completion_succeed_quick_skip_fails():
    assert exploration.outcome(liked=True, completed=False, watched_ms=100, duration_s=20) == 1
    assert exploration.outcome(liked=False, completed=True, watched_ms=None, duration_s=20) == 1
    assert exploration.outcome(liked=False, completed=False, watched_ms=800, duration_s=20) == -1
    assert exploration.outcome(liked=False, completed=False, watched_ms=9000, duration_s=20) == 0


def test_thompson_picks_follow_the_posteriors():
    available = np.arange(5)
    rng = np.random.default_rng(0)
    flat = Counter(c for _ in range(400) for c in exploration.thompson_categories({}, available, 1, rng))
    learned = {2: (30.0, 2.0), 0: (1.0, 20.0)}
    skewed = Counter(
        c for _ in range(400) for c in exploration.thompson_categories(learned, available, 1, rng)
    )
    assert max(flat.values()) < 150  # uniform prior: every category gets explored
    assert skewed[2] > 300 and skewed[0] < flat[0]  # success pulls, failure pushes away


def test_online_events_and_rebuild_recompute_agree(session):
    owner = seed.create_user(session, "owner")
    viewer = seed.create_user(session, "viewer")
    pets = [seed.create_video(session, owner, "pets") for _ in range(3)]
    food = seed.create_video(session, owner, "food")
    for v in pets:
        seed.watch(session, viewer, v, completed=True)
    seed.like(session, viewer, pets[0])
    seed.watch(session, viewer, food, watched_ms=500)
    events = [exploration.Event(viewer.id, v.id, "watch", 20000, True) for v in pets]
    events.append(exploration.Event(viewer.id, food.id, "watch", 500, False))
    assert exploration.record_outcomes(session, events) == 4
    session.commit()
    online = exploration.load_posteriors(session, viewer.id)
    assert online == {"pets": (4.0, 1.0), "food": (1.0, 2.0)}
    assert exploration.recompute_posteriors(session) == 2
    session.commit()
    # The like of an already completed video is one success per video, not two.
    assert exploration.load_posteriors(session, viewer.id) == online
    assert len(session.scalars(select(UserCategoryStat)).all()) == 2
