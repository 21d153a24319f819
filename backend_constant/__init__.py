"""Celery workers and beat: transcoding, moderation hand-offs and daily jobs."""
