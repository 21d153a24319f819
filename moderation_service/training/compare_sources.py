"""Measure whether the mapped datasets help: train one model per data mix, same validation.

    nice -n 10 python -m moderation_service.training.compare_sources --rows 1500

Each variant starts from the same base model and seed and is scored on the same held-out
20% of openai-moderation-half (the only data in our own scheme). Prints macro AUPRC over the
eight unsafe categories, any-unsafe AUPRC and per-category AUPRC, and writes a JSON report.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from moderation_service.training.cache import cached_model
from moderation_service.training.train_comments import TrainConfig, profile_config
from opentok.core.config import UNSAFE_CATEGORIES, get_settings


def variants(base: TrainConfig, rows: int, weight: float) -> dict[str, TrainConfig]:
    return {
        "openai only": base,
        "+davidson": replace(base, davidson=rows, davidson_weight=weight),
        "+cyberbullying": replace(base, cyberbullying=rows, cyberbullying_weight=weight),
        "+both": replace(
            base, davidson=rows, cyberbullying=rows, davidson_weight=weight, cyberbullying_weight=weight
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="default")
    parser.add_argument("--rows", type=int, default=1500, help="rows taken from each mapped dataset")
    parser.add_argument("--weight", type=float, default=0.5, help="loss weight of mapped rows")
    parser.add_argument("--only", nargs="*", help="variant names to run")
    parser.add_argument("--out", type=Path, default=get_settings().data_dir / "compare_sources.json")
    args = parser.parse_args(argv)
    report = json.loads(args.out.read_text()) if args.out.exists() else {}
    for name, cfg in variants(profile_config(args.profile), args.rows, args.weight).items():
        if args.only and name not in args.only:
            continue
        _, folder = cached_model(cfg)  # cached: the default variant is then what `ensure` serves
        result = json.loads((folder / "metrics.json").read_text())["metrics"]
        report[f"{name} (rows={args.rows}, w={args.weight})"] = {
            "macro_auprc": result["macro_auprc"],
            "auprc": result["auprc"],
            "f1_any_review": result["at_thresholds"]["any_unsafe"]["f1_review"],
            "train_rows": result["train_rows"],
            "train_seconds": result["train_seconds"],
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2))
    print_table(report)


def print_table(report: dict) -> None:
    cols = [*UNSAFE_CATEGORIES, "any_unsafe"]
    print(f"{'variant':42s} {'macro':>6s} " + " ".join(f"{c:>6s}" for c in cols) + f" {'F1any':>6s}")
    for name, r in report.items():
        cells = " ".join(f"{r['auprc'][c]:6.3f}" if r["auprc"][c] is not None else "   n/a" for c in cols)
        print(f"{name:42s} {r['macro_auprc']:6.3f} {cells} {r['f1_any_review']:6.3f}")


if __name__ == "__main__":
    main()
