"""A single video: read, edit and delete (owner or admin only)."""

from __future__ import annotations

from fastapi import APIRouter

from backend.app.api.deps import CurrentUser, OptionalUser, SessionDep
from backend.app.crud import videos as crud
from backend.app.schemas.common import Message
from backend.app.schemas.videos import VideoOut, VideoUpdate
from opentok.api.errors import ApiError
from opentok.db.base import utcnow
from opentok.models import UserRole

router = APIRouter(prefix="/videos", tags=["videos"])


@router.get("/{video_id}")
def get_video(video_id: int, session: SessionDep, viewer: OptionalUser) -> VideoOut:
    return crud.present(session, [crud.get_visible(session, video_id, viewer)], viewer)[0]


@router.patch("/{video_id}")
def update_video(video_id: int, body: VideoUpdate, user: CurrentUser, session: SessionDep) -> VideoOut:
    video = crud.get_visible(session, video_id, user)
    if video.owner_id != user.id:
        raise ApiError(403, "forbidden", "only the owner can edit this video")
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(video, field, value)
    session.commit()
    return crud.present(session, [video], user)[0]


@router.delete("/{video_id}")
def delete_video(video_id: int, user: CurrentUser, session: SessionDep) -> Message:
    """Soft delete: the row stays for the audit trail; feeds and pages stop showing it."""
    video = crud.get_visible(session, video_id, user)
    if video.owner_id != user.id and user.role != UserRole.admin:
        raise ApiError(403, "forbidden", "only the owner or an admin can delete this video")
    video.deleted_at = utcnow()
    session.commit()
    return Message(message="video deleted")
