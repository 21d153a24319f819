"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
    # --- Trust and safety (backend_constant/jobs/trust_safety.py) -----------------
    "sweep-claims-sentiment": {"task": "opentok.sweep_claims_sentiment", "schedule": crontab(minute=15)},
    "daily-trust-scores": {"task": "opentok.daily_trust_scores", "schedule": crontab(hour=3, minute=0)},
    "daily-churn-segments": {"task": "opentok.daily_churn_segments", "schedule": crontab(hour=3, minute=30)},
    "weekly-retrain-engagement": {
        "task": "opentok.retrain_engagement",
        "schedule": crontab(hour=4, minute=0, day_of_week=1),
    },
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
