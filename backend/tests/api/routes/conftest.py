"""Fixtures for the trust-and-safety routes: small trained models installed in the platform."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testing.harness import Platform
from testing.trust_safety import install_models, models_at, trained_models  # noqa: F401 - fixture


@pytest.fixture
def ts_models(platform: Platform, trained_models: tuple[Path, dict]) -> Iterator[Path]:  # noqa: F811
    """Models where the platform's gateway looks, and active in this process too."""
    install_models(trained_models[0], platform.workdir)
    with models_at(platform.workdir / "models") as path:
        yield path
