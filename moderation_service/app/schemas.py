"""Request and response bodies of the moderation API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_BATCH_ITEMS = 256
MAX_TEXT_CHARS = 20_000


class TextsIn(BaseModel):
    texts: list[str] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)

    def too_long(self) -> int | None:
        """Index of the first text over the size limit, if any."""
        return next((i for i, t in enumerate(self.texts) if len(t) > MAX_TEXT_CHARS), None)


class CommentVerdict(BaseModel):
    scores: dict[str, float]  # all nine categories, OK = safe
    verdict: Literal["approve", "review", "reject"]
    categories: list[str]
    reason: str


class ClassifyOut(BaseModel):
    model_version: str | None
    provider: str
    degraded: bool
    latency_ms: float
    results: list[CommentVerdict]


class ThresholdOut(BaseModel):
    review: float
    reject: float
    source: str


class PolicyOut(BaseModel):
    thresholds: dict[str, ThresholdOut]


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an `actor_id` here is refused: see X-Actor-Id

    thresholds: dict[str, dict[str, float]]
    note: str | None = Field(None, max_length=1000)


class CyberbullyingResult(BaseModel):
    label: str
    probabilities: dict[str, float]


class CyberbullyingOut(BaseModel):
    model_version: str
    kind: str
    results: list[CyberbullyingResult]


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    comment_model: str | None
    cyberbullying_model: str | None
