"""tus 1.0 resumable uploads: sessions, byte appends and completion.

Bytes stream from the request into the session's part file in bounded chunks, so gateway memory
stays flat however large the upload. The file's size on disk is the truth for the offset: an
interrupted PATCH keeps what reached the disk, and the client resumes from there. A completed
upload goes through exactly the same `create_video` as a multipart one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from backend.app.services.uploads import check_container, create_video, parse_meta
from backend_constant.ffmpeg.formats import HEAD_BYTES
from opentok.api.errors import ApiError
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.models import UploadSession, User, Video
from opentok.storage import get_storage, new_key

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,creation-with-upload,termination,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
#: Metadata keys we use; others (e.g. tus-js-client's filetype) are accepted and ignored.
META_FIELDS = ("title", "description", "category", "hashtags")


def tus_headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **extra}


def tus_error(status: int, code: str, message: str, field: str | None = None) -> ApiError:
    return ApiError(status, code, message, field=field, headers=tus_headers())


def check_version(header: str | None) -> None:
    if header != TUS_VERSION:
        raise ApiError(
            412,
            "tus_version_unsupported",
            f"send Tus-Resumable: {TUS_VERSION}",
            headers=tus_headers(**{"Tus-Version": TUS_VERSION}),
        )


def parse_length(header: str | None) -> int:
    if header is None or not header.isdigit():
        raise tus_error(400, "invalid_upload_length", "Upload-Length must be a non-negative integer")
    length = int(header)
    limit = get_settings().upload_max_bytes
    if length > limit:
        raise tus_error(413, "payload_too_large", f"file exceeds {limit} bytes", field="file")
    if length == 0:
        raise tus_error(422, "empty_file", "the uploaded file is empty", field="file")
    return length


def parse_metadata(header: str | None) -> dict[str, str]:
    """`key base64value,key2 base64value2` → dict; keys without a value map to ""."""
    meta: dict[str, str] = {}
    for pair in (header or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _, encoded = pair.partition(" ")
        try:
            meta[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8") if encoded else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise tus_error(400, "invalid_upload_metadata", f"metadata {key!r} is not base64 UTF-8") from exc
    return meta


def http_date(value: datetime) -> str:
    return format_datetime(value.replace(tzinfo=UTC), usegmt=True)


def create_session(session: Session, user: User, length: int, meta: dict[str, str]) -> UploadSession:
    """Validate the video fields now, so a bad title fails before gigabytes are sent."""
    parse_meta({k: v for k, v in meta.items() if k in META_FIELDS})
    key = new_key(f"tus/{user.id}", ".part")
    get_storage().write_chunks(key, [])
    now = utcnow()
    upload = UploadSession(
        id=str(uuid.uuid4()),
        user_id=user.id,
        length=length,
        offset=0,
        storage_key=key,
        meta=meta,
        created_at=now,
        expires_at=now + timedelta(hours=get_settings().tus_expiry_hours),
    )
    session.add(upload)
    session.commit()
    return upload


def get_session(session: Session, upload_id: str, user: User) -> UploadSession:
    """The caller's own live upload; anything else is 404 (or 410 once expired)."""
    upload = session.get(UploadSession, upload_id)
    if upload is None or upload.user_id != user.id:
        raise tus_error(404, "not_found", "upload not found")
    if upload.completed_at is None and upload.expires_at < utcnow():
        raise tus_error(410, "upload_expired", "this upload expired; start a new one")
    return upload


def current_offset(upload: UploadSession) -> int:
    if upload.completed_at is not None:
        return upload.length
    storage = get_storage()
    return storage.size(upload.storage_key) if storage.exists(upload.storage_key) else upload.offset


@contextlib.contextmanager
def exclusive(upload: UploadSession) -> Iterator[None]:
    """One PATCH at a time per upload, across gateway processes (an flock on the part file)."""
    with get_storage().local_path(upload.storage_key).open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise tus_error(423, "upload_locked", "another request is writing to this upload") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


async def append_stream(upload: UploadSession, offset: int, chunks: AsyncIterator[bytes]) -> int:
    """Append the body at `offset` in bounded chunks; returns the new offset, even when the client
    disconnects half-way (what reached the disk counts)."""
    storage = get_storage()
    flush_at = get_settings().upload_chunk_bytes
    buffer = bytearray()
    written = offset

    async def flush() -> None:
        nonlocal written, buffer
        if buffer:
            written = await run_in_threadpool(storage.append, upload.storage_key, bytes(buffer))
            buffer = bytearray()

    try:
        async for chunk in chunks:
            if written + len(buffer) + len(chunk) > upload.length:
                await flush()
                raise tus_error(413, "upload_too_long", "the body goes past Upload-Length")
            buffer += chunk
            if len(buffer) >= flush_at:
                await flush()
    finally:
        await flush()
    return written


def complete(session: Session, upload: UploadSession, user: User) -> Video:
    """All bytes are in: check the container and hand over to the shared upload service."""
    storage = get_storage()
    path = storage.local_path(upload.storage_key)
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    try:
        check_container(head)
    except ApiError as exc:
        upload.error = exc.message
        upload.completed_at = utcnow()
        session.commit()
        storage.delete(upload.storage_key)
        raise tus_error(exc.status, exc.code, exc.message, exc.field) from exc
    meta = parse_meta({k: v for k, v in upload.meta.items() if k in META_FIELDS})
    # Marked complete in the same commit that creates the video, so it is never made twice.
    upload.offset = upload.length
    upload.completed_at = utcnow()
    video = create_video(session, user, path, meta, upload.meta.get("filename"))
    upload.video_id = video.id
    session.commit()
    return video
