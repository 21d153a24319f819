"""Structured logs with a request id that follows one request across processes.

The id comes from the caller's `X-Request-ID` header (or is made up at the gateway), lives in
a contextvar for the life of the request, is stamped on every log record by
`RequestIdFilter`, travels to Celery in a task header (see `opentok.observability.celery`)
and to the moderation and recommender services in an `X-Request-ID` header (the httpx hook
below, or `request_id_headers()`). So `grep <id>` over all logs shows the whole story.

`LOG_JSON=true` switches every handler to one JSON object per line.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
_HEADER_BYTES = HEADER.lower().encode()
#: Accept ids from callers only when they look like ids: no log injection, bounded size.
_VALID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(service)s] [%(request_id)s] %(name)s: %(message)s"

request_id_var: ContextVar[str | None] = ContextVar("opentok_request_id", default=None)
_service = "opentok"


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return request_id_var.get()


def set_request_id(value: str | None) -> Token[str | None]:
    return request_id_var.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    request_id_var.reset(token)


def clean_request_id(value: str | None) -> str | None:
    return value if value and _VALID.match(value) else None


def request_id_headers() -> dict[str, str]:
    """Headers for an outgoing call to another OpenTok service (empty outside a request)."""
    rid = current_request_id()
    return {HEADER: rid} if rid else {}


def _inject_request_id(request: httpx.Request) -> None:
    rid = current_request_id()
    if rid and HEADER not in request.headers:
        request.headers[HEADER] = rid


async def _ainject_request_id(request: httpx.Request) -> None:
    _inject_request_id(request)


def httpx_event_hooks(asynchronous: bool = False) -> dict[str, list[Any]]:
    """`httpx.Client(event_hooks=httpx_event_hooks())`: every call carries the request id."""
    return {"request": [_ainject_request_id if asynchronous else _inject_request_id]}


# --- log records -------------------------------------------------------------------------
class RequestIdFilter(logging.Filter):
    """Stamps `request_id` and `service` on every record (a filter never drops anything)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        if not getattr(record, "service", None):
            record.service = _service
        return True


_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "service"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line; `extra={...}` fields are kept as top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": getattr(record, "service", _service),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def make_formatter(json_logs: bool) -> logging.Formatter:
    return JsonFormatter() if json_logs else logging.Formatter(TEXT_FORMAT)


def prepare_handler(handler: logging.Handler, json_logs: bool) -> None:
    """Give an existing handler (uvicorn's, Celery's) our filter and format."""
    if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
        handler.addFilter(RequestIdFilter())
    handler.setFormatter(make_formatter(json_logs))


def configure_logging(service: str, json_logs: bool | None = None, level: str | None = None) -> None:
    """Root logging for one process: a stderr handler with request ids, JSON when LOG_JSON."""
    global _service
    from opentok.core.config import get_settings

    settings = get_settings()
    _service = service
    json_logs = settings.log_json if json_logs is None else json_logs
    root = logging.getLogger()
    root.setLevel((level or settings.log_level).upper())
    ours = [h for h in root.handlers if getattr(h, "_opentok", False)]
    if not ours:
        handler = logging.StreamHandler()
        handler._opentok = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        ours = [handler]
    for handler in ours:
        prepare_handler(handler, json_logs)
    # uvicorn sets up its own handlers before importing the app: give them the same format.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        for handler in logging.getLogger(name).handlers:
            prepare_handler(handler, json_logs)


# --- ASGI middleware ----------------------------------------------------------------------
class RequestIdMiddleware:
    """Reads or creates the request id, exposes it to logs, and echoes it in the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        incoming = next((v.decode("latin-1") for k, v in headers if k == _HEADER_BYTES), None)
        rid = clean_request_id(incoming) or new_request_id()
        token = set_request_id(rid)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != _HEADER_BYTES]
                message = {**message, "headers": [*headers, (_HEADER_BYTES, rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            reset_request_id(token)
