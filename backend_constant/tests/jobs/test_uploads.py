"""Abandoned tus uploads are deleted after they expire; live and finished ones stay."""

from __future__ import annotations

import uuid
from datetime import timedelta

from backend_constant.jobs.uploads import expire_uploads
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models import UploadSession
from opentok.storage import get_storage, new_key


def _upload(owner: int, expires_in: timedelta, completed: bool = False) -> tuple[str, str]:
    key = new_key(f"tus/{owner}", ".part")
    get_storage().write_chunks(key, [b"partial bytes"])
    with session_scope() as session:
        upload = UploadSession(
            id=str(uuid.uuid4()), user_id=owner, length=100, offset=13, storage_key=key, meta={},
            expires_at=utcnow() + expires_in, completed_at=utcnow() if completed else None,
        )  # fmt: skip
        session.add(upload)
    return upload.id, key


def test_expired_uploads_are_deleted_with_their_bytes(owner: int) -> None:
    stale_id, stale_key = _upload(owner, timedelta(hours=-1))
    live_id, live_key = _upload(owner, timedelta(hours=1))
    done_id, _ = _upload(owner, timedelta(hours=-1), completed=True)

    assert expire_uploads.apply().get() >= 1

    storage = get_storage()
    with session_scope() as session:
        assert session.get(UploadSession, stale_id) is None
        assert session.get(UploadSession, live_id) is not None
        assert session.get(UploadSession, done_id) is not None
    assert not storage.exists(stale_key) and storage.exists(live_key)
