"""`GET /healthz`: up, and whether the comment model is loaded (`degraded` when not)."""

from fastapi import APIRouter

from moderation_service.app.api.deps import StateDep
from moderation_service.app.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut)
def healthz(state: StateDep) -> HealthOut:
    return HealthOut(
        status="degraded" if state.degraded else "ok",
        comment_model=state.classifier.version if state.classifier else None,
        cyberbullying_model=state.cyberbullying.version if state.cyberbullying else None,
    )
