"""The video moderation provider interface and the one verdict schema every provider returns.

Gemini and the local offline pipeline see a video very differently, but the worker and
the audit log must not care which one ran: both answer with `VideoVerdict`, scored on our
policy categories and decided by our per-category thresholds (`moderation_service.policy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field, field_validator

from moderation_service.policy import Threshold, decide
from opentok.core.config import CATEGORIES, UNSAFE_CATEGORIES
from opentok.models.enums import Verdict

#: Per-category thresholds in force (admin policy over settings over model calibration).
Thresholds = Mapping[str, Threshold]

#: Where a violation was seen: a sampled frame, a metadata field, on-screen text, or the model.
ViolationSource = Literal["frame", "title", "description", "hashtags", "on_screen_text", "model"]


class Violation(BaseModel):
    """One piece of evidence behind a verdict, located in the video when possible."""

    category: str
    score: float = Field(ge=0.0, le=1.0)
    source: ViolationSource
    timestamp_s: float | None = Field(None, ge=0.0, description="Start of the violation in the video.")
    end_s: float | None = Field(None, ge=0.0)
    frame_index: int | None = Field(None, ge=0, description="Index among the sampled frames.")
    detail: str = ""

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in UNSAFE_CATEGORIES:
            raise ValueError(f"unknown category {value!r}")
        return value


class VideoVerdict(BaseModel):
    """A provider's answer. `degraded` means it could not finish: a human must look."""

    verdict: Verdict
    scores: dict[str, float] = Field(default_factory=dict, description="Per category, 0..1.")
    categories: list[str] = Field(default_factory=list, description="Categories behind the verdict.")
    explanation: str
    violations: list[Violation] = Field(default_factory=list)
    provider: str
    model_version: str
    degraded: bool = False
    details: dict[str, Any] = Field(default_factory=dict, description="Frames, attempts, OCR...")
    latency_ms: float | None = None


class VideoInput(BaseModel):
    """What a provider moderates: the media file and the text the uploader attached."""

    path: Path
    title: str = ""
    description: str = ""
    hashtags: list[str] = Field(default_factory=list)
    video_id: int | None = None

    def hashtag_text(self) -> str:
        return " ".join(f"#{tag.lstrip('#')}" for tag in self.hashtags if tag.strip())


class VideoModerationProvider(Protocol):
    name: str

    @property
    def model_version(self) -> str: ...

    def moderate(self, video: VideoInput, thresholds: Thresholds | None = None) -> VideoVerdict:
        """Never raises for provider trouble: failures come back as a degraded `review`.

        `thresholds` are the ones in force (the service passes the admin policy); without
        them the provider uses settings and its model's calibration."""


def complete_scores(unsafe: dict[str, float]) -> dict[str, float]:
    """All nine categories: missing unsafe ones are 0 and OK is what the worst one leaves."""
    scores = {c: float(min(1.0, max(0.0, unsafe.get(c, 0.0)))) for c in UNSAFE_CATEGORIES}
    scores["OK"] = 1.0 - max(scores.values())
    return {c: round(scores[c], 6) for c in CATEGORIES}


def decide_verdict(
    scores: dict[str, float],
    *,
    provider: str,
    model_version: str,
    explanation: str,
    violations: list[Violation],
    thresholds: Thresholds | None,
    details: dict[str, Any] | None = None,
) -> VideoVerdict:
    """Apply our per-category thresholds to a provider's scores (the comment rule, reused)."""
    decision = decide(scores, dict(thresholds) if thresholds else None)
    reason = decision.reason if decision.categories else ""
    return VideoVerdict(
        verdict=Verdict(decision.verdict),
        scores=scores,
        categories=list(decision.categories),
        explanation=f"{reason} {explanation}".strip() if reason else explanation,
        violations=violations,
        provider=provider,
        model_version=model_version,
        details=details or {},
    )


def needs_review(
    reason: str, *, provider: str, model_version: str, details: dict[str, Any] | None = None
) -> VideoVerdict:
    """The fallback when a provider cannot judge: hold for a human, never approve silently."""
    return VideoVerdict(
        verdict=Verdict.review,
        explanation=reason,
        provider=provider,
        model_version=model_version,
        degraded=True,
        details=details or {},
    )
