"""Video shapes: what a viewer, the owner and a moderator see."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.app.schemas.users import UserBrief


class RenditionOut(BaseModel):
    name: str
    kind: str
    width: int
    height: int
    url: str


class VideoOut(BaseModel):
    id: int
    owner: UserBrief
    title: str
    description: str
    category: str
    hashtags: list[str]
    status: str
    status_reason: str | None = None
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    poster_url: str | None = None
    preview_url: str | None = None
    hls_url: str | None = None
    mp4_url: str | None = None
    renditions: list[RenditionOut] = []  # the rungs ready now (and the MP4)
    # Rungs still being encoded: the player picks them up on its next master playlist load.
    pending_renditions: list[str] = []
    view_count: int
    like_count: int
    comment_count: int
    share_count: int
    liked_by_me: bool = False
    created_at: datetime
    published_at: datetime | None = None
    # Set by the feed: why the recommender picked this item.
    reason: str | None = None


class VideoUpdate(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=150)
    description: str | None = Field(None, max_length=2200)


class WatchIn(BaseModel):
    watched_ms: int = Field(ge=0, le=24 * 3600 * 1000)
    completed: bool = False
    source: str = Field("feed", pattern="^(feed|following|profile|search|hashtag|share)$")


class ViewIn(BaseModel):
    source: str = Field("feed", pattern="^(feed|following|profile|search|hashtag|share)$")


class LikeState(BaseModel):
    liked: bool
    like_count: int
