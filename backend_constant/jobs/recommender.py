"""Recommender jobs: the 03:00 artifact rebuild and the 04:00 user preference analysis.

The heavy work lives in `recommender_service.engine`; these handlers only open a session.
Serving replicas notice the new artifact through the registry's ACTIVE marker.
"""

from __future__ import annotations

from backend_constant.celery_app import celery_app
from opentok.db.session import session_scope
from opentok.tasks import ANALYZE_PREFERENCES, REBUILD_RECOMMENDER


@celery_app.task(name=REBUILD_RECOMMENDER)
def rebuild_recommender() -> dict:
    from recommender_service.engine.build import RebuildInProgress, rebuild

    try:
        with session_scope() as session:
            return rebuild(session).describe()
    except RebuildInProgress:
        return {"skipped": "a rebuild is already running"}


@celery_app.task(name=ANALYZE_PREFERENCES)
def analyze_preferences(days: int = 30) -> dict:
    from recommender_service.engine.preferences import analyse_preferences

    with session_scope() as session:
        return analyse_preferences(session, days=days)
