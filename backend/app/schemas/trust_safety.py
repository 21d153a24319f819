"""Request and response shapes of the trust-and-safety, trends and analytics endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator


class TrendOut(BaseModel):
    tag: str
    score: float
    burst: float
    posts: int
    views: int
    baseline_per_window: float


class TrendsOut(BaseModel):
    window_hours: int
    sort: str
    generated_at: datetime
    items: list[TrendOut]


class DraftIn(BaseModel):
    """A video not posted yet: what the creator knows before uploading."""

    text: str = Field("", max_length=2200)
    hashtags: list[str] = Field(default_factory=list, max_length=30)
    category: str | None = Field(None, max_length=32)
    duration_s: float | None = Field(None, gt=0, le=3600)
    hour: int | None = Field(None, ge=0, le=23, description="UTC hour of the planned posting")

    @field_validator("hashtags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        cleaned = [t.strip().lstrip("#").lower() for t in tags]
        if any(not t or len(t) > 64 for t in cleaned):
            raise ValueError("hashtags must be 1-64 characters")
        return cleaned


class EngagementPrediction(BaseModel):
    bucket: str
    confidence: float
    probabilities: dict[str, float]
    model_version: str
    trained_on: str
    holdout: dict[str, Any] = Field(description="The model's held-out metrics, beside its baseline")


class TrustFeature(BaseModel):
    feature: str
    value: float
    impact: float = Field(description="Trust points this feature adds (+) or removes (-)")


class UserTrustOut(BaseModel):
    user_id: int
    trust_score: float | None
    features: list[TrustFeature]
    churn_risk: float | None
    segment: str | None
    model_version: str | None
    computed_at: datetime | None
    signals: dict[str, float] = Field(description="The account's current platform features")


class FactCheckItem(BaseModel):
    video_id: int
    owner_id: int
    title: str
    status: str
    claim_score: float | None
    created_at: datetime


class FactCheckResolveIn(BaseModel):
    note: str = Field("", max_length=1000)


class SentimentOut(BaseModel):
    video_id: int
    comments: int
    mean: float | None
    label: str | None
    positive: int
    neutral: int
    negative: int
    model: str
