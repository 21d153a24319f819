"""Comment moderation throughput and end-to-end latency.

    nice -n 10 python -m testing.bench.comment_moderation                 # both parts
    python -m testing.bench.comment_moderation --part throughput --batch-sizes 1 8 32 64

1. Throughput: comments/s of the active comment model (the service's own windowed scoring
   code) at several batch sizes, on this machine's cores (torch threads printed).
2. Latency: p50/p95 from a comment posted through the gateway to its verdict, through the
   real stack: gateway -> Redis -> Celery worker -> moderation service (HTTP) -> database.
   Measured from the comment's `created_at` to the AI decision row's `created_at` (both
   written by the platform's clock), for sequential posts and for a concurrent burst.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import torch
from sqlalchemy import select
from tqdm import tqdm

from moderation_service.text.classifier import MODEL_NAME, CommentClassifier, get_classifier
from moderation_service.training.datasets import clean_tweet, read_cyberbullying
from opentok.core.config import CATEGORIES
from opentok.ml import registry


def sample_comments(n: int, seed: int = 0) -> list[str]:
    """Real short social-media texts (tweets) as stand-ins for comments."""
    rows = random.Random(seed).sample(read_cyberbullying(), n)
    return [clean_tweet(t)[:2000] or "ok" for t, _ in rows]


def bench_classifier(model: str | None) -> CommentClassifier | None:
    """The active model; a folder; or `base`: MiniLM with an untrained 9-label head, which
    costs exactly what the fine-tuned model costs (throughput does not depend on weights)."""
    if model == "base":
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from moderation_service.training.train_comments import base_model_path

        net = AutoModelForSequenceClassification.from_pretrained(
            base_model_path(), num_labels=len(CATEGORIES), id2label=dict(enumerate(CATEGORIES))
        )
        tokenizer = AutoTokenizer.from_pretrained(base_model_path())
        return CommentClassifier(net, tokenizer, "minilm-untrained-head")
    if model:
        return CommentClassifier.from_pretrained(model, source="bench")
    return get_classifier()


def throughput(batch_sizes: list[int], n: int, model: str | None = None) -> None:
    clf = bench_classifier(model)
    if clf is None:
        raise SystemExit("no comment model: run python -m moderation_service.training.train_comments first")
    texts = sample_comments(n)
    clf.predict(texts[:8])  # warm up
    print(f"model {clf.version}; torch threads {torch.get_num_threads()}; {n} comments per run")
    for size in batch_sizes:
        started = time.perf_counter()
        for k in tqdm(range(0, n, size), desc=f"batch {size}", unit="batch", leave=False):
            clf.predict_array(texts[k : k + size])
        elapsed = time.perf_counter() - started
        print(
            f"  batch {size:3d}: {n / elapsed:7.1f} comments/s  ({elapsed / (n / size) * 1000:7.1f} ms/batch)"
        )


def latency(n: int, burst: int) -> None:
    from opentok.models import Comment, ModerationDecision, SubjectType, Video, VideoStatus
    from testing.harness import Platform
    from testing.moderation_stack import install_model, start_comment_worker, start_moderation_service

    active = registry.active_artifact(MODEL_NAME)
    if active is None:
        raise SystemExit("no comment model: run python -m moderation_service.training.train_comments first")
    plat = Platform(backend="sqlite", workdir=Path(tempfile.mkdtemp(prefix="bench-comments-")))
    try:
        plat.setup()
        plat.start_gateway()
        install_model(plat.workdir / "models", MODEL_NAME, active.path, active.version)
        url, _ = start_moderation_service(plat)
        start_comment_worker(plat, url)
        with httpx.Client(base_url=plat.base_url, timeout=60) as api:
            reg = api.post("/api/auth/register", json={"username": "bench", "email": "b@example.com",
                                                       "password": "correct horse battery"})  # fmt: skip
            headers = {"Authorization": f"Bearer {reg.json()['access_token']}"}
            me = api.get("/api/auth/me", headers=headers).json()
            with plat.session() as s:
                video = Video(owner_id=me["id"], title="bench", status=VideoStatus.published)
                s.add(video)
                s.commit()
                video_id = video.id
            texts = sample_comments(n + burst, seed=1)

            def post(text: str) -> int:
                resp = api.post(f"/api/videos/{video_id}/comments", json={"text": text}, headers=headers)
                resp.raise_for_status()
                return resp.json()["id"]

            def wait_all(ids: list[int], timeout_s: float = 600) -> list[float]:
                deadline = time.monotonic() + timeout_s
                while time.monotonic() < deadline:
                    with plat.session() as s:
                        rows = s.execute(
                            select(Comment.created_at, ModerationDecision.created_at)
                            .join(ModerationDecision, ModerationDecision.subject_id == Comment.id)
                            .where(
                                ModerationDecision.subject_type == SubjectType.comment, Comment.id.in_(ids)
                            )
                        ).all()
                    if len(rows) >= len(ids):
                        return [(decided - posted).total_seconds() for posted, decided in rows]
                    time.sleep(0.05)
                raise SystemExit(f"only {len(rows)}/{len(ids)} comments moderated; see {plat.workdir}/logs")

            post("warm-up comment")
            time.sleep(3)
            sequential = []
            for text in tqdm(texts[:n], desc="sequential", unit="comment"):
                sequential += wait_all([post(text)])
            with ThreadPoolExecutor(8) as pool:
                ids = list(pool.map(post, texts[n:]))
            concurrent = wait_all(ids)
        for name, values in (("sequential", sequential), (f"burst of {burst}", concurrent)):
            p50, p95 = np.percentile(values, 50), np.percentile(values, 95)
            print(f"  post -> verdict, {name:14s}: p50 {p50 * 1000:7.0f} ms  p95 {p95 * 1000:7.0f} ms  "
                  f"mean {statistics.mean(values) * 1000:7.0f} ms  (n={len(values)})")  # fmt: skip
    finally:
        plat.teardown()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=["throughput", "latency", "both"], default="both")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("-n", type=int, default=256, help="comments per throughput run")
    parser.add_argument("--latency-n", type=int, default=40, help="sequential comments")
    parser.add_argument("--burst", type=int, default=32, help="comments posted at once")
    parser.add_argument("--model", help="throughput only: a model folder, or `base` (see bench_classifier)")
    args = parser.parse_args(argv)
    if args.part in ("throughput", "both"):
        throughput(args.batch_sizes, args.n, args.model)
    if args.part in ("latency", "both"):
        latency(args.latency_n, args.burst)


if __name__ == "__main__":
    main()
