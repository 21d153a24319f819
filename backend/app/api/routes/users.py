"""Profiles, profile edits, a user's videos, and follows."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.app.api.deps import ActiveUser, CurrentUser, OptionalUser, SessionDep
from backend.app.crud import users as crud
from backend.app.crud import videos as video_crud
from backend.app.crud.paging import keyset_page
from backend.app.schemas.common import Page
from backend.app.schemas.users import UserBrief, UserMe, UserProfile, UserUpdate
from backend.app.schemas.videos import VideoOut
from opentok.api.errors import ApiError, not_found
from opentok.models import Follow, User, UserStatus, Video

router = APIRouter(prefix="/users", tags=["users"])


def _user_or_404(session, username: str) -> User:  # type: ignore[no-untyped-def]
    user = crud.get_by_username(session, username)
    if user is None or user.status == UserStatus.banned:
        raise not_found("user")
    return user


@router.patch("/me")
def update_me(body: UserUpdate, user: CurrentUser, session: SessionDep) -> UserMe:
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(user, field, value)
    session.commit()
    return crud.me(session, user)


@router.get("/{username}")
def get_profile(username: str, session: SessionDep, viewer: OptionalUser) -> UserProfile:
    return crud.profile(session, _user_or_404(session, username), viewer)


@router.get("/{username}/videos")
def user_videos(
    username: str,
    session: SessionDep,
    viewer: OptionalUser,
    cursor: str | None = None,
    limit: int = Query(12, ge=1, le=50),
) -> Page[VideoOut]:
    """Everyone sees published videos; the owner (and staff) also see processing, rejected..."""
    owner = _user_or_404(session, username)
    if viewer is not None and (viewer.id == owner.id or video_crud.is_staff(viewer)):
        query = select(Video).where(Video.owner_id == owner.id, Video.deleted_at.is_(None))
    else:
        query = video_crud.published().where(Video.owner_id == owner.id)
    rows, next_cursor = keyset_page(session, query, Video.created_at, Video.id, cursor, limit)
    return Page(items=video_crud.present(session, rows, viewer), next_cursor=next_cursor)


@router.post("/{username}/follow", status_code=201)
def follow(username: str, user: ActiveUser, session: SessionDep) -> UserProfile:
    target = _user_or_404(session, username)
    if target.id == user.id:
        raise ApiError(400, "cannot_follow_self", "you cannot follow yourself")
    try:
        session.add(Follow(follower_id=user.id, followee_id=target.id))
        session.commit()
    except IntegrityError:  # already following: following is idempotent
        session.rollback()
    return crud.profile(session, target, user)


@router.delete("/{username}/follow")
def unfollow(username: str, user: CurrentUser, session: SessionDep) -> UserProfile:
    target = _user_or_404(session, username)
    row = session.scalar(select(Follow).where(Follow.follower_id == user.id, Follow.followee_id == target.id))
    if row is not None:
        session.delete(row)
        session.commit()
    return crud.profile(session, target, user)


def _follow_list(session, user: User, followers: bool, limit: int) -> list[UserBrief]:  # type: ignore[no-untyped-def]
    other = Follow.follower_id if followers else Follow.followee_id
    mine = Follow.followee_id if followers else Follow.follower_id
    rows = session.scalars(
        select(User)
        .join(Follow, other == User.id)
        .where(mine == user.id)
        .order_by(Follow.id.desc())
        .limit(limit)
    )
    return [crud.brief(u) for u in rows]


@router.get("/{username}/followers")
def followers(username: str, session: SessionDep, limit: int = Query(50, ge=1, le=200)) -> list[UserBrief]:
    return _follow_list(session, _user_or_404(session, username), True, limit)


@router.get("/{username}/following")
def following(username: str, session: SessionDep, limit: int = Query(50, ge=1, le=200)) -> list[UserBrief]:
    return _follow_list(session, _user_or_404(session, username), False, limit)
