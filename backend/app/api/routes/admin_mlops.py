"""MLOps views for the admin dashboard: drift reports and alerts (model versions: admin/models.py).

Kept apart from the admin package (routes/admin/) so each can change without the other.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import select

from backend.app.api.deps import AdminUser, ModeratorUser, SessionDep
from backend.app.schemas.common import Message
from backend.app.schemas.mlops import AlertOut, DriftOverview, DriftReportOut
from opentok.api.errors import ApiError
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.models import Alert, DriftReport
from opentok.tasks import DRIFT_REPORT

router = APIRouter(prefix="/admin", tags=["admin: mlops"])


@router.get("/drift")
def drift_overview(
    session: SessionDep,
    _: ModeratorUser,
    model: str | None = None,
    limit: int = Query(30, ge=1, le=365),
    include_acknowledged: bool = False,
) -> DriftOverview:
    """The latest drift reports (newest first) and the drift alerts still open."""
    reports = select(DriftReport).order_by(DriftReport.created_at.desc(), DriftReport.id.desc()).limit(limit)
    if model:
        reports = reports.where(DriftReport.model_name == model)
    alerts = select(Alert).where(Alert.kind == "drift").order_by(Alert.created_at.desc()).limit(limit)
    if not include_acknowledged:
        alerts = alerts.where(Alert.acknowledged_at.is_(None))
    return DriftOverview(
        threshold=get_settings().drift_psi_threshold,
        reports=[DriftReportOut.model_validate(r) for r in session.scalars(reports)],
        alerts=[AlertOut.model_validate(a) for a in session.scalars(alerts)],
    )


@router.post("/drift/run", status_code=202)
def run_drift_report(_: AdminUser) -> Message:
    """Queue a drift report now instead of waiting for the daily run."""
    from backend_constant.celery_app import celery_app

    try:
        celery_app.send_task(DRIFT_REPORT)
    except Exception as exc:
        raise ApiError(503, "broker_unavailable", "could not queue the drift report") from exc
    return Message(message="drift report queued")


@router.post("/alerts/{alert_id}/ack")
def acknowledge_alert(alert_id: int, session: SessionDep, _: ModeratorUser) -> AlertOut:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise ApiError(404, "not_found", "no such alert")
    alert.acknowledged_at = alert.acknowledged_at or utcnow()
    session.commit()
    return AlertOut.model_validate(alert)
