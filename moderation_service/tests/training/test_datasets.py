from __future__ import annotations

import numpy as np

from moderation_service.training import datasets
from moderation_service.training.datasets import Example, label_matrix, parse_moderation_row, with_ok
from opentok.core.config import CATEGORIES


def test_missing_keys_are_unknown_not_zero() -> None:
    ex = parse_moderation_row({"prompt": "p", "V": 0, "HR": 1})
    assert ex.labels == {"V": 0, "HR": 1, "OK": 0}
    y, m = label_matrix([ex])
    assert m[0].sum() == 3 and y[0, CATEGORIES.index("HR")] == 1
    partial_zero = parse_moderation_row({"prompt": "p", "V": 0, "HR": 0})
    assert "OK" not in partial_zero.labels  # safe is unknown while six labels are unknown
    all_zero = with_ok(dict.fromkeys(("S", "H", "V", "HR", "SH", "S3", "H2", "V2"), 0))
    assert all_zero["OK"] == 1


def test_openai_split_is_fixed_disjoint_and_keeps_rare_categories() -> None:
    train, val = datasets.openai_split()
    again_train, again_val = datasets.openai_split()
    assert [e.text for e in val] == [e.text for e in again_val]
    assert len(train) + len(val) == 842 and 150 <= len(val) <= 190
    assert not {e.text for e in val} & {e.text for e in train} - {e.text for e in val if False}
    y, m = label_matrix(val)
    for c in ("S", "H", "V", "HR", "SH", "S3", "H2"):
        assert y[:, CATEGORIES.index(c)].sum() >= 2, c


def test_mappings_only_claim_what_the_source_knows() -> None:
    davidson = datasets.load_davidson(limit=300, seed=1)
    assert len(davidson) == 300
    hate = [e for e in davidson if e.labels.get("H") == 1]
    assert hate and all(e.labels == {"H": 1, "OK": 0} for e in hate)
    assert all("S" not in e.labels and "V" not in e.labels for e in davidson)
    assert not any("@" in e.text and "@user" not in e.text for e in davidson)
    bullying = datasets.load_cyberbullying_mapped(limit=200, seed=1, weight=0.5)
    assert {e.weight for e in bullying} == {0.5}
    assert all(e.labels.get("HR") in (0, 1) for e in bullying)


def test_jsonl_round_trip(tmp_path) -> None:
    rows = [Example("a", {"H": 1, "OK": 0}), Example("b", with_ok(dict.fromkeys(CATEGORIES[:-1], 0)))]
    path = tmp_path / "x.jsonl"
    datasets.write_moderation_jsonl(rows, path)
    back = datasets.load_moderation_jsonl(path)
    assert [(e.text, e.labels) for e in back] == [(e.text, e.labels) for e in rows]
    assert np.array_equal(label_matrix(back)[1], label_matrix(rows)[1])
