"""Gateway test helpers: sample files and shortcuts that go through the real API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from opentok.db.base import utcnow
from opentok.models import Video, VideoStatus
from testing.harness import Platform
from testing.media import make_clip


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", seconds=1.0)


@pytest.fixture
def upload(api: httpx.Client, clip: Path):  # type: ignore[no-untyped-def]
    """Upload the sample clip as `account` and return the created video JSON."""

    def do(account, title: str = "A test clip", **fields: str) -> dict:  # type: ignore[no-untyped-def]
        with clip.open("rb") as fh:
            resp = api.post(
                "/api/uploads",
                headers=account.headers,
                data={"title": title, **fields},
                files={"file": ("clip.mp4", fh, "video/mp4")},
            )
        assert resp.status_code == 201, resp.text
        return resp.json()

    return do


@pytest.fixture
def publish(platform: Platform):  # type: ignore[no-untyped-def]
    """Mark a video published directly in the database (the pipeline is tested elsewhere)."""

    def do(video_id: int) -> None:
        with platform.session() as session:
            video = session.get(Video, video_id)
            video.status, video.published_at = VideoStatus.published, utcnow()
            session.commit()

    return do
