"""Who a bullying comment targets: age, ethnicity, gender, religion, other or not bullying.

Two model kinds share one interface (`predict(texts) -> [{"label", "probabilities"}]`):
a TF-IDF + logistic-regression pipeline (`model.joblib`) and a fine-tuned MiniLM
(a transformers folder). The training command keeps whichever scored the better macro-F1
on validation as the active `cyberbullying-type` artifact; `kind` in its params says which.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import joblib
import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from opentok.ml import registry

log = logging.getLogger(__name__)

MODEL_NAME = "cyberbullying-type"
CLASSES: tuple[str, ...] = ("age", "ethnicity", "gender", "religion", "other", "not")
DATASET_LABELS: dict[str, str] = {
    "age": "age",
    "ethnicity": "ethnicity",
    "gender": "gender",
    "religion": "religion",
    "other_cyberbullying": "other",
    "not_cyberbullying": "not",
}
SKLEARN_FILE = "model.joblib"
MAX_TOKENS = 64


class CyberbullyingClassifier:
    def __init__(self, path: Path, version: str, kind: str) -> None:
        self.version, self.kind = version, kind
        self._lock = threading.Lock()
        if kind == "tfidf":
            self.pipeline = joblib.load(path / SKLEARN_FILE)
            self.classes = [str(c) for c in self.pipeline.classes_]
        else:
            self.tokenizer = AutoTokenizer.from_pretrained(str(path))
            self.model = AutoModelForSequenceClassification.from_pretrained(str(path)).eval()
            self.classes = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]

    @torch.inference_mode()
    def predict_proba(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.classes)))
        if self.kind == "tfidf":
            return self.pipeline.predict_proba(texts)
        with self._lock:
            enc = self.tokenizer(
                texts, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt"
            )
            return torch.softmax(self.model(**enc).logits.float(), dim=-1).numpy()

    def predict(self, texts: list[str]) -> list[dict]:
        out = []
        for row in self.predict_proba(texts):
            probs = {c: round(float(p), 6) for c, p in zip(self.classes, row, strict=True)}
            out.append({"label": max(probs, key=probs.__getitem__), "probabilities": probs})
        return out


def load_cyberbullying() -> CyberbullyingClassifier | None:
    artifact = registry.active_artifact(MODEL_NAME)
    if artifact is None:
        return None
    try:
        kind = artifact.read_metrics().get("params", {}).get("kind", "tfidf")
        return CyberbullyingClassifier(artifact.path, artifact.version, kind)
    except (OSError, ValueError, KeyError) as exc:
        log.error("cyberbullying model could not be loaded: %s", exc)
        return None
