"""The Celery jobs and their beat schedule (run in-process with `apply`: the same task code a
worker runs, minus the broker)."""

from celery.schedules import crontab
from sqlalchemy import select

from backend_constant.jobs.recommender import (
    ANALYZE_PREFERENCES,
    REBUILD_RECOMMENDER,
    analyze_preferences,
    rebuild_recommender,
)
from backend_constant.schedule import BEAT_SCHEDULE
from opentok.models import ModelVersion, UserPreference
from testing import recsys_seed as seed


def test_beat_runs_the_rebuild_at_three_and_preferences_at_four():
    by_task = {entry["task"]: entry["schedule"] for entry in BEAT_SCHEDULE.values()}
    assert by_task[REBUILD_RECOMMENDER] == crontab(hour=3, minute=0)
    assert by_task[ANALYZE_PREFERENCES] == crontab(hour=4, minute=0)


def test_jobs_rebuild_and_analyse(rec_settings, session, catalogue):
    fan = seed.create_user(session, "fan")
    for v in catalogue[:3]:
        seed.like(session, fan, v)
    session.commit()
    described = rebuild_recommender.apply().get()
    assert described["sizes"]["videos"] == len(catalogue)
    assert session.scalar(select(ModelVersion.version).where(ModelVersion.active)) == described["version"]
    assert analyze_preferences.apply().get() == {"users": 1, "gemini": 0, "aggregate": 1}
    assert session.get(UserPreference, fan.id).top_categories == [catalogue[0].category]
