"""Fixtures for the trust-and-safety tests: small trained models and fresh databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

from testing.harness import Platform
from testing.trust_safety import models_at, sample_claims, trained_models  # noqa: F401 - fixture


@pytest.fixture(scope="session", autouse=True)
def _one_blas_thread() -> Iterator[None]:
    """Oversubscribed BLAS threads make small fits 40x slower on shared cores."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="session")
def small_models(trained_models: tuple[Path, dict[str, dict]]) -> tuple[Path, dict[str, dict]]:  # noqa: F811
    return trained_models


@pytest.fixture
def models(small_models: tuple[Path, dict[str, dict]]) -> Iterator[Path]:
    """The small models, active for the test's duration."""
    with models_at(small_models[0]) as path:
        yield path


@pytest.fixture(scope="session")
def claims_sample():  # type: ignore[no-untyped-def]
    return sample_claims()


def _database(backend: str, tmp_path: Path) -> Iterator[Platform]:
    plat = Platform(backend=backend, workdir=tmp_path / backend).setup()
    try:
        yield plat
    finally:
        plat.teardown()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Platform]:
    """A fresh, migrated SQLite database (no processes)."""
    yield from _database("sqlite", tmp_path)


@pytest.fixture(params=["sqlite", "mysql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    """A fresh, migrated database on SQLite and on MariaDB (127.0.0.1:3306)."""
    yield from _database(request.param, tmp_path)
