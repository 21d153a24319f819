"""`python -m opentok run` starts the platform, prints the URLs, restarts a child that dies,
and stops cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
import psutil

from opentok.core.config import REPO_ROOT
from testing.harness import free_port, wait_http


def _cmd(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except psutil.Error:  # exited, or a zombie not yet reaped
        return ""


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
        names = " ".join(_cmd(c) for c in children)
        assert "redis-server" in names and "celery" in names and "uvicorn" in names

        # A crashed child is restarted, the rest of the platform stays up.
        for victim in ("redis-server", "recommender_service"):
            (old,) = [c for c in children if victim in _cmd(c)][:1]
            old.kill()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                again = [c for c in psutil.Process(proc.pid).children(recursive=True)
                         if victim in _cmd(c) and c.pid != old.pid]  # fmt: skip
                if again:
                    break
                time.sleep(0.5)
            assert again, f"{victim} was not restarted"
            assert proc.poll() is None
        wait_http(f"http://127.0.0.1:{gateway}/healthz", proc, timeout_s=60)
        children = psutil.Process(proc.pid).children(recursive=True)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert f"http://localhost:{gateway}/" in out and "/docs" in out
    assert "all processes stopped" in out
    assert "redis exited with -9; restarting" in out and "recommender exited with -9; restarting" in out
    # a random key, generated once and kept private in the data folder (.env.example has none)
    key = tmp_path / "secret_key"
    assert len(key.read_text().strip()) >= 32 and key.stat().st_mode & 0o077 == 0
    assert (tmp_path / "service_token").read_text().strip() != key.read_text().strip()
    time.sleep(0.5)
    assert [c.pid for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
