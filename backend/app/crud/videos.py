"""Video visibility rules and the presenter that turns rows into API objects."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.app.crud import hashtags
from backend.app.crud.media import link, video_media_base
from backend.app.crud.users import brief
from backend.app.schemas.videos import RenditionOut, VideoOut
from opentok.api.errors import not_found
from opentok.models import Like, Rendition, User, UserRole, UserStatus, Video, VideoStatus


def is_staff(user: User | None) -> bool:
    return user is not None and user.role in (UserRole.moderator, UserRole.admin)


def published() -> Select[tuple[Video]]:
    """Videos anyone may see: published, not deleted, owner not banned."""
    return (
        select(Video)
        .join(User, User.id == Video.owner_id)
        .where(
            Video.status == VideoStatus.published,
            Video.deleted_at.is_(None),
            User.status != UserStatus.banned,
        )
    )


def get_visible(session: Session, video_id: int, viewer: User | None) -> Video:
    """Owners and staff see every state of a video; everyone else only published ones.

    Hidden videos answer 404, not 403, so their existence does not leak.
    """
    video = session.get(Video, video_id)
    if video is None or video.deleted_at is not None:
        raise not_found("video")
    if video.status == VideoStatus.published or is_staff(viewer):
        return video
    if viewer is not None and viewer.id == video.owner_id:
        return video
    raise not_found("video")


def present(session: Session, videos: list[Video], viewer: User | None) -> list[VideoOut]:
    if not videos:
        return []
    ids = [v.id for v in videos]
    tags = hashtags.tags_by_video(session, ids)
    owners = {u.id: u for u in session.scalars(select(User).where(User.id.in_({v.owner_id for v in videos})))}
    liked: set[int] = set()
    if viewer is not None:
        liked = set(
            session.scalars(select(Like.video_id).where(Like.user_id == viewer.id, Like.video_id.in_(ids)))
        )
    bases = {v.id: video_media_base(v, owners.get(v.owner_id), viewer) for v in videos}
    renditions: dict[int, list[RenditionOut]] = {}
    for r in session.scalars(select(Rendition).where(Rendition.video_id.in_(ids)).order_by(Rendition.height)):
        url = link(bases[r.video_id], r.playlist_key)
        if url:
            renditions.setdefault(r.video_id, []).append(
                RenditionOut(name=r.name, kind=r.kind, width=r.width, height=r.height, url=url)
            )
    out = []
    for v in videos:
        base = bases[v.id]
        can_see_reason = viewer is not None and (viewer.id == v.owner_id or is_staff(viewer))
        out.append(
            VideoOut(
                id=v.id,
                owner=brief(owners[v.owner_id]),
                title=v.title,
                description=v.description,
                category=v.category,
                hashtags=tags.get(v.id, []),
                status=v.status.value,
                status_reason=v.status_reason if can_see_reason else None,
                duration_s=v.duration_s,
                width=v.width,
                height=v.height,
                poster_url=link(base, v.poster_key),
                preview_url=link(base, v.preview_key),
                hls_url=link(base, v.hls_master_key),
                mp4_url=link(base, v.mp4_key),
                renditions=renditions.get(v.id, []),
                pending_renditions=list(v.pending_renditions or []),
                view_count=v.view_count,
                like_count=v.like_count,
                comment_count=v.comment_count,
                share_count=v.share_count,
                liked_by_me=v.id in liked,
                created_at=v.created_at,
                published_at=v.published_at,
            )
        )
    return out
