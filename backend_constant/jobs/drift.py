"""The daily drift report of the comment model (see `opentok.ml.drift`)."""

from __future__ import annotations

from backend_constant.celery_app import celery_app
from opentok.db.session import session_scope
from opentok.tasks import DRIFT_REPORT


@celery_app.task(name=DRIFT_REPORT)
def drift_report(window_hours: float = 24.0) -> dict:
    """Store a `drift_reports` row for the last window; an `alerts` row when it drifted."""
    from datetime import timedelta

    from opentok.ml.drift import drift_report as build_report

    with session_scope() as session:
        report = build_report(session, window=timedelta(hours=window_hours))
        return {"id": report.id, "max_psi": report.max_psi, "alert": report.alert}
