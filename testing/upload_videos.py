"""Generate sample clips and upload them through the API as the demo creators.

Each clip is a lavfi `testsrc2` pattern with a `sine` tone and a drawtext caption (uncaptioned
when the ffmpeg build lacks drawtext), portrait or landscape, in the creator's categories with
fitting hashtags. Creators log in through the API, or register there first if they are new.

    python -m testing.upload_videos --count 12                       # gateway at PUBLIC_BASE_URL
    python -m testing.upload_videos --base-url http://127.0.0.1:8000 --count 40 --multipart
"""

from __future__ import annotations

import argparse
import itertools
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
from tqdm import tqdm

from opentok.core.config import get_settings
from testing import tus_client
from testing.data_setup import DEMO_PASSWORD, DEMO_USERS
from testing.media import can_draw_text, make_clip

HASHTAGS: dict[str, list[str]] = {
    "comedy": ["funny", "lol", "prank", "sketch"],
    "dance": ["dance", "choreo", "dancechallenge", "moves"],
    "music": ["music", "cover", "beats", "singing"],
    "food": ["food", "recipe", "cooking", "yummy"],
    "sports": ["sports", "workout", "goals", "training"],
    "gaming": ["gaming", "speedrun", "gamer", "esports"],
    "pets": ["pets", "dogsoftiktok", "cats", "cute"],
    "travel": ["travel", "wanderlust", "roadtrip", "views"],
    "fashion": ["fashion", "ootd", "style", "thrift"],
    "beauty": ["beauty", "makeup", "skincare", "glow"],
    "education": ["learn", "edutok", "howto", "facts"],
    "science": ["science", "experiment", "space", "physics"],
    "tech": ["tech", "gadgets", "coding", "ai"],
    "diy": ["diy", "crafts", "homemade", "upcycle"],
    "news": ["news", "today", "update", "explained"],
    "other": ["fyp", "random", "vibes", "daily"],
}
TITLES = ["Day {n} of trying {tag}", "You won't believe this {tag}", "Quick {tag} tip #{n}",
          "My {tag} routine", "{tag} but faster", "POV: {tag} goes right"]  # fmt: skip
SHAPES = {"portrait": (540, 960), "landscape": (960, 540)}


@dataclass(frozen=True)
class Plan:
    creator: str
    title: str
    description: str
    category: str
    hashtags: list[str]
    shape: str
    seconds: float
    tone_hz: int


def plan_clips(count: int, seed: int) -> list[Plan]:
    rng = random.Random(seed)
    creators = [(name, interests) for name, _, interests in DEMO_USERS if interests]
    plans = []
    for n, (creator, interests) in zip(range(count), itertools.cycle(creators), strict=False):
        category = rng.choice(interests)
        tags = rng.sample(HASHTAGS[category], 2) + ["fyp"]
        title = rng.choice(TITLES).format(n=n + 1, tag=tags[0])
        plans.append(
            Plan(
                creator=creator,
                title=title,
                description=f"{title} with my friends " + " ".join(f"#{t}" for t in tags),
                category=category,
                hashtags=tags,
                shape="portrait" if n % 3 else "landscape",
                seconds=rng.choice([5, 6, 8, 10, 12]),
                tone_hz=rng.choice([220, 330, 440, 550, 660, 880]),
            )
        )
    return plans


def sign_in(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    """Log in through the API; register first when the account does not exist yet."""
    resp = client.post("/api/auth/login", json={"username": username, "password": password})
    if resp.status_code == 401:
        reg = client.post(
            "/api/auth/register",
            json={"username": username, "email": f"{username}@example.com", "password": password},
        )
        reg.raise_for_status()
        resp = client.post("/api/auth/login", json={"username": username, "password": password})
    resp.raise_for_status()
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def upload(client: httpx.Client, headers: dict[str, str], path: Path, plan: Plan, multipart: bool) -> int:
    fields = {"title": plan.title, "description": plan.description, "category": plan.category,
              "hashtags": " ".join(plan.hashtags)}  # fmt: skip
    if not multipart:
        return tus_client.upload_file(client, headers, path, fields)
    with path.open("rb") as fh:
        resp = client.post(
            "/api/uploads", headers=headers, data=fields, files={"file": (path.name, fh, "video/mp4")}
        )
    resp.raise_for_status()
    return resp.json()["id"]


def run(
    base_url: str, count: int, password: str = DEMO_PASSWORD, seed: int = 7, multipart: bool = False,
    scale: float = 1.0,
) -> list[int]:  # fmt: skip
    """Generate and upload `count` clips; returns the new video ids."""
    plans = plan_clips(count, seed)
    ids = []
    with httpx.Client(base_url=base_url, timeout=120) as client, tempfile.TemporaryDirectory() as tmp:
        sessions: dict[str, dict[str, str]] = {}
        for n, plan in enumerate(tqdm(plans, desc="clips", unit="clip")):
            width, height = (2 * round(side * scale / 2) for side in SHAPES[plan.shape])
            path = make_clip(Path(tmp) / f"clip{n}.mp4", plan.seconds, width, height, fps=30,
                             caption=plan.title, tone_hz=plan.tone_hz,
                             extra=["-c:v", "libx264", "-preset", "veryfast"])  # fmt: skip
            if plan.creator not in sessions:
                sessions[plan.creator] = sign_in(client, plan.creator, password)
            ids.append(upload(client, sessions[plan.creator], path, plan, multipart))
            path.unlink()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default=get_settings().public_base_url)
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0, help="clip size factor (1.0: 540x960)")
    parser.add_argument("--multipart", action="store_true", help="plain multipart instead of tus")
    args = parser.parse_args()
    if not can_draw_text():
        print("note: this ffmpeg has no drawtext; clips are uncaptioned")
    ids = run(args.base_url, args.count, args.password, args.seed, args.multipart, args.scale)
    print(f"uploaded {len(ids)} videos (ids {ids[0]}..{ids[-1]}); workers take them through processing")


if __name__ == "__main__":
    main()
