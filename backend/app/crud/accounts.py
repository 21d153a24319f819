"""Account sanctions: suspend, ban and unban with a reason, always audited."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.app.crud.decisions import MODERATOR
from opentok.api.errors import ApiError
from opentok.db.base import utcnow
from opentok.models import (
    DecisionSource,
    ModerationDecision,
    RefreshToken,
    SubjectType,
    User,
    UserRole,
    UserStatus,
    Verdict,
)

_RANK = {UserRole.user: 0, UserRole.moderator: 1, UserRole.admin: 2}
#: The audit verdict for each status: a ban rejects the account, a suspension holds it.
STATUS_VERDICT = {
    UserStatus.active: Verdict.approve,
    UserStatus.suspended: Verdict.review,
    UserStatus.banned: Verdict.reject,
}


def set_status(
    session: Session, actor: User, target: User, status: UserStatus, reason: str
) -> ModerationDecision:
    """Staff may only sanction accounts ranked below them, and never themselves."""
    if target.id == actor.id:
        raise ApiError(403, "forbidden", "you cannot change your own account status")
    if _RANK[target.role] >= _RANK[actor.role]:
        raise ApiError(403, "forbidden", f"a {actor.role.value} cannot change a {target.role.value}'s status")
    before = target.status
    target.status = status
    target.status_reason = None if status == UserStatus.active else reason
    if status == UserStatus.banned:
        # A ban ends every session: refresh tokens die now, access tokens are refused per request.
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == target.id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    row = ModerationDecision(
        subject_type=SubjectType.user,
        subject_id=target.id,
        source=DecisionSource.human,
        provider=MODERATOR,
        verdict=STATUS_VERDICT[status],
        reason=reason,
        details={"previous_status": before.value, "status": status.value},
        actor_id=actor.id,
    )
    session.add(row)
    session.flush()
    return row
