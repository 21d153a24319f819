"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
    # MLOps (backend_constant/jobs/drift.py, retraining.py). The recommender's daily retrain
    # is its own 03:00 "rebuild-recommender" entry (jobs/recommender.py), not repeated here.
    "drift-report": {"task": "opentok.drift_report", "schedule": crontab(hour=5, minute=30)},
    "retrain-comment-model": {
        "task": "opentok.retrain_comment_model",
        "schedule": crontab(day_of_week="sun", hour=2, minute=0),
    },
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
