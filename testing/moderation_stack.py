"""Start the comment-moderation path of a `testing.harness.Platform`: models, service, worker.

Used by the job's end-to-end tests and by `testing/bench/comment_moderation.py`: the gateway
enqueues `opentok.moderate_comment`, a real Celery worker calls the real moderation service
over HTTP, and the service scores with a real transformers model.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from opentok.ml.registry import ACTIVE_FILE, METRICS_FILE
from testing.harness import Platform, free_port, wait_http


def install_model(models_dir: Path, name: str, folder: Path, version: str = "test") -> None:
    """Make `folder` (a model folder with metrics.json) the active `name` model in models_dir."""
    target = models_dir / name / version
    shutil.copytree(folder, target, dirs_exist_ok=True)
    if not (target / METRICS_FILE).exists():
        (target / METRICS_FILE).write_text(json.dumps({"name": name, "version": version, "metrics": {}}))
    (models_dir / name / ACTIVE_FILE).write_text(version)


def start_moderation_service(
    platform: Platform, name: str = "moderation"
) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "uvicorn", "moderation_service.app.main:app", "--port", str(port),
            "--log-level", "warning"]  # fmt: skip
    proc = platform.spawn(name, argv, env={"MODELS_DIR": str(platform.workdir / "models")})
    wait_http(f"{url}/healthz", proc, timeout_s=180)
    return url, proc


def start_comment_worker(platform: Platform, moderation_url: str) -> subprocess.Popen[bytes]:
    platform.extra_env["MODERATION_URL"] = moderation_url
    platform.extra_env["MODELS_DIR"] = str(platform.workdir / "models")
    try:
        return platform.start_worker("comment-worker")
    finally:
        platform.extra_env.pop("MODERATION_URL")
        platform.extra_env.pop("MODELS_DIR")
