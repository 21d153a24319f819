"""Process-wide caches of the active model versions for the gateway and the workers.

A cache re-reads only the registry's ACTIVE marker per call; a newly activated version is
picked up on the next call without a restart.
"""

from __future__ import annotations

import threading
from typing import Generic, Protocol, TypeVar

from opentok.ml import registry
from opentok.trust_safety import ban_risk, churn, claims, engagement

T = TypeVar("T", covariant=True)


class _Loadable(Protocol[T]):
    def load(self) -> T | None: ...


M = TypeVar("M")


class ModelCache(Generic[M]):
    def __init__(self, name: str, loader: _Loadable[M]) -> None:
        self.name = name
        self.loader = loader
        self._version: str | None = None
        self._model: M | None = None
        self._lock = threading.Lock()

    def get(self) -> M | None:
        artifact = registry.active_artifact(self.name)
        version = artifact.version if artifact else None
        with self._lock:
            if version != self._version:
                self._model = self.loader.load() if version else None
                self._version = version
            return self._model


trust_scorer: ModelCache[ban_risk.TrustScorer] = ModelCache(ban_risk.NAME, ban_risk.TrustScorer)
claim_scorer: ModelCache[claims.ClaimScorer] = ModelCache(claims.NAME, claims.ClaimScorer)
engagement_predictor: ModelCache[engagement.EngagementPredictor] = ModelCache(
    engagement.NAME, engagement.EngagementPredictor
)
churn_model: ModelCache[churn.ChurnModel] = ModelCache(churn.NAME, churn.ChurnModel)
