"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
    # Media pipeline: retry or fail videos whose processing stalled (see jobs/video_processing.py).
    "sweep-stuck-videos": {"task": "opentok.sweep_stuck_videos", "schedule": 300.0},
    # Delete abandoned resumable uploads past their expiry (jobs/uploads.py).
    "expire-uploads": {"task": "opentok.expire_uploads", "schedule": 3600.0},
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
