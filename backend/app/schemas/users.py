"""Public and private views of an account."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from opentok.models import VIDEO_CATEGORIES


class UserBrief(BaseModel):
    id: int
    username: str
    display_name: str
    avatar_url: str | None = None
    verified: bool = False


class UserProfile(UserBrief):
    bio: str
    created_at: datetime
    follower_count: int
    following_count: int
    video_count: int
    like_count: int
    is_following: bool = False


class UserMe(UserProfile):
    email: str
    role: str
    status: str
    interests: list[str]


class UserUpdate(BaseModel):
    display_name: str | None = Field(None, max_length=64)
    bio: str | None = Field(None, max_length=500)
    interests: list[str] | None = Field(None, max_length=10)

    @field_validator("interests")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        unknown = sorted(set(value) - set(VIDEO_CATEGORIES))
        if unknown:
            raise ValueError(f"unknown interests: {', '.join(unknown)}")
        return sorted(set(value))
