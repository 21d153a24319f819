from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import AutoTokenizer, DistilBertConfig, DistilBertForSequenceClassification

from moderation_service.tests.support import HATEFUL, SAFE, VIOLENT
from moderation_service.text import classifier as clf_module
from moderation_service.text.classifier import CommentClassifier, get_classifier, map_labels
from moderation_service.training.train_comments import base_model_path
from opentok.core.config import CATEGORIES


def test_map_labels_reads_codes_names_and_generic_labels() -> None:
    assert map_labels(dict(enumerate(CATEGORIES))) == list(CATEGORIES)
    names = ["sexual", "hate", "violence", "harassment", "self-harm", "sexual/minors",
             "hate/threatening", "violence/graphic", "OK"]  # fmt: skip
    assert map_labels(dict(enumerate(names))) == list(CATEGORIES)
    assert map_labels({i: f"LABEL_{i}" for i in range(9)}) == list(CATEGORIES)
    shuffled = ["OK", "V2", "S", "H", "V", "HR", "SH", "S3", "H2"]
    assert map_labels(dict(enumerate(shuffled))) == shuffled
    with pytest.raises(ValueError):
        map_labels(dict(enumerate(["toxic", "obscene"])))


def test_tiny_model_scores_text_by_meaning(tiny_model_dir: Path) -> None:
    clf = CommentClassifier.from_pretrained(tiny_model_dir, version="t")
    results = clf.predict([SAFE[0], VIOLENT[0], HATEFUL[0]])
    assert [set(r) for r in results] == [set(CATEGORIES)] * 3
    assert all(0.0 <= p <= 1.0 for r in results for p in r.values())
    safe, violent, hateful = results
    assert safe["OK"] > violent["OK"] and safe["OK"] > hateful["OK"]
    assert violent["V"] > safe["V"] and hateful["H"] > safe["H"]
    assert clf.thresholds["H"] == {"review": 0.5, "reject": 0.8}


def test_long_text_is_split_into_windows_and_takes_the_worst(tiny_model_dir: Path) -> None:
    clf = CommentClassifier.from_pretrained(tiny_model_dir, version="t")
    clf.max_tokens = 16
    text = " ".join(SAFE * 3) + " " + VIOLENT[0]  # the offending part is at the very end
    windows, owner = clf._windows([text])
    assert len(windows) > 1 and set(owner) == {0}
    assert all(len(w) <= 16 for w in windows)
    inner = clf.tokenizer(text, add_special_tokens=False)["input_ids"]
    assert windows[-1][-2] == inner[-1]  # the last window reaches the end of the text
    batch = clf.tokenizer.pad({"input_ids": windows}, return_tensors="pt")
    with torch.inference_mode():
        per_window = torch.sigmoid(clf.model(**batch).logits).numpy()
    got = clf.predict_array([text])[0]
    v, ok = CATEGORIES.index("V"), CATEGORIES.index("OK")
    assert got[v] == pytest.approx(per_window[:, v].max(), abs=1e-5)
    assert got[ok] == pytest.approx(per_window[:, ok].min(), abs=1e-5)
    # Truncating to the first window would have missed the threat at the end.
    assert got[v] > per_window[0, v]


def test_predict_handles_empty_list_and_empty_string(tiny_model_dir: Path) -> None:
    clf = CommentClassifier.from_pretrained(tiny_model_dir, version="t")
    assert clf.predict([]) == []
    assert set(clf.predict([""])[0]) == set(CATEGORIES)


def test_hub_id_path_loads_a_distilbert_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service_env
) -> None:
    """`COMMENT_MODEL_ID` goes through AutoTokenizer/AutoModel like a hub id would (offline,
    from a folder laid out by save_pretrained, with DistilBERT-style label names)."""
    labels = ["S", "H", "V", "HR", "SH", "S3", "H2", "V2", "OK"][::-1]  # another output order
    config = DistilBertConfig(
        vocab_size=30522, dim=32, n_layers=1, n_heads=2, hidden_dim=64, num_labels=9,
        id2label=dict(enumerate(labels)), label2id={lbl: i for i, lbl in enumerate(labels)},
        problem_type="multi_label_classification",
    )  # fmt: skip
    folder = tmp_path / "Comment-Moderation"
    DistilBertForSequenceClassification(config).save_pretrained(folder)
    AutoTokenizer.from_pretrained(base_model_path()).save_pretrained(folder)
    assert json.loads((folder / "config.json").read_text())["id2label"]["0"] == "OK"
    monkeypatch.setenv("COMMENT_MODEL_ID", str(folder))
    from opentok.core.config import get_settings

    get_settings.cache_clear()
    clf_module.reset_classifier()
    clf = get_classifier()
    assert clf is not None and clf.source == "hub" and clf.version == str(folder)
    assert clf.codes == labels
    raw = clf.model(**clf.tokenizer(["hello"], return_tensors="pt")).logits.sigmoid().detach().numpy()[0]
    got = clf.predict_array(["hello"])[0]
    assert np.allclose([got[CATEGORIES.index(c)] for c in labels], raw, atol=1e-5)


def test_no_model_means_degraded(service_env, monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_classifier() is None  # empty registry, no COMMENT_MODEL_ID
    from opentok.core.config import get_settings

    monkeypatch.setenv("COMMENT_MODEL_ID", str(service_env / "does-not-exist"))
    get_settings.cache_clear()
    clf_module.reset_classifier()
    assert get_classifier() is None
