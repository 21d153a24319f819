"""User reports on videos, comments and accounts; they land in the moderators' queue."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from backend.app.api.deps import ActiveUser, SessionDep
from backend.app.core import ratelimit
from backend.app.schemas.comments import ReportIn, ReportOut
from opentok.api.errors import ApiError, not_found
from opentok.core.config import get_settings
from opentok.models import Comment, Report, ReportStatus, SubjectType, User, Video

router = APIRouter(prefix="/reports", tags=["reports"])
_SUBJECTS = {"video": Video, "comment": Comment, "user": User}


@router.post("", status_code=201)
def create_report(body: ReportIn, user: ActiveUser, session: SessionDep) -> ReportOut:
    ratelimit.enforce("reports", f"u{user.id}", get_settings().rate_limit_reports, "too many reports")
    subject = session.get(_SUBJECTS[body.subject_type], body.subject_id)
    if subject is None or getattr(subject, "deleted_at", None) is not None:
        raise not_found(body.subject_type)
    if body.subject_type == "user" and body.subject_id == user.id:
        raise ApiError(400, "cannot_report_self", "you cannot report yourself")
    existing = session.scalar(
        select(Report).where(
            Report.reporter_id == user.id,
            Report.subject_type == SubjectType(body.subject_type),
            Report.subject_id == body.subject_id,
            Report.status == ReportStatus.open,
        )
    )
    if existing is not None:
        raise ApiError(409, "already_reported", "you already reported this; moderators will review it")
    report = Report(
        reporter_id=user.id,
        subject_type=SubjectType(body.subject_type),
        subject_id=body.subject_id,
        reason=body.reason,
        details=body.details,
    )
    session.add(report)
    session.commit()
    return ReportOut(
        id=report.id,
        subject_type=report.subject_type.value,
        subject_id=report.subject_id,
        reason=report.reason,
        status=report.status.value,
        created_at=report.created_at,
    )
