"""Engagement prediction for a draft, before posting (the likes/views routes are in engagement.py)."""

from __future__ import annotations

from fastapi import APIRouter

from backend.app.api.deps import CurrentUser
from backend.app.schemas.trust_safety import DraftIn, EngagementPrediction
from opentok.api.errors import ApiError
from opentok.trust_safety import serving

router = APIRouter(prefix="/engagement", tags=["engagement"])


@router.post("/predict")
def predict(draft: DraftIn, _: CurrentUser) -> EngagementPrediction:
    predictor = serving.engagement_predictor.get()
    if predictor is None:
        raise ApiError(503, "model_unavailable", "the engagement model is not trained yet")
    result = predictor.predict(draft.text, draft.hashtags, draft.category, draft.duration_s, draft.hour)
    holdout = {k: predictor.metrics.get(k) for k in ("accuracy", "f1_macro", "majority_baseline_accuracy")}
    return EngagementPrediction(**result, holdout=holdout)
