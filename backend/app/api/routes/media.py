"""Media bytes behind signed links, with HTTP Range support (players seek; browsers resume).

Embedded mode serves `/media/t/<token>/<key>` here. In compose nginx serves the bytes and asks
`/internal/media-auth` first (`auth_request`), so both modes apply the one rule in `authorize`:
a valid signature (opentok.media_access) and a video that may still be shown to that link's
audience. The state is read on every request, so rejection and deletion revoke at once.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from sqlalchemy.orm import Session

from backend.app.api.deps import SessionDep
from backend.app.crud.media import is_public
from opentok.api.errors import ApiError
from opentok.media_access import URL_ROOT, Audience, Grant, MediaAccessError, verify
from opentok.models import User, Video
from opentok.storage import content_type, get_storage

router = APIRouter(tags=["media"])

#: Links stay valid until they expire unless revoked, so caches may keep bytes only briefly
#: and privately: never `immutable`, never a shared cache that would outlive a rejection.
CACHE_CONTROL = "private, max-age=60"


def media_type(key: str) -> str:
    return content_type(key)


def _refuse(status: int, reason: str) -> ApiError:
    code = "not_found" if status == 404 else "forbidden"
    return ApiError(status, code, f"media: {reason}", headers={"Cache-Control": "no-store"})


def authorize(session: Session, path: str) -> Grant:
    """The grant for a path after URL_ROOT, or an ApiError (403 bad link, 404 gone or hidden)."""
    try:
        grant = verify(path)
    except MediaAccessError as exc:
        raise _refuse(exc.status, exc.reason) from None
    video = session.get(Video, grant.video_id)
    keys = (video.hls_master_key, video.mp4_key, video.poster_key) if video else ()
    if video is None or not any(k and k.startswith(grant.prefix + "/") for k in keys):
        raise _refuse(404, "no such video")
    if video.deleted_at is not None:
        raise _refuse(404, "video deleted")
    if grant.audience == Audience.public and not is_public(video, session.get(User, video.owner_id)):
        raise _refuse(404, "video is not public")
    return grant


@router.get("/media/t/{path:path}", include_in_schema=False)
def media(path: str, session: SessionDep) -> Response:
    grant = authorize(session, path)
    session.close()  # the bytes may take minutes to send; the row was only needed for the check
    storage = get_storage()
    headers = {"Cache-Control": CACHE_CONTROL}
    url = storage.presigned_url(grant.key)
    if url is not None:
        # Object storage: playlists pass through here so their relative URLs keep the signed
        # path; every other file is a short-lived presigned redirect into the private bucket.
        if not grant.key.endswith(".m3u8"):
            return RedirectResponse(url, status_code=307, headers=headers)
        try:
            body = storage.open(grant.key).read()
        except FileNotFoundError:
            raise _refuse(404, "no such file") from None
        return Response(body, media_type=media_type(grant.key), headers=headers)
    try:
        file = storage.local_path(grant.key)  # type: ignore[attr-defined]  # local backend
    except ValueError:
        raise _refuse(404, "no such file") from None
    if not file.is_file():
        raise _refuse(404, "no such file")
    return FileResponse(file, media_type=media_type(grant.key), headers={"Cache-Control": CACHE_CONTROL})


@router.get("/internal/media-auth", include_in_schema=False)
def media_auth(request: Request, session: SessionDep) -> Response:
    """nginx's `auth_request` target: 204 lets nginx stream the file, 403 refuses it.

    auth_request passes on only 401 and 403 (anything else becomes a 500), so every refusal is 403.
    """
    uri = unquote(urlsplit(request.headers.get("x-original-uri", "")).path)
    try:
        if not uri.startswith(URL_ROOT):
            raise _refuse(404, "not a signed media path")
        authorize(session, uri.removeprefix(URL_ROOT))
    except ApiError as exc:
        raise _refuse(403, exc.message.removeprefix("media: ")) from None
    return Response(status_code=204)


@router.get("/media/{rest:path}", include_in_schema=False)
def unsigned_media(rest: str) -> None:
    """Unsigned paths (and originals) are never served; without this the web app would answer."""
    raise _refuse(404, "media needs a signed link")
