"""Local storage publishes files another user can read: nginx serves them in compose."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from opentok.storage.local import LocalStorage


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_published_files_and_folders_are_world_readable(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    storage.write_chunks("videos/a/master.m3u8", [b"#EXTM3U\n"])
    assert _mode(storage.local_path("videos/a/master.m3u8")) == 0o644

    work = Path(tempfile.mkdtemp(dir=tmp_path))  # private, as a job's work folder is
    (work / "seg").mkdir()
    (work / "seg" / "init.mp4").write_bytes(b"x")
    (work / "seg" / "init.mp4").chmod(0o600)
    storage.publish_dir(work, "videos/a/720p")
    published = storage.local_path("videos/a/720p")
    assert _mode(published) == 0o755
    assert _mode(published / "seg") == 0o755
    assert _mode(published / "seg" / "init.mp4") == 0o644
    assert (published / "seg" / "init.mp4").read_bytes() == b"x"
