"""`GET /v1/policy` and `PUT /v1/policy`: the per-category thresholds admins tune."""

from __future__ import annotations

from fastapi import APIRouter

from moderation_service import policy
from moderation_service.app.api.deps import SessionDep, StateDep
from moderation_service.app.schemas import PolicyIn, PolicyOut, ThresholdOut
from opentok.api.errors import ApiError
from opentok.api.service_auth import ActorId

router = APIRouter(tags=["policy"])


def _out(thresholds: dict[str, policy.Threshold]) -> PolicyOut:
    return PolicyOut(
        thresholds={
            c: ThresholdOut(review=t.review, reject=t.reject, source=t.source) for c, t in thresholds.items()
        }
    )


@router.get("/v1/policy", response_model=PolicyOut)
def get_policy(session: SessionDep, state: StateDep) -> PolicyOut:
    model_thresholds = state.classifier.thresholds if state.classifier else None
    return _out(policy.load_thresholds(session, model_thresholds))


@router.put("/v1/policy", response_model=PolicyOut)
def put_policy(body: PolicyIn, session: SessionDep, state: StateDep, actor: ActorId) -> PolicyOut:
    """Change some categories' thresholds; every change is appended to the decision log.

    The acting admin comes from the gateway's X-Actor-Id header, which only a caller holding
    the service token can send; the body cannot name one."""
    model_thresholds = state.classifier.thresholds if state.classifier else None
    current = policy.load_thresholds(session, model_thresholds)
    try:
        new = policy.save_update(session, current, body.thresholds, actor, body.note)
    except policy.PolicyError as exc:
        raise ApiError(422, "invalid_policy", str(exc), exc.field) from exc
    return _out(new)
