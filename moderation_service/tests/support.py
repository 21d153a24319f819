"""Real, small models and an isolated environment for the moderation tests.

The tiny comment model is a 2-layer BERT with the MiniLM tokenizer, trained for a few
seconds on a handful of comments, so its scores really depend on the text while staying
fast. Its folder is written with `save_pretrained`, exactly like the trained model.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from moderation_service.text import classifier as classifier_module
from moderation_service.text.classifier import THRESHOLDS_FILE
from moderation_service.training.datasets import Example, label_matrix
from moderation_service.training.train_comments import base_model_path, masked_bce
from opentok.core.config import CATEGORIES, UNSAFE_CATEGORIES, get_settings
from opentok.db.session import get_engine, get_sessionmaker
from opentok.ml import registry

SAFE = [
    "what a lovely video, thanks for sharing",
    "great recipe, I will try it tonight",
    "this made my day",
    "love the music in this one",
    "so cool, where was this filmed?",
    "nice dance moves!",
    "the sunset at the end is beautiful",
    "congrats on the new puppy",
]
VIOLENT = [
    "I will kill you and your whole family",
    "I am going to stab you tonight",
    "you deserve to be beaten to death",
    "I will shoot you in the head",
]
HATEFUL = [
    "those people are vermin and should be wiped out",
    "go back to your country you filthy animals",
    "you stupid worthless idiot, everyone hates you",
    "nobody wants your disgusting kind here",
]
TINY_THRESHOLDS = {c: {"review": 0.3, "reject": 0.8} for c in UNSAFE_CATEGORIES}
#: Bump when the tiny recipe changes: the built model is cached under this name.
TINY_RECIPE = "tiny-comment-v2"
TEST_MODEL_CACHE = Path.home() / ".cache" / "opentok" / "test-models"


def tiny_examples() -> list[Example]:
    zeros = dict.fromkeys(UNSAFE_CATEGORIES, 0)
    rows = [Example(t, {**zeros, "OK": 1}) for t in SAFE]
    rows += [Example(t, {**zeros, "V": 1, "H2": 0, "HR": 1, "OK": 0}) for t in VIOLENT]
    rows += [Example(t, {**zeros, "H": 1, "HR": 1, "OK": 0}) for t in HATEFUL]
    return rows


def build_tiny_comment_model(path: Path, id2label: dict[int, str] | None = None, steps: int = 150) -> Path:
    """Train and save a tiny multi-label BERT; `id2label` lets a test mimic other label names."""
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(base_model_path())
    labels = id2label or dict(enumerate(CATEGORIES))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=len(labels),
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
        problem_type="multi_label_classification",
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    model = BertForSequenceClassification(config)
    examples = tiny_examples()
    y, m = (torch.from_numpy(a) for a in label_matrix(examples))
    enc = tokenizer([e.text for e in examples], padding=True, return_tensors="pt")
    optim = torch.optim.AdamW(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(steps):
        loss = masked_bce(model(**enc).logits, y, m, torch.ones(len(examples)))
        loss.backward()
        optim.step()
        optim.zero_grad()
    model.eval()
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    (path / THRESHOLDS_FILE).write_text(json.dumps(TINY_THRESHOLDS))
    return path


def tiny_comment_model() -> Path:
    """The tiny model, built once per machine and reused (building it is slow on a busy CPU)."""
    path = TEST_MODEL_CACHE / TINY_RECIPE
    if not (path / "config.json").exists():
        tmp = path.with_name(f".{TINY_RECIPE}.{os.getpid()}")
        build_tiny_comment_model(tmp)
        try:
            tmp.rename(path)
        except OSError:  # another process won the race: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
    return path


def register_comment_model(folder: Path) -> registry.Artifact:
    """Copy a model folder into the registry as the active comment-moderation version."""
    artifact = registry.start_artifact(classifier_module.MODEL_NAME)
    for item in folder.iterdir():
        (artifact.path / item.name).write_bytes(item.read_bytes())
    artifact.write_metrics({"note": "tiny test model"}, {"profile": "test"})
    registry.activate(artifact)
    return artifact


def register_tfidf_cyberbullying(rows: int = 3000) -> registry.Artifact:
    """A real TF-IDF cyberbullying model trained on a sample of the shared data (seconds)."""
    from moderation_service.text.bullying_type import MODEL_NAME
    from moderation_service.training.train_bullying_type import load_rows, train_tfidf

    sample = random.Random(0).sample(load_rows(), rows)
    artifact = registry.start_artifact(MODEL_NAME)
    train_tfidf(sample, artifact.path)
    artifact.write_metrics({"note": "test sample"}, {"kind": "tfidf"})
    registry.activate(artifact)
    return artifact


def clear_caches() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()
    classifier_module.reset_classifier()


@contextmanager
def isolated_env(workdir: Path, **extra: str) -> Iterator[dict[str, str]]:
    """Point settings (database, models, cache) at `workdir` for the duration."""
    env = {
        "DATA_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'opentok.sqlite3'}",
        "MODELS_DIR": str(workdir / "models"),
        "COMMENT_MODEL_CACHE_DIR": str(workdir / "comment_model_cache"),
        "COMMENT_MODEL_ID": "",
        "MODERATION_THRESHOLDS": "{}",
        "HF_HUB_OFFLINE": "1",
        **extra,
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    clear_caches()
    try:
        yield env
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_engine().dispose()
        clear_caches()
