"""The end-user journey in a real Chromium against the real platform.

Starts the gateway (serving the built frontend/dist), a real Celery worker, and the moderation
and recommender services when their packages exist, then runs the node specs in
testing/e2e/specs (playwright-core + Debian's Chromium). Screenshots go to
testing/out/screenshots/.

OPENTOK_E2E_DEV_PUBLISH=1 is a development aid ONLY, off by default: while the moderation
service is not on this branch yet, it publishes videos that reach `pending_review` straight in
the database. The real test never sets it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from opentok.core.config import REPO_ROOT
from opentok.db.base import utcnow
from opentok.models import User, UserRole, Video, VideoStatus
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
    """Development only: do what a missing moderation service would, approve everything
    the media pipeline hands over."""
    while not stop.wait(0.5):
        with plat.session() as session:
            for video in session.scalars(select(Video).where(Video.status == VideoStatus.pending_review)):
                video.status = VideoStatus.published
                video.published_at = utcnow()
            session.commit()


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


def _moderator(plat: Platform) -> str:
    """A moderator account, for videos the AI holds for human review (made the way the
    shared `make_user` fixture makes staff: register over the API, then grant the role)."""
    username, password = f"mod_{secrets.token_hex(4)}", "correct horse battery"
    resp = httpx.post(
        f"{plat.base_url}/api/auth/register",
        json={"username": username, "email": f"{username}@example.com", "password": password},
    )
    resp.raise_for_status()
    with plat.session() as session:
        session.scalar(select(User).where(User.username == username)).role = UserRole.moderator
        session.commit()
    return f"{username}:{password}"


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
    if not DEV_PUBLISH:
        env["E2E_MODERATOR"] = _moderator(e2e_platform)
    started = time.monotonic()
    result = subprocess.run(
        ["node", "--test", "--test-reporter=spec", "specs/"],
        cwd=E2E_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    took = time.monotonic() - started
    logs = "\n".join(f"--- {n} log ---\n{e2e_platform.log(n)[-3000:]}" for n in ("gateway", "worker"))
    assert result.returncode == 0, f"{result.stdout[-8000:]}\n{result.stderr[-4000:]}\n{logs}"
    print(f"\nbrowser specs took {took:.1f}s; screenshots in {SCREENSHOTS}")
