"""Account search, the moderation profile of one account, and sanctions."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import func, or_, select

from backend.app.api.deps import ModeratorUser, SessionDep
from backend.app.crud import accounts, audit
from backend.app.crud.media import link, staff_media_base
from backend.app.crud.users import brief
from backend.app.schemas.admin import (
    AdminCommentRow,
    AdminReportRow,
    AdminUserProfile,
    AdminUserRow,
    AdminVideoRow,
    DecisionOut,
    StatusIn,
    TrustOut,
)
from opentok.api.errors import not_found
from opentok.models import (
    Comment,
    ModerationDecision,
    Report,
    SubjectType,
    User,
    UserScore,
    UserStatus,
    Verdict,
    Video,
)

router = APIRouter(prefix="/users")
RECENT = 50


def _violations_query(session, user_id: int):  # type: ignore[no-untyped-def]
    """Rejections (AI or human) of the account's videos and comments."""
    video_ids = select(Video.id).where(Video.owner_id == user_id)
    comment_ids = select(Comment.id).where(Comment.user_id == user_id)
    return select(ModerationDecision).where(
        ModerationDecision.verdict == Verdict.reject,
        or_(
            (ModerationDecision.subject_type == SubjectType.video)
            & ModerationDecision.subject_id.in_(video_ids),
            (ModerationDecision.subject_type == SubjectType.comment)
            & ModerationDecision.subject_id.in_(comment_ids),
        ),
    )


def _rows(session, users: list[User]) -> list[AdminUserRow]:  # type: ignore[no-untyped-def]
    ids = [u.id for u in users]
    trust = dict(
        session.execute(
            select(UserScore.user_id, UserScore.trust_score).where(UserScore.user_id.in_(ids))
        ).all()
    )
    out = []
    for u in users:
        violations = session.scalar(
            select(func.count()).select_from(_violations_query(session, u.id).subquery())
        )
        out.append(
            AdminUserRow(
                **brief(u).model_dump(),
                email=u.email,
                role=u.role.value,
                status=u.status.value,
                status_reason=u.status_reason,
                created_at=u.created_at,
                last_active_at=u.last_active_at,
                trust_score=trust.get(u.id),
                violations=violations or 0,
            )  # fmt: skip
        )
    return out


@router.get("")
def search_users(
    _: ModeratorUser,
    session: SessionDep,
    q: str = Query("", max_length=64),
    status: str | None = Query(None, pattern="^(active|suspended|banned)$"),
    limit: int = Query(25, ge=1, le=100),
) -> list[AdminUserRow]:
    query = select(User)
    if q.strip():
        needle = f"%{q.strip().lstrip('@').lower()}%"
        query = query.where(
            or_(func.lower(User.username).like(needle), func.lower(User.email).like(needle),
                func.lower(User.display_name).like(needle))
        )  # fmt: skip
    if status:
        query = query.where(User.status == UserStatus(status))
    users = list(session.scalars(query.order_by(User.username).limit(limit)))
    return _rows(session, users)


def _get(session, user_id: int) -> User:  # type: ignore[no-untyped-def]
    user = session.get(User, user_id)
    if user is None:
        raise not_found("user")
    return user


@router.get("/{user_id}")
def user_profile(user_id: int, _: ModeratorUser, session: SessionDep) -> AdminUserProfile:
    user = _get(session, user_id)
    score = session.get(UserScore, user.id)
    videos = session.scalars(
        select(Video).where(Video.owner_id == user.id).order_by(Video.created_at.desc()).limit(RECENT)
    )
    comments = session.scalars(
        select(Comment).where(Comment.user_id == user.id).order_by(Comment.created_at.desc()).limit(RECENT)
    )
    against = session.scalars(
        select(Report)
        .where(
            or_(
                (Report.subject_type == SubjectType.user) & (Report.subject_id == user.id),
                (Report.subject_type == SubjectType.video)
                & Report.subject_id.in_(select(Video.id).where(Video.owner_id == user.id)),
                (Report.subject_type == SubjectType.comment)
                & Report.subject_id.in_(select(Comment.id).where(Comment.user_id == user.id)),
            )
        )
        .order_by(Report.created_at.desc())
        .limit(RECENT)
    )
    filed = session.scalar(select(func.count()).where(Report.reporter_id == user.id)) or 0
    order = (ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
    violations = list(session.scalars(_violations_query(session, user.id).order_by(*order).limit(RECENT)))
    history = list(
        session.scalars(audit.history_query(subject_type="user", subject_id=user.id).order_by(*order))
    )
    return AdminUserProfile(
        user=_rows(session, [user])[0],
        trust=TrustOut.model_validate(score, from_attributes=True) if score is not None else None,
        videos=[
            AdminVideoRow(
                id=v.id,
                title=v.title,
                status=v.status.value,
                status_reason=v.status_reason,
                created_at=v.created_at,
                poster_url=link(staff_media_base(v), v.poster_key),
            )  # fmt: skip
            for v in videos
        ],
        comments=[
            AdminCommentRow(
                id=c.id,
                video_id=c.video_id,
                text=c.text,
                status=c.status.value,
                reason=c.reason,
                created_at=c.created_at,
            )  # fmt: skip
            for c in comments
        ],
        reports_against=[
            AdminReportRow(
                id=r.id,
                subject_type=r.subject_type.value,
                subject_id=r.subject_id,
                reason=r.reason,
                details=r.details,
                status=r.status.value,
                resolution=r.resolution,
                created_at=r.created_at,
            )  # fmt: skip
            for r in against
        ],
        reports_filed=filed,
        violations=audit.present(session, violations),
        status_history=audit.present(session, history),
    )


@router.post("/{user_id}/status")
def change_status(user_id: int, body: StatusIn, actor: ModeratorUser, session: SessionDep) -> DecisionOut:
    """Suspend (read-only), ban (no login, content hidden) or restore an account."""
    user = _get(session, user_id)
    row = accounts.set_status(session, actor, user, UserStatus(body.status), body.reason.strip())
    session.commit()
    return audit.present(session, [row])[0]
