"""The comment classifier: a transformers sequence classifier with one sigmoid per category.

Where the model comes from:
* `settings.comment_model_id` set: a hub id (e.g. `Vrandan/Comment-Moderation`, DistilBERT
  with nine multi-label outputs) or a local folder, loaded with AutoTokenizer /
  AutoModelForSequenceClassification. Its `id2label` is mapped onto our category codes.
* otherwise: the locally trained model, the active `comment-moderation` artifact.
If neither loads, `get_classifier()` returns None and the service runs degraded (every
comment goes to human review).

Long comments are split into overlapping token windows: the unsafe categories take the
maximum over windows (one bad paragraph is enough), `OK` the minimum.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from opentok.core.config import CATEGORIES, CATEGORY_NAMES, UNSAFE_CATEGORIES, get_settings
from opentok.ml import registry

log = logging.getLogger(__name__)

MODEL_NAME = "comment-moderation"
THRESHOLDS_FILE = "thresholds.json"
MAX_WINDOWS = 8
INFER_CHUNK = 64

# Label spellings seen in the wild -> our codes ("sexual/minors" -> "S3", "h2" -> "H2"...).
_ALIASES: dict[str, str] = {
    **{code.lower(): code for code in CATEGORIES},
    **{name.lower(): code for code, name in CATEGORY_NAMES.items()},
    "self_harm": "SH",
    "selfharm": "SH",
    "sexual_minors": "S3",
    "hate_threatening": "H2",
    "violence_graphic": "V2",
    "safe": "OK",
    "none": "OK",
    "neutral": "OK",
}


def map_labels(id2label: dict[int, str]) -> list[str]:
    """Our category code for each model output, in output order.

    Generic names (`LABEL_0`...) on a nine-output model are read in CATEGORIES order,
    which is the order both our trained model and the hub model use.
    """
    names = [str(id2label[i]) for i in sorted(id2label)]
    if all(re.fullmatch(r"LABEL_\d+", n) for n in names) and len(names) == len(CATEGORIES):
        return list(CATEGORIES)
    codes = []
    for name in names:
        code = _ALIASES.get(name.strip().lower())
        if code is None:
            raise ValueError(f"model label {name!r} is not one of our categories")
        codes.append(code)
    missing = set(UNSAFE_CATEGORIES) - set(codes)
    if missing:
        raise ValueError(f"model lacks categories {sorted(missing)}")
    return codes


def _special_tokens(tokenizer) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """The ids a tokenizer puts before and after the text ([CLS] / [SEP] for BERT models)."""
    full = tokenizer("x", add_special_tokens=True)["input_ids"]
    inner = tokenizer("x", add_special_tokens=False)["input_ids"]
    for k in range(len(full) - len(inner) + 1):
        if full[k : k + len(inner)] == inner:
            return full[:k], full[k + len(inner) :]
    return [], []


class CommentClassifier:
    """Scores texts: `predict(texts) -> [{category: probability}]` for all nine categories."""

    def __init__(
        self,
        model: torch.nn.Module,
        tokenizer,  # type: ignore[no-untyped-def]
        version: str,
        max_tokens: int | None = None,
        thresholds: dict[str, dict[str, float]] | None = None,
        source: str = "local",
    ) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.version = version
        self.source = source
        self.thresholds = thresholds or {}
        self.max_tokens = min(max_tokens or get_settings().comment_max_tokens, 512)
        self.codes = map_labels(model.config.id2label)
        self._lock = threading.Lock()  # one forward pass at a time: torch already uses all cores
        self._prefix, self._suffix = _special_tokens(tokenizer)

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path, version: str | None = None, source: str = "hub"):
        """Load a hub id or a folder written by `save_pretrained`."""
        tokenizer = AutoTokenizer.from_pretrained(str(name_or_path))
        model = AutoModelForSequenceClassification.from_pretrained(str(name_or_path))
        thresholds_file = Path(name_or_path) / THRESHOLDS_FILE
        thresholds = json.loads(thresholds_file.read_text()) if thresholds_file.is_file() else None
        return cls(model, tokenizer, version or str(name_or_path), thresholds=thresholds, source=source)

    def _windows(self, texts: list[str]) -> tuple[list[list[int]], list[int]]:
        ids_per_text = self.tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
        size = self.max_tokens - len(self._prefix) - len(self._suffix)
        stride = max(1, size * 3 // 4)
        windows, owner = [], []
        for i, ids in enumerate(ids_per_text):
            starts = list(range(0, max(len(ids) - size, 0) + 1, stride))
            if starts[-1] + size < len(ids):
                starts.append(len(ids) - size)  # make the last window reach the end
            if len(starts) > MAX_WINDOWS:  # bound the cost: spread the windows over the text
                starts = [starts[round(k)] for k in np.linspace(0, len(starts) - 1, MAX_WINDOWS)]
            for s in starts:
                windows.append(self._prefix + ids[s : s + size] + self._suffix)
                owner.append(i)
        return windows, owner

    @torch.inference_mode()
    def predict_array(self, texts: list[str]) -> np.ndarray:
        """[n, 9] probabilities in CATEGORIES order."""
        if not texts:
            return np.zeros((0, len(CATEGORIES)), dtype=np.float32)
        windows, owner = self._windows(texts)
        order = np.argsort([len(w) for w in windows])  # similar lengths together: less padding
        probs = np.zeros((len(windows), len(self.codes)), dtype=np.float32)
        with self._lock:
            for start in range(0, len(order), INFER_CHUNK):
                idx = order[start : start + INFER_CHUNK]
                batch = self.tokenizer.pad({"input_ids": [windows[i] for i in idx]}, return_tensors="pt")
                logits = self.model(
                    input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
                ).logits
                probs[idx] = torch.sigmoid(logits.float()).numpy()
        out = np.zeros((len(texts), len(CATEGORIES)), dtype=np.float32)
        out[:, CATEGORIES.index("OK")] = 1.0
        owner_arr = np.asarray(owner)
        for i in range(len(texts)):
            rows = probs[owner_arr == i]
            for j, code in enumerate(self.codes):
                k = CATEGORIES.index(code)
                out[i, k] = rows[:, j].min() if code == "OK" else rows[:, j].max()
        if "OK" not in self.codes:  # a model without a safe output: safe = nothing unsafe
            out[:, CATEGORIES.index("OK")] = 1.0 - out[:, : len(UNSAFE_CATEGORIES)].max(axis=1)
        return out

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        return [
            {c: round(float(p), 6) for c, p in zip(CATEGORIES, row, strict=True)}
            for row in self.predict_array(texts)
        ]


def load_classifier() -> CommentClassifier | None:
    """Build the classifier the settings ask for; None when nothing can be loaded."""
    settings = get_settings()
    try:
        if settings.comment_model_id:
            return CommentClassifier.from_pretrained(settings.comment_model_id, source="hub")
        artifact = registry.active_artifact(MODEL_NAME)
        if artifact is None:
            log.warning("no trained %s model in %s", MODEL_NAME, registry.model_root(MODEL_NAME))
            return None
        return CommentClassifier.from_pretrained(artifact.path, version=artifact.version, source="local")
    except (OSError, ValueError, KeyError) as exc:
        log.error("comment model could not be loaded: %s", exc)
        return None


_classifier: CommentClassifier | None = None
_loaded = False
_load_lock = threading.Lock()


def get_classifier() -> CommentClassifier | None:
    """The process-wide classifier (loaded once); None means degraded."""
    global _classifier, _loaded
    with _load_lock:
        if not _loaded:
            _classifier, _loaded = load_classifier(), True
        return _classifier


def reset_classifier() -> None:
    """Forget the loaded model so the next call reloads (after training or a settings change)."""
    global _classifier, _loaded
    with _load_lock:
        _classifier, _loaded = None, False
