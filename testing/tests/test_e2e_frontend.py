"""The end-user journey in a real Chromium against the real platform.

Starts the gateway (serving the built frontend/dist), a real Celery worker, and the moderation
and recommender services when their packages exist, then runs the node specs in
testing/e2e/specs (playwright-core + Debian's Chromium). Screenshots go to
testing/out/screenshots/.

OPENTOK_E2E_DEV_PUBLISH=1 is a development aid ONLY, off by default: while the media and
moderation pipeline is not on this branch yet, it publishes uploads straight in the database.
The real test never sets it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from opentok.core.config import REPO_ROOT
from opentok.db.base import utcnow
from opentok.models import Video, VideoStatus
from testing.harness import IN_CI, Platform, free_port, wait_http
from testing.media import make_clip

E2E_DIR = REPO_ROOT / "testing" / "e2e"
SCREENSHOTS = REPO_ROOT / "testing" / "out" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEV_PUBLISH = os.environ.get("OPENTOK_E2E_DEV_PUBLISH") == "1"
SERVICES = {
    "moderation": ("moderation_service", "MODERATION_URL"),
    "recommender": ("recommender_service", "RECOMMENDER_URL"),
}

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _need(condition: bool, why: str) -> None:
    """Missing browser tooling fails in CI (it must run there) and skips on a bare dev box."""
    if not condition:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)


def _ensure_tooling() -> None:
    _need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    _need(shutil.which("npm") is not None, "node/npm are not installed")
    if not (E2E_DIR / "node_modules" / "playwright-core").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=E2E_DIR, check=True)
    # The gateway serves frontend/dist; build_web.sh is a no-op when the sources are unchanged.
    subprocess.run(["bash", str(REPO_ROOT / "testing" / "build_web.sh"), "frontend"], check=True)


def _start_services(plat: Platform) -> list[str]:
    """Start the sibling services that exist on this branch; the gateway and worker find
    them through the same MODERATION_URL / RECOMMENDER_URL settings as in production."""
    started = []
    for name, (package, env_name) in SERVICES.items():
        if not (REPO_ROOT / package / "app" / "main.py").is_file():
            continue
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        argv = [sys.executable, "-m", "uvicorn", f"{package}.app.main:app", "--port", str(port),
                "--log-level", "warning"]  # fmt: skip
        proc = plat.spawn(name, argv)
        wait_http(f"{url}/healthz", proc, timeout_s=120)
        plat.extra_env[env_name] = url
        started.append(name)
    return started


def _dev_publisher(plat: Platform, stop: threading.Event) -> None:
    """Development only: publish what the missing pipeline would have published."""
    from opentok.storage import LocalStorage

    storage = LocalStorage(plat.workdir / "media")
    while not stop.wait(0.5):
        with plat.session() as session:
            for video in session.scalars(
                select(Video).where(Video.status.in_([VideoStatus.uploaded, VideoStatus.pending_review]))
            ):
                if video.status == VideoStatus.uploaded and not video.mp4_key:
                    key = f"dev/{video.id}.mp4"
                    shutil.copyfile(storage.local_path(video.source_key), _mkparent(storage.local_path(key)))
                    video.mp4_key = key
                video.status = VideoStatus.published
                video.published_at = utcnow()
            session.commit()


def _mkparent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def e2e_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    _ensure_tooling()
    plat = Platform(backend="sqlite", workdir=tmp_path_factory.mktemp("e2e-platform"))
    stop = threading.Event()
    try:
        plat.setup()
        _start_services(plat)
        plat.start_gateway()
        plat.start_worker()
        if DEV_PUBLISH:
            threading.Thread(target=_dev_publisher, args=(plat, stop), daemon=True).start()
        yield plat
    finally:
        stop.set()
        plat.teardown()


def test_user_journey_in_chromium(e2e_platform: Platform, tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "e2e-clip.mp4", seconds=4.0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "E2E_BASE_URL": e2e_platform.base_url,
        "E2E_CLIP": str(clip),
        "E2E_SCREENSHOT_DIR": str(SCREENSHOTS),
        "CHROMIUM_PATH": CHROMIUM,
    }
    started = time.monotonic()
    result = subprocess.run(
        ["node", "--test", "--test-reporter=spec", "specs/"],
        cwd=E2E_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    took = time.monotonic() - started
    logs = "\n".join(f"--- {n} log ---\n{e2e_platform.log(n)[-3000:]}" for n in ("gateway", "worker"))
    assert result.returncode == 0, f"{result.stdout[-8000:]}\n{result.stderr[-4000:]}\n{logs}"
    print(f"\nbrowser specs took {took:.1f}s; screenshots in {SCREENSHOTS}")
