"""A real stack for the video moderation job: SQLite, Redis, the moderation service and a
Celery worker, each a real process configured through the environment like production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from moderation_service.tests.video.conftest import clip, comment_model  # noqa: F401 - shared fixtures
from opentok.core.config import REPO_ROOT, get_settings
from opentok.db.migrate import upgrade_head
from opentok.db.session import get_engine, get_sessionmaker
from opentok.storage import get_storage

FRAME_SAMPLES = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clear_caches() -> None:
    """Settings, engine and storage are per-process singletons: rebuild them from the env."""
    for cached in (get_settings, get_engine, get_sessionmaker, get_storage):
        cached.cache_clear()


def wait_http(url: str, proc: subprocess.Popen, log: Path, deadline_s: float = 180.0) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:4]} exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not come up:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def stack_env(tmp_path_factory: pytest.TempPathFactory, comment_model) -> Iterator[dict[str, str]]:  # noqa: F811
    """Environment shared by this test process and the service and worker it starts."""
    root = tmp_path_factory.mktemp("video-moderation-stack")
    env = {
        "DATA_DIR": str(root),
        "DATABASE_URL": f"sqlite:///{root / 'opentok.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        "MODELS_DIR": str(get_settings().models_path),  # where `comment_model` put the model
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "MODERATION_URL": f"http://127.0.0.1:{free_port()}",
        "VIDEO_FRAME_SAMPLES": str(FRAME_SAMPLES),
        "GEMINI_API_KEY": "",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        clear_caches()
        upgrade_head(env["DATABASE_URL"])
        yield env
    clear_caches()


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    full_env = {**os.environ, **env, "PYTHONPATH": str(REPO_ROOT)}
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=REPO_ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def moderation_service(stack_env: dict[str, str]) -> Iterator[str]:
    """The real moderation service over HTTP (uvicorn), with the local video provider."""
    url = stack_env["MODERATION_URL"]
    log = Path(stack_env["DATA_DIR"]) / "moderation-service.log"
    port = url.rsplit(":", 1)[1]
    args = [sys.executable, "-m", "uvicorn", "moderation_service.app.main:app", "--host", "127.0.0.1",
            "--port", port, "--log-level", "warning"]  # fmt: skip
    proc = _spawn(args, stack_env, log)
    try:
        wait_http(f"{url}/healthz", proc, log)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def celery_worker(stack_env: dict[str, str]) -> Iterator[str]:
    """A real `celery worker` on a queue of its own, so no other worker steals our tasks."""
    queue = f"test-video-moderation-{uuid.uuid4().hex[:8]}"
    log = Path(stack_env["DATA_DIR"]) / "celery-worker.log"
    args = [sys.executable, "-m", "celery", "-A", "backend_constant.celery_app:celery_app", "worker",
            "-P", "solo", "-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-l", "INFO"]  # fmt: skip
    proc = _spawn(args, stack_env, log)
    try:
        yield queue
    finally:
        stop(proc)
