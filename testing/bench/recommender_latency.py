"""Recommender scale benchmark: rebuild time and p50/p99 recommendation latency on a
generated catalogue of 100k videos and 1M interactions (prints figures; not a test).

The database is SQLite in `var/bench/recommender-latency/` and is reused by later runs
with the same sizes (generation takes a few minutes). Latency is measured over HTTP against
the real service (uvicorn in a thread), end to end: live DB reads of the user's history,
scoring of all 100k videos with sparse products, exploration, feed rules.

    python -m testing.bench.recommender_latency [--videos 100000 --interactions 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from functools import partial
from pathlib import Path

import numpy as np

from opentok.api.service_auth import service_headers

REPO = Path(__file__).resolve().parents[2]


def percentiles(samples: list[float]) -> str:
    a = np.array(samples) * 1000
    p50, p99 = np.percentile(a, 50), np.percentile(a, 99)
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, mean {a.mean():.1f} ms (n={a.size})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--videos", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()

    work = REPO / "var" / "bench" / f"recommender-latency-{args.videos}-{args.interactions}-{args.users}"
    work.mkdir(parents=True, exist_ok=True)
    os.environ.update({"DATA_DIR": str(work), "REC_BUILD_ON_START": "false", "REC_RELOAD_INTERVAL_S": "1"})
    os.environ.setdefault("REC_CF_MIN_INTERACTIONS", "500")

    import httpx
    from tqdm import tqdm

    from opentok.core.config import get_settings
    from opentok.db.migrate import upgrade_head
    from opentok.db.session import get_engine, get_sessionmaker, session_scope
    from recommender_service.app.main import create_app
    from recommender_service.engine import build, context, feed, scoring
    from recommender_service.engine.artifact import ModelStore
    from testing import recsys_seed
    from testing.live_server import LiveServer

    settings = get_settings()
    done_marker = work / "generated.json"
    if not done_marker.exists():
        db = Path(settings.sqlalchemy_url.removeprefix("sqlite:///"))
        db.unlink(missing_ok=True)
        upgrade_head(settings.sqlalchemy_url)
        started = time.perf_counter()
        recsys_seed.bulk_synthetic(get_engine(), args.videos, args.users, args.interactions)
        done_marker.write_text(json.dumps(vars(args)))
        print(
            f"generated {args.videos:,} videos, {args.interactions:,} interactions "
            f"in {time.perf_counter() - started:.0f} s"
        )
    else:
        print(f"reusing the generated database in {work}")

    started = time.perf_counter()
    with session_scope() as session:
        snap = build.collect(session)
    collect_s = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    with session_scope() as session:
        model = build.rebuild(session)
    rebuild_s, rebuild_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    m = model.metrics
    print(
        "\nrebuild (collect + TF-IDF + engagement + ALS validation and fit + posteriors + artifact): "
        f"{rebuild_s:.1f} s wall, {rebuild_cpu:.1f} s CPU"
    )
    print(
        f"  of which collecting rows from SQLite: {collect_s:.1f} s; model build: {m['build_seconds']:.1f} s"
    )
    print(
        f"  {m['videos']:,} videos, {m['interactions']:,} interactions, {m['users']:,} users, "
        f"{model.content.shape[1]:,} terms, {m['posterior_rows']:,} posterior rows, "
        f"CF weight {model.cf_weight:g}"
    )
    del snap

    rng = np.random.default_rng(0)
    users = rng.integers(1, args.users + 1, args.requests).tolist()
    with (
        LiveServer(create_app()) as url,
        httpx.Client(base_url=url, timeout=30, headers=service_headers()) as http,
    ):
        for _ in range(10):  # warm-up: first requests load the artifact and open connections
            http.get("/v1/recommendations", params={"user_id": users[0]})
        timings: dict[str, list[float]] = {"signed-in": [], "anonymous": [], "similar": []}
        for u in tqdm(users, desc="requests", unit="req"):
            t = time.perf_counter()
            r = http.get("/v1/recommendations", params={"user_id": u, "limit": 10})
            timings["signed-in"].append(time.perf_counter() - t)
            assert r.status_code == 200 and len(r.json()["items"]) == 10, r.text
        for _ in tqdm(range(args.requests // 4), desc="anonymous", unit="req"):
            t = time.perf_counter()
            http.get("/v1/recommendations", params={"limit": 10})
            timings["anonymous"].append(time.perf_counter() - t)
        for vid in tqdm(
            rng.integers(1, args.videos + 1, args.requests // 4).tolist(), desc="similar", unit="req"
        ):
            t = time.perf_counter()
            http.get(f"/v1/similar/{vid}")
            timings["similar"].append(time.perf_counter() - t)
    print("\nHTTP latency, one client, real service (wall clock):")
    for name, samples in timings.items():
        print(f"  {name:<10} {percentiles(samples)}")

    # The same request path in-process, timed in CPU seconds as well: on a shared machine the
    # wall clock mostly measures the queue for a core.
    store = ModelStore(poll_s=3600)
    model = store.current()
    make_session = get_sessionmaker()
    wall, cpu = [], []
    for u in tqdm(users[:200], desc="in-process", unit="req"):
        t, c = time.perf_counter(), time.process_time()
        with make_session() as session:
            ctx = context.load_user_context(session, u)
            fresh = context.fresh_videos(session, settings.rec_fresh_video_hours)
            opts = feed.FeedOptions(weights=scoring.Weights(0.7, 0.3), limit=10)
            feed.recommend(model, ctx, fresh, opts, partial(context.live_ids, session), rng)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print("\nin-process request path (context reads + scoring 100k videos + rules), signed-in:")
    print(f"  wall {percentiles(wall)}")
    print(f"  CPU  {percentiles(cpu)}")
    load1, load5, _ = os.getloadavg()
    print(f"\nmachine: {os.cpu_count()} cores, load average {load1:.1f} (1 min) / {load5:.1f} (5 min)")


if __name__ == "__main__":
    main()
