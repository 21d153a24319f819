"""The moderation policy: per-category review/reject thresholds.

One table (`moderation_policies`) holds the admins' overrides; settings give the defaults.
The gateway's admin API and the moderation service's /v1/policy both read and write it
through these functions, so validation and auditing live in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.core.config import CATEGORY_NAMES, UNSAFE_CATEGORIES, Settings, get_settings
from opentok.models import DecisionSource, ModerationDecision, ModerationPolicy, SubjectType, Verdict


class PolicyError(ValueError):
    """A threshold change that breaks 0 <= review < reject <= 1 or names no known category."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Threshold:
    category: str
    review: float
    reject: float
    custom: bool = False
    updated_at: datetime | None = None
    updated_by_id: int | None = None

    @property
    def name(self) -> str:
        return CATEGORY_NAMES[self.category]


def validate(changes: dict[str, dict[str, float]]) -> dict[str, tuple[float, float]]:
    """Check a {category: {"review": x, "reject": y}} mapping; raise PolicyError on the first fault."""
    if not changes:
        raise PolicyError("give at least one category", "thresholds")
    clean: dict[str, tuple[float, float]] = {}
    for category, pair in changes.items():
        field = f"thresholds.{category}"
        if category not in UNSAFE_CATEGORIES:
            raise PolicyError(
                f"unknown category {category!r}; use one of {', '.join(UNSAFE_CATEGORIES)}", field
            )
        if not isinstance(pair, dict) or set(pair) - {"review", "reject"} or len(pair) != 2:
            raise PolicyError("give exactly 'review' and 'reject'", field)
        try:
            review, reject = float(pair["review"]), float(pair["reject"])
        except (TypeError, ValueError):
            raise PolicyError("thresholds must be numbers", field) from None
        if not (0.0 <= review < reject <= 1.0):
            raise PolicyError("thresholds must satisfy 0 <= review < reject <= 1", field)
        clean[category] = (review, reject)
    return clean


def load(session: Session, settings: Settings | None = None) -> dict[str, Threshold]:
    """The thresholds in force for every unsafe category: database rows over settings defaults."""
    settings = settings or get_settings()
    rows = {r.category: r for r in session.scalars(select(ModerationPolicy))}
    out: dict[str, Threshold] = {}
    for category in UNSAFE_CATEGORIES:
        row = rows.get(category)
        if row is not None:
            out[category] = Threshold(
                category, row.review_threshold, row.reject_threshold, True, row.updated_at, row.updated_by_id
            )
        else:
            review, reject = settings.thresholds_for(category)
            out[category] = Threshold(category, review, reject)
    return out


def save(
    session: Session,
    changes: dict[str, dict[str, float]],
    actor_id: int | None,
    reason: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Threshold]:
    """Validate, store and audit a change; returns the new policy. The caller commits.

    Each changed category appends one `policy` row to the audit log with the old and new
    values (verdict `approve` marks an applied change), so the history answers who moved what.
    """
    clean = validate(changes)
    before = load(session, settings)
    rows = {r.category: r for r in session.scalars(select(ModerationPolicy))}
    for category, (review, reject) in clean.items():
        old = before[category]
        if (old.review, old.reject) == (review, reject) and old.custom:
            continue
        row = rows.get(category)
        if row is None:
            row = ModerationPolicy(category=category, review_threshold=review, reject_threshold=reject)
            session.add(row)
        row.review_threshold, row.reject_threshold, row.updated_by_id = review, reject, actor_id
        session.flush()
        session.add(
            ModerationDecision(
                subject_type=SubjectType.policy,
                subject_id=row.id,
                source=DecisionSource.human,
                provider="policy",
                categories=[category],
                verdict=Verdict.approve,
                reason=reason or f"thresholds for {CATEGORY_NAMES[category]} changed",
                details={
                    "category": category,
                    "before": {"review": old.review, "reject": old.reject},
                    "after": {"review": review, "reject": reject},
                },
                actor_id=actor_id,
            )
        )
    session.flush()
    return load(session, settings)
