"""Per-category thresholds and the verdict rule.

Where a category's (review, reject) pair comes from, strongest first:
1. `moderation_policies` rows (admins change them through `PUT /v1/policy`);
2. `settings.moderation_thresholds` (explicit deployment config);
3. the thresholds calibrated on validation data and saved with the model;
4. `settings.default_review_threshold` / `default_reject_threshold`.

The rule: a score at or above `reject` rejects; at or above `review` holds the comment for a
human; below every `review` approves. Without a model everything is held (nothing is
published unchecked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.core.config import CATEGORY_NAMES, UNSAFE_CATEGORIES, get_settings
from opentok.models import DecisionSource, ModerationDecision, ModerationPolicy, SubjectType, Verdict

VerdictName = Literal["approve", "review", "reject"]
DEGRADED_REASON = "Moderation model unavailable: held for human review."


@dataclass(frozen=True)
class Threshold:
    review: float
    reject: float
    source: str = "default"  # db | settings | model | default


@dataclass(frozen=True)
class Decision:
    verdict: VerdictName
    categories: list[str] = field(default_factory=list)
    reason: str = ""


class PolicyError(ValueError):
    """An invalid threshold update; `field` names the offending input."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def base_thresholds(model_thresholds: dict[str, dict[str, float]] | None = None) -> dict[str, Threshold]:
    """Thresholds before admin overrides: settings, then the model's calibration, then defaults."""
    settings = get_settings()
    out = {}
    for c in UNSAFE_CATEGORIES:
        if c in settings.moderation_thresholds:
            review, reject = settings.thresholds_for(c)
            out[c] = Threshold(review, reject, "settings")
        elif model_thresholds and c in model_thresholds:
            out[c] = Threshold(model_thresholds[c]["review"], model_thresholds[c]["reject"], "model")
        else:
            out[c] = Threshold(settings.default_review_threshold, settings.default_reject_threshold)
    return out


def load_thresholds(
    session: Session, model_thresholds: dict[str, dict[str, float]] | None = None
) -> dict[str, Threshold]:
    out = base_thresholds(model_thresholds)
    for row in session.scalars(select(ModerationPolicy)):
        if row.category in out:
            out[row.category] = Threshold(row.review_threshold, row.reject_threshold, "db")
    return out


def validate_update(
    current: dict[str, Threshold], update: dict[str, dict[str, float]]
) -> dict[str, tuple[float, float]]:
    """Merge a (possibly partial) update into the current policy; raise PolicyError if invalid."""
    if not update:
        raise PolicyError("no thresholds given", "thresholds")
    merged: dict[str, tuple[float, float]] = {}
    for category, values in update.items():
        where = f"thresholds.{category}"
        if category not in UNSAFE_CATEGORIES:
            raise PolicyError(
                f"unknown category {category!r}; expected one of {list(UNSAFE_CATEGORIES)}", where
            )
        unknown = set(values) - {"review", "reject"}
        if unknown:
            raise PolicyError(f"unknown keys {sorted(unknown)}; expected review and reject", where)
        review = values.get("review", current[category].review)
        reject = values.get("reject", current[category].reject)
        for name, value in (("review", review), ("reject", reject)):
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
                raise PolicyError(f"{name} must be a number in [0, 1]", f"{where}.{name}")
        if not review < reject:
            raise PolicyError("review must be lower than reject", where)
        merged[category] = (float(review), float(reject))
    return merged


def save_update(
    session: Session,
    current: dict[str, Threshold],
    update: dict[str, dict[str, float]],
    actor_id: int | None = None,
    note: str | None = None,
) -> dict[str, Threshold]:
    """Validate, persist and audit an admin change; returns the new policy."""
    merged = validate_update(current, update)
    new = dict(current)
    for category, (review, reject) in merged.items():
        row = session.scalar(select(ModerationPolicy).where(ModerationPolicy.category == category))
        if row is None:
            row = ModerationPolicy(category=category, review_threshold=review, reject_threshold=reject)
            session.add(row)
        before = current[category]
        row.review_threshold, row.reject_threshold, row.updated_by_id = review, reject, actor_id
        session.flush()
        session.add(
            ModerationDecision(
                subject_type=SubjectType.policy,
                subject_id=row.id,
                source=DecisionSource.human if actor_id else DecisionSource.ai,
                provider="policy-api",
                categories=[category],
                # The audit row records an applied change, so its verdict is "approve".
                verdict=Verdict.approve,
                reason=note or f"{category} thresholds set to review {review}, reject {reject}",
                details={
                    "before": {"review": before.review, "reject": before.reject, "source": before.source},
                    "after": {"review": review, "reject": reject},
                },
                actor_id=actor_id,
            )
        )
        new[category] = Threshold(review, reject, "db")
    return new


def _fmt(category: str, score: float, limit: float) -> str:
    return f"{CATEGORY_NAMES[category]} {score:.2f} \u2265 {limit:.2f}"


def decide(scores: dict[str, float], thresholds: dict[str, Threshold] | None = None) -> Decision:
    """The verdict for one comment's scores, with its top categories and a readable reason."""
    thresholds = thresholds or base_thresholds()
    ranked = sorted(UNSAFE_CATEGORIES, key=lambda c: scores.get(c, 0.0), reverse=True)
    rejected = [c for c in ranked if scores.get(c, 0.0) >= thresholds[c].reject]
    held = [c for c in ranked if thresholds[c].review <= scores.get(c, 0.0) < thresholds[c].reject]
    if rejected:
        parts = [_fmt(c, scores[c], thresholds[c].reject) for c in rejected]
        return Decision("reject", rejected + held, "Rejected: " + ", ".join(parts) + " (reject threshold).")
    if held:
        parts = [_fmt(c, scores[c], thresholds[c].review) for c in held]
        return Decision("review", held, "Held for human review: " + ", ".join(parts) + " (review threshold).")
    top = ranked[0]
    highest = f"{CATEGORY_NAMES[top]} {scores.get(top, 0.0):.2f}"
    return Decision("approve", [], f"No category reached its review threshold (highest: {highest}).")


def degraded_decision() -> Decision:
    return Decision("review", [], DEGRADED_REASON)
