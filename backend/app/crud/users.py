"""Account queries and the profile presenter."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backend.app.core.security import hash_password
from backend.app.schemas.users import UserBrief, UserMe, UserProfile
from opentok.models import Follow, User, UserRole, Video, VideoStatus


def get_by_login(session: Session, login: str) -> User | None:
    login = login.strip()
    return session.scalar(select(User).where(or_(User.username == login, User.email == login.lower())))


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def create_user(
    session: Session,
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    role: UserRole = UserRole.user,
    interests: list[str] | None = None,
) -> User:
    user = User(
        username=username,
        email=email.lower(),
        password_hash=hash_password(password),
        display_name=display_name or username,
        role=role,
        interests=interests or [],
    )
    session.add(user)
    session.flush()
    return user


def brief(user: User) -> UserBrief:
    return UserBrief(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        avatar_url=None,  # avatars are not stored yet; when they are, sign them like video media
        verified=user.verified,
    )


def profile(session: Session, user: User, viewer: User | None) -> UserProfile:
    followers = session.scalar(select(func.count()).where(Follow.followee_id == user.id)) or 0
    following = session.scalar(select(func.count()).where(Follow.follower_id == user.id)) or 0
    videos = select(Video).where(
        Video.owner_id == user.id, Video.deleted_at.is_(None), Video.status == VideoStatus.published
    )
    video_count = session.scalar(select(func.count()).select_from(videos.subquery())) or 0
    likes = session.scalar(select(func.coalesce(func.sum(videos.subquery().c.like_count), 0))) or 0
    is_following = bool(
        viewer
        and session.scalar(
            select(Follow.id).where(Follow.follower_id == viewer.id, Follow.followee_id == user.id)
        )
    )
    return UserProfile(
        **brief(user).model_dump(),
        bio=user.bio,
        created_at=user.created_at,
        follower_count=followers,
        following_count=following,
        video_count=video_count,
        like_count=int(likes),
        is_following=is_following,
    )


def me(session: Session, user: User) -> UserMe:
    return UserMe(
        **profile(session, user, None).model_dump(),
        email=user.email,
        role=user.role.value,
        status=user.status.value,
        interests=list(user.interests or []),
    )
