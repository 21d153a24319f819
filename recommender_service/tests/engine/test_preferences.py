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


def _with_gemini(monkeypatch, gemini):
    from opentok.core.config import get_settings

    monkeypatch.setenv("GEMINI_API_KEY", gemini.api_key)
    monkeypatch.setenv("GEMINI_BASE_URL", gemini.base_url)
    monkeypatch.setenv("GEMINI_TIMEOUT_S", "10")
    get_settings.cache_clear()


def test_gemini_picks_are_used_when_valid(rec_settings, session, monkeypatch):
    import json

    from testing.fakes.gemini_server import Endpoint, FakeGeminiServer

    fan = make_history(session)

    def reply(request):
        prompt = request["contents"][0]["parts"][0]["text"]
        users = [json.loads(line) for line in prompt.splitlines() if line.startswith("{")]
        # A judgement the aggregate would not make: the completed pets views win.
        return {"users": [{"user_id": u["user_id"], "top_categories": ["pets", "music"]} for u in users]}

    with FakeGeminiServer(reply=reply) as gemini:
        _with_gemini(monkeypatch, gemini)
        summary = preferences.analyse_preferences(session)
        session.commit()
        sent = gemini.calls(Endpoint.generate)[0].json()
    assert summary == {"users": 1, "gemini": 1, "aggregate": 0}
    row = session.get(UserPreference, fan.id)
    assert row.top_categories == ["pets", "music"] and row.source == "gemini"
    assert sent["generationConfig"]["responseMimeType"] == "application/json"
    assert '"music": 12.0' in sent["contents"][0]["parts"][0]["text"]


def test_invalid_or_failed_gemini_answers_fall_back_to_the_aggregate(rec_settings, session, monkeypatch):
    from testing.fakes.gemini_server import FakeGeminiServer, Fault

    fan = make_history(session)
    bogus = {
        "users": [{"user_id": fan.id, "top_categories": ["cooking", "music"]}]
    }  # not the user's category
    with FakeGeminiServer(reply=bogus) as gemini:
        _with_gemini(monkeypatch, gemini)
        assert preferences.analyse_preferences(session)["aggregate"] == 1
        gemini.fail(Fault.server_error, times=10)
        assert preferences.analyse_preferences(session)["aggregate"] == 1
        gemini.fail(Fault.malformed_json, times=1)
        assert preferences.analyse_preferences(session)["aggregate"] == 1
    session.commit()
    row = session.get(UserPreference, fan.id)
    assert row.top_categories == ["music", "pets"] and row.source == "aggregate"
