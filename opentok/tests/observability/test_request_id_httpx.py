"""Calls to other OpenTok services carry the current request id (the httpx hook the clients in
opentok/clients/ use), and the receiving service keeps it: checked against the real gateway."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx

from opentok.observability.logging import (
    JsonFormatter,
    RequestIdFilter,
    httpx_event_hooks,
    request_id_headers,
    reset_request_id,
    set_request_id,
)
from testing.harness import Platform


def test_sync_and_async_clients_forward_the_request_id(platform: Platform) -> None:
    assert request_id_headers() == {}
    token = set_request_id("rid-from-gateway-42")
    try:
        assert request_id_headers() == {"X-Request-ID": "rid-from-gateway-42"}
        with httpx.Client(base_url=platform.base_url, event_hooks=httpx_event_hooks()) as client:
            assert client.get("/healthz").headers["x-request-id"] == "rid-from-gateway-42"

        async def call() -> str:
            hooks = httpx_event_hooks(asynchronous=True)
            async with httpx.AsyncClient(base_url=platform.base_url, event_hooks=hooks) as client:
                return (await client.get("/healthz")).headers["x-request-id"]

        assert asyncio.run(call()) == "rid-from-gateway-42"
    finally:
        reset_request_id(token)
    with httpx.Client(base_url=platform.base_url, event_hooks=httpx_event_hooks()) as client:
        assert client.get("/healthz").headers["x-request-id"] != "rid-from-gateway-42"


def test_json_log_lines_carry_the_request_id_and_extras() -> None:
    record = logging.makeLogRecord({"name": "t", "levelname": "INFO", "msg": "hello %s", "args": ("you",),
                                    "video_id": 7})  # fmt: skip
    token = set_request_id("rid-7")
    try:
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        reset_request_id(token)
    assert line["message"] == "hello you" and line["request_id"] == "rid-7" and line["video_id"] == 7
