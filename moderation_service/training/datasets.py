"""Training data for the comment moderator, all mapped onto the nine-category scheme.

Every example carries only the labels we actually know; the rest are masked out of the
loss and of every metric (a missing label is *unknown*, not 0).

Sources and how they map (`S H V HR SH S3 H2 V2`, plus `OK` = safe):

* `openai-moderation-half` is the scheme itself. A key missing from a row is unknown.
  `OK` is 1 when all eight labels are known and 0, 0 when any label is 1, else unknown.
* `davidson-hate-offensive` (`class`: 0 hate speech, 1 offensive, 2 neither):
    - hate speech -> `H=1`, `OK=0` (targets a group for its identity);
    - offensive   -> `H=0` only: profanity and insults are not hate in the OpenAI scheme,
      but may be harassment, so `HR` stays unknown;
    - neither     -> `H=0`, `HR=0`, `H2=0`.
  Everything else (sexual, violence, self-harm...) stays unknown for all three classes.
* `cyberbullying-tweets` (`cyberbullying_type`):
    - `ethnicity`, `religion`, `gender` -> `HR=1`, `H=1`, `OK=0` (bullying aimed at a
      protected characteristic);
    - `age`, `other_cyberbullying`       -> `HR=1`, `OK=0` (`H` unknown: age is not a
      protected group in the scheme, "other" is untargeted);
    - `not_cyberbullying`                -> `HR=0`, `H=0`.
  The upstream label noise between `not_` and `other_cyberbullying` is known (see the data
  README), which is one reason these rows are subsampled and down-weighted.

Tweets get light normalisation (HTML entities, `@mentions`, URLs) so that their Twitter
artefacts are not what the model learns to associate with a label.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from opentok.core.config import CATEGORIES, UNSAFE_CATEGORIES, get_settings

OPENAI = "openai-moderation-half/moderation_train.jsonl"
DAVIDSON = "davidson-hate-offensive/labeled_data.csv"
CYBERBULLYING = "cyberbullying-tweets/cyberbullying_tweets_train.csv"

DAVIDSON_MAP: dict[int, dict[str, int]] = {
    0: {"H": 1, "OK": 0},
    1: {"H": 0},
    2: {"H": 0, "HR": 0, "H2": 0},
}
CYBERBULLYING_MAP: dict[str, dict[str, int]] = {
    "ethnicity": {"HR": 1, "H": 1, "OK": 0},
    "religion": {"HR": 1, "H": 1, "OK": 0},
    "gender": {"HR": 1, "H": 1, "OK": 0},
    "age": {"HR": 1, "OK": 0},
    "other_cyberbullying": {"HR": 1, "OK": 0},
    "not_cyberbullying": {"HR": 0, "H": 0},
}

_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+")


@dataclass
class Example:
    text: str
    labels: dict[str, int]  # only the known ones
    source: str = "openai"
    weight: float = 1.0
    meta: dict = field(default_factory=dict)


def data_path(relative: str) -> Path:
    return get_settings().shared_data_dir / relative


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def clean_tweet(text: str) -> str:
    text = html.unescape(text)
    text = _MENTION.sub("@user", text)
    text = _URL.sub("http", text)
    return re.sub(r"\s+", " ", text).strip()


def with_ok(labels: dict[str, int]) -> dict[str, int]:
    """Derive `OK` from the eight unsafe labels where that is determined."""
    labels = dict(labels)
    if "OK" in labels:
        return labels
    if any(labels.get(c) == 1 for c in UNSAFE_CATEGORIES):
        labels["OK"] = 0
    elif all(labels.get(c) == 0 for c in UNSAFE_CATEGORIES):
        labels["OK"] = 1
    return labels


def parse_moderation_row(row: dict) -> Example:
    labels = {c: int(row[c]) for c in UNSAFE_CATEGORIES if row.get(c) in (0, 1)}
    return Example(text=row["prompt"], labels=with_ok(labels))


def load_moderation_jsonl(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [parse_moderation_row(json.loads(line)) for line in fh if line.strip()]


def write_moderation_jsonl(examples: list[Example], path: Path) -> None:
    """The inverse of `load_moderation_jsonl` (OK is implied, so it is not written)."""
    with path.open("w", encoding="utf-8") as fh:
        for ex in examples:
            row = {"prompt": ex.text, **{c: v for c, v in ex.labels.items() if c != "OK"}}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _subsample(rows: list, limit: int | None, seed: int) -> list:
    if limit is None or limit >= len(rows):
        return rows
    return random.Random(seed).sample(rows, limit)


def load_davidson(limit: int | None = None, seed: int = 0, weight: float = 1.0) -> list[Example]:
    with data_path(DAVIDSON).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # Keep hate speech (the rare class) whole when subsampling: it is the signal we want.
    hate = [r for r in rows if r["class"] == "0"]
    rest = [r for r in rows if r["class"] != "0"]
    if limit is not None:
        hate = _subsample(hate, limit // 3, seed)
        rest = _subsample(rest, limit - len(hate), seed)
    return [
        Example(clean_tweet(r["tweet"]), DAVIDSON_MAP[int(r["class"])], "davidson", weight)
        for r in hate + rest
    ]


def read_cyberbullying() -> list[tuple[str, str]]:
    with data_path(CYBERBULLYING).open(encoding="utf-8", newline="") as fh:
        return [(r["tweet_text"], r["cyberbullying_type"]) for r in csv.DictReader(fh)]


def load_cyberbullying_mapped(limit: int | None = None, seed: int = 0, weight: float = 1.0) -> list[Example]:
    rows = _subsample(read_cyberbullying(), limit, seed)
    return [Example(clean_tweet(t), CYBERBULLYING_MAP[y], "cyberbullying", weight) for t, y in rows]


def stratified_split(
    examples: list[Example], val_fraction: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """Split by the set of positive labels, so every category keeps its share in validation."""
    strata: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, ex in enumerate(examples):
        strata[tuple(sorted(c for c, v in ex.labels.items() if v == 1 and c != "OK"))].append(i)
    rng = random.Random(seed)
    val_idx: set[int] = set()
    for key in sorted(strata):
        idx = strata[key]
        rng.shuffle(idx)
        val_idx.update(idx[: int(round(len(idx) * val_fraction))])
    train = [ex for i, ex in enumerate(examples) if i not in val_idx]
    val = [ex for i, ex in enumerate(examples) if i in val_idx]
    return train, val


def openai_split(val_fraction: float = 0.2, seed: int = 13) -> tuple[list[Example], list[Example]]:
    """The fixed train/validation split of openai-moderation-half all figures are quoted on."""
    return stratified_split(load_moderation_jsonl(data_path(OPENAI)), val_fraction, seed)


def label_matrix(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    """(labels, mask), both [n, 9] float32 in CATEGORIES order; mask is 1 where known."""
    y = np.zeros((len(examples), len(CATEGORIES)), dtype=np.float32)
    m = np.zeros_like(y)
    for i, ex in enumerate(examples):
        for j, c in enumerate(CATEGORIES):
            if c in ex.labels:
                y[i, j], m[i, j] = ex.labels[c], 1.0
    return y, m
