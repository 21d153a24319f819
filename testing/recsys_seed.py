"""Synthetic recommender data through the real schema: used by the recommender tests, the
feed simulation and the latency benchmark, so they all see the same kind of catalogue.

Each category has its own vocabulary, so titles and hashtags carry the category signal the
way real captions do, with some shared words to keep the content vectors from being trivial.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from opentok.db.base import utcnow
from opentok.models import Hashtag, Like, User, Video, VideoHashtag, VideoStatus, WatchEvent

CATEGORIES: tuple[str, ...] = (
    "music",
    "comedy",
    "sports",
    "food",
    "travel",
    "gaming",
    "pets",
    "dance",
    "science",
    "fashion",
)
VOCAB: dict[str, tuple[str, ...]] = {
    "music": ("guitar", "song", "beat", "cover", "piano", "concert", "vocals"),
    "comedy": ("prank", "joke", "skit", "funny", "standup", "parody", "laugh"),
    "sports": ("goal", "match", "training", "football", "basketball", "workout", "dunk"),
    "food": ("recipe", "cooking", "pasta", "baking", "street", "spicy", "dessert"),
    "travel": ("beach", "mountain", "city", "roadtrip", "hotel", "island", "hiking"),
    "gaming": ("speedrun", "minecraft", "console", "esports", "boss", "controller", "loot"),
    "pets": ("puppy", "kitten", "dog", "cat", "parrot", "hamster", "cute"),
    "dance": ("choreo", "ballet", "hiphop", "moves", "routine", "salsa", "tutorial"),
    "science": ("experiment", "physics", "chemistry", "space", "rocket", "biology", "lab"),
    "fashion": ("outfit", "style", "thrift", "makeup", "haul", "runway", "sneakers"),
}
SHARED = ("day", "new", "best", "watch", "try", "viral", "today")


def caption(category: str, rng: np.random.Generator) -> tuple[str, list[str]]:
    words = list(rng.choice(VOCAB[category], 3, replace=False)) + [str(rng.choice(SHARED))]
    tags = list(rng.choice(VOCAB[category], 2, replace=False))
    return " ".join(words), tags


def create_user(session: Session, username: str, interests: Sequence[str] = ()) -> User:
    user = User(
        username=username, email=f"{username}@example.test", password_hash="x", interests=list(interests)
    )
    session.add(user)
    session.flush()
    return user


def _hashtag(session: Session, tag: str) -> Hashtag:
    row = session.scalar(select(Hashtag).where(Hashtag.tag == tag))
    if row is None:
        row = Hashtag(tag=tag)
        session.add(row)
        session.flush()
    return row


def create_video(
    session: Session,
    owner: User,
    category: str,
    title: str = "",
    hashtags: Iterable[str] = (),
    *,
    status: VideoStatus = VideoStatus.published,
    published_at: datetime | None = None,
    likes: int = 0,
    views: int = 0,
    duration_s: float = 20.0,
) -> Video:
    published_at = published_at or utcnow() - timedelta(days=3)
    video = Video(
        owner_id=owner.id,
        title=title or category,
        category=category,
        status=status,
        published_at=published_at if status == VideoStatus.published else None,
        created_at=published_at,
        like_count=likes,
        view_count=views,
        duration_s=duration_s,
    )
    session.add(video)
    session.flush()
    for tag in hashtags:
        session.add(VideoHashtag(video_id=video.id, hashtag_id=_hashtag(session, tag).id))
    session.flush()
    return video


def watch(
    session: Session,
    user: User | int,
    video: Video,
    *,
    completed: bool = False,
    watched_ms: int | None = None,
) -> WatchEvent:
    uid = user if isinstance(user, int) else user.id
    ms = (
        watched_ms
        if watched_ms is not None
        else (int((video.duration_s or 20) * 1000) if completed else 5000)
    )
    event = WatchEvent(user_id=uid, video_id=video.id, watched_ms=ms, completed=completed)
    session.add(event)
    session.flush()
    return event


def like(session: Session, user: User | int, video: Video) -> Like:
    uid = user if isinstance(user, int) else user.id
    row = Like(user_id=uid, video_id=video.id)
    session.add(row)
    session.flush()
    return row


def seed_catalogue(
    session: Session,
    per_category: int,
    n_creators: int = 20,
    categories: Sequence[str] = CATEGORIES,
    seed: int = 0,
    popularity: bool = True,
) -> list[Video]:
    """`per_category` published videos in each category, spread over `n_creators` creators,
    with heavy-tailed like and view counters when `popularity` is set."""
    rng = np.random.default_rng(seed)
    creators = [create_user(session, f"creator{seed}_{i}") for i in range(n_creators)]
    videos = []
    now = utcnow()
    for category in categories:
        for _ in range(per_category):
            title, tags = caption(category, rng)
            likes = int(rng.pareto(1.5) * 5) if popularity else 0
            videos.append(
                create_video(
                    session,
                    creators[int(rng.integers(n_creators))],
                    category,
                    title,
                    tags,
                    published_at=now - timedelta(hours=float(rng.uniform(30, 24 * 20))),
                    likes=likes,
                    views=likes * 5 + int(rng.integers(0, 20)) if popularity else 0,
                )
            )
    return videos


def bulk_synthetic(
    engine: Engine, n_videos: int, n_users: int, n_interactions: int, seed: int = 0, batch: int = 50_000
) -> None:
    """A large catalogue with core bulk inserts (the ORM is too slow for millions of rows)."""
    rng = np.random.default_rng(seed)
    now = utcnow()
    cats = np.array(CATEGORIES)
    with engine.begin() as conn:
        conn.execute(
            insert(User),
            [
                {"username": f"u{i}", "email": f"u{i}@example.test", "password_hash": "x", "interests": []}
                for i in range(1, n_users + 1)
            ],
        )
        vid_cats = rng.integers(0, cats.size, n_videos)
        rows = []
        for i in tqdm(range(n_videos), desc="videos", unit="video"):
            category = str(cats[vid_cats[i]])
            title, _ = caption(category, rng)
            likes = int(rng.pareto(1.5) * 5)
            published = now - timedelta(hours=float(rng.uniform(1, 24 * 60)))
            rows.append(
                {
                    "owner_id": int(rng.integers(1, n_users + 1)),
                    "title": title,
                    "description": "",
                    "category": category,
                    "status": "published",
                    "published_at": published,
                    "created_at": published,
                    "updated_at": published,
                    "like_count": likes,
                    "view_count": likes * 5,
                    "duration_s": 20.0,
                }
            )
            if len(rows) >= batch:
                conn.execute(insert(Video), rows)
                rows = []
        if rows:
            conn.execute(insert(Video), rows)
    # Users have 1-3 favourite categories; most interactions fall in them.
    favourites = [rng.choice(cats.size, int(rng.integers(1, 4)), replace=False) for _ in range(n_users)]
    by_cat = [np.flatnonzero(vid_cats == c) + 1 for c in range(cats.size)]
    with engine.begin() as conn, tqdm(total=n_interactions, desc="interactions", unit="event") as bar:
        done = 0
        while done < n_interactions:
            n = min(batch, n_interactions - done)
            users = rng.integers(1, n_users + 1, n)
            watches, likes = [], []
            for u in users.tolist():
                fav = favourites[u - 1]
                c = int(rng.choice(fav)) if rng.random() < 0.8 else int(rng.integers(cats.size))
                video_id = int(by_cat[c][rng.integers(by_cat[c].size)])
                completed = bool(rng.random() < 0.4)
                at = now - timedelta(minutes=float(rng.uniform(0, 60 * 24 * 29)))
                watches.append(
                    {
                        "user_id": u,
                        "video_id": video_id,
                        "watched_ms": 20000 if completed else int(rng.integers(500, 15000)),
                        "completed": completed,
                        "source": "feed",
                        "created_at": at,
                    }
                )
                if completed and rng.random() < 0.3:
                    likes.append({"user_id": u, "video_id": video_id, "created_at": at})
            conn.execute(insert(WatchEvent), watches)
            if likes:
                # The same pair can come up twice; the unique constraint keeps the first.
                ignore = insert(Like).prefix_with("OR IGNORE", dialect="sqlite")
                conn.execute(ignore.prefix_with("IGNORE", dialect="mysql"), likes)
            done += n
            bar.update(n)
