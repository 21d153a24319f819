"""The on-demand rebuild and preference commands, run as the operator would."""

import json
import os
import subprocess
import sys

from opentok.core.config import REPO_ROOT
from opentok.ml import registry
from recommender_service.engine.artifact import ARTIFACT_NAME


def run_cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "recommender_service.cli", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_cli_rebuild_activates_a_new_version(rec_settings, catalogue):
    described = json.loads(run_cli("rebuild"))
    assert described["sizes"]["videos"] == len(catalogue)
    assert registry.active_artifact(ARTIFACT_NAME).version == described["version"]
    assert json.loads(run_cli("preferences")) == {"users": 0, "gemini": 0, "aggregate": 0}
