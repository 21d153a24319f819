"""Outside development every service refuses to start with a secret anyone could know."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backend.app.main import create_app as gateway
from backend_constant.celery_app import create_celery
from moderation_service.app.main import create_app as moderation
from opentok.core.config import DEVELOPMENT_SECRET_KEY, REPO_ROOT, InsecureSettings, Settings, get_settings
from recommender_service.app.main import create_app as recommender

STRONG = "k" * 32


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("", "empty"),
        ("change-me-in-production-please-32b", "published example"),
        (DEVELOPMENT_SECRET_KEY, "published example"),
        ("x" * 31, "shorter than 32 bytes"),
    ],
)
def test_weak_keys_are_refused_outside_development(key: str, why: str) -> None:
    for environment in ("production", "test", "staging"):
        with pytest.raises(InsecureSettings, match=why):
            Settings(_env_file=None, environment=environment, secret_key=key).check_secure()
    Settings(_env_file=None, environment="production", secret_key=STRONG).check_secure()
    dev = Settings(_env_file=None, environment="development", secret_key="")
    dev.check_secure()  # development runs with a fixed local key
    assert dev.secret_key == DEVELOPMENT_SECRET_KEY


def test_short_service_token_is_refused() -> None:
    with pytest.raises(InsecureSettings, match="SERVICE_TOKEN"):
        Settings(
            _env_file=None, environment="production", secret_key=STRONG, service_token="abc"
        ).check_secure()


def test_every_service_refuses_to_start_with_the_example_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "change-me-in-production-please-32b")
    get_settings.cache_clear()
    try:
        for start in (gateway, moderation, recommender, create_celery):
            with pytest.raises(InsecureSettings, match="published example"):
                start()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_gateway_process_exits_saying_why() -> None:
    env = {"PATH": "/usr/bin:/bin", "ENVIRONMENT": "production", "SECRET_KEY": "", "DATA_DIR": "/nonexistent"}
    proc = subprocess.run(
        [sys.executable, "-c", "import backend.app.main"], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode != 0 and "SECRET_KEY is empty (ENVIRONMENT=production)" in proc.stderr


def test_docs_and_metrics_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    for value, reachable in (("true", True), ("false", False)):
        monkeypatch.setenv("EXPOSE_DOCS", value)
        monkeypatch.setenv("EXPOSE_METRICS", value)
        get_settings.cache_clear()
        for start in (gateway, moderation, recommender):
            client = TestClient(start())  # no lifespan: routes only
            # (the gateway's web app answers unknown paths with its index page, so check content)
            assert ('"openapi"' in client.get("/openapi.json").text) is reachable, start
            assert ("swagger" in client.get("/docs").text.lower()) is reachable, start
            metrics = client.get("/metrics")
            assert ("# HELP" in metrics.text) is reachable, start
    monkeypatch.undo()
    get_settings.cache_clear()
