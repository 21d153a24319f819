"""Publish one media stage's outputs through the storage interface, in a safe order.

A rung's folder goes out before the master playlist that names it, and the master playlist is
replaced in one write, so a viewer (or a worker killed between stages) only ever sees a
consistent, playable ladder. Each stage publishes what it made right away, so an object-storage
backend can upload per stage too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from opentok.observability.metrics import media_stage
from opentok.storage import Storage


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            yield chunk


class MediaPublisher:
    """Writes under one video's media prefix; every method returns the storage key it wrote."""

    def __init__(self, storage: Storage, prefix: str) -> None:
        self.storage = storage
        self.prefix = prefix

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}"

    def rung(self, rung_dir: Path) -> str:
        """A rung's folder (variant playlist, init segment, segments), replaced in one step."""
        with media_stage("publish"):
            self.storage.publish_dir(rung_dir, self.key(rung_dir.name))
        return self.key(rung_dir.name)

    def file(self, path: Path, name: str | None = None) -> str:
        """One file (poster, MP4, master playlist), written atomically."""
        key = self.key(name or path.name)
        with media_stage("publish"):
            self.storage.write_chunks(key, _chunks(path))
        return key

    def discard(self) -> None:
        self.storage.delete_prefix(self.prefix)
