"""Fixtures for the moderation service: an isolated database/registry and real tiny models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moderation_service.tests.support import (
    isolated_env,
    register_comment_model,
    register_tfidf_cyberbullying,
    tiny_comment_model,
)
from opentok.api.service_auth import service_headers
from opentok.db.migrate import upgrade_head


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_comment_model()


@pytest.fixture(scope="session")
def tfidf_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder holding a TF-IDF cyberbullying model, trained once per session."""
    workdir = tmp_path_factory.mktemp("cyberbullying")
    with isolated_env(workdir):
        register_tfidf_cyberbullying()
    return workdir / "models"


@pytest.fixture
def service_env(tmp_path: Path) -> Iterator[Path]:
    """Settings pointing at a fresh migrated SQLite database and an empty model registry."""
    with isolated_env(tmp_path) as env:
        upgrade_head(env["DATABASE_URL"])
        yield tmp_path


@pytest.fixture
def with_models(service_env: Path, tiny_model_dir: Path, tfidf_workdir: Path) -> Path:
    import shutil

    register_comment_model(tiny_model_dir)
    shutil.copytree(tfidf_workdir / "cyberbullying-type", service_env / "models" / "cyberbullying-type")
    return service_env


@pytest.fixture
def client(with_models: Path) -> Iterator[TestClient]:
    from moderation_service.app.main import create_app

    with TestClient(create_app(), headers=service_headers()) as c:
        yield c


@pytest.fixture
def degraded_client(service_env: Path) -> Iterator[TestClient]:
    """The service with no model anywhere: it must stay up and hold everything."""
    from moderation_service.app.main import create_app

    with TestClient(create_app(), headers=service_headers()) as c:
        yield c
