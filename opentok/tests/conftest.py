"""In-process fixtures for the shared package: a private data folder and a migrated SQLite
database per test module, with the settings cache pointed at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from opentok.core.config import get_settings
from opentok.db.migrate import upgrade_head
from opentok.db.session import get_engine, get_sessionmaker, make_engine


def _clear_caches() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings whose data_dir, models and database live in this test's tmp folder."""
    url = f"sqlite:///{tmp_path / 'opentok.sqlite3'}"
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("MODELS_DIR", raising=False)
    monkeypatch.delenv("MODEL_PINS", raising=False)
    _clear_caches()
    upgrade_head(url)
    yield tmp_path
    _clear_caches()


@pytest.fixture
def db(data_dir: Path) -> Iterator[Session]:
    engine = make_engine(get_settings().sqlalchemy_url)
    with sessionmaker(bind=engine, expire_on_commit=False)() as session:
        yield session
    engine.dispose()
