"""The Celery application shared by workers, beat and the gateway (which only sends tasks).

Job handlers live in `backend_constant.jobs.<domain>`; every module there is loaded,
so adding a job means adding a module. Periodic jobs are listed in `schedule.py`.
"""

from __future__ import annotations

import pkgutil

from celery import Celery

from backend_constant import jobs
from backend_constant.schedule import BEAT_SCHEDULE
from opentok.core.config import get_settings
from opentok.observability.celery import instrument_celery


def _job_modules() -> list[str]:
    return [f"{jobs.__name__}.{m.name}" for m in pkgutil.iter_modules(jobs.__path__)]


def video_soft_limit_s() -> int:
    """`process_video`'s soft time limit: a full ladder, once retried inside the attempt."""
    return 2 * get_settings().transcode_timeout_s + 600


def longest_soft_limit_s() -> int:
    return video_soft_limit_s()


def create_celery() -> Celery:
    settings = get_settings()
    settings.check_secure()
    app = Celery("opentok", broker=settings.broker_url, include=_job_modules())
    app.conf.update(
        # No result backend: tasks write their outcome to the database.
        task_ignore_result=True,
        task_acks_late=True,  # a killed worker's task is redelivered, not lost
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        enable_utc=True,
        beat_schedule=BEAT_SCHEDULE,
        broker_connection_retry_on_startup=True,
        # Redelivery after a lost worker happens once the visibility timeout passes; it must
        # outlast the longest task's soft time limit, or a running task is delivered twice.
        broker_transport_options={
            "visibility_timeout": settings.broker_visibility_timeout_s or longest_soft_limit_s() + 300
        },
        task_default_queue="default",
    )
    instrument_celery(app)  # request ids in task headers, task metrics, worker /metrics
    return app


celery_app = create_celery()
