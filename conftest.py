"""Fixtures shared by every package's tests: a real platform started over HTTP.

`platform` is parametrised by database backend: SQLite always, and MariaDB plus the
machine's Redis when CI=true (see testing.harness.db_backends). In CI a missing MariaDB
or Redis makes the run fail, never skip.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from opentok.models import User, UserRole
from testing.harness import Platform, db_backends

# Training code tracks every run; in tests that is the JSON record unless a test opts in to
# MLflow (its SQLite store costs seconds per process). Inherited by the processes tests start.
os.environ.setdefault("MLFLOW_ENABLED", "false")


@pytest.fixture(scope="session", params=db_backends())
def platform(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    plat = Platform(backend=request.param, workdir=tmp_path_factory.mktemp(f"platform-{request.param}"))
    try:
        plat.setup()
        plat.start_gateway()
        yield plat
    finally:
        plat.teardown()


@pytest.fixture
def api(platform: Platform) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=platform.base_url, timeout=30) as client:
        yield client


@dataclass
class Account:
    id: int
    username: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


@pytest.fixture
def make_user(api: httpx.Client, platform: Platform):  # type: ignore[no-untyped-def]
    """Register a fresh account through the API; optionally give it a staff role."""

    def make(prefix: str = "user", role: UserRole = UserRole.user) -> Account:
        username = f"{prefix}_{secrets.token_hex(4)}"
        password = "correct horse battery"
        resp = api.post(
            "/api/auth/register",
            json={"username": username, "email": f"{username}@example.com", "password": password},
        )
        assert resp.status_code == 201, resp.text
        tokens = resp.json()
        me = api.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
        if role != UserRole.user:
            with platform.session() as session:
                session.get(User, me["id"]).role = role
                session.commit()
            tokens = api.post("/api/auth/login", json={"username": username, "password": password}).json()
        return Account(me["id"], username, password, tokens["access_token"], tokens["refresh_token"])

    return make
