"""Response and request bodies of the recommender API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from recommender_service.engine.rules import Candidate


class FeedItem(BaseModel):
    video_id: int
    creator_id: int
    category: str
    score: float
    reason: str  # exploit | explore | trending | cold-start | fresh | similar

    @classmethod
    def of(cls, c: Candidate) -> FeedItem:
        return cls(
            video_id=c.video_id,
            creator_id=c.creator_id,
            category=c.category,
            score=round(c.score, 6),
            reason=c.reason,
        )


class FeedResponse(BaseModel):
    items: list[FeedItem]
    model_version: str | None
    user_id: int | None = None


class EventIn(BaseModel):
    user_id: int = Field(ge=1)
    video_id: int = Field(ge=1)
    kind: Literal["watch", "like"]
    watched_ms: int | None = Field(None, ge=0)
    completed: bool = False


class EventsIn(BaseModel):
    events: list[EventIn] = Field(min_length=1, max_length=1000)


class EventsOut(BaseModel):
    accepted: int
    signals: int


class RebuildOut(BaseModel):
    status: Literal["started", "done"]
    version: str | None = None
