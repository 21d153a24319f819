"""Model registry rows, per-user model outputs, recommender state and drift reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentok.db.base import Base, BigId, utcnow


class ModelVersion(Base):
    """One trained artifact of one model, with its metrics and whether it serves."""

    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_model_versions_name_version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))  # comment-moderation, ban-risk, recommender, ...
    version: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(500))
    metrics: Mapped[dict] = mapped_column(default=dict)
    params: Mapped[dict] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(default=False)
    promotion_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserScore(Base):
    """The daily trust-and-safety view of one account."""

    __tablename__ = "user_scores"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    trust_score: Mapped[float | None] = mapped_column(Float)  # 0..100, higher is more trusted
    trust_features: Mapped[list | None] = mapped_column()  # top contributing features
    churn_risk: Mapped[float | None] = mapped_column(Float)
    segment: Mapped[str | None] = mapped_column(String(32))
    model_version: Mapped[str | None] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserCategoryStat(Base):
    """Beta posterior per user and category for Thompson-sampling exploration."""

    __tablename__ = "user_category_stats"
    __table_args__ = (UniqueConstraint("user_id", "category", name="uq_user_category_stats_pair"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    alpha: Mapped[float] = mapped_column(Float, default=1.0)
    beta: Mapped[float] = mapped_column(Float, default=1.0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class UserPreference(Base):
    """Top categories from the daily preference analysis (Gemini or deterministic)."""

    __tablename__ = "user_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    top_categories: Mapped[list] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(String(16), default="aggregate")
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class DriftReport(Base):
    __tablename__ = "drift_reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    model_name: Mapped[str] = mapped_column(String(64))
    window_start: Mapped[datetime] = mapped_column()
    window_end: Mapped[datetime] = mapped_column()
    max_psi: Mapped[float] = mapped_column(Float)
    alert: Mapped[bool] = mapped_column(default=False)
    report: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
