"""Originals are deleted after ORIGINAL_RETENTION_DAYS once a video is decided; others stay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend_constant.jobs.retention import purge_originals
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models import Video, VideoStatus
from opentok.storage import get_storage


def _source(video_id: int) -> str:
    with session_scope() as session:
        return session.get(Video, video_id).source_key


def test_old_decided_originals_are_purged_and_the_rest_kept(make_video, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clip = tmp_path / "clip.bin"
    clip.write_bytes(b"original bytes")
    old = utcnow() - timedelta(days=40)
    purged = [
        make_video(clip, status=VideoStatus.published, created_at=old),
        make_video(clip, status=VideoStatus.rejected, created_at=old),
        make_video(clip, status=VideoStatus.uploaded, created_at=old, deleted_at=utcnow()),
    ]
    kept = [
        make_video(clip, status=VideoStatus.pending_review, created_at=old),  # a moderator needs it
        make_video(clip, status=VideoStatus.processing, created_at=old),
        make_video(clip, status=VideoStatus.published),  # recent
    ]
    storage = get_storage()
    assert purge_originals.apply().get() >= len(purged)
    assert [storage.exists(_source(v)) for v in purged] == [False] * len(purged)
    assert [storage.exists(_source(v)) for v in kept] == [True] * len(kept)
    assert _source(purged[0]) is not None  # the key stays: the media folder name derives from it

    monkeypatch.setenv("ORIGINAL_RETENTION_DAYS", "0")  # 0 keeps originals forever
    get_settings.cache_clear()
    try:
        again = make_video(clip, status=VideoStatus.published, created_at=old)
        assert purge_originals.apply().get() == 0 and storage.exists(_source(again))
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.mark.parametrize("name", ["purge-originals"])
def test_purge_is_scheduled(name: str) -> None:
    from backend_constant.schedule import BEAT_SCHEDULE
    from opentok.tasks import PURGE_ORIGINALS

    assert BEAT_SCHEDULE[name]["task"] == PURGE_ORIGINALS
