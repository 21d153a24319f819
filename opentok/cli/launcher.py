"""Start the whole platform on one machine, keep it up, and stop it cleanly on Ctrl-C.

Every process gets the same DATABASE_URL and REDIS_URL, so the gateway, the workers and
the services agree on where things are. Each child runs in its own process group, and
shutdown terminates the groups, so no stray processes survive. A child that dies is restarted
with backoff (the embedded Redis keeps its data in an append-only file, so queued tasks
survive); only a child that crash-loops stops the platform, with a message saying which.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from opentok.api.service_auth import service_headers
from opentok.core.config import KNOWN_WEAK_SECRETS, MIN_SECRET_BYTES, REPO_ROOT, get_settings
from opentok.db.migrate import upgrade_head
from opentok.embedded import port_is_free, start_redis


@dataclass
class Service:
    name: str
    argv: list[str]
    module: str  # only started when its package exists in this checkout
    oneshot: bool = False  # a setup task that runs beside the services and then ends
    reload_moderation: bool = False  # when the one-shot succeeds, the service loads its output


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
                "moderation_service.training", oneshot=True, reload_moderation=True),
        # The trust-and-safety models (ban risk, claims, engagement, churn), only those missing;
        # the gateway and workers pick each one up from the registry on their next call.
        Service("trust-models", [py, "-m", "opentok.trust_safety.train", "all", "--missing", "--quiet"],
                "opentok.trust_safety.train", oneshot=True),
    ]  # fmt: skip


#: A child restarted this many times within CRASH_WINDOW_S is crash-looping: stop everything.
MAX_RESTARTS, CRASH_WINDOW_S = 5, 60.0


def _backoff_s(restarts: int) -> float:
    return min(0.5 * 2**restarts, 10.0)


def _models_ready(moderation_url: str) -> None:
    """Tell the running moderation service to load the models that were just built."""
    try:
        httpx.post(
            f"{moderation_url}/v1/models:reload", timeout=120, headers=service_headers()
        ).raise_for_status()
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


def _kept_secret(path: Path) -> str:
    """A random secret generated on first use and kept (mode 600) for the next runs."""
    if not path.is_file() or len(path.read_text().strip()) < MIN_SECRET_BYTES:
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48) + "\n")
    return path.read_text().strip()


def ensure_local_secrets(data_dir: Path) -> dict[str, str]:
    """SECRET_KEY and SERVICE_TOKEN for this data folder, unless real ones are configured.

    Set in this process too (and the settings reloaded), so the launcher's own calls to the
    services carry the same token as its children."""
    settings = get_settings()
    found: dict[str, str] = {}
    if settings.secret_key in KNOWN_WEAK_SECRETS or not settings.secret_key:
        found["SECRET_KEY"] = _kept_secret(data_dir / "secret_key")
    if not settings.service_token:
        found["SERVICE_TOKEN"] = _kept_secret(data_dir / "service_token")
    os.environ.update(found)
    get_settings.cache_clear()
    return found


def run(extra_env: dict[str, str] | None = None) -> int:
    data_dir = get_settings().data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = ensure_local_secrets(data_dir)
    settings = get_settings()
    env = {
        **os.environ,
        **generated,
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
            procs["redis"] = start_redis(port, data_dir / "redis", persist=True)
            env["REDIS_URL"] = settings.broker_url
            print(f"• redis     embedded redis-server on 127.0.0.1:{port}")
        print(f"• database  {settings.sqlalchemy_url.split('@')[-1]} (migrating…)")
        upgrade_head(settings.sqlalchemy_url)
        known = {svc.name: svc for svc in services(sys.executable, data_dir) if _exists(svc.module)}

        def start(svc: Service) -> None:
            log = (data_dir / "logs").joinpath(f"{svc.name}.log")
            log.parent.mkdir(exist_ok=True)
            procs[svc.name] = subprocess.Popen(
                svc.argv, cwd=REPO_ROOT, env=env, start_new_session=True,
                stdout=log.open("ab"), stderr=subprocess.STDOUT,
            )  # fmt: skip
            print(f"• {svc.name:<12} started (log: {log})", flush=True)

        for svc in known.values():
            start(svc)
        base = settings.public_base_url
        print(f"\nOpenTok is up:\n  app        {base}/\n  admin      {base}/admin\n  API docs   {base}/docs")
        print("Press Ctrl-C to stop.\n", flush=True)
        restarts: dict[str, list[float]] = {}
        while True:
            for name, proc in list(procs.items()):
                if proc.poll() is None:
                    continue
                svc = known.get(name)
                if svc is not None and svc.oneshot:
                    del procs[name]
                    if proc.returncode == 0:
                        print(f"• {name:<12} done", flush=True)
                        if svc.reload_moderation:
                            _models_ready(settings.moderation_url)
                    else:
                        logs = data_dir / "logs"
                        print(f"{name} failed with {proc.returncode}; see {logs}", file=sys.stderr)
                    continue
                now = time.monotonic()
                recent = [t for t in restarts.get(name, []) if now - t < CRASH_WINDOW_S]
                if len(recent) >= MAX_RESTARTS:
                    print(
                        f"{name} crashed {len(recent)} times in {CRASH_WINDOW_S:.0f} s (last exit "
                        f"{proc.returncode}); stopping everything (see {data_dir / 'logs'})",
                        file=sys.stderr,
                    )
                    return 1
                delay = _backoff_s(len(recent))
                print(f"! {name} exited with {proc.returncode}; restarting in {delay:.1f} s", file=sys.stderr)
                time.sleep(delay)
                restarts[name] = [*recent, time.monotonic()]
                if name == "redis":
                    procs[name] = start_redis(settings.embedded_redis_port, data_dir / "redis", persist=True)
                    print(f"• {name:<12} restarted", flush=True)
                elif svc is not None:
                    start(svc)
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nstopping…")
        return 0
    finally:
        _stop(procs)
        print("all processes stopped")
