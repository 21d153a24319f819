"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
    # Media pipeline: retry or fail videos whose processing stalled (see jobs/video_processing.py).
    "sweep-stuck-videos": {"task": "opentok.sweep_stuck_videos", "schedule": 300.0},
    # Delete abandoned resumable uploads past their expiry (jobs/uploads.py).
    "expire-uploads": {"task": "opentok.expire_uploads", "schedule": 3600.0},
    # Recommender: nightly rebuild, then the preference analysis (jobs/recommender.py).
    "rebuild-recommender": {"task": "opentok.rebuild_recommender", "schedule": crontab(hour=3, minute=0)},
    "analyze-preferences": {"task": "opentok.analyze_preferences", "schedule": crontab(hour=4, minute=0)},
    # --- Trust and safety (backend_constant/jobs/trust_safety.py) -----------------
    "sweep-claims-sentiment": {"task": "opentok.sweep_claims_sentiment", "schedule": crontab(minute=15)},
    "daily-trust-scores": {"task": "opentok.daily_trust_scores", "schedule": crontab(hour=3, minute=0)},
    "daily-churn-segments": {"task": "opentok.daily_churn_segments", "schedule": crontab(hour=3, minute=30)},
    "weekly-retrain-engagement": {
        "task": "opentok.retrain_engagement",
        "schedule": crontab(hour=4, minute=0, day_of_week=1),
    },
    # MLOps (backend_constant/jobs/drift.py, retraining.py). The recommender's daily retrain
    # is its own 03:00 "rebuild-recommender" entry (jobs/recommender.py), not repeated here.
    "drift-report": {"task": "opentok.drift_report", "schedule": crontab(hour=5, minute=30)},
    "retrain-comment-model": {
        "task": "opentok.retrain_comment_model",
        "schedule": crontab(day_of_week="sun", hour=2, minute=0),
    },
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
