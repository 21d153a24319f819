"""A real Celery worker is SIGKILLed mid-transcode, twice: during the first rung nothing is
published; between rungs the video stays playable at its lowest rung. Each time the redelivered
task (acks_late + broker redelivery after the visibility timeout) carries on, and the video
completes with its whole ladder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from backend_constant.celery_app import celery_app
from backend_constant.ffmpeg.inspect import inspect_hls, summarize
from backend_constant.jobs.video_processing import PROCESS_VIDEO, media_prefix
from backend_constant.tests.jobs.conftest import JobPlatform
from opentok.db.session import session_scope
from opentok.models.enums import VideoStatus
from opentok.models.video import Video
from opentok.storage import get_storage
from testing.media import make_clip

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow


def _wait_for(condition: Callable[[], object], timeout_s: float, what: str) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _ffmpeg_under(worker: subprocess.Popen, rung: str) -> list[psutil.Process]:
    try:
        children = psutil.Process(worker.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for proc in children:
        try:
            if "ffmpeg" in proc.name() and f"/{rung}/index.m3u8" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.NoSuchProcess:
            continue
    return found


def _kill_during(worker: subprocess.Popen, rung: str, video_id: int, work_root: Path) -> None:
    """Wait until ffmpeg has written a first segment of `rung`, then SIGKILL the whole worker."""
    ffmpeg = _wait_for(lambda: _ffmpeg_under(worker, rung), 120, f"the {rung} encode to start")
    _wait_for(lambda: list(work_root.glob(f"video-{video_id}-*/out/{rung}/seg_000.m4s")), 60, "a segment")
    os.killpg(worker.pid, signal.SIGKILL)  # main process and pool child, without warning
    worker.wait(timeout=30)
    _wait_for(lambda: not any(_alive(p) for p in ffmpeg), 30, "ffmpeg to die with its worker")


def test_killed_worker_leaves_a_consistent_video_and_the_ladder_completes(
    job_world: JobPlatform, make_video, tmp_path: Path
) -> None:
    source = make_clip(tmp_path / "long.mp4", 6, 720, 1280, fps=25, caption="kill me")
    video_id = make_video(source)
    with session_scope() as session:
        source_key = session.get(Video, video_id).source_key
    prefix_path = get_storage().local_path(media_prefix(video_id, source_key))
    work_root = Path(job_world.env["DATA_DIR"]) / "work"
    job_world.redis.delete("default")  # only our task in the queue
    celery_app.send_task(PROCESS_VIDEO, args=[video_id])

    # 1. Killed while encoding the first (lowest) rung: nothing is published.
    _kill_during(job_world.start_worker("kill-worker-1"), "360p", video_id, work_root)
    with session_scope() as session:
        video = session.get(Video, video_id)
        assert video.status == VideoStatus.processing
        assert video.hls_master_key is None
    assert not prefix_path.exists(), "nothing may be published before the first rung is complete"

    # 2. The redelivered task publishes 360p; killed while encoding 720p: playable at 360p.
    _kill_during(job_world.start_worker("kill-worker-2"), "720p", video_id, work_root)
    with session_scope() as session:
        video = session.get(Video, video_id)
        assert video.status == VideoStatus.pending_review, job_world.log("kill-worker-2")[-3000:]
        assert video.pending_renditions == ["720p"]
        master = get_storage().local_path(video.hls_master_key)
    rungs = inspect_hls(master)
    assert list(rungs) == ["360p"] and rungs["360p"].duration_s == pytest.approx(6.0, abs=0.2)
    assert summarize(get_storage().local_path(video.mp4_key)).height == 640

    # 3. A third worker resumes: only 720p is left to do.
    job_world.start_worker("kill-worker-3")

    def finished() -> Video | None:
        with session_scope() as session:
            video = session.get(Video, video_id)
            return video if video.pending_renditions is None else None

    video = _wait_for(finished, 240, "the redelivered task to finish the ladder")
    assert video.status == VideoStatus.pending_review, job_world.log("kill-worker-3")[-3000:]
    assert video.processing_attempts == 3
    rungs = inspect_hls(get_storage().local_path(video.hls_master_key))
    assert list(rungs) == ["360p", "720p"]
    assert all(r.duration_s == pytest.approx(6.0, abs=0.2) for r in rungs.values())
    assert summarize(get_storage().local_path(video.mp4_key)).height == 1280
    playlist = (
        get_storage().local_path(video.hls_master_key).parent.joinpath("360p", "index.m3u8").read_text()
    )
    assert "#EXT-X-TARGETDURATION:4" in playlist and playlist.count("#EXTINF:4.0") == 1  # 4 s segments: 4 + 2
    assert not list(work_root.glob(f"video-{video_id}-*")), "the killed attempts' temp folders are cleaned up"
