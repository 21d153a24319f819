"""Human decisions (overrides, report resolutions), the history and the agreement rate."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from sqlalchemy import select

from backend.app.api.deps import ModeratorUser, SessionDep
from backend.app.crud import audit
from backend.app.crud import decisions as crud
from backend.app.crud.paging import keyset_page
from backend.app.crud.users import get_by_username
from backend.app.schemas.admin import (
    AgreementOut,
    BulkDecisionIn,
    BulkOut,
    DecisionIn,
    DecisionOut,
    DecisionResult,
)
from backend.app.schemas.common import Page
from opentok.api.errors import ApiError
from opentok.core.config import CATEGORIES
from opentok.models import ModerationDecision

router = APIRouter(prefix="/decisions")


@router.post("", status_code=201)
def create_decision(body: DecisionIn, actor: ModeratorUser, session: SessionDep) -> DecisionResult:
    """Approve, reject or escalate one item; takes effect for users at once."""
    row, status = crud.decide(
        session, actor, body.subject_type, body.subject_id, body.action, body.reason, body.categories
    )
    session.commit()
    return DecisionResult(
        subject_type=body.subject_type, subject_id=body.subject_id, ok=True, status=status, decision_id=row.id
    )


@router.post("/bulk")
def bulk_decisions(body: BulkDecisionIn, actor: ModeratorUser, session: SessionDep) -> BulkOut:
    """Each item is its own transaction: one stale item does not undo the others."""
    results = []
    for ref in body.items:
        try:
            row, status = crud.decide(
                session, actor, ref.subject_type, ref.subject_id, body.action, body.reason, body.categories
            )
            session.commit()
            results.append(DecisionResult(**ref.model_dump(), ok=True, status=status, decision_id=row.id))
        except ApiError as exc:
            session.rollback()
            results.append(DecisionResult(**ref.model_dump(), ok=False, error=exc.message))
    return BulkOut(results=results)


@router.get("")
def history(
    _: ModeratorUser,
    session: SessionDep,
    moderator: str | None = Query(None, description="username of the acting moderator"),
    subject_type: str | None = Query(None, pattern="^(video|comment|user|report|policy)$"),
    subject_id: int | None = Query(None, ge=1),
    source: str | None = Query(None, pattern="^(ai|human)$"),
    verdict: str | None = Query(None, pattern="^(approve|review|reject|escalate)$"),
    category: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),
) -> Page[DecisionOut]:
    if category is not None and category not in CATEGORIES:
        raise ApiError(
            422, "validation_error", f"category must be one of {', '.join(CATEGORIES)}", "category"
        )
    actor_id = None
    if moderator:
        user = get_by_username(session, moderator.strip().lstrip("@"))
        if user is None:
            return Page(items=[])
        actor_id = user.id
    query = audit.history_query(
        actor_id=actor_id, subject_type=subject_type, subject_id=subject_id, source=source,
        verdict=verdict, category=category, start=start, end=end,
    )  # fmt: skip
    rows, next_cursor = keyset_page(
        session, query, ModerationDecision.created_at, ModerationDecision.id, cursor, limit
    )
    return Page(items=audit.present(session, rows), next_cursor=next_cursor)


@router.get("/agreement")
def agreement(
    _: ModeratorUser, session: SessionDep, start: datetime | None = None, end: datetime | None = None
) -> AgreementOut:
    return audit.agreement(session, start, end)


@router.get("/{decision_id}")
def get_decision(decision_id: int, _: ModeratorUser, session: SessionDep) -> DecisionOut:
    row = session.scalar(select(ModerationDecision).where(ModerationDecision.id == decision_id))
    if row is None:
        raise ApiError(404, "not_found", "decision not found")
    return audit.present(session, [row])[0]
