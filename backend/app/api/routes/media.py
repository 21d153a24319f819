"""Media bytes with HTTP Range support (players seek; browsers resume).

Compose serves /media through nginx instead; embedded mode serves it here.
"""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter
from fastapi.responses import FileResponse

from opentok.api.errors import not_found
from opentok.storage import get_storage

router = APIRouter(tags=["media"])

MEDIA_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".png": "image/png",
}
# Originals are kept for reprocessing but never served: only derived, checked outputs are.
PRIVATE_PREFIXES = ("uploads/", ".incoming/", "tus/")


def media_type(key: str) -> str:
    for suffix, kind in MEDIA_TYPES.items():
        if key.endswith(suffix):
            return kind
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


@router.get("/media/{key:path}", include_in_schema=False)
def media(key: str) -> FileResponse:
    if key.startswith(PRIVATE_PREFIXES) or "/." in f"/{key}":
        raise not_found("media")
    storage = get_storage()
    try:
        path = storage.local_path(key)
    except ValueError:
        raise not_found("media") from None
    if not path.is_file():
        raise not_found("media")
    headers = {"Cache-Control": "public, max-age=3600"}
    return FileResponse(path, media_type=media_type(key), headers=headers)
