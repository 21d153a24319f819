"""A real stack for the video moderation job (testing.harness.Platform): SQLite, an embedded
Redis, the moderation service over HTTP and a Celery worker, configured through the env."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from moderation_service.tests.video.conftest import clip, comment_model  # noqa: F401 - shared fixtures
from opentok.core.config import get_settings
from opentok.db.session import get_engine, get_sessionmaker
from opentok.storage import get_storage
from testing.harness import Platform, free_port, wait_http

FRAME_SAMPLES = 4


def clear_caches() -> None:
    """Settings, engine and storage are per-process singletons: rebuild them from the env."""
    for cached in (get_settings, get_engine, get_sessionmaker, get_storage):
        cached.cache_clear()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, comment_model) -> Iterator[Platform]:  # noqa: F811
    """The platform's database and broker, the moderation service, and this test process
    pointed at the same database and media folder (for setup, assertions and direct calls)."""
    plat = Platform(backend="sqlite", workdir=tmp_path_factory.mktemp("video-moderation"))
    plat.extra_env = {
        "MODELS_DIR": str(get_settings().models_path),  # where `comment_model` put the model
        "MODERATION_URL": f"http://127.0.0.1:{free_port()}",
        "VIDEO_FRAME_SAMPLES": str(FRAME_SAMPLES),
        "GEMINI_API_KEY": "",
    }
    try:
        plat.setup()
        port = plat.extra_env["MODERATION_URL"].rsplit(":", 1)[1]
        argv = [sys.executable, "-m", "uvicorn", "moderation_service.app.main:app", "--port", port,
                "--log-level", "warning"]  # fmt: skip
        proc = plat.spawn("moderation", argv)
        wait_http(f"{plat.extra_env['MODERATION_URL']}/healthz", proc, timeout_s=180)
        with pytest.MonkeyPatch.context() as mp:
            for key in ("DATABASE_URL", "REDIS_URL", "DATA_DIR", "MEDIA_ROOT", *plat.extra_env):
                mp.setenv(key, plat.env[key])
            clear_caches()
            yield plat
    finally:
        clear_caches()
        plat.teardown()
