"""Evaluate the comment moderator on a JSONL file in the openai-moderation-half format.

    python -m testing.bench.moderation_eval --split val            # our held-out 20%
    python -m testing.bench.moderation_eval --data FILE.jsonl      # any file in that format
    python -m testing.bench.moderation_eval --data FILE.jsonl --model /path/to/model

Each row is `{"prompt": ..., "S": 0|1, ...}`; a missing key is an unknown label and is left
out of that category's figures. Prints per-category AUPRC, binary "any unsafe" AUPRC, and F1
at the thresholds the service would use (policy defaults + the model's calibration; DB
overrides are not read here). Uses the same windowed scoring as the service.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from moderation_service.policy import base_thresholds
from moderation_service.text.classifier import CommentClassifier, get_classifier
from moderation_service.training import datasets, metrics
from opentok.core.config import CATEGORY_NAMES, UNSAFE_CATEGORIES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="JSONL in the openai-moderation-half format")
    source.add_argument("--split", choices=["val"], help="our fixed held-out validation split")
    parser.add_argument("--model", help="model folder or hub id (default: the active trained model)")
    args = parser.parse_args(argv)

    if args.split:
        _, val = datasets.openai_split()
        path = Path(tempfile.mkdtemp()) / "moderation_val.jsonl"
        datasets.write_moderation_jsonl(val, path)
        print(f"validation split written to {path}")
    else:
        path = args.data
    examples = datasets.load_moderation_jsonl(path)
    clf = CommentClassifier.from_pretrained(args.model, source="cli") if args.model else get_classifier()
    if clf is None:
        raise SystemExit("no comment model: train one (python -m moderation_service.training.train_comments)")
    started = time.perf_counter()
    p = clf.predict_array([e.text for e in examples])
    elapsed = time.perf_counter() - started
    y, m = datasets.label_matrix(examples)
    ap = metrics.auprc(y, m, p)
    support = metrics.support(y, m)
    thresholds = {
        c: {"review": t.review, "reject": t.reject} for c, t in base_thresholds(clf.thresholds).items()
    }
    at = metrics.threshold_report(y, m, p, thresholds)

    print(f"model {clf.version}  rows {len(examples)}  ({len(examples) / elapsed:.1f} texts/s)")
    print(f"{'category':20s} {'known':>5s} {'pos':>4s} {'AUPRC':>6s} {'review':>6s} {'F1@rev':>6s} "
          f"{'reject':>6s} {'F1@rej':>6s}")  # fmt: skip
    for c in UNSAFE_CATEGORIES:
        a = f"{ap[c]:6.3f}" if ap[c] is not None else "   n/a"
        f1r = at[c]["f1_review"]
        f1j = at[c]["f1_reject"]
        print(
            f"{c + ' ' + CATEGORY_NAMES[c]:20s} {support[c]['known']:5d} {support[c]['positive']:4d} {a} "
            f"{thresholds[c]['review']:6.2f} {f1r if f1r is not None else float('nan'):6.3f} "
            f"{thresholds[c]['reject']:6.2f} {f1j if f1j is not None else float('nan'):6.3f}"
        )
    any_ = at["any_unsafe"]
    print(f"macro AUPRC (8 categories): {metrics.macro(ap):.3f}")
    print(f"any unsafe: AUPRC {ap['any_unsafe']:.3f}")
    for level in ("review", "reject"):
        f1, prec, rec = (any_[f"{k}_{level}"] for k in ("f1", "precision", "recall"))
        print(f"  flagged at {level:6s}: F1 {f1:.3f}  precision {prec:.3f}  recall {rec:.3f}")


if __name__ == "__main__":
    main()
