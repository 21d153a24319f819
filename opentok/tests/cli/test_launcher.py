"""`python -m opentok run` starts the platform, prints the URLs and stops cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
import psutil

from opentok.core.config import REPO_ROOT
from testing.harness import free_port, wait_http


def test_run_starts_everything_and_ctrl_c_leaves_no_processes(tmp_path):  # type: ignore[no-untyped-def]
    gateway, redis_port = free_port(), free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DATA_DIR": str(tmp_path),
        "GATEWAY_PORT": str(gateway),
        "EMBEDDED_REDIS_PORT": str(redis_port),
        "MODERATION_URL": f"http://127.0.0.1:{free_port()}",
        "RECOMMENDER_URL": f"http://127.0.0.1:{free_port()}",
        "PUBLIC_BASE_URL": f"http://localhost:{gateway}",
        "HF_HUB_OFFLINE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "opentok", "run"], cwd=REPO_ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{gateway}/healthz", proc, timeout_s=120)
        assert httpx.get(f"http://127.0.0.1:{gateway}/api/feed").json() == {"items": [], "next_cursor": None}
        children = psutil.Process(proc.pid).children(recursive=True)
        names = " ".join(" ".join(c.cmdline()) for c in children)
        assert "redis-server" in names and "celery" in names and "uvicorn" in names
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert f"http://localhost:{gateway}/" in out and "/docs" in out
    assert "all processes stopped" in out
    # a random key, generated once and kept private in the data folder (.env.example has none)
    key = tmp_path / "secret_key"
    assert len(key.read_text().strip()) >= 32 and key.stat().st_mode & 0o077 == 0
    assert (tmp_path / "service_token").read_text().strip() != key.read_text().strip()
    time.sleep(0.5)
    assert [c.pid for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
