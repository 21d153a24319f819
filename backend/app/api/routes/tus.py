"""Resumable uploads over the tus 1.0 protocol (https://tus.io), at /api/uploads/tus.

Core protocol plus the creation, creation-with-upload, termination and expiration extensions.
Video fields travel in Upload-Metadata (title, description, category, hashtags, filename); when
the last byte arrives the video is created and queued exactly like a multipart upload, and its
id is returned in the `OpenTok-Video-Id` header.
"""

from __future__ import annotations

from fastapi import APIRouter, Header, Request, Response
from sqlalchemy.orm import Session
from starlette.requests import ClientDisconnect

from backend.app.api.deps import ActiveUser, SessionDep
from backend.app.services import tus
from opentok.api.errors import ApiError
from opentok.core.config import get_settings
from opentok.models import UploadSession, User
from opentok.storage import get_storage

router = APIRouter(prefix="/uploads/tus", tags=["uploads"])
VIDEO_ID_HEADER = "OpenTok-Video-Id"


def _location(request: Request, upload_id: str) -> str:
    """Root-relative, so it stays right behind proxies that terminate TLS or rewrite hosts."""
    return request.app.url_path_for("tus_head", upload_id=upload_id)


def _state_headers(upload: UploadSession, offset: int) -> dict[str, str]:
    headers = tus.tus_headers(**{"Upload-Offset": str(offset), "Cache-Control": "no-store"})
    if upload.completed_at is None:
        headers["Upload-Expires"] = tus.http_date(upload.expires_at)
    if upload.video_id is not None:
        headers[VIDEO_ID_HEADER] = str(upload.video_id)
    return headers


def _require_offset_body(content_type: str | None) -> None:
    if (content_type or "").split(";")[0].strip().lower() != tus.OFFSET_CONTENT_TYPE:
        raise tus.tus_error(415, "unsupported_media_type", f"PATCH bodies must be {tus.OFFSET_CONTENT_TYPE}")


async def _write(
    request: Request, session: Session, upload: UploadSession, user: User, offset: int
) -> dict[str, str]:
    """Append the request body at `offset`; finish the upload when its last byte arrives."""
    with tus.exclusive(upload):
        if tus.current_offset(upload) != offset:  # another PATCH finished between check and lock
            raise tus.tus_error(409, "offset_mismatch", "the upload moved on; HEAD it and resume")
        try:
            new_offset = await tus.append_stream(upload, offset, request.stream())
        except ClientDisconnect:
            new_offset = -1  # nobody to answer; the client will HEAD and resume
        finally:
            # Whatever reached the disk counts, even if the client went away mid-body.
            upload.offset = tus.current_offset(upload)
            session.commit()
        if new_offset >= upload.length and upload.completed_at is None:
            tus.complete(session, upload, user)
    return _state_headers(upload, tus.current_offset(upload))


@router.options("", status_code=204)
def tus_options() -> Response:
    """Capabilities discovery; needs no auth and no Tus-Resumable header."""
    headers = tus.tus_headers(
        **{
            "Tus-Version": tus.TUS_VERSION,
            "Tus-Extension": tus.TUS_EXTENSIONS,
            "Tus-Max-Size": str(get_settings().upload_max_bytes),
        }
    )
    return Response(status_code=204, headers=headers)


@router.post("", status_code=201)
async def tus_create(
    request: Request,
    user: ActiveUser,
    session: SessionDep,
    tus_resumable: str | None = Header(None),
    upload_length: str | None = Header(None),
    upload_metadata: str | None = Header(None),
    content_type: str | None = Header(None),
) -> Response:
    """Start an upload (Upload-Length, Upload-Metadata); a body, if sent, is its first bytes."""
    tus.check_version(tus_resumable)
    length = tus.parse_length(upload_length)
    upload = tus.create_session(session, user, length, tus.parse_metadata(upload_metadata))
    headers = tus.tus_headers(Location=_location(request, upload.id))
    headers["Upload-Expires"] = tus.http_date(upload.expires_at)
    if content_type and request.headers.get("content-length", "0") != "0":
        _require_offset_body(content_type)
        headers |= await _write(request, session, upload, user, 0)
    return Response(status_code=201, headers=headers)


@router.head("/{upload_id}", name="tus_head")
def tus_head(
    upload_id: str, user: ActiveUser, session: SessionDep, tus_resumable: str | None = Header(None)
) -> Response:
    """Where to resume: the offset is what is on disk."""
    tus.check_version(tus_resumable)
    upload = tus.get_session(session, upload_id, user)
    headers = _state_headers(upload, tus.current_offset(upload))
    headers["Upload-Length"] = str(upload.length)
    return Response(status_code=200, headers=headers)


@router.patch("/{upload_id}", status_code=204)
async def tus_patch(
    upload_id: str,
    request: Request,
    user: ActiveUser,
    session: SessionDep,
    tus_resumable: str | None = Header(None),
    upload_offset: str | None = Header(None),
    content_type: str | None = Header(None),
) -> Response:
    """Append bytes at Upload-Offset, which must match the server's offset exactly."""
    tus.check_version(tus_resumable)
    _require_offset_body(content_type)
    upload = tus.get_session(session, upload_id, user)
    if upload_offset is None or not upload_offset.isdigit():
        raise tus.tus_error(400, "invalid_upload_offset", "Upload-Offset must be a non-negative integer")
    offset = tus.current_offset(upload)
    if int(upload_offset) != offset:
        raise tus.tus_error(409, "offset_mismatch", f"the upload is at offset {offset}; resume from there")
    if upload.completed_at is not None:
        return Response(status_code=204, headers=_state_headers(upload, offset))
    return Response(status_code=204, headers=await _write(request, session, upload, user, offset))


@router.delete("/{upload_id}", status_code=204)
def tus_terminate(
    upload_id: str, user: ActiveUser, session: SessionDep, tus_resumable: str | None = Header(None)
) -> Response:
    """Abandon an unfinished upload and free its bytes (termination extension)."""
    tus.check_version(tus_resumable)
    upload = tus.get_session(session, upload_id, user)
    if upload.completed_at is not None:
        raise ApiError(
            409, "upload_complete", "a finished upload cannot be terminated", headers=tus.tus_headers()
        )
    get_storage().delete(upload.storage_key)
    session.delete(upload)
    session.commit()
    return Response(status_code=204, headers=tus.tus_headers())
