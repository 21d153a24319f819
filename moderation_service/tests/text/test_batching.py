from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from moderation_service.tests.support import HATEFUL, SAFE, VIOLENT
from moderation_service.text.batching import MicroBatcher
from moderation_service.text.classifier import CommentClassifier

TEXTS = SAFE + VIOLENT + HATEFUL


def test_concurrent_requests_share_forward_passes_and_get_their_own_results(tiny_model_dir: Path) -> None:
    clf = CommentClassifier.from_pretrained(tiny_model_dir, version="t")
    sizes: list[int] = []

    def forward(texts: list[str]) -> np.ndarray:
        sizes.append(len(texts))
        return clf.predict_array(texts)

    requests = [[t] for t in TEXTS] + [TEXTS[:3], TEXTS[5:7]]

    async def scenario() -> list[list[np.ndarray]]:
        # A long wait makes the batching deterministic: everything queued together is flushed
        # as soon as max_batch items are waiting.
        batcher = MicroBatcher(forward, max_batch=8, max_wait_ms=2000)
        await batcher.start()
        try:
            return await asyncio.gather(*(batcher.submit(r) for r in requests))
        finally:
            await batcher.stop()

    results = asyncio.run(scenario())
    expected = clf.predict_array(TEXTS)
    for request, got in zip(requests, results, strict=True):
        assert len(got) == len(request)
        for text, row in zip(request, got, strict=True):
            assert np.allclose(row, expected[TEXTS.index(text)], atol=1e-5)
    assert sum(sizes) == sum(len(r) for r in requests)
    assert len(sizes) < len(requests)  # batched: fewer forward passes than requests
    assert max(sizes) >= 8


def test_a_single_request_is_flushed_after_the_wait() -> None:
    async def scenario() -> list[int]:
        batcher = MicroBatcher(lambda texts: [len(t) for t in texts], max_batch=100, max_wait_ms=5)
        await batcher.start()
        try:
            return await batcher.submit(["abc", "de"])
        finally:
            await batcher.stop()

    assert asyncio.run(scenario()) == [3, 2]


def test_a_failing_forward_pass_fails_its_callers_and_the_batcher_survives() -> None:
    calls = {"n": 0}

    def forward(texts: list[str]) -> list[str]:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("out of memory")
        return [t.upper() for t in texts]

    async def scenario() -> list[str]:
        batcher = MicroBatcher(forward, max_batch=4, max_wait_ms=1)
        await batcher.start()
        try:
            with pytest.raises(RuntimeError, match="out of memory"):
                await batcher.submit(["a"])
            return await batcher.submit(["b"])
        finally:
            await batcher.stop()

    assert asyncio.run(scenario()) == ["B"]
