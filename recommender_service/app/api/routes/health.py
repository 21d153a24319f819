"""GET /healthz: up, and which model serves (null until the first build)."""

from __future__ import annotations

from fastapi import APIRouter

from recommender_service.app.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(store: StoreDep) -> dict:
    model = store.current()
    return {
        "status": "ok",
        "model_version": model.version if model else None,
        "videos": model.n_videos if model else 0,
    }
