"""Which media links a viewer gets for a video: signed, short-lived, and only if they may watch.

Anyone gets public links to a public video; its owner and moderators get owner links to any
state of it (pending, rejected, failed). Everyone else gets no links at all. The gateway's media
route (and nginx, through it) re-checks the video's state on every request, so a public link
dies the moment the video is rejected or deleted.
"""

from __future__ import annotations

import logging

from opentok.core.config import get_settings
from opentok.media_access import Audience, expires_in, prefix_of, sign, signed_url
from opentok.models import User, UserRole, UserStatus, Video, VideoStatus

log = logging.getLogger(__name__)


def is_public(video: Video, owner: User | None) -> bool:
    return (
        video.status == VideoStatus.published
        and video.deleted_at is None
        and (owner is None or owner.status != UserStatus.banned)
    )


def video_media_base(video: Video, owner: User | None, viewer: User | None) -> str | None:
    """The signed folder URL for `video`'s files, or None when `viewer` may not fetch them.

    Pure apart from the clock: no database or network, so feeds can call it per card.
    """
    key = video.hls_master_key or video.mp4_key or video.poster_key
    if not key:
        return None
    settings = get_settings()
    if is_public(video, owner):
        audience, ttl = Audience.public, settings.media_url_ttl_s
    elif viewer is not None and (
        viewer.id == video.owner_id or viewer.role in (UserRole.moderator, UserRole.admin)
    ):
        audience, ttl = Audience.owner, settings.media_private_url_ttl_s
    else:
        return None
    return _sign(key, video.id, ttl, audience)


def _sign(key: str, video_id: int, ttl: int, audience: Audience) -> str | None:
    try:
        return sign(prefix_of(key), expires_in(ttl), video_id=video_id, audience=audience)
    except ValueError:  # a key outside any media folder: no link rather than a failed page
        log.warning("video %s has an unsignable media key %r", video_id, key)
        return None


def link(base: str | None, key: str | None) -> str | None:
    """A key's URL under a folder URL from `video_media_base` (None when either is missing)."""
    return signed_url(key, base) if base and key else None


def staff_media_base(video: Video) -> str | None:
    """Folder URL for the moderator tools, which show every state (callers check the role)."""
    key = video.hls_master_key or video.mp4_key or video.poster_key
    if not key or video.deleted_at is not None:
        return None
    return _sign(key, video.id, get_settings().media_private_url_ttl_s, Audience.owner)
