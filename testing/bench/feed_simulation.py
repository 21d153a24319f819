"""Feed simulation: users with hidden category tastes scroll the REAL recommender service
(HTTP, uvicorn in a thread, SQLite), and we compare a fixed 8+2 mix (explore slots drawn
uniformly over categories) with Thompson sampling (explore slots drawn from each user's
Beta posteriors). Prints figures; not a test.

Each simulated user likes 3 hidden categories but declares only one at sign-up, so the
other two must be discovered. Reactions: in a taste, like 60% / complete 70%; outside, like
3% / complete 8% / quick skip 60%. Every reaction is written to the event tables (as the
gateway does) and forwarded to `POST /v1/events` (as the gateway's client does). Both cohorts
see the same catalogue, the same hidden tastes and the same random reactions.

    python -m testing.bench.feed_simulation [--users 60 --pages 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from opentok.api.service_auth import service_headers

IN_TASTE = {"like": 0.60, "complete": 0.70, "skip": 0.05}
OFF_TASTE = {"like": 0.03, "complete": 0.08, "skip": 0.60}


@dataclass
class SimUser:
    user_id: int
    tastes: set[str]
    declared: str
    rng: np.random.Generator
    likes_per_page: list[int] = field(default_factory=list)
    discovered_at: dict[str, int] = field(default_factory=dict)

    @property
    def hidden(self) -> set[str]:
        return self.tastes - {self.declared}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--pages", type=int, default=15)
    parser.add_argument("--per-category", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="opentok-feedsim-"))
    os.environ.update(
        {
            "DATA_DIR": str(work),
            "REC_BUILD_ON_START": "false",
            "REC_RELOAD_INTERVAL_S": "60",
            "GEMINI_API_KEY": "",
        }
    )
    import httpx
    from tqdm import tqdm

    from opentok.core.config import get_settings
    from opentok.db.migrate import upgrade_head
    from opentok.db.session import session_scope
    from opentok.models import Like, Video, WatchEvent
    from recommender_service.app.main import create_app
    from recommender_service.engine import build
    from testing import recsys_seed
    from testing.live_server import LiveServer

    upgrade_head(get_settings().sqlalchemy_url)
    rng = np.random.default_rng(args.seed)
    cohorts: dict[str, list[SimUser]] = {"fixed 8+2 (uniform explore)": [], "Thompson sampling": []}
    with session_scope() as session:
        recsys_seed.seed_catalogue(session, args.per_category, n_creators=40, seed=args.seed)
        for i in range(args.users):
            tastes = [str(c) for c in rng.choice(recsys_seed.CATEGORIES, 3, replace=False)]
            user_seed = int(rng.integers(1 << 31))
            for name, cohort in cohorts.items():
                tag = "u" if name.startswith("fixed") else "t"
                user = recsys_seed.create_user(session, f"sim{tag}{i}", interests=[tastes[0]])
                cohort.append(SimUser(user.id, set(tastes), tastes[0], np.random.default_rng(user_seed)))
        build.rebuild(session)
        category = dict(session.query(Video.id, Video.category).all())

    strategies = {"fixed 8+2 (uniform explore)": "uniform", "Thompson sampling": "thompson"}
    with (
        LiveServer(create_app()) as url,
        httpx.Client(base_url=url, timeout=30, headers=service_headers()) as http,
    ):
        for name, cohort in cohorts.items():
            for page in tqdm(range(args.pages), desc=name, unit="page"):
                for su in cohort:
                    r = http.get(
                        "/v1/recommendations",
                        params={
                            "user_id": su.user_id,
                            "limit": 10,
                            "strategy": strategies[name],
                            "seed": su.rng.integers(1 << 31),
                        },
                    )
                    r.raise_for_status()
                    events, likes, watches = [], [], []
                    n_likes = 0
                    for item in r.json()["items"]:
                        cat = category[item["video_id"]]
                        p = IN_TASTE if cat in su.tastes else OFF_TASTE
                        liked = bool(su.rng.random() < p["like"])
                        completed = bool(su.rng.random() < p["complete"])
                        skipped = not (liked or completed) and su.rng.random() < p["skip"]
                        ms = 20_000 if completed else (800 if skipped else 8_000)
                        watches.append(
                            WatchEvent(
                                user_id=su.user_id,
                                video_id=item["video_id"],
                                watched_ms=ms,
                                completed=completed,
                            )
                        )
                        events.append(
                            {
                                "user_id": su.user_id,
                                "video_id": item["video_id"],
                                "kind": "watch",
                                "watched_ms": ms,
                                "completed": completed,
                            }
                        )
                        if liked:
                            n_likes += 1
                            likes.append(Like(user_id=su.user_id, video_id=item["video_id"]))
                            events.append(
                                {"user_id": su.user_id, "video_id": item["video_id"], "kind": "like"}
                            )
                            if cat in su.hidden:
                                su.discovered_at.setdefault(cat, page + 1)
                    with session_scope() as session:
                        session.add_all(watches + likes)
                    http.post("/v1/events", json={"events": events}).raise_for_status()
                    su.likes_per_page.append(n_likes)

    checkpoints = sorted({1, 3, 5, 10, args.pages} & set(range(1, args.pages + 1)))
    n_videos = args.per_category * len(recsys_seed.CATEGORIES)
    print(f"\n{args.users} users x {args.pages} pages of 10; {n_videos} videos in 10 categories")
    header = "".join(f"{f'p{c}':>8}" for c in checkpoints)
    print(f"\ncumulative like rate (likes / items shown) after page:\n{'':<30}{header}")
    for name, cohort in cohorts.items():
        likes = np.array([u.likes_per_page for u in cohort]).sum(axis=0).cumsum()
        shown = 10 * len(cohort) * np.arange(1, args.pages + 1)
        print(f"{name:<30}" + "".join(f"{likes[c - 1] / shown[c - 1]:>8.3f}" for c in checkpoints))
    print(f"\nhidden tastes discovered (liked at least once; 2 per user) after page:\n{'':<30}{header}")
    for name, cohort in cohorts.items():
        total = sum(len(u.hidden) for u in cohort)
        row = [
            sum(1 for u in cohort for p in u.discovered_at.values() if p <= c) / total for c in checkpoints
        ]
        print(f"{name:<30}" + "".join(f"{v:>8.3f}" for v in row))
    for name, cohort in cohorts.items():
        pages = [p for u in cohort for p in u.discovered_at.values()]
        print(f"{name}: mean page of discovery {np.mean(pages):.2f} over {len(pages)} discovered tastes")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
