"""Per-category thresholds: moderators read them, only admins change them.

The rule, its validation and its audit rows live in `moderation_service.policy`, shared with
the service's own /v1/policy: both read and write the one `moderation_policies` table.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.app.api.deps import AdminUser, ModeratorUser, SessionDep
from backend.app.schemas.admin import PolicyIn, PolicyOut, ThresholdOut
from moderation_service import policy
from opentok.api.errors import ApiError
from opentok.core.config import CATEGORY_NAMES
from opentok.models import ModerationPolicy

router = APIRouter(prefix="/policy")


def _out(session: Session, current: dict[str, policy.Threshold]) -> PolicyOut:
    rows = {r.category: r for r in session.scalars(select(ModerationPolicy))}
    return PolicyOut(
        thresholds=[
            ThresholdOut(
                category=c,
                name=CATEGORY_NAMES[c],
                review=t.review,
                reject=t.reject,
                source=t.source,
                custom=t.source == "db",
                updated_at=rows[c].updated_at if c in rows else None,
                updated_by_id=rows[c].updated_by_id if c in rows else None,
            )  # fmt: skip
            for c, t in current.items()
        ]
    )


@router.get("")
def get_policy(_: ModeratorUser, session: SessionDep) -> PolicyOut:
    return _out(session, policy.load_thresholds(session))


@router.put("")
def put_policy(body: PolicyIn, actor: AdminUser, session: SessionDep) -> PolicyOut:
    current = policy.load_thresholds(session)
    try:
        new = policy.save_update(session, current, body.thresholds, actor.id, body.reason)
    except policy.PolicyError as exc:
        session.rollback()
        raise ApiError(422, "validation_error", str(exc), field=exc.field) from None
    session.commit()
    return _out(session, new)
