"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

from opentok import tasks

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
    # Media pipeline: retry or fail videos whose processing stalled (see jobs/video_processing.py).
    "sweep-stuck-videos": {"task": tasks.SWEEP_STUCK_VIDEOS, "schedule": 300.0},
    # Comments left pending with no AI verdict (broker down at posting, service down or model
    # still loading): sent to moderation again (jobs/comment_moderation.py).
    "sweep-stranded-comments": {"task": tasks.SWEEP_STRANDED_COMMENTS, "schedule": 60.0},
    # Delete abandoned resumable uploads past their expiry (jobs/uploads.py).
    "expire-uploads": {"task": tasks.EXPIRE_UPLOADS, "schedule": 3600.0},
    # Delete uploaded originals past ORIGINAL_RETENTION_DAYS (jobs/retention.py).
    "purge-originals": {"task": tasks.PURGE_ORIGINALS, "schedule": crontab(hour=2, minute=30)},
    # Recommender: nightly rebuild, then the preference analysis (jobs/recommender.py).
    "rebuild-recommender": {"task": tasks.REBUILD_RECOMMENDER, "schedule": crontab(hour=3, minute=0)},
    "analyze-preferences": {"task": tasks.ANALYZE_PREFERENCES, "schedule": crontab(hour=4, minute=0)},
    # --- Trust and safety (backend_constant/jobs/trust_safety.py) -----------------
    "sweep-claims-sentiment": {"task": tasks.SWEEP_CLAIMS_SENTIMENT, "schedule": crontab(minute=15)},
    "daily-trust-scores": {"task": tasks.DAILY_TRUST_SCORES, "schedule": crontab(hour=3, minute=0)},
    "daily-churn-segments": {"task": tasks.DAILY_CHURN_SEGMENTS, "schedule": crontab(hour=3, minute=30)},
    "weekly-retrain-engagement": {
        "task": tasks.RETRAIN_ENGAGEMENT,
        "schedule": crontab(hour=4, minute=0, day_of_week=1),
    },
    # MLOps (backend_constant/jobs/drift.py, retraining.py). The recommender's daily retrain
    # is its own 03:00 "rebuild-recommender" entry (jobs/recommender.py), not repeated here.
    "drift-report": {"task": tasks.DRIFT_REPORT, "schedule": crontab(hour=5, minute=30)},
    "retrain-comment-model": {
        "task": tasks.RETRAIN_COMMENT_MODEL,
        "schedule": crontab(day_of_week="sun", hour=2, minute=0),
    },
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
