"""Shapes of the moderators' and admins' API (/api/admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from backend.app.schemas.users import UserBrief
from opentok.core.config import CATEGORIES

#: What a moderator can do to a queue item; the audit row's verdict is the same word.
ACTION_PATTERN = "^(approve|reject|escalate)$"
SUBJECT_PATTERN = "^(video|comment|report)$"


class AiVerdict(BaseModel):
    """The automatic decision a moderator reviews: verdict, per-category scores and why."""

    verdict: str
    scores: dict[str, float] = {}
    categories: list[str] = []
    explanation: str | None = None
    provider: str | None = None
    model_version: str | None = None
    decided_at: datetime | None = None
    details: dict[str, Any] | None = None


class VideoMedia(BaseModel):
    title: str
    description: str
    duration_s: float | None = None
    poster_url: str | None = None
    strip_url: str | None = None
    hls_url: str | None = None
    mp4_url: str | None = None


class CommentContext(BaseModel):
    video_id: int
    video_title: str
    cyberbullying_type: str | None = None
    sentiment: float | None = None


class ReportContext(BaseModel):
    reason: str
    details: str
    reporter: UserBrief | None = None
    subject_type: str
    subject_id: int
    subject_text: str = ""
    subject_status: str | None = None


class QueueItem(BaseModel):
    key: str  # "<subject_type>:<id>", stable across refreshes for selection and focus
    subject_type: str
    subject_id: int
    status: str
    created_at: datetime
    author: UserBrief | None = None
    text: str = ""
    ai: AiVerdict | None = None
    escalated: bool = False
    report_count: int = 0
    video: VideoMedia | None = None
    comment: CommentContext | None = None
    report: ReportContext | None = None


class QueueOut(BaseModel):
    items: list[QueueItem]
    counts: dict[str, int]


class _Reasoned(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)
    categories: list[str] | None = Field(None, max_length=9)

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if len(value.strip()) < 3:
            raise ValueError("give a reason of at least 3 characters")
        return value.strip()

    @field_validator("categories")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and set(value) - set(CATEGORIES):
            raise ValueError(f"categories must be among {', '.join(CATEGORIES)}")
        return value


class DecisionIn(_Reasoned):
    subject_type: str = Field(pattern=SUBJECT_PATTERN)
    subject_id: int = Field(ge=1)
    action: str = Field(pattern=ACTION_PATTERN)


class SubjectRef(BaseModel):
    subject_type: str = Field(pattern=SUBJECT_PATTERN)
    subject_id: int = Field(ge=1)


class BulkDecisionIn(_Reasoned):
    items: list[SubjectRef] = Field(min_length=1, max_length=200)
    action: str = Field(pattern=ACTION_PATTERN)


class DecisionOut(BaseModel):
    id: int
    subject_type: str
    subject_id: int
    subject_label: str = ""
    source: str
    provider: str | None = None
    model_version: str | None = None
    scores: dict[str, float] | None = None
    categories: list[str] | None = None
    verdict: str
    reason: str | None = None
    details: dict[str, Any] | None = None
    actor: UserBrief | None = None
    created_at: datetime


class DecisionResult(BaseModel):
    subject_type: str
    subject_id: int
    ok: bool
    status: str | None = None
    decision_id: int | None = None
    error: str | None = None


class BulkOut(BaseModel):
    results: list[DecisionResult]


class AgreementRow(BaseModel):
    category: str
    name: str
    total: int  # decisions compared (the AI gave a definite verdict)
    agree: int
    deferred: int = 0  # the AI said `review`: nothing to compare
    rate: float | None


class AgreementOut(BaseModel):
    overall: AgreementRow
    categories: list[AgreementRow]


class StatusIn(BaseModel):
    status: str = Field(pattern="^(active|suspended|banned)$")
    reason: str = Field(min_length=3, max_length=500)


class TrustOut(BaseModel):
    trust_score: float | None = None
    trust_features: list | None = None
    churn_risk: float | None = None
    segment: str | None = None
    model_version: str | None = None
    computed_at: datetime | None = None


class AdminUserRow(UserBrief):
    email: str
    role: str
    status: str
    status_reason: str | None = None
    created_at: datetime
    last_active_at: datetime | None = None
    trust_score: float | None = None
    violations: int = 0


class AdminVideoRow(BaseModel):
    id: int
    title: str
    status: str
    status_reason: str | None = None
    created_at: datetime
    poster_url: str | None = None


class AdminCommentRow(BaseModel):
    id: int
    video_id: int
    text: str
    status: str
    reason: str | None = None
    created_at: datetime


class AdminReportRow(BaseModel):
    id: int
    subject_type: str
    subject_id: int
    reason: str
    details: str
    status: str
    resolution: str | None = None
    created_at: datetime


class AdminUserProfile(BaseModel):
    user: AdminUserRow
    trust: TrustOut | None = None
    videos: list[AdminVideoRow]
    comments: list[AdminCommentRow]
    reports_against: list[AdminReportRow]
    reports_filed: int
    violations: list[DecisionOut]
    status_history: list[DecisionOut]


class ThresholdOut(BaseModel):
    category: str
    name: str
    review: float
    reject: float
    source: str  # db (set by an admin) | settings | model | default
    custom: bool
    updated_at: datetime | None = None
    updated_by_id: int | None = None


class PolicyOut(BaseModel):
    thresholds: list[ThresholdOut]


class PolicyIn(BaseModel):
    """Validated by moderation_service.policy.validate_update, the rule the service shares."""

    thresholds: dict[str, dict[str, float]]
    reason: str | None = Field(None, max_length=1000)


class ModelVersionOut(BaseModel):
    name: str
    version: str
    active: bool
    metrics: dict[str, Any]
    params: dict[str, Any]
    promotion_note: str | None = None
    created_at: datetime


class ProviderUsage(BaseModel):
    subject_type: str
    provider: str | None
    model_version: str | None
    decisions: int
    last_at: datetime | None


class ModelsOut(BaseModel):
    versions: list[ModelVersionOut]
    providers: list[ProviderUsage]
