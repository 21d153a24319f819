"""A real stack for the video moderation job (testing.harness.Platform): SQLite, an embedded
Redis, the moderation service over HTTP and a Celery worker, configured through the env."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from moderation_service.tests.support import register_comment_model, tiny_comment_model
from moderation_service.tests.video.conftest import clip  # noqa: F401 - shared fixture
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
            for key in ("DATABASE_URL", "REDIS_URL", "DATA_DIR", "MEDIA_ROOT", *plat.extra_env):
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
