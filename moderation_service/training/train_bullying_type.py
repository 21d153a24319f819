"""Train the cyberbullying-type model (6 classes) and compare TF-IDF + linear with MiniLM.

    nice -n 10 python -m moderation_service.training.train_bullying_type --model both --steps 400

Validation: 20% of `cyberbullying-tweets`, split by groups of identical text (a text and its
duplicates never straddle the split; the upstream data repeats texts, sometimes with two
labels), stratified by label with a fixed seed. Both models are scored on the same rows
(macro-F1 and accuracy); the better macro-F1 becomes the active `cyberbullying-type`
artifact. `ensure_cyberbullying_model()` (used by run and test commands) reuses the active
artifact and otherwise trains the TF-IDF model, which takes seconds.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import joblib
import numpy as np
import torch
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline
from tqdm import tqdm
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

from moderation_service.text.bullying_type import (
    CLASSES,
    DATASET_LABELS,
    MAX_TOKENS,
    MODEL_NAME,
    SKLEARN_FILE,
    CyberbullyingClassifier,
)
from moderation_service.training.datasets import CYBERBULLYING, data_path, read_cyberbullying, sha256
from moderation_service.training.train_comments import base_model_path
from opentok.ml import registry

log = logging.getLogger(__name__)
SEED = 20261121
Rows = list[tuple[str, str]]


def group_split(rows: Rows, val_fraction: float = 0.2, seed: int = SEED) -> tuple[Rows, Rows]:
    """Identical texts stay together; groups are stratified by their label (or label set)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (text, _) in enumerate(rows):
        groups[text].append(i)
    strata: dict[str, list[str]] = defaultdict(list)
    for text, idx in groups.items():
        strata["+".join(sorted({rows[i][1] for i in idx}))].append(text)
    rng = random.Random(seed)
    val_texts: set[str] = set()
    for key in sorted(strata):
        texts = sorted(strata[key])
        rng.shuffle(texts)
        target = val_fraction * sum(len(groups[t]) for t in texts)
        taken = 0
        for t in texts:
            if taken >= target:
                break
            val_texts.add(t)
            taken += len(groups[t])
    train = [r for r in rows if r[0] not in val_texts]
    val = [r for r in rows if r[0] in val_texts]
    return train, val


def load_rows() -> Rows:
    return [(text, DATASET_LABELS[label]) for text, label in read_cyberbullying()]


def scores(y_true: list[str], y_pred: list[str]) -> dict[str, float]:
    return {
        "macro_f1": float(f1_score(y_true, y_pred, average="macro")),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "per_class_f1": dict(
            zip(
                CLASSES, map(float, f1_score(y_true, y_pred, labels=list(CLASSES), average=None)), strict=True
            )
        ),
    }


def train_tfidf(train: Rows, out_dir: Path) -> None:
    # Word uni- and bigrams only: char n-grams multiply the fitting cost on a 2-core CPU.
    pipeline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200_000),
        LogisticRegression(C=5.0, max_iter=1000),
    )
    pipeline.fit([t for t, _ in train], [y for _, y in train])
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, out_dir / SKLEARN_FILE)


def train_transformer(train: Rows, out_dir: Path, steps: int, batch_size: int = 32, lr: float = 1e-4) -> None:
    """Fine-tune MiniLM for a fixed number of steps (CPU budget), length-bucketed batches."""
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    base = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(CLASSES),
        id2label=dict(enumerate(CLASSES)),
        label2id={c: i for i, c in enumerate(CLASSES)},
    )
    optim = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, steps // 10, steps)
    label_id = {c: i for i, c in enumerate(CLASSES)}
    model.train()
    order: list[int] = []
    for _ in tqdm(range(steps), desc="cyberbullying-minilm", unit="step"):
        if len(order) < batch_size:
            order = list(range(len(train)))
            rng.shuffle(order)
        batch = [train[order.pop()] for _ in range(batch_size)]
        enc = tokenizer(
            [t for t, _ in batch], truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt"
        )
        labels = torch.tensor([label_id[y] for _, y in batch])
        loss = model(**enc, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optim.step()
        sched.step()
        optim.zero_grad()
    model.eval()
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)


def evaluate(model_dir: Path, kind: str, val: Rows) -> dict[str, float]:
    clf = CyberbullyingClassifier(model_dir, model_dir.name, kind)
    texts = [t for t, _ in val]
    preds: list[str] = []
    for k in tqdm(range(0, len(texts), 256), desc=f"eval {kind}", unit="batch"):
        probs = clf.predict_proba(texts[k : k + 256])
        preds += [clf.classes[i] for i in np.argmax(probs, axis=1)]
    return scores([y for _, y in val], preds)


def run(
    models: list[str], steps: int, activate: bool = True, eval_rows: int | None = None
) -> registry.Artifact:
    """Train `models`, score them on the same validation rows, keep the best macro-F1.

    `eval_rows` scores a fixed random sample of the validation split (CPU budget); the
    split itself never changes.
    """
    rows = load_rows()
    train, val = group_split(rows)
    if eval_rows and eval_rows < len(val):
        val = random.Random(SEED).sample(val, eval_rows)
    results: dict[str, dict] = {}
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in models:
            started = time.time()
            folder = Path(tmp) / kind
            if kind == "tfidf":
                train_tfidf(train, folder)
            else:
                train_transformer(train, folder, steps)
            timings[kind] = round(time.time() - started, 1)
            results[kind] = evaluate(folder, kind, val)
            log.info("%s: %s", kind, {k: v for k, v in results[kind].items() if k != "per_class_f1"})
        best = max(results, key=lambda k: results[k]["macro_f1"])
        artifact = registry.start_artifact(MODEL_NAME)
        for item in (Path(tmp) / best).iterdir():
            (artifact.path / item.name).write_bytes(item.read_bytes())
    params = {
        "kind": best,
        "steps": steps if "transformer" in models else None,
        "data_sha256": sha256(data_path(CYBERBULLYING)),
        "split": {"val_fraction": 0.2, "seed": SEED, "grouped_by": "identical text"},
    }
    artifact.write_metrics(
        {
            "chosen": best,
            "macro_f1": results[best]["macro_f1"],  # the promotion rule's metric
            "models": results,
            "train_seconds": timings,
            "train_rows": len(train),
            "val_rows_scored": len(val),
        },
        params,
    )
    if activate:
        registry.activate(artifact)
    return artifact


def ensure_cyberbullying_model() -> registry.Artifact:
    """The active artifact, training the quick TF-IDF model when there is none."""
    return registry.active_artifact(MODEL_NAME) or run(["tfidf"], steps=0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", choices=["tfidf", "transformer", "both"], default="both")
    parser.add_argument("--steps", type=int, default=400, help="MiniLM optimisation steps (batch 32)")
    parser.add_argument("--eval-rows", type=int, default=None, help="score a sample of validation")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    models = ["tfidf", "transformer"] if args.model == "both" else [args.model]
    artifact = run(models, args.steps, eval_rows=args.eval_rows)
    print(json.dumps({"version": artifact.version, **artifact.read_metrics()["metrics"]}, indent=2))


if __name__ == "__main__":
    main()
