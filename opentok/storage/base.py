"""The storage interface every service codes against."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol


def new_key(prefix: str, suffix: str = "") -> str:
    """A fresh storage key. Keys are generated here, never built from user input."""
    return f"{prefix}/{secrets.token_hex(16)}{suffix}"


class Storage(Protocol):
    def write_chunks(self, key: str, chunks: Iterable[bytes]) -> int:
        """Write a whole object from chunks atomically and return its size."""

    def append(self, key: str, data: bytes) -> int:
        """Append to an object (tus uploads) and return its new size."""

    def import_file(self, key: str, src: Path) -> int:
        """Move a finished local file (e.g. a streamed upload) under `key`; return its size."""

    def incoming_dir(self) -> Path:
        """A scratch folder on the same volume, so import_file can be a rename."""

    def open(self, key: str) -> BinaryIO: ...

    def iter_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]: ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> None: ...

    def local_path(self, key: str) -> Path:
        """A filesystem path for tools that need one (ffmpeg, FileResponse)."""

    def publish_dir(self, src: Path, prefix: str) -> None:
        """Move a finished folder into place under `prefix` in one step."""
