"""Start the whole platform on one machine and stop it cleanly on Ctrl-C.

Every process gets the same DATABASE_URL and REDIS_URL, so the gateway, the workers and
the services agree on where things are. Each child runs in its own process group, and
shutdown terminates the groups, so no stray processes survive.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from opentok.core.config import REPO_ROOT, get_settings
from opentok.db.migrate import upgrade_head
from opentok.embedded import port_is_free, start_redis


@dataclass
class Service:
    name: str
    argv: list[str]
    module: str  # only started when its package exists in this checkout
    oneshot: bool = False  # a setup task that runs beside the services and then ends


def services(py: str, data_dir: Path) -> list[Service]:
    settings = get_settings()
    uvicorn = [py, "-m", "uvicorn", "--log-level", "warning"]
    celery = [py, "-m", "celery", "-A", "backend_constant.celery_app"]
    return [
        # The gateway reads X-Forwarded-For itself, only from FORWARDED_ALLOW_IPS.
        Service("gateway", [*uvicorn, "backend.app.main:app", "--host", settings.gateway_host,
                            "--port", str(settings.gateway_port), "--no-proxy-headers"], "backend.app.main"),
        Service("moderation", [*uvicorn, "moderation_service.app.main:app", "--port",
                               settings.moderation_url.rsplit(":", 1)[-1]], "moderation_service.app.main"),
        Service("recommender", [*uvicorn, "recommender_service.app.main:app", "--port",
                                settings.recommender_url.rsplit(":", 1)[-1]], "recommender_service.app.main"),
        Service("worker", [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
                "backend_constant.celery_app"),
        Service("beat", [*celery, "beat", "--loglevel", "INFO", "--schedule",
                         str(data_dir / "celerybeat-schedule")], "backend_constant.celery_app"),
        # Train the comment models on first run (minutes), reuse the cache afterwards. The
        # moderation service holds every comment for review until they are ready.
        Service("models", [py, "-m", "moderation_service.training", "ensure"],
                "moderation_service.training", oneshot=True),
    ]  # fmt: skip


def _models_ready(moderation_url: str) -> None:
    """Tell the running moderation service to load the models that were just built."""
    try:
        httpx.post(f"{moderation_url}/v1/models:reload", timeout=120).raise_for_status()
        print("• models    comment models ready and loaded")
    except httpx.HTTPError as exc:
        print(f"• models    built, but the moderation service did not reload them: {exc}", file=sys.stderr)


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def _stop(procs: dict[str, subprocess.Popen[bytes]], timeout_s: float = 10.0) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for proc in procs.values():
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(extra_env: dict[str, str] | None = None) -> int:
    settings = get_settings()
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **(extra_env or {}),
        "DATABASE_URL": settings.sqlalchemy_url,
        "PYTHONUNBUFFERED": "1",
    }
    procs: dict[str, subprocess.Popen[bytes]] = {}
    # Ctrl-C and `kill` both lead to the same clean shutdown (set SIGINT explicitly:
    # a shell that starts us in the background leaves it ignored).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if not settings.redis_url:
            port = settings.embedded_redis_port
            if not port_is_free(port):
                print(f"port {port} is busy: set REDIS_URL or EMBEDDED_REDIS_PORT", file=sys.stderr)
                return 2
            procs["redis"] = start_redis(port, data_dir / "redis")
            env["REDIS_URL"] = settings.broker_url
            print(f"• redis     embedded redis-server on 127.0.0.1:{port}")
        print(f"• database  {settings.sqlalchemy_url.split('@')[-1]} (migrating…)")
        upgrade_head(settings.sqlalchemy_url)
        for svc in services(sys.executable, data_dir):
            if not _exists(svc.module):
                continue
            log = (data_dir / "logs").joinpath(f"{svc.name}.log")
            log.parent.mkdir(exist_ok=True)
            procs[svc.name] = subprocess.Popen(
                svc.argv, cwd=REPO_ROOT, env=env, start_new_session=True,
                stdout=log.open("ab"), stderr=subprocess.STDOUT,
            )  # fmt: skip
            print(f"• {svc.name:<9} started (log: {log})")
        base = settings.public_base_url
        print(f"\nOpenTok is up:\n  app        {base}/\n  admin      {base}/admin\n  API docs   {base}/docs")
        print("Press Ctrl-C to stop.\n", flush=True)
        oneshots = {svc.name for svc in services(sys.executable, data_dir) if svc.oneshot}
        while True:
            for name, proc in list(procs.items()):
                if name in oneshots and proc.poll() is not None:
                    del procs[name]
                    if proc.returncode == 0:
                        _models_ready(settings.moderation_url)
                    else:
                        print(
                            f"{name} failed with {proc.returncode}; see {data_dir / 'logs'}", file=sys.stderr
                        )
                elif proc.poll() is not None:
                    print(
                        f"{name} exited with {proc.returncode}; stopping (see {data_dir / 'logs'})",
                        file=sys.stderr,
                    )
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nstopping…")
        return 0
    finally:
        _stop(procs)
        print("all processes stopped")
