"""Prometheus metrics: one set of series, defined once, shared by every OpenTok process.

Why one module: the Grafana dashboard (deploy/grafana/dashboards/opentok.json) and the
alerting rules query these names, so a service must never invent its own spelling.

- HTTP: `install_metrics(app, service)` counts requests by *route template* (never the raw
  path, which would explode cardinality) and serves `/metrics`.
- Domain: moderation verdicts, model inference latency, feed fallbacks and the model version
  each service serves, through the small helpers below.
- Celery: task durations come from `opentok.observability.celery`; queue depth is read from
  the broker at scrape time by `QueueDepthCollector`.

Multi-process: when `PROMETHEUS_MULTIPROC_DIR` is set (prefork Celery workers, several
uvicorn workers), values are written to mmap files there and `metrics_registry()` aggregates
them; otherwise the default in-process registry is used.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opentok.core.config import get_settings

P = ParamSpec("P")
R = TypeVar("R")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
TASK_BUCKETS = (0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800)

HTTP_REQUESTS = Counter(
    "opentok_http_requests_total",
    "HTTP requests handled, by route template and status code.",
    ["service", "method", "route", "status"],
)
HTTP_ERRORS = Counter(
    "opentok_http_request_errors_total",
    "Requests that ended in a 5xx or an unhandled exception.",
    ["service", "method", "route"],
)
HTTP_LATENCY = Histogram(
    "opentok_http_request_duration_seconds",
    "Time from receiving a request to the end of its response.",
    ["service", "method", "route"],
    buckets=LATENCY_BUCKETS,
)
MODERATION_VERDICTS = Counter(
    "opentok_moderation_verdicts_total",
    "Moderation verdicts by subject (comment/video), category and verdict.",
    ["subject", "category", "verdict"],
)
INFERENCE_LATENCY = Histogram(
    "opentok_model_inference_seconds",
    "Wall time of one model call (a batch counts once).",
    ["model"],
    buckets=LATENCY_BUCKETS,
)
FEED_FALLBACKS = Counter(
    "opentok_feed_fallbacks_total",
    "Feed requests served by the trending fallback instead of the recommender.",
    ["reason"],
)
CELERY_TASK_DURATION = Histogram(
    "opentok_celery_task_duration_seconds",
    "Celery task run time, by task name and final state.",
    ["task", "state"],
    buckets=TASK_BUCKETS,
)
CELERY_TASKS = Counter(
    "opentok_celery_tasks_total",
    "Celery tasks finished, by task name and final state.",
    ["task", "state"],
)
MODEL_INFO = Gauge(
    "opentok_model_info",
    "The model version a service is serving (value 1).",
    ["service", "model", "version"],
    multiprocess_mode="liveall",
)
MEDIA_STAGE_SECONDS = Histogram(
    "opentok_media_stage_seconds",
    "Wall time of one media pipeline stage (probe, encode_rung, thumbnails, remux_mp4, publish).",
    ["stage"],
    buckets=TASK_BUCKETS,
)
MEDIA_FIRST_PLAYABLE_SECONDS = Histogram(
    "opentok_media_first_playable_seconds",
    "From upload complete to the first playable rung published (queue wait included).",
    buckets=TASK_BUCKETS,
)
QUEUE_DEPTH_NAME = "opentok_celery_queue_depth"


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def metrics_registry() -> CollectorRegistry:
    """The registry to expose: an aggregate of every process's files in multi-process mode."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def render_metrics(registry: CollectorRegistry | None = None) -> bytes:
    return generate_latest(registry or metrics_registry())


# --- domain helpers --------------------------------------------------------------------
def record_verdict(subject: str, verdict: str, categories: Iterable[str] = ()) -> None:
    """Count one verdict once per category behind it ("none" when it has no category)."""
    for category in list(categories) or ["none"]:
        MODERATION_VERDICTS.labels(subject, category, verdict).inc()


@contextmanager
def observe_inference(model: str) -> Iterator[None]:
    """`with observe_inference("comment-moderation"): model(batch)`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        INFERENCE_LATENCY.labels(model).observe(time.perf_counter() - start)


def timed_inference(model: str, fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` wrapped so every call is observed as one inference of `model`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with observe_inference(model):
            return fn(*args, **kwargs)

    return wrapper


@contextmanager
def media_stage(stage: str) -> Iterator[None]:
    """`with media_stage("encode_rung"): ...`: the stage's wall time, whether it succeeds or not."""
    start = time.perf_counter()
    try:
        yield
    finally:
        MEDIA_STAGE_SECONDS.labels(stage).observe(time.perf_counter() - start)


def record_first_playable(seconds: float) -> None:
    MEDIA_FIRST_PLAYABLE_SECONDS.observe(max(0.0, seconds))


def record_feed_fallback(reason: str) -> None:
    """reason: timeout | error | unavailable | empty."""
    FEED_FALLBACKS.labels(reason).inc()


def report_served_model(service: str, model: str, version: str | None) -> None:
    """Publish the version a service serves; the previous version's series is dropped."""
    for labels in list(_served.get((service, model), [])):
        MODEL_INFO.remove(*labels)
    labels = (service, model, version or "none")
    MODEL_INFO.labels(*labels).set(1)
    _served[(service, model)] = [labels]


_served: dict[tuple[str, str], list[tuple[str, str, str]]] = {}


# --- Celery queue depth ----------------------------------------------------------------
class QueueDepthCollector(Collector):
    """Reads the Redis broker's list lengths when Prometheus scrapes, so the number is never stale."""

    def __init__(self, broker_url: str, queues: Iterable[str]) -> None:
        self.broker_url = broker_url
        self.queues = list(queues)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        import redis

        help_text = "Messages waiting in each Celery queue."
        family = GaugeMetricFamily(QUEUE_DEPTH_NAME, help_text, labels=["queue"])
        try:
            client = redis.Redis.from_url(self.broker_url, socket_timeout=2, socket_connect_timeout=2)
            with client:
                for queue in self.queues:
                    family.add_metric([queue], float(client.llen(queue)))
        except redis.RedisError:
            pass  # an unreachable broker shows as a gap, not a scrape failure
        yield family


# --- HTTP middleware and endpoint -------------------------------------------------------
def _route_template(scope: Scope) -> str:
    """The matched route's template, with the prefixes of included routers put back.

    Newer FastAPI hands the *inner* route of an included router to `scope["route"]`
    ("/users/{username}" for "/api/users/alice"), so the prefix is recovered from the real
    path: the template's tail covers as many segments as it has, plus one for each "/" inside
    a path-converter value. Prefixes are static, so no id ever leaks into a label.
    """
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not template:
        return "unmatched"
    path = scope.get("path", "")
    params = scope.get("path_params") or {}
    tail = template.count("/") + sum(str(params.get(name, "")).count("/") for name in params)
    segments = path.split("/")
    if tail >= len(segments) or not path.endswith(template.rsplit("}", 1)[-1]):
        return template
    prefix = "/".join(segments[: len(segments) - tail])
    return prefix + template if prefix.startswith("/") else template


class MetricsMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware) so streamed uploads and media are not buffered."""

    def __init__(self, app: ASGIApp, service: str, skip_paths: tuple[str, ...] = ("/metrics",)) -> None:
        self.app, self.service, self.skip_paths = app, service, skip_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.skip_paths:
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        method = scope.get("method", "GET")
        try:
            await self.app(scope, receive, send_wrapper)
        except Exception:
            status = 500
            raise
        finally:
            route = _route_template(scope)
            HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
            HTTP_LATENCY.labels(self.service, method, route).observe(time.perf_counter() - start)
            if status >= 500:
                HTTP_ERRORS.labels(self.service, method, route).inc()


async def metrics_endpoint(request: Request) -> Response:
    return Response(render_metrics(), media_type=CONTENT_TYPE_LATEST)


def install_metrics(app: Any, service: str) -> None:
    """Add request metrics and `GET /metrics` to a FastAPI/Starlette app.

    The route is put first so catch-all routes (the gateway's web app) cannot shadow it.
    """
    app.add_middleware(MetricsMiddleware, service=service)
    if get_settings().expose_metrics:  # off: nothing answers /metrics (public exposure)
        app.router.routes.insert(
            0, Route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
        )
