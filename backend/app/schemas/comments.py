"""Comment and report shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from backend.app.schemas.users import UserBrief
from opentok.models import REPORT_REASONS


class CommentIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("comment cannot be blank")
        return value.strip()


class CommentOut(BaseModel):
    id: int
    video_id: int
    author: UserBrief
    text: str
    status: str
    # The author sees why their comment was held or rejected; others never see those.
    reason: str | None = None
    created_at: datetime


class ReportIn(BaseModel):
    subject_type: str = Field(pattern="^(video|comment|user)$")
    subject_id: int = Field(ge=1)
    reason: str
    details: str = Field("", max_length=2000)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if value not in REPORT_REASONS:
            raise ValueError(f"reason must be one of: {', '.join(REPORT_REASONS)}")
        return value


class ReportOut(BaseModel):
    id: int
    subject_type: str
    subject_id: int
    reason: str
    status: str
    created_at: datetime
