"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
    "rebuild-recommender": {"task": "opentok.rebuild_recommender", "schedule": crontab(hour=3, minute=0)},
    "analyze-preferences": {"task": "opentok.analyze_preferences", "schedule": crontab(hour=4, minute=0)},
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
