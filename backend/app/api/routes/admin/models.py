"""The model registry as the dashboard shows it, plus which providers actually decide."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from backend.app.api.deps import ModeratorUser, SessionDep
from backend.app.schemas.admin import ModelsOut, ModelVersionOut, ProviderUsage
from opentok.models import DecisionSource, ModelVersion, ModerationDecision

router = APIRouter(prefix="/models")


@router.get("")
def list_models(_: ModeratorUser, session: SessionDep) -> ModelsOut:
    versions = session.scalars(
        select(ModelVersion).order_by(ModelVersion.name, ModelVersion.created_at.desc())
    )
    usage = session.execute(
        select(
            ModerationDecision.subject_type,
            ModerationDecision.provider,
            ModerationDecision.model_version,
            func.count(),
            func.max(ModerationDecision.created_at),
        )
        .where(ModerationDecision.source == DecisionSource.ai)
        .group_by(
            ModerationDecision.subject_type, ModerationDecision.provider, ModerationDecision.model_version
        )
    )
    return ModelsOut(
        versions=[
            ModelVersionOut(
                name=v.name,
                version=v.version,
                active=v.active,
                metrics=v.metrics or {},
                params=v.params or {},
                promotion_note=v.promotion_note,
                created_at=v.created_at,
            )  # fmt: skip
            for v in versions
        ],
        providers=[
            ProviderUsage(subject_type=s.value, provider=p, model_version=m, decisions=n, last_at=last)
            for s, p, m, n, last in usage
        ],
    )
