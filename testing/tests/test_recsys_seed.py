"""The bulk catalogue generator runs on every database the benchmarks use (SQLite and, in CI,
MariaDB): repeated (user, video) likes are dropped by the unique key, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from opentok.db.session import make_engine
from opentok.models import Like, User, Video, WatchEvent
from testing import recsys_seed
from testing.harness import Platform, db_backends


@pytest.mark.parametrize("backend", db_backends())
def test_bulk_synthetic_seeds_each_backend(backend: str, tmp_path: Path) -> None:
    plat = Platform(backend=backend, workdir=tmp_path)
    try:
        plat.setup()
        engine = make_engine(plat.db_url)
        # Few users and videos for many events: the same like comes up more than once.
        recsys_seed.bulk_synthetic(engine, n_videos=40, n_users=5, n_interactions=3000, batch=1000)
        with plat.session() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 5
            assert session.scalar(select(func.count()).select_from(Video)) == 40
            assert session.scalar(select(func.count()).select_from(WatchEvent)) == 3000
            likes = session.execute(select(Like.user_id, Like.video_id)).all()
        assert likes and len(likes) == len(set(likes))
        engine.dispose()
    finally:
        plat.teardown()
