"""A request id follows an upload from the gateway into the Celery worker's JSON logs,
and the worker's own /metrics shows the task and the queue depth."""

from __future__ import annotations

import json
import secrets
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from testing.harness import Platform, free_port, wait_http
from testing.media import make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=0.5)


def _json_lines(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out


def _wait_for(predicate, timeout_s: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return predicate()


def test_upload_request_id_reaches_the_worker_logs(
    platform: Platform, api: httpx.Client, make_user, clip: Path
) -> None:  # type: ignore[no-untyped-def]
    metrics_port = free_port()
    name = f"obs-worker-{secrets.token_hex(3)}"
    argv = [sys.executable, "-m", "celery", "-A", "backend_constant.celery_app", "worker",
            "--loglevel", "INFO", "--pool", "solo", "--without-heartbeat", "--without-gossip",
            "--without-mingle", "-n", f"{name}@%h"]  # fmt: skip
    worker = platform.spawn(name, argv, env={"LOG_JSON": "true", "WORKER_METRICS_PORT": str(metrics_port)})
    try:
        wait_http(f"http://127.0.0.1:{metrics_port}/metrics", worker)
        account = make_user("obs")
        rid = f"test-{secrets.token_hex(8)}"
        with clip.open("rb") as fh:
            resp = api.post(
                "/api/uploads",
                headers={**account.headers, "X-Request-ID": rid},
                data={"title": "request id trip"},
                files={"file": ("clip.mp4", fh, "video/mp4")},
            )
        assert resp.status_code == 201, resp.text
        assert resp.headers["x-request-id"] == rid

        def started() -> list[dict]:
            return [
                r for r in _json_lines(platform.log(name))
                if r.get("request_id") == rid and "opentok.process_video started" in r.get("message", "")
            ]  # fmt: skip

        lines = _wait_for(started)
        assert lines, platform.log(name)[-3000:]
        assert lines[0]["service"] == "worker" and lines[0]["task_id"]

        def finished_count() -> float:
            text = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text
            families = {f.name: f for f in text_string_to_metric_families(text)}
            queue = families["opentok_celery_queue_depth"].samples
            depth = [s for s in queue if s.labels["queue"] == "default"]
            assert depth and depth[0].value >= 0
            return sum(
                s.value for s in families["opentok_celery_task_duration_seconds"].samples
                if s.name.endswith("_count") and s.labels["task"] == "opentok.process_video"
            )  # fmt: skip

        assert _wait_for(finished_count) >= 1
    finally:
        platform.stop(worker)
