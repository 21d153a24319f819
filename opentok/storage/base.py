"""The storage interface every service codes against."""

from __future__ import annotations

import contextlib
import mimetypes
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

#: Content types of the media we publish (object stores serve what was set at upload).
MEDIA_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".png": "image/png",
}


def content_type(key: str) -> str:
    for suffix, kind in MEDIA_TYPES.items():
        if key.endswith(suffix):
            return kind
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


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

    def appended_size(self, key: str) -> int:
        """Bytes appended so far (0 before the first append)."""

    def finish_append(self, key: str) -> int:
        """Make the appended bytes one readable object; return its size."""

    def local_copy(self, key: str) -> contextlib.AbstractContextManager[Path]:
        """A local file with the object's bytes for tools that need one (ffmpeg, PyAV)."""

    def presigned_url(self, key: str) -> str | None:
        """A short-lived direct URL to the object, or None when the gateway serves the bytes."""

    def publish_dir(self, src: Path, prefix: str) -> None:
        """Move a finished folder into place under `prefix` in one step."""
