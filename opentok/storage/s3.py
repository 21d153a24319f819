"""S3-compatible storage (AWS S3, MinIO, Ceph RGW) through boto3, so nodes share no disk.

The bucket stays private: clients get short-lived presigned URLs (`presigned_url`) behind the
gateway's own signed-link check. Tools that need a file (ffmpeg, PyAV) work on a scratch copy
(`local_copy`). Folders are published segments first and playlists last, so a playlist never
names a segment that is not there yet.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from opentok.storage.base import content_type

#: Parts of a multipart upload; S3 needs at least 5 MiB per part except the last.
PART_BYTES = 8 << 20
TRANSFER = TransferConfig(multipart_threshold=PART_BYTES, multipart_chunksize=PART_BYTES)


def _missing(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    def __init__(
        self,
        bucket: str,
        scratch: Path,
        *,
        endpoint_url: str = "",
        public_endpoint_url: str = "",
        region: str = "us-east-1",
        access_key_id: str = "",
        secret_access_key: str = "",
        path_style: bool = False,
        presign_ttl_s: int = 300,
    ) -> None:
        self.bucket = bucket
        self.scratch = Path(scratch)
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.presign_ttl_s = presign_ttl_s
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path" if path_style else "auto"},
            retries={"max_attempts": 5, "mode": "standard"},
        )
        creds = {
            "aws_access_key_id": access_key_id or None,
            "aws_secret_access_key": secret_access_key or None,
        }
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url or None, region_name=region, config=config, **creds
        )
        # Presigned URLs carry the host clients use (e.g. nginx in front of MinIO).
        self.public_client = (
            boto3.client("s3", endpoint_url=public_endpoint_url, region_name=region, config=config, **creds)
            if public_endpoint_url
            else self.client
        )

    def ensure_bucket(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)

    # --- whole objects ------------------------------------------------------------------
    def write_chunks(self, key: str, chunks: Iterable[bytes]) -> int:
        """Spooled to scratch, then one PUT (or multipart): the object appears whole or not at all."""
        with tempfile.NamedTemporaryFile(dir=self.scratch, prefix=".put-") as tmp:
            for chunk in chunks:
                tmp.write(chunk)
            tmp.flush()
            size = tmp.tell()
            self._upload(Path(tmp.name), key)
        return size

    def _upload(self, path: Path, key: str) -> None:
        self.client.upload_file(
            str(path), self.bucket, key, ExtraArgs={"ContentType": content_type(key)}, Config=TRANSFER
        )

    def import_file(self, key: str, src: Path) -> int:
        size = Path(src).stat().st_size
        self._upload(Path(src), key)
        Path(src).unlink(missing_ok=True)
        return size

    def incoming_dir(self) -> Path:
        path = self.scratch / "incoming"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"]  # type: ignore[no-any-return]
        except ClientError as exc:
            if _missing(exc):
                raise FileNotFoundError(key) from exc
            raise

    def iter_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        body = self.open(key)
        try:
            yield from body.iter_chunks(chunk_size)  # type: ignore[attr-defined]
        finally:
            body.close()

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        return True

    def size(self, key: str) -> int:
        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"])
        except ClientError as exc:
            if _missing(exc):
                raise FileNotFoundError(key) from exc
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def delete_prefix(self, prefix: str) -> None:
        self.delete(prefix)
        keys = list(self._keys(prefix.rstrip("/") + "/"))
        for start in range(0, len(keys), 1000):
            batch = [{"Key": k} for k in keys[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})

    def _keys(self, prefix: str) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]

    # --- appends (tus) -------------------------------------------------------------------
    def append(self, key: str, data: bytes) -> int:
        """S3 objects cannot grow: each append is a piece under `<key>.d/`, joined by `finish_append`."""
        offset = self.appended_size(key)
        if data:
            self.client.put_object(Bucket=self.bucket, Key=f"{key}.d/{offset:020d}", Body=data)
        return offset + len(data)

    def appended_size(self, key: str) -> int:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=f"{key}.d/")
        return sum(int(item["Size"]) for page in pages for item in page.get("Contents", []))

    def finish_append(self, key: str) -> int:
        """Join the pieces into one object with a multipart upload (parts of >= PART_BYTES)."""
        pieces = sorted(self._keys(f"{key}.d/"))
        with tempfile.NamedTemporaryFile(dir=self.scratch, prefix=".join-") as tmp:
            for piece in pieces:  # streamed in order (download_fileobj would seek to 0 each time)
                for chunk in self.iter_chunks(piece):
                    tmp.write(chunk)
            tmp.flush()
            size = tmp.tell()
            self._upload(Path(tmp.name), key)
        self.delete_prefix(f"{key}.d")
        return size

    # --- files for tools and clients --------------------------------------------------------
    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """Download to scratch for ffmpeg/PyAV; removed afterwards."""
        folder = Path(tempfile.mkdtemp(dir=self.scratch, prefix=".copy-"))
        path = folder / Path(key).name
        try:
            try:
                self.client.download_file(self.bucket, key, str(path), Config=TRANSFER)
            except ClientError as exc:
                if _missing(exc):
                    raise FileNotFoundError(key) from exc
                raise
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def presigned_url(self, key: str) -> str | None:
        return self.public_client.generate_presigned_url(  # type: ignore[no-any-return]
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=self.presign_ttl_s
        )

    def publish_dir(self, src: Path, prefix: str) -> None:
        """Segments (in parallel) before playlists; then drop objects the new folder no longer has."""
        files = [p for p in Path(src).rglob("*") if p.is_file()]
        keys = {f"{prefix}/{p.relative_to(src).as_posix()}": p for p in files}
        playlists = {k: p for k, p in keys.items() if k.endswith(".m3u8")}
        rest = {k: p for k, p in keys.items() if k not in playlists}
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda kv: self._upload(kv[1], kv[0]), rest.items()))
        for key, path in playlists.items():
            self._upload(path, key)
        stale = [k for k in self._keys(prefix.rstrip("/") + "/") if k not in keys]
        for start in range(0, len(stale), 1000):
            batch = [{"Key": k} for k in stale[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
