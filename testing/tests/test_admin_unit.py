"""The admin dashboard's Vitest unit tests (components, shortcuts, chart shaping), run by pytest
so `make test` and CI cover them with everything else."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from opentok.core.config import REPO_ROOT
from testing.harness import IN_CI

ADMIN = REPO_ROOT / "admin"


def test_admin_vitest_suite() -> None:
    if shutil.which("npm") is None:
        if IN_CI:
            pytest.fail("node/npm are not installed")
        pytest.skip("node/npm are not installed")
    if not (ADMIN / "node_modules" / "vitest").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ADMIN, check=True)
    argv = ["npm", "test", "--silent"]
    result = subprocess.run(argv, cwd=ADMIN, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    assert " passed" in result.stdout
