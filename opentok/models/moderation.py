"""The append-only moderation audit log and the admin-editable policy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentok.db.base import Base, BigId, utcnow
from opentok.models.enums import DecisionSource, SubjectType, Verdict, db_enum


class ModerationDecision(Base):
    """Every AI and human decision, never updated or deleted: the audit trail and the
    source of labelled examples for retraining (human rows are the labels)."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (
        Index("ix_moderation_decisions_subject", "subject_type", "subject_id", "created_at"),
        Index("ix_moderation_decisions_source_created", "source", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subject_type: Mapped[SubjectType] = mapped_column(db_enum(SubjectType))
    subject_id: Mapped[int] = mapped_column(BigId)
    source: Mapped[DecisionSource] = mapped_column(db_enum(DecisionSource))
    provider: Mapped[str | None] = mapped_column(String(64))  # e.g. comment-model, gemini, local
    model_version: Mapped[str | None] = mapped_column(String(64))
    scores: Mapped[dict | None] = mapped_column()
    categories: Mapped[list | None] = mapped_column()  # top categories behind the verdict
    verdict: Mapped[Verdict] = mapped_column(db_enum(Verdict))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column()  # frames, timestamps, previous values
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    latency_ms: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ModerationPolicy(Base):
    """Per-category thresholds that admins change at run time (settings give the defaults)."""

    __tablename__ = "moderation_policies"
    __table_args__ = (UniqueConstraint("category", name="uq_moderation_policies_category"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    category: Mapped[str] = mapped_column(String(8))
    review_threshold: Mapped[float] = mapped_column(Float)
    reject_threshold: Mapped[float] = mapped_column(Float)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
