"""A private platform for the job tests (testing.harness): SQLite, a real redis-server, media.

The tests run the task in-process too, so this process gets the platform's settings through its
environment; workers started by the tests get the same environment from the harness.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from moderation_service.tests.support import register_comment_model, tiny_comment_model
from moderation_service.tests.video.conftest import clip  # noqa: F401 - shared fixture
from opentok.core.config import get_settings
from opentok.db.session import get_engine, get_sessionmaker, session_scope
from opentok.models.enums import VideoStatus
from opentok.models.user import User
from opentok.models.video import Video
from opentok.storage import get_storage, new_key
from testing.harness import Platform, db_backends, free_port, wait_http

FRAME_SAMPLES = 4
#: Quick redelivery of a dead worker's task, and quick retries.
JOB_TEST_ENV = {
    "BROKER_VISIBILITY_TIMEOUT_S": "3",
    "PROCESSING_RETRY_BACKOFF_S": "0.2",
    "PROCESSING_LEASE_S": "3",
}
_SETTING_KEYS = ("DATABASE_URL", "REDIS_URL", "DATA_DIR", "MEDIA_ROOT", "SECRET_KEY", "SERVICE_TOKEN",
                 "ENVIRONMENT", *JOB_TEST_ENV)  # fmt: skip


def clear_caches() -> None:
    """Settings, engine and storage are per-process singletons: rebuild them from the env."""
    for cached in (get_settings, get_engine, get_sessionmaker, get_storage):
        cached.cache_clear()


def _drop_broker_connections(app) -> None:  # type: ignore[no-untyped-def]
    """The app pools its broker connections: after switching broker (one platform per
    database backend), drop them so sends go to the new Redis, not the torn-down one."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


class JobPlatform(Platform):
    @property
    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)

    def queued_tasks(self, queue: str = "default") -> list[tuple[str, list]]:
        """(task name, args) of the messages waiting in a Celery queue."""
        out = []
        for raw in self.redis.lrange(queue, 0, -1):
            message = json.loads(raw)
            body = json.loads(base64.b64decode(message["body"]))
            out.append((message["headers"]["task"], body[0]))
        return out


@pytest.fixture(scope="session", params=db_backends())
def job_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JobPlatform]:
    """SQLite always; MariaDB too in CI (testing.harness.db_backends)."""
    world = JobPlatform(
        backend=request.param,
        workdir=tmp_path_factory.mktemp(f"jobs-{request.param}"),
        extra_env=dict(JOB_TEST_ENV),
    )
    saved = {k: os.environ.get(k) for k in _SETTING_KEYS}
    from backend_constant.celery_app import celery_app

    saved_conf = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    try:
        world.setup()
        os.environ.update({k: world.env[k] for k in _SETTING_KEYS})
        clear_caches()
        celery_app.conf.broker_url = world.redis_url
        celery_app.conf.broker_transport_options = {"visibility_timeout": 3}
        _drop_broker_connections(celery_app)
        yield world
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved_conf
        _drop_broker_connections(celery_app)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        clear_caches()
        world.teardown()


@pytest.fixture
def owner(job_world: JobPlatform) -> int:
    with session_scope() as session:
        name = f"owner_{secrets.token_hex(4)}"
        user = User(username=name, email=f"{name}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def make_video(owner: int):  # type: ignore[no-untyped-def]
    """Store a source file under a generated key and create its video row (`uploaded` unless told)."""

    def _make(source: Path, **fields: object) -> int:
        key = new_key(f"uploads/{owner}", ".src")
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


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The platform's database and broker, the moderation service with the tiny real comment
    model, and this test process pointed at the same database, media and model folders."""
    workdir = tmp_path_factory.mktemp("video-moderation")
    plat = Platform(backend="sqlite", workdir=workdir)
    plat.extra_env = {
        "MODELS_DIR": str(workdir / "models"),
        "COMMENT_MODEL_ID": "",
        "MODERATION_THRESHOLDS": "{}",
        "MODERATION_URL": f"http://127.0.0.1:{free_port()}",
        "VIDEO_FRAME_SAMPLES": str(FRAME_SAMPLES),
        "GEMINI_API_KEY": "",
    }
    try:
        plat.setup()
        with pytest.MonkeyPatch.context() as mp:
            for key in ("DATABASE_URL", "REDIS_URL", "DATA_DIR", "MEDIA_ROOT", "SECRET_KEY", "SERVICE_TOKEN",
                        *plat.extra_env):  # fmt: skip
                mp.setenv(key, plat.env[key])
            clear_caches()
            register_comment_model(tiny_comment_model())
            port = plat.extra_env["MODERATION_URL"].rsplit(":", 1)[1]
            argv = [sys.executable, "-m", "uvicorn", "moderation_service.app.main:app", "--port", port,
                    "--log-level", "warning"]  # fmt: skip
            proc = plat.spawn("moderation", argv)
            wait_http(f"{plat.extra_env['MODERATION_URL']}/healthz", proc, timeout_s=180)
            yield plat
    finally:
        clear_caches()
        plat.teardown()
