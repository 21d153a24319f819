"""Celery beat's timetable: every periodic job in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Filled in by the issues that own each job; names match the task names.
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
