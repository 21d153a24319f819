"""Per-category thresholds: moderators read them, only admins change them."""

from __future__ import annotations

from fastapi import APIRouter

from backend.app.api.deps import AdminUser, ModeratorUser, SessionDep
from backend.app.core.errors import ApiError
from backend.app.schemas.admin import PolicyIn, PolicyOut, ThresholdOut
from opentok.moderation import policy

router = APIRouter(prefix="/policy")


def _out(current: dict[str, policy.Threshold]) -> PolicyOut:
    return PolicyOut(
        thresholds=[
            ThresholdOut(
                category=t.category,
                name=t.name,
                review=t.review,
                reject=t.reject,
                custom=t.custom,
                updated_at=t.updated_at,
                updated_by_id=t.updated_by_id,
            )  # fmt: skip
            for t in current.values()
        ]
    )


@router.get("")
def get_policy(_: ModeratorUser, session: SessionDep) -> PolicyOut:
    return _out(policy.load(session))


@router.put("")
def put_policy(body: PolicyIn, actor: AdminUser, session: SessionDep) -> PolicyOut:
    try:
        current = policy.save(session, body.thresholds, actor.id, body.reason)
    except policy.PolicyError as exc:
        session.rollback()
        raise ApiError(422, "validation_error", str(exc), field=exc.field) from None
    session.commit()
    return _out(current)
