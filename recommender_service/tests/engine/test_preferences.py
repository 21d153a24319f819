"""Daily preference analysis: the deterministic aggregate, and Gemini at the wire."""

from opentok.models import UserPreference
from recommender_service.engine import preferences
from testing import recsys_seed as seed


def make_history(session):
    owner = seed.create_user(session, "owner")
    fan = seed.create_user(session, "fan")
    music = [seed.create_video(session, owner, "music") for _ in range(4)]
    pets = [seed.create_video(session, owner, "pets") for _ in range(3)]
    food = seed.create_video(session, owner, "food")
    for v in music:
        seed.watch(session, fan, v, completed=True)
        seed.like(session, fan, v)
    for v in pets:
        seed.watch(session, fan, v)
    seed.watch(session, fan, food)  # one stray view: below the share threshold
    session.commit()
    return fan


def test_top_categories_keep_the_leader_and_strong_runners_up():
    assert preferences.top_categories({"a": 10, "b": 5, "c": 1}) == ["a", "b"]
    assert preferences.top_categories({"a": 1}) == ["a"]
    assert preferences.top_categories({"a": 3, "b": 3, "c": 3, "d": 3}) == ["a", "b", "c"]


def test_deterministic_aggregation_writes_user_preferences(rec_settings, session):
    fan = make_history(session)
    summary = preferences.analyse_preferences(session, days=30)
    session.commit()
    assert summary == {"users": 1, "gemini": 0, "aggregate": 1}
    row = session.get(UserPreference, fan.id)
    assert row.top_categories == ["music", "pets"] and row.source == "aggregate"
