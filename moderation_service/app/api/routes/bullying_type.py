"""`POST /v1/text/cyberbullying`: who a bullying text targets (6 classes)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from moderation_service.app.api.deps import StateDep
from moderation_service.app.schemas import MAX_TEXT_CHARS, CyberbullyingOut, CyberbullyingResult, TextsIn
from opentok.api.errors import ApiError

router = APIRouter(tags=["text"])


@router.post("/v1/text/cyberbullying", response_model=CyberbullyingOut)
async def classify_cyberbullying(body: TextsIn, state: StateDep) -> CyberbullyingOut:
    too_long = body.too_long()
    if too_long is not None:
        raise ApiError(
            422, "text_too_long", f"text is longer than {MAX_TEXT_CHARS} characters", f"texts.{too_long}"
        )
    model = state.cyberbullying
    if model is None:
        raise ApiError(503, "model_unavailable", "no cyberbullying-type model is trained")
    results = await run_in_threadpool(model.predict, body.texts)
    return CyberbullyingOut(
        model_version=model.version, kind=model.kind, results=[CyberbullyingResult(**r) for r in results]
    )
