"""`POST /v1/comments:classify`: score a batch of comments and apply the policy."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError

from moderation_service import policy
from moderation_service.app.api.deps import StateDep
from moderation_service.app.schemas import MAX_TEXT_CHARS, ClassifyOut, CommentVerdict, TextsIn
from moderation_service.app.state import ServiceState
from opentok.api.errors import ApiError
from opentok.core.config import CATEGORIES
from opentok.db.session import session_scope
from opentok.observability.metrics import record_verdict

router = APIRouter(tags=["comments"])


def current_thresholds(state: ServiceState) -> dict[str, policy.Threshold]:
    model_thresholds = state.classifier.thresholds if state.classifier else None
    try:
        with session_scope() as session:
            return policy.load_thresholds(session, model_thresholds)
    except SQLAlchemyError as exc:
        # Without the admin policy a verdict could be laxer than intended: let the caller retry.
        message = f"moderation policy could not be read: {exc.__class__.__name__}"
        raise ApiError(503, "policy_unavailable", message) from exc


@router.post("/v1/comments:classify", response_model=ClassifyOut)
async def classify_comments(body: TextsIn, state: StateDep) -> ClassifyOut:
    """Scores for all nine categories plus the verdict, one result per text, in order."""
    too_long = body.too_long()
    if too_long is not None:
        raise ApiError(
            422, "text_too_long", f"text is longer than {MAX_TEXT_CHARS} characters", f"texts.{too_long}"
        )
    started = time.perf_counter()
    if state.classifier is None or state.batcher is None:
        held = policy.degraded_decision()
        results = [
            CommentVerdict(scores={}, verdict=held.verdict, categories=[], reason=held.reason)
            for _ in body.texts
        ]
        return ClassifyOut(
            model_version=None, provider="none", degraded=True, latency_ms=0.0, results=results
        )
    rows = await state.batcher.submit(body.texts)
    thresholds = await run_in_threadpool(current_thresholds, state)
    results = []
    for row in rows:
        scores = {c: round(float(p), 6) for c, p in zip(CATEGORIES, row, strict=True)}
        decision = policy.decide(scores, thresholds)
        record_verdict("comment", str(decision.verdict), decision.categories)
        results.append(
            CommentVerdict(
                scores=scores,
                verdict=decision.verdict,
                categories=decision.categories,
                reason=decision.reason,
            )
        )
    return ClassifyOut(
        model_version=state.classifier.version,
        provider=f"comment-model:{state.classifier.source}",
        degraded=False,
        latency_ms=round((time.perf_counter() - started) * 1000, 2),
        results=results,
    )
