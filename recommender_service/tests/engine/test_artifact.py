"""Rebuilds swap versions atomically: serving keeps answering, replicas converge."""

import threading
import time

import httpx
import pytest

from opentok.api.service_auth import service_headers
from opentok.ml import registry
from recommender_service.app.main import create_app
from recommender_service.engine import artifact, build
from recommender_service.engine.artifact import ModelStore
from testing import recsys_seed as seed
from testing.live_server import LiveServer


def wait_for(predicate, what: str, deadline_s: float = 60.0) -> None:
    end = time.monotonic() + deadline_s
    while not predicate():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_serving_never_fails_while_rebuilding(rec_settings, session, catalogue):
    user = seed.create_user(session, "steady", interests=["music"])
    session.commit()
    with (
        LiveServer(create_app()) as url,
        httpx.Client(base_url=url, timeout=30, headers=service_headers()) as http,
    ):
        first = http.post("/v1/rebuild", params={"wait": True}).json()["version"]
        statuses: list[int] = []
        versions: set[str] = set()
        empty = 0
        stop = threading.Event()

        def hammer() -> None:
            nonlocal empty
            while not stop.is_set():
                r = http.get("/v1/recommendations", params={"user_id": user.id})
                statuses.append(r.status_code)
                if r.status_code == 200:
                    versions.add(r.json()["model_version"])
                    empty += not r.json()["items"]

        readers = [threading.Thread(target=hammer) for _ in range(3)]
        for t in readers:
            t.start()
        new_versions = []
        for _ in range(3):
            response = http.post("/v1/rebuild")  # background: returns at once
            assert response.status_code in (202, 409)
            wait_for(lambda: not http.get("/v1/model").json()["rebuilding"], "the rebuild")
            new_versions.append(http.get("/v1/model").json()["version"])
        wait_for(lambda: len(statuses) > 30, "some requests")
        stop.set()
        for t in readers:
            t.join()
    assert set(statuses) == {200} and empty == 0
    assert new_versions[-1] > first and new_versions[-1] in versions and first in versions


def test_a_second_rebuild_is_refused_while_one_runs(rec_settings, session, catalogue):
    with build._rebuild_lock, pytest.raises(build.RebuildInProgress):
        build.rebuild(session)


def test_replicas_pick_up_the_active_version_from_storage(rec_settings, session, catalogue):
    replica_a, replica_b = ModelStore(poll_s=0), ModelStore(poll_s=0)
    assert replica_a.current() is None
    built = build.rebuild(session)  # e.g. the Celery job on another machine
    active = registry.active_artifact(artifact.ARTIFACT_NAME)
    assert active is not None and active.version == built.version
    assert replica_a.current().version == built.version  # first load blocks: nothing to serve yet
    assert replica_b.current().version == built.version
    again = build.rebuild(session)
    wait_for(lambda: replica_a.current().version == again.version, "replica A to swap")
    wait_for(lambda: replica_b.current().version == again.version, "replica B to swap")
    assert replica_a.current().describe()["sizes"]["videos"] == len(catalogue)


def test_old_versions_are_pruned_but_the_active_one_stays(rec_settings, session, catalogue):
    versions = [build.rebuild(session).version for _ in range(artifact.KEEP_VERSIONS + 2)]
    root = registry.model_root(artifact.ARTIFACT_NAME)
    kept = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert kept == versions[-artifact.KEEP_VERSIONS :]
    assert registry.active_artifact(artifact.ARTIFACT_NAME).version == versions[-1]


def test_rolling_back_the_marker_rolls_back_every_replica(rec_settings, session, catalogue):
    older = build.rebuild(session)
    newer = build.rebuild(session)
    replica = ModelStore(poll_s=0)
    assert replica.current().version == newer.version
    root = registry.model_root(artifact.ARTIFACT_NAME)
    registry.activate(registry.Artifact(artifact.ARTIFACT_NAME, older.version, root / older.version))
    wait_for(lambda: replica.current().version == older.version, "the rollback")
