"""Run the React app's own unit tests (Vitest, jsdom) as part of `make test`."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from opentok.core.config import REPO_ROOT
from testing.harness import IN_CI

FRONTEND = REPO_ROOT / "frontend"


def test_frontend_vitest_suite_passes() -> None:
    if shutil.which("npm") is None:
        if IN_CI:
            pytest.fail("node/npm are required in CI")
        pytest.skip("node/npm are not installed")
    if not (FRONTEND / "node_modules" / "vitest").is_dir():
        # Same install as the build (tolerates the partial npm mirror, see build_web.sh).
        subprocess.run(["bash", str(REPO_ROOT / "testing" / "build_web.sh"), "frontend"], check=True)
    result = subprocess.run(
        ["npm", "test", "--silent"], cwd=FRONTEND, capture_output=True, text=True, timeout=600,
        env={**os.environ, "CI": "true"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "Tests" in result.stdout and "passed" in result.stdout
