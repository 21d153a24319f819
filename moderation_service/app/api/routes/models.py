"""`GET /v1/models` (versions and metrics) and `POST /v1/models:reload`."""

from __future__ import annotations

from fastapi import APIRouter, Request

from moderation_service.app.api.deps import StateDep
from moderation_service.app.state import ServiceState
from moderation_service.text import bullying_type, classifier
from opentok.ml import registry

router = APIRouter(tags=["models"])


def _versions(name: str) -> list[dict]:
    root = registry.model_root(name)
    active = registry.active_artifact(name)
    out = []
    for folder in sorted(root.glob("*"), reverse=True) if root.exists() else []:
        if (folder / registry.METRICS_FILE).exists():
            stored = registry.Artifact(name, folder.name, folder).read_metrics()
            out.append(
                {
                    "version": folder.name,
                    "active": active is not None and active.version == folder.name,
                    "metrics": stored.get("metrics", {}),
                    "params": stored.get("params", {}),
                }
            )
    return out


@router.get("/v1/models")
def list_models(state: StateDep) -> dict:
    clf, cb = state.classifier, state.cyberbullying
    return {
        "comment_moderation": {
            "loaded": clf.version if clf else None,
            "source": clf.source if clf else None,
            "degraded": clf is None,
            "thresholds": clf.thresholds if clf else {},
            "versions": _versions(classifier.MODEL_NAME),
        },
        "cyberbullying_type": {
            "loaded": cb.version if cb else None,
            "kind": cb.kind if cb else None,
            "versions": _versions(bullying_type.MODEL_NAME),
        },
    }


@router.post("/v1/models:reload")
async def reload_models(request: Request, state: StateDep) -> dict:
    """Pick up a newly activated version without restarting the service."""
    classifier.reset_classifier()
    new = await ServiceState.load()
    request.app.state.service = new
    await state.close()
    return {"comment_model": new.classifier.version if new.classifier else None, "degraded": new.degraded}
