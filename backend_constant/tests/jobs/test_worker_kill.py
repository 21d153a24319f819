"""A real Celery worker is SIGKILLed mid-transcode: nothing half-published, and the video still
completes once a worker runs again (acks_late + broker redelivery after the visibility timeout).
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
from backend_constant.ffmpeg.inspect import inspect_hls
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


def _ffmpeg_under(worker: subprocess.Popen) -> list[psutil.Process]:
    try:
        children = psutil.Process(worker.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for proc in children:
        try:
            if "ffmpeg" in proc.name() and "master.m3u8" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.NoSuchProcess:
            continue
    return found


def test_killed_worker_leaves_nothing_half_published_and_video_completes(
    job_world: JobPlatform, make_video, tmp_path: Path
) -> None:
    source = make_clip(tmp_path / "long.mp4", 6, 320, 568, fps=25, caption="kill me")
    video_id = make_video(source)
    with session_scope() as session:
        source_key = session.get(Video, video_id).source_key
    prefix_path = get_storage().local_path(media_prefix(video_id, source_key))
    work_root = Path(job_world.env["DATA_DIR"]) / "work"
    job_world.redis.delete("default")  # only our task in the queue
    first = job_world.start_worker("kill-worker-1")
    celery_app.send_task(PROCESS_VIDEO, args=[video_id])

    # Wait until ffmpeg has written its first segments into the private work folder...
    ffmpeg = _wait_for(lambda: _ffmpeg_under(first), 120, "the transcode to start")
    _wait_for(lambda: list(work_root.glob(f"video-{video_id}-*/out/*/seg_000.ts")), 60, "a first segment")
    # ...then kill the whole worker (main process and pool child) without warning.
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    _wait_for(lambda: not any(_alive(p) for p in ffmpeg), 30, "ffmpeg to die with its worker")

    with session_scope() as session:
        video = session.get(Video, video_id)
        assert video.status == VideoStatus.processing
        assert video.hls_master_key is None
    assert not prefix_path.exists(), "nothing may be published by a killed attempt"

    # A new worker picks the unacknowledged task up again and finishes it.
    job_world.start_worker("kill-worker-2")

    def finished() -> Video | None:
        with session_scope() as session:
            video = session.get(Video, video_id)
            return video if video.status != VideoStatus.processing else None

    video = _wait_for(finished, 240, "the redelivered task to finish")
    assert video.status == VideoStatus.pending_review, job_world.log("kill-worker-2")[-3000:]
    assert video.processing_attempts == 2
    rungs = inspect_hls(get_storage().local_path(video.hls_master_key))
    assert list(rungs) == ["360p", "720p"]
    assert all(r.duration_s == pytest.approx(6.0, abs=0.2) for r in rungs.values())
    playlist = (
        get_storage().local_path(video.hls_master_key).parent.joinpath("360p", "index.m3u8").read_text()
    )
    assert "#EXT-X-TARGETDURATION:4" in playlist and playlist.count("#EXTINF:4.0") == 1  # 4 s segments: 4 + 2
    assert not list(work_root.glob(f"video-{video_id}-*")), "the killed attempt's temp folder is cleaned up"
