"""Celery wiring: request ids in task headers, task metrics, JSON logs and a metrics server.

`instrument_celery(celery_app)` is called once where the app is built. It connects signals:

- before_task_publish (in the gateway or any sender): copies the current request id into the
  message headers, so a task started by a request carries that request's id;
- task_prerun / task_postrun (in the worker): restore the id into the contextvar for the
  task's logs and time the task for `opentok_celery_task_duration_seconds`;
- after_setup_logger / after_setup_task_logger: give Celery's handlers our format and filter;
- celeryd_init: start the worker's `/metrics` HTTP server on WORKER_METRICS_PORT, with a
  collector that reads queue depth from the broker. With a prefork pool, set
  PROMETHEUS_MULTIPROC_DIR so the children's metrics are aggregated (the folder is emptied
  at start and dead children are marked on exit).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from typing import Any

from celery import Celery, signals

from opentok.observability import logging as obs_logging
from opentok.observability import metrics

log = logging.getLogger("opentok.celery")
HEADER_KEY = "request_id"
_started: dict[str, tuple[float, Any]] = {}


def _request_id_of(task: Any) -> str | None:
    request = getattr(task, "request", None)
    if request is None:
        return None
    rid = getattr(request, HEADER_KEY, None)
    if not rid:
        headers = getattr(request, "headers", None) or {}
        rid = headers.get(HEADER_KEY) if isinstance(headers, dict) else None
    return obs_logging.clean_request_id(rid)


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    rid = obs_logging.current_request_id()
    if rid and headers is not None and not headers.get(HEADER_KEY):
        headers[HEADER_KEY] = rid


def _on_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    rid = _request_id_of(task) or obs_logging.new_request_id()
    token = obs_logging.set_request_id(rid)
    _started[task_id or ""] = (time.perf_counter(), token)
    log.info("task %s started", getattr(task, "name", "?"), extra={"task_id": task_id, "task": task.name})


def _on_postrun(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    start, token = _started.pop(task_id or "", (None, None))
    name = getattr(task, "name", "unknown")
    state = state or "UNKNOWN"
    if start is not None:
        elapsed = time.perf_counter() - start
        metrics.CELERY_TASK_DURATION.labels(name, state).observe(elapsed)
        log.info("task %s finished: %s in %.3fs", name, state, elapsed, extra={"task_id": task_id})
    metrics.CELERY_TASKS.labels(name, state).inc()
    if token is not None:
        try:
            obs_logging.reset_request_id(token)
        except ValueError:  # token from another context (eager calls); just clear
            obs_logging.set_request_id(None)


def _on_logger_setup(logger: logging.Logger | None = None, **_: Any) -> None:
    from opentok.core.config import get_settings

    obs_logging._service = "worker"
    json_logs = get_settings().log_json
    for handler in logger.handlers if logger else []:
        obs_logging.prepare_handler(handler, json_logs)


def _queues(app: Celery) -> list[str]:
    names = {app.conf.task_default_queue or "celery"}
    for queue in app.conf.task_queues or []:
        names.add(getattr(queue, "name", str(queue)))
    return sorted(names)


def start_worker_metrics_server(app: Celery, port: int | None = None) -> int | None:
    """Serve the worker's metrics (and broker queue depth) on `port`; 0 disables it."""
    from prometheus_client import CollectorRegistry, start_http_server

    from opentok.core.config import get_settings

    port = get_settings().worker_metrics_port if port is None else port
    if not port:
        return None
    mp_dir = metrics.multiprocess_dir()
    if mp_dir:  # stale files from a previous run would add to the counters
        shutil.rmtree(mp_dir, ignore_errors=True)
        os.makedirs(mp_dir, exist_ok=True)
    registry: CollectorRegistry = metrics.metrics_registry()
    registry.register(metrics.QueueDepthCollector(app.conf.broker_url, _queues(app)))
    try:
        start_http_server(port, registry=registry)
    except OSError as exc:  # a second worker on the same host: keep working without metrics
        log.warning("worker metrics port %s unavailable: %s", port, exc)
        return None
    log.info("worker metrics on :%s/metrics", port)
    return port


def _on_child_exit(pid: int | None = None, **_: Any) -> None:
    if metrics.multiprocess_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


_connected = False


def instrument_celery(app: Celery) -> None:
    """Connect the signals once per process (weak=False: the handlers are module functions)."""
    global _connected
    if _connected:
        return
    _connected = True
    signals.before_task_publish.connect(_on_publish, weak=False)
    signals.task_prerun.connect(_on_prerun, weak=False)
    signals.task_postrun.connect(_on_postrun, weak=False)
    signals.after_setup_logger.connect(_on_logger_setup, weak=False)
    signals.after_setup_task_logger.connect(_on_logger_setup, weak=False)
    signals.worker_process_shutdown.connect(_on_child_exit, weak=False)
    signals.celeryd_init.connect(lambda **_: start_worker_metrics_server(app), weak=False)
