"""Fixtures for the recommender tests: a real SQLite database migrated with Alembic (once per
session, copied per test), the settings pointed at a temporary data dir, and the real app."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from opentok.api.service_auth import service_headers
from opentok.core.config import Settings, get_settings
from opentok.db.migrate import upgrade_head
from opentok.db.session import get_engine, get_sessionmaker

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ENV = {
    "REC_BUILD_ON_START": "false",
    "REC_RELOAD_INTERVAL_S": "0",
    "REC_CF_MIN_INTERACTIONS": "1000000",  # CF has its own test; elsewhere keep builds small
    "GEMINI_API_KEY": "",
    "DATABASE_URL": "",
}


def _clear_caches() -> None:
    if get_engine.cache_info().currsize:
        get_engine().dispose()  # close the previous test's SQLite connections
    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("recdb") / "template.sqlite3"
    upgrade_head(f"sqlite:///{path}")
    return path


@pytest.fixture
def rec_settings(tmp_path: Path, migrated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    shutil.copy(migrated_db, data_dir / "opentok.sqlite3")
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    _clear_caches()
    yield get_settings()
    _clear_caches()


@pytest.fixture
def session(rec_settings: Settings) -> Iterator[Session]:
    s = get_sessionmaker()()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def client(rec_settings: Settings) -> Iterator[TestClient]:
    from recommender_service.app.main import create_app

    with TestClient(create_app(), headers=service_headers()) as c:
        yield c


@pytest.fixture
def catalogue(session: Session) -> list:
    """10 categories x 12 published videos from 20 creators, committed."""
    from testing import recsys_seed

    videos = recsys_seed.seed_catalogue(session, per_category=12, n_creators=20)
    session.commit()
    return videos


@pytest.fixture
def rebuilt(client: TestClient, catalogue: list) -> str:
    """The catalogue built into an active artifact; returns its version."""
    response = client.post("/v1/rebuild", params={"wait": True})
    assert response.status_code == 200, response.text
    return response.json()["version"]
