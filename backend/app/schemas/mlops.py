"""Shapes of the MLOps admin endpoints: drift reports, drift alerts and model versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class DriftReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    model_name: str
    window_start: datetime
    window_end: datetime
    max_psi: float
    alert: bool
    report: dict[str, Any]
    created_at: datetime


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    message: str
    details: dict[str, Any] | None
    acknowledged_at: datetime | None
    created_at: datetime


class DriftOverview(BaseModel):
    threshold: float
    reports: list[DriftReportOut]
    alerts: list[AlertOut]


class ModelVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    version: str
    active: bool
    metrics: dict[str, Any]
    params: dict[str, Any]
    promotion_note: str | None
    created_at: datetime
