"""Measure a server process's memory while something happens (tests and benchmarks)."""

from __future__ import annotations

import threading
from urllib.parse import urlparse

import psutil


class RssSampler:
    """Samples a process's RSS every few milliseconds in a thread, to catch short peaks."""

    def __init__(self, proc: psutil.Process, every_s: float = 0.005) -> None:
        self.proc, self.every_s = proc, every_s
        self.before = self.peak = proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self._stop.wait(self.every_s)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.before) / 2**20

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def process_listening_on(base_url: str) -> psutil.Process:
    """The process that accepts connections for `base_url` (e.g. a uvicorn gateway)."""
    port = urlparse(base_url).port
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return psutil.Process(conn.pid)
    raise LookupError(f"no process listens on {base_url}")
