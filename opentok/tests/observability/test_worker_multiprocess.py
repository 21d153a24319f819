"""The compose worker setup: a prefork pool with PROMETHEUS_MULTIPROC_DIR. Tasks run in child
processes, yet the worker's one /metrics port shows them (aggregated from the mmap files)."""

from __future__ import annotations

import sys
import time

import httpx
from prometheus_client.parser import text_string_to_metric_families

from testing.harness import Platform, free_port, wait_http


def _finished(port: int, task: str) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "opentok_celery_tasks_total" and s.labels.get("task") == task
    )


def test_prefork_children_metrics_are_aggregated(platform: Platform, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from backend_constant.celery_app import celery_app

    port = free_port()
    mp_dir = tmp_path / "prom"
    mp_dir.mkdir()
    (mp_dir / "counter_stale.db").write_bytes(b"stale file from an earlier run")  # must be wiped
    argv = [sys.executable, "-m", "celery", "-A", "backend_constant.celery_app", "worker",
            "--loglevel", "INFO", "--pool", "prefork", "--concurrency", "2", "--without-heartbeat",
            "--without-gossip", "--without-mingle", "-n", f"mp-{port}@%h"]  # fmt: skip
    worker = platform.spawn(
        "mp-worker", argv, env={"PROMETHEUS_MULTIPROC_DIR": str(mp_dir), "WORKER_METRICS_PORT": str(port)}
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/metrics", worker)
        assert not (mp_dir / "counter_stale.db").exists()
        before = _finished(port, "opentok.drift_report")
        with celery_app.connection_for_write(platform.redis_url) as conn:
            for _ in range(3):
                celery_app.send_task("opentok.drift_report", connection=conn)
        deadline = time.monotonic() + 90
        while _finished(port, "opentok.drift_report") < before + 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _finished(port, "opentok.drift_report") >= before + 3, platform.log("mp-worker")[-3000:]
    finally:
        platform.stop(worker)
