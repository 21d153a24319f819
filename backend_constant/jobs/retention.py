"""Retention of uploaded originals: kept for reprocessing and appeals, deleted after a while.

Originals are never served (the media route and nginx refuse `uploads/`); this job bounds how
long they are kept at all. A video is eligible once it left the pipeline (published, rejected,
failed or deleted) and its upload is older than ORIGINAL_RETENTION_DAYS; 0 keeps them forever.
Videos still being processed or waiting for a moderator always keep theirs.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select

from backend_constant.celery_app import celery_app
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models import Video, VideoStatus
from opentok.storage import get_storage
from opentok.tasks import PURGE_ORIGINALS

log = logging.getLogger(__name__)

BATCH = 500
DONE = (VideoStatus.published, VideoStatus.rejected, VideoStatus.failed)


@celery_app.task(name=PURGE_ORIGINALS)
def purge_originals() -> int:
    """Delete the stored originals past retention; returns how many files were removed."""
    days = get_settings().original_retention_days
    if days <= 0:
        return 0
    cutoff, storage, removed, after = utcnow() - timedelta(days=days), get_storage(), 0, 0
    while True:
        with session_scope() as session:
            rows = session.execute(
                select(Video.id, Video.source_key)
                .where(
                    Video.id > after,
                    Video.created_at < cutoff,
                    Video.source_key.is_not(None),
                    or_(Video.status.in_(DONE), Video.deleted_at.is_not(None)),
                )
                .order_by(Video.id)
                .limit(BATCH)
            ).all()
        for video_id, key in rows:
            after = video_id
            # the key stays on the row: the media folder's name is derived from it
            if key and key.startswith("uploads/") and storage.exists(key):
                storage.delete(key)
                removed += 1
        if len(rows) < BATCH:
            break
    if removed:
        log.info("deleted %s originals older than %s days", removed, days)
    return removed
