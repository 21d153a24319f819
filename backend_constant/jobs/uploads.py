"""Upload housekeeping: abandoned resumable (tus) uploads are deleted once they expire."""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend_constant.celery_app import celery_app
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models import UploadSession
from opentok.storage import get_storage
from opentok.tasks import EXPIRE_UPLOADS

log = logging.getLogger(__name__)


@celery_app.task(name=EXPIRE_UPLOADS)
def expire_uploads() -> int:
    """Free the bytes and rows of unfinished uploads past their expiry; returns how many."""
    storage = get_storage()
    with session_scope() as session:
        expired = session.scalars(
            select(UploadSession)
            .where(UploadSession.completed_at.is_(None), UploadSession.expires_at < utcnow())
            .limit(1000)
        ).all()
        for upload in expired:
            storage.delete(upload.storage_key)
            session.delete(upload)
    if expired:
        log.info("expired %s abandoned uploads", len(expired))
    return len(expired)
