"""The moderation journey in a real Chromium against the real platform (testing/e2e/admin.test.mjs).

Starts the gateway (serving the built admin/dist and frontend/dist), a real Celery worker and
the moderation and recommender services when their packages exist. The video being commented
on is stored directly (the upload pipeline has its own browser test); the comment goes through
the user app, the real API and, when `moderation_service` exists, the real comment model.

Until the moderation service is on the branch, a stand-in writes the AI verdict exactly as the
moderation job does (scores on the comment plus an `ai` audit row, provider "e2e-stand-in"),
so the rest of the journey still runs against real components.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from opentok.core.config import REPO_ROOT
from opentok.db.base import utcnow
from opentok.models import (
    Comment,
    CommentStatus,
    DecisionSource,
    Hashtag,
    ModerationDecision,
    SubjectType,
    User,
    UserRole,
    Verdict,
    Video,
    VideoHashtag,
    VideoStatus,
)
from opentok.storage import LocalStorage
from testing.harness import Platform
from testing.media import ffmpeg_exe, make_clip

# The frontend's wrapper owns the generic e2e set-up; reuse it rather than copy it.
from testing.tests.test_e2e_frontend import CHROMIUM, E2E_DIR, SCREENSHOTS, _need, _start_services

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
MODERATOR_PASSWORD = "moderator password 1"
STAND_IN_SCORES = {"S": 0.01, "H": 0.2, "V": 0.91, "HR": 0.88, "SH": 0.0, "S3": 0.0, "H2": 0.3, "V2": 0.02}


def _ensure_tooling() -> None:
    _need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    _need(shutil.which("npm") is not None, "node/npm are not installed")
    if not (E2E_DIR / "node_modules" / "playwright-core").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=E2E_DIR, check=True)
    for app in ("frontend", "admin"):
        subprocess.run(["bash", str(REPO_ROOT / "testing" / "build_web.sh"), app], check=True)


def _ai_stand_in(plat: Platform, stop: threading.Event) -> None:
    """Only without moderation_service: decide unscored comments like the moderation job."""
    while not stop.wait(0.5):
        with plat.session() as session:
            for comment in session.scalars(
                select(Comment).where(Comment.status == CommentStatus.pending, Comment.scores.is_(None))
            ):
                comment.scores = {**STAND_IN_SCORES, "OK": 0.05}
                comment.status, comment.reason = CommentStatus.rejected, "violence (0.91), harassment (0.88)"
                comment.model_version, comment.moderated_at = "stand-in", utcnow()
                session.add(
                    ModerationDecision(
                        subject_type=SubjectType.comment,
                        subject_id=comment.id,
                        source=DecisionSource.ai,
                        provider="e2e-stand-in",
                        model_version="stand-in",
                        scores=comment.scores,
                        categories=["V", "HR"],
                        verdict=Verdict.reject,
                        reason=comment.reason,
                    )  # fmt: skip
                )
            session.commit()


@pytest.fixture(scope="module")
def e2e_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    _ensure_tooling()
    plat = Platform(backend="sqlite", workdir=tmp_path_factory.mktemp("e2e-admin"))
    stop = threading.Event()
    try:
        plat.setup()
        started = _start_services(plat)
        plat.start_gateway()
        plat.start_worker()
        if "moderation" not in started:
            threading.Thread(target=_ai_stand_in, args=(plat, stop), daemon=True).start()
        yield plat
    finally:
        stop.set()
        plat.teardown()


def _moderator(plat: Platform) -> str:
    username = f"mod_{os.getpid()}"
    resp = httpx.post(
        f"{plat.base_url}/api/auth/register",
        json={"username": username, "email": f"{username}@example.com", "password": MODERATOR_PASSWORD},
    )
    assert resp.status_code == 201, resp.text
    with plat.session() as session:
        session.scalar(select(User).where(User.username == username)).role = UserRole.moderator
        session.commit()
    return username


def _published_video(plat: Platform, clip: Path, owner_id: int) -> int:
    storage = LocalStorage(plat.workdir / "media")
    key = "videos/e2e-published/clip.mp4"
    target = storage.local_path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(clip, target)
    with plat.session() as session:
        video = Video(
            owner_id=owner_id, title="Skate park session #skate", description="#skate", category="sports",
            status=VideoStatus.published, published_at=utcnow(), mp4_key=key, duration_s=3.0,
            width=180, height=320,
        )  # fmt: skip
        session.add(video)
        session.flush()
        tag = Hashtag(tag="skate")
        session.add(tag)
        session.flush()
        session.add(VideoHashtag(video_id=video.id, hashtag_id=tag.id))
        session.commit()
        return video.id


def _held_video(plat: Platform, clip: Path, owner_id: int) -> int:
    """A video the AI held for review, with an HLS rendition and a frame strip made by FFmpeg."""
    storage = LocalStorage(plat.workdir / "media")
    folder = storage.local_path("videos/e2e-held/master.m3u8").parent
    folder.mkdir(parents=True, exist_ok=True)
    ffmpeg = [ffmpeg_exe(), "-y", "-loglevel", "error", "-i", str(clip)]
    subprocess.run([*ffmpeg, "-c", "copy", "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
                    str(folder / "master.m3u8")], check=True)  # fmt: skip
    strip = ["-vf", "fps=2,scale=120:-1,tile=6x1", "-frames:v", "1"]
    subprocess.run([*ffmpeg, *strip, str(folder / "strip.jpg")], check=True)
    scores = {"S": 0.62, "V": 0.1, "OK": 0.35}
    explanation = "possible nudity in frames 2-3"
    with plat.session() as session:
        video = Video(
            owner_id=owner_id, title="Beach volleyball #summer", description="#summer", category="sports",
            status=VideoStatus.pending_review, hls_master_key="videos/e2e-held/master.m3u8",
            strip_key="videos/e2e-held/strip.jpg", duration_s=3.0, width=180, height=320,
            moderation_summary={"verdict": "review", "provider": "e2e-fixture", "model_version": "fixture-1",
                                "scores": scores, "categories": ["S"], "explanation": explanation},
        )  # fmt: skip
        session.add(video)
        session.flush()
        session.add(
            ModerationDecision(
                subject_type=SubjectType.video,
                subject_id=video.id,
                source=DecisionSource.ai,
                provider="e2e-fixture",
                model_version="fixture-1",
                scores=scores,
                categories=["S"],
                verdict=Verdict.review,
                reason=explanation,
            )  # fmt: skip
        )
        session.commit()
        return video.id


def test_moderation_journey_in_chromium(e2e_platform: Platform, tmp_path: Path) -> None:
    moderator = _moderator(e2e_platform)
    with e2e_platform.session() as session:
        owner_id = session.scalar(select(User.id).where(User.username == moderator))
    clip = make_clip(tmp_path / "clip.mp4", seconds=3.0)
    video_id = _published_video(e2e_platform, clip, owner_id)
    held_id = _held_video(e2e_platform, clip, owner_id)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "E2E_BASE_URL": e2e_platform.base_url,
        "E2E_SCREENSHOT_DIR": str(SCREENSHOTS),
        "E2E_VIDEO_ID": str(video_id),
        "E2E_HELD_VIDEO_ID": str(held_id),
        "E2E_MODERATOR_USERNAME": moderator,
        "E2E_MODERATOR_PASSWORD": MODERATOR_PASSWORD,
        "CHROMIUM_PATH": CHROMIUM,
    }
    result = subprocess.run(
        ["node", "--test", "--test-reporter=spec", "admin.test.mjs"],
        cwd=E2E_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    logs = "\n".join(f"--- {n} log ---\n{e2e_platform.log(n)[-3000:]}" for n in ("gateway", "worker"))
    assert result.returncode == 0, f"{result.stdout[-8000:]}\n{result.stderr[-4000:]}\n{logs}"
    for name in ("admin-02-queue", "admin-02-queue-video", "admin-04-history", "admin-05-analytics"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
