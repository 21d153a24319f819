"""Local-folder storage: atomic writes by rename, keys confined to the media root."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Published media is read by another process under another user (nginx in compose), while
#: temporary files and folders start private (mkstemp 0600, mkdtemp 0700): widen on publish.
FILE_MODE, DIR_MODE = 0o644, 0o755


def _make_readable(root: Path) -> None:
    root.chmod(DIR_MODE)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def local_path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"storage key escapes the media root: {key!r}")
        return path

    def write_chunks(self, key: str, chunks: Iterable[bytes]) -> int:
        path = self.local_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
                    size += len(chunk)
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return size

    def append(self, key: str, data: bytes) -> int:
        path = self.local_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as out:
            out.write(data)
            return out.tell()

    def import_file(self, key: str, src: Path) -> int:
        path = self.local_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        size = Path(src).stat().st_size
        shutil.move(str(src), path)
        path.chmod(FILE_MODE)
        return size

    def appended_size(self, key: str) -> int:
        path = self.local_path(key)
        return path.stat().st_size if path.is_file() else 0

    def finish_append(self, key: str) -> int:
        return self.size(key)

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """The file itself: no copy needed on a local disk."""
        path = self.local_path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    def presigned_url(self, key: str) -> str | None:
        return None

    def incoming_dir(self) -> Path:
        path = self.root / ".incoming"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def open(self, key: str) -> BinaryIO:
        return self.local_path(key).open("rb")

    def iter_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        with self.open(key) as fh:
            while chunk := fh.read(chunk_size):
                yield chunk

    def exists(self, key: str) -> bool:
        return self.local_path(key).is_file()

    def size(self, key: str) -> int:
        return self.local_path(key).stat().st_size

    def delete(self, key: str) -> None:
        self.local_path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        path = self.local_path(prefix)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

    def publish_dir(self, src: Path, prefix: str) -> None:
        dest = self.local_path(prefix)
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = dest.with_name(f".staging-{dest.name}")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(src, staging)
        _make_readable(staging)
        if dest.exists():
            old = dest.with_name(f".old-{dest.name}")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(dest, old)
            os.replace(staging, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, dest)
