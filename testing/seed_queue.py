"""Fill a running platform with a realistic moderation queue, through its public API.

    python -m testing.seed_queue --base-url http://127.0.0.1:8000 --videos 6 --comments 40

What it does:
1. registers a few creators and commenters (POST /api/auth/register);
2. uploads generated sample clips with hashtags (POST /api/uploads; testing/upload_videos.py
   is used instead when the media helper's script is present);
3. waits for the processing and moderation workers to publish, hold or reject them;
4. posts real comments from the Davidson hate/offensive set (mixed classes) on published videos;
5. files user reports on some comments and videos;
6. waits for the comment moderation job, then prints the queue as a moderator sees it.

The moderator account (`--moderator`, password `--password`) is created or promoted in the
database named by the settings (DATABASE_URL), since no API hands out staff roles.

Without the ML services running, `--label-scores` lets the dataset's own annotator votes
stand in for the comment model (provider "dataset-labels", written like the moderation job
writes its verdicts), and `--publish-unprocessed` publishes videos the pipeline left alone.
Both are for demos only and say so in the audit log.
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from tqdm import tqdm

from opentok.core.config import REPO_ROOT, get_settings

PASSWORD = "seed-password-123"
HASHTAGS = ["fyp", "dance", "food", "pets", "travel", "comedy", "diy", "music", "gaming", "tech"]
TITLES = [
    "Morning routine in 30 seconds",
    "My cat judging my cooking",
    "Street food tour downtown",
    "Learning a new dance",
    "Quick DIY shelf",
    "Sunset drive",
    "Speedrun attempt",
    "Tiny desk setup",
]
REPORT_REASONS = ["harassment", "hate", "spam", "other"]


class Seeder:
    def __init__(self, base_url: str, rng: random.Random) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.rng = rng

    def register(self, prefix: str) -> dict:
        name = f"{prefix}_{self.rng.randrange(16**6):06x}"
        resp = self.http.post(
            "/api/auth/register",
            json={"username": name, "email": f"{name}@example.com", "password": PASSWORD},
        )
        resp.raise_for_status()
        me = self.http.get("/api/auth/me", headers=self._auth(resp.json())).json()
        return {"id": me["id"], "username": name, "headers": self._auth(resp.json())}

    @staticmethod
    def _auth(tokens: dict) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens['access_token']}"}

    def upload(self, account: dict, clip: Path, title: str, tags: list[str]) -> dict:
        with clip.open("rb") as fh:
            resp = self.http.post(
                "/api/uploads",
                headers=account["headers"],
                data={"title": f"{title} #{tags[0]}", "description": " ".join(f"#{t}" for t in tags)},
                files={"file": (clip.name, fh, "video/mp4")},
            )
        resp.raise_for_status()
        return resp.json()

    def video_status(self, account: dict, video_id: int) -> str:
        return self.http.get(f"/api/videos/{video_id}", headers=account["headers"]).json().get("status", "?")


def davidson_comments(n: int, rng: random.Random) -> list[dict]:
    """A mix of hateful, offensive and ordinary tweets with their annotator votes."""
    path = get_settings().shared_data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if 10 <= len(r["tweet"]) <= 280]
    by_class: dict[str, list[dict]] = {}
    for row in rows:
        by_class.setdefault(row["class"], []).append(row)
    # Over-sample the rare hate class so the queue has work in it.
    share = {"0": 0.35, "1": 0.35, "2": 0.30}
    picked: list[dict] = []
    for cls, frac in share.items():
        picked += rng.sample(by_class[cls], max(1, round(n * frac)))
    rng.shuffle(picked)
    return picked[:n]


def clean_tweet(text: str) -> str:
    words = [w for w in html.unescape(html.unescape(text)).split() if not w.startswith("@") and w != "RT"]
    return " ".join(words).strip(" !:")[:500] or "..."


def make_clips(count: int, folder: Path) -> list[Path]:
    from testing.media import make_clip

    return [make_clip(folder / f"seed_{i}.mp4", seconds=2.0 + i % 3) for i in range(count)]


def ensure_moderator(username: str, password: str) -> None:
    from backend.app.core.security import hash_password
    from backend.app.crud.users import create_user, get_by_username
    from opentok.db.session import session_scope
    from opentok.models import UserRole

    with session_scope() as session:
        user = get_by_username(session, username)
        if user is None:
            create_user(session, username, f"{username}@example.com", password, role=UserRole.moderator)
        else:
            user.role, user.password_hash = UserRole.moderator, hash_password(password)


def label_scores(comment_ids: dict[int, dict]) -> int:
    """Demo stand-in for the comment model: annotator vote shares become scores."""
    from moderation_service import policy
    from opentok.db.base import utcnow
    from opentok.db.session import session_scope
    from opentok.models import (
        Comment,
        CommentStatus,
        DecisionSource,
        ModerationDecision,
        SubjectType,
        Verdict,
        Video,
    )

    done = 0
    with session_scope() as session:
        limits = policy.load_thresholds(session)
        for cid, row in comment_ids.items():
            comment = session.get(Comment, cid)
            if comment is None or comment.scores is not None:
                continue
            total = max(1, int(row["count"]))
            hate, offensive = int(row["hate_speech"]) / total, int(row["offensive_language"]) / total
            scores = {
                "H": round(hate, 3),
                "HR": round(offensive * 0.9, 3),
                "OK": round(1 - max(hate, offensive), 3),
            }
            worst = max(("H", "HR"), key=lambda c: scores[c])
            if scores[worst] >= limits[worst].reject:
                verdict, status = Verdict.reject, CommentStatus.rejected
            elif scores[worst] >= limits[worst].review:
                verdict, status = Verdict.review, CommentStatus.pending
            else:
                verdict, status = Verdict.approve, CommentStatus.approved
            votes = f"{row['hate_speech']} hate, {row['offensive_language']} offensive"
            reason = f"dataset annotators: {votes} of {total}"
            comment.scores, comment.status, comment.reason = scores, status, reason
            comment.model_version, comment.moderated_at = "dataset-labels", utcnow()
            if status == CommentStatus.approved:
                session.get(Video, comment.video_id).comment_count += 1
            session.add(
                ModerationDecision(
                    subject_type=SubjectType.comment,
                    subject_id=cid,
                    source=DecisionSource.ai,
                    provider="dataset-labels",
                    model_version="davidson-votes",
                    scores=scores,
                    categories=[worst] if verdict != Verdict.approve else [],
                    verdict=verdict,
                    reason=reason,
                    details={"demo": True},
                )  # fmt: skip
            )
            done += 1
    return done


def publish_unprocessed(video_ids: list[int]) -> int:
    from opentok.db.base import utcnow
    from opentok.db.session import session_scope
    from opentok.models import Video, VideoStatus

    with session_scope() as session:
        videos = [session.get(Video, v) for v in video_ids]
        stuck = [
            v for v in videos if v is not None and v.status in (VideoStatus.uploaded, VideoStatus.processing)
        ]
        for v in stuck:
            v.status, v.published_at = VideoStatus.published, utcnow()
        return len(stuck)


def wait_for_comment_moderation(seeder: Seeder, staff: dict, posted: dict[int, dict], wait_s: float) -> None:
    """Until every posted comment is decided by the AI: approved, rejected or held with scores."""
    deadline = time.monotonic() + wait_s
    with tqdm(total=len(posted), desc="waiting for comment moderation", unit="comment") as bar:
        while time.monotonic() < deadline:
            queued = seeder.http.get(
                "/api/admin/queue", headers=staff, params={"type": "comment", "limit": 500}
            )
            held = {i["subject_id"] for i in queued.json()["items"]}
            history = seeder.http.get(
                "/api/admin/decisions",
                headers=staff,
                params={"subject_type": "comment", "source": "ai", "limit": 200},
            ).json()["items"]
            decided = (held | {d["subject_id"] for d in history}) & set(posted)
            bar.update(len(decided) - bar.n)
            if len(decided) == len(posted):
                return
            time.sleep(3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=get_settings().public_base_url)
    parser.add_argument("--videos", type=int, default=6)
    parser.add_argument("--comments", type=int, default=40)
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--wait", type=float, default=120.0, help="seconds to wait for the workers")
    parser.add_argument("--moderator", default="moderator")
    parser.add_argument("--password", default="moderator-password")
    parser.add_argument("--label-scores", action="store_true")
    parser.add_argument("--publish-unprocessed", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    seeder = Seeder(args.base_url, rng)

    ensure_moderator(args.moderator, args.password)
    creators = [seeder.register("creator") for _ in range(3)]
    commenters = [seeder.register("viewer") for _ in range(6)]

    uploads: list[tuple[dict, dict]] = []
    script = REPO_ROOT / "testing" / "upload_videos.py"
    with tempfile.TemporaryDirectory() as tmp:
        if script.exists():  # the media helper's sample uploader, when merged
            subprocess.run([sys.executable, str(script), "--base-url", args.base_url], check=False)
        clips = make_clips(args.videos, Path(tmp))
        for i, clip in enumerate(tqdm(clips, desc="uploading", unit="video")):
            owner = creators[i % len(creators)]
            tags = rng.sample(HASHTAGS, 3)
            uploads.append((owner, seeder.upload(owner, clip, TITLES[i % len(TITLES)], tags)))

    deadline = time.monotonic() + args.wait
    with tqdm(total=len(uploads), desc="waiting for processing", unit="video") as bar:
        settled: set[int] = set()
        while time.monotonic() < deadline and len(settled) < len(uploads):
            for owner, video in uploads:
                if video["id"] not in settled and seeder.video_status(owner, video["id"]) in (
                    "published", "pending_review", "rejected", "failed",
                ):  # fmt: skip
                    settled.add(video["id"])
                    bar.update(1)
            time.sleep(2)
    if args.publish_unprocessed:
        n = publish_unprocessed([v["id"] for _, v in uploads])
        print(f"published {n} video(s) the pipeline had not processed (demo mode)")
    statuses = {v["id"]: seeder.video_status(o, v["id"]) for o, v in uploads}
    published = [vid for vid, s in statuses.items() if s == "published"]
    print("videos:", {s: list(statuses.values()).count(s) for s in set(statuses.values())})

    posted: dict[int, dict] = {}
    if published:
        for row in tqdm(davidson_comments(args.comments, rng), desc="commenting", unit="comment"):
            who = rng.choice(commenters)
            resp = seeder.http.post(
                f"/api/videos/{rng.choice(published)}/comments",
                headers=who["headers"],
                json={"text": clean_tweet(row["tweet"])},
            )
            if resp.status_code == 201:
                posted[resp.json()["id"]] = row
    else:
        print("no published video to comment on: start the workers, or pass --publish-unprocessed")

    reporters = commenters[:3]
    targets = [("comment", cid) for cid in list(posted)[: args.reports]] + [
        ("video", v) for v in published[:2]
    ]
    for kind, sid in tqdm(targets, desc="reporting", unit="report"):
        seeder.http.post(
            "/api/reports",
            headers=rng.choice(reporters)["headers"],
            json={"subject_type": kind, "subject_id": sid, "reason": rng.choice(REPORT_REASONS)},
        )

    login = seeder.http.post("/api/auth/login", json={"username": args.moderator, "password": args.password})
    login.raise_for_status()
    staff = Seeder._auth(login.json())
    if posted and args.label_scores:
        print(f"scored {label_scores(posted)} comment(s) from dataset votes (demo mode)")
    elif posted:
        wait_for_comment_moderation(seeder, staff, posted, args.wait)

    queue = seeder.http.get("/api/admin/queue", headers=staff).json()
    print(f"queue: {queue['counts']}  (sign in at {args.base_url}/admin as {args.moderator})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
