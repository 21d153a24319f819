"""Comments: posted as `pending`, scored by the moderation job, visible once approved."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Query
from sqlalchemy import or_, select

from backend.app.api.deps import ActiveUser, CurrentUser, OptionalUser, SessionDep
from backend.app.core import ratelimit
from backend.app.crud import videos as video_crud
from backend.app.crud.paging import keyset_page
from backend.app.crud.users import brief
from backend.app.schemas.comments import CommentIn, CommentOut
from backend.app.schemas.common import Message, Page
from opentok.api.errors import ApiError, not_found
from opentok.core.config import get_settings
from opentok.counters import recount_comments
from opentok.db.base import utcnow
from opentok.models import Comment, CommentStatus, User, UserRole, Video, VideoStatus
from opentok.tasks import MODERATE_COMMENT

router = APIRouter(tags=["comments"])
log = logging.getLogger(__name__)


def present(session, comments: list[Comment], viewer: User | None) -> list[CommentOut]:  # type: ignore[no-untyped-def]
    authors = {
        u.id: u for u in session.scalars(select(User).where(User.id.in_({c.user_id for c in comments})))
    }
    return [
        CommentOut(
            id=c.id,
            video_id=c.video_id,
            author=brief(authors[c.user_id]),
            text=c.text,
            status=c.status.value,
            reason=c.reason
            if viewer is not None and (viewer.id == c.user_id or video_crud.is_staff(viewer))
            else None,
            created_at=c.created_at,
        )
        for c in comments
    ]


def enqueue_moderation(comment_id: int) -> None:
    """Hand the comment to the moderation worker at once. If the broker is down it simply
    stays pending, which is the safe state: nothing is published unchecked."""
    from backend_constant.celery_app import celery_app

    try:
        celery_app.send_task(MODERATE_COMMENT, args=[comment_id])
    except Exception:
        log.exception("could not enqueue moderation for comment %s", comment_id)


@router.post("/videos/{video_id}/comments", status_code=201)
def create_comment(video_id: int, body: CommentIn, user: ActiveUser, session: SessionDep) -> CommentOut:
    ratelimit.enforce(
        "comments", f"u{user.id}", get_settings().rate_limit_comments, "you are commenting too fast"
    )
    video = video_crud.get_visible(session, video_id, user)
    if video.status != VideoStatus.published:
        raise ApiError(409, "not_published", "comments open once the video is published")
    comment = Comment(video_id=video.id, user_id=user.id, text=body.text, status=CommentStatus.pending)
    session.add(comment)
    session.commit()
    enqueue_moderation(comment.id)
    return present(session, [comment], user)[0]


@router.get("/videos/{video_id}/comments")
def list_comments(
    video_id: int,
    session: SessionDep,
    viewer: OptionalUser,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100),
) -> Page[CommentOut]:
    """Approved comments for everyone, plus the viewer's own pending or rejected ones."""
    video = video_crud.get_visible(session, video_id, viewer)
    visible = Comment.status == CommentStatus.approved
    if viewer is not None:
        visible = or_(visible, Comment.user_id == viewer.id)
    query = select(Comment).where(Comment.video_id == video.id, Comment.deleted_at.is_(None), visible)
    rows, next_cursor = keyset_page(session, query, Comment.created_at, Comment.id, cursor, limit)
    return Page(items=present(session, rows, viewer), next_cursor=next_cursor)


@router.get("/comments/{comment_id}")
def get_comment(comment_id: int, session: SessionDep, viewer: OptionalUser) -> CommentOut:
    comment = session.get(Comment, comment_id)
    can_see = (
        comment is not None
        and comment.deleted_at is None
        and (
            comment.status == CommentStatus.approved
            or (viewer is not None and (viewer.id == comment.user_id or video_crud.is_staff(viewer)))
        )
    )
    if not can_see:
        raise not_found("comment")
    return present(session, [comment], viewer)[0]


@router.delete("/comments/{comment_id}")
def delete_comment(comment_id: int, user: CurrentUser, session: SessionDep) -> Message:
    """The author, the video's owner or an admin may delete; anyone else gets 404 or 403."""
    comment = session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None:
        raise not_found("comment")
    video = session.get(Video, comment.video_id)
    allowed = (
        user.id == comment.user_id or user.role == UserRole.admin or (video and video.owner_id == user.id)
    )
    if not allowed:
        raise ApiError(403, "forbidden", "you cannot delete this comment")
    comment.deleted_at = utcnow()
    recount_comments(session, comment.video_id)
    session.commit()
    return Message(message="comment deleted")
