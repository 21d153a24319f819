"""What the service holds in memory: the loaded models and the micro-batcher.

Built once at startup (and again on `POST /v1/models:reload`). A missing comment model
leaves `classifier` None: the service stays up, reports `degraded` and holds everything.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np

from moderation_service.text.batching import MicroBatcher
from moderation_service.text.bullying_type import CyberbullyingClassifier, load_cyberbullying
from moderation_service.text.classifier import MODEL_NAME, CommentClassifier, get_classifier
from opentok.core.config import get_settings
from opentok.observability.metrics import report_served_model, timed_inference


@dataclass
class ServiceState:
    classifier: CommentClassifier | None = None
    batcher: MicroBatcher[np.ndarray] | None = None
    cyberbullying: CyberbullyingClassifier | None = None

    @property
    def degraded(self) -> bool:
        return self.classifier is None

    @classmethod
    async def load(cls) -> ServiceState:
        settings = get_settings()
        # The process-wide instance: the video provider scores titles with the same model.
        classifier = await asyncio.to_thread(get_classifier)
        cyberbullying = await asyncio.to_thread(load_cyberbullying)
        batcher = None
        report_served_model("moderation", MODEL_NAME, classifier.version if classifier else None)
        if classifier is not None:
            batcher = MicroBatcher(
                timed_inference(MODEL_NAME, classifier.predict_array),
                settings.moderation_batch_size,
                settings.moderation_batch_wait_ms,
            )
            await batcher.start()
        return cls(classifier, batcher, cyberbullying)

    async def close(self) -> None:
        if self.batcher is not None:
            await self.batcher.stop()
