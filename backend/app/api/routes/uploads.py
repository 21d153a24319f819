"""Plain multipart upload. (Resumable tus uploads live in tus.py and share the service.)"""

from __future__ import annotations

from fastapi import APIRouter, Request

from backend.app.api.deps import ActiveUser, SessionDep
from backend.app.crud import videos as video_crud
from backend.app.schemas.videos import VideoOut
from backend.app.services import multipart
from backend.app.services.uploads import check_container, create_video, parse_meta
from opentok.core.config import get_settings
from opentok.storage import get_storage

router = APIRouter(prefix="/uploads", tags=["uploads"])


@router.post(
    "",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file", "title"],
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "title": {"type": "string"},
                            "description": {"type": "string"},
                            "category": {"type": "string"},
                            "hashtags": {"type": "string", "description": "space or comma separated"},
                        },
                    }
                }
            },
            "required": True,
        }
    },
)
async def upload_video(request: Request, user: ActiveUser, session: SessionDep) -> VideoOut:
    """Stream the file to storage, check it is a video container, create the video as
    `uploaded` and enqueue its processing."""
    settings = get_settings()
    fields, received = await multipart.receive(
        request, get_storage().incoming_dir(), settings.upload_max_bytes
    )
    try:
        check_container(received.head)
        meta = parse_meta(fields)
        video = create_video(session, user, received.path, meta, received.filename)
    finally:
        received.path.unlink(missing_ok=True)
    return video_crud.present(session, [video], user)[0]
