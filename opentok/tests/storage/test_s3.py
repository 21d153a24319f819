"""The S3 backend against moto's standalone server: the same boto3 calls as against AWS or MinIO."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from opentok.storage.s3 import PART_BYTES, S3Storage
from testing.harness import start_s3_server


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    url, proc = start_s3_server()
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.fixture
def storage(s3_url: str, tmp_path: Path) -> S3Storage:
    store = S3Storage(
        f"media-{os.urandom(4).hex()}",
        tmp_path / "scratch",
        endpoint_url=s3_url,
        access_key_id="test",
        secret_access_key="test",
        path_style=True,
        presign_ttl_s=60,
    )
    store.ensure_bucket()
    return store


def test_whole_objects_round_trip_with_content_types(storage: S3Storage) -> None:
    assert storage.write_chunks("v/1/master.m3u8", [b"#EXTM3U\n", b"x"]) == 9
    assert storage.exists("v/1/master.m3u8") and not storage.exists("v/1/nope")
    assert storage.size("v/1/master.m3u8") == 9
    assert storage.open("v/1/master.m3u8").read() == b"#EXTM3U\nx"
    head = storage.client.head_object(Bucket=storage.bucket, Key="v/1/master.m3u8")
    assert head["ContentType"] == "application/vnd.apple.mpegurl"
    with pytest.raises(FileNotFoundError):
        storage.open("v/1/nope")


def test_presigned_urls_serve_the_object(storage: S3Storage) -> None:
    storage.write_chunks("v/2/poster.jpg", [b"\xff\xd8jpeg"])
    url = storage.presigned_url("v/2/poster.jpg")
    assert url and "Signature" in url
    resp = httpx.get(url)
    assert resp.status_code == 200 and resp.content == b"\xff\xd8jpeg"
    assert resp.headers["content-type"] == "image/jpeg"


def test_large_file_goes_up_in_multipart_parts(storage: S3Storage, tmp_path: Path) -> None:
    src = tmp_path / "big.mp4"
    src.write_bytes(os.urandom(PART_BYTES * 2 + 123))
    assert storage.import_file("uploads/big.src", src) == PART_BYTES * 2 + 123
    assert not src.exists()
    head = storage.client.head_object(Bucket=storage.bucket, Key="uploads/big.src")
    assert head["ETag"].strip('"').endswith("-3")  # three multipart parts
    with storage.local_copy("uploads/big.src") as copy:
        assert copy.stat().st_size == PART_BYTES * 2 + 123
    assert not copy.exists()  # scratch copy cleaned up


def test_appends_join_into_one_object(storage: S3Storage) -> None:
    key = "tus/1/abc.part"
    assert storage.appended_size(key) == 0
    data = [os.urandom(700_000) for _ in range(3)]
    offset = 0
    for piece in data:
        offset = storage.append(key, piece)
    assert offset == storage.appended_size(key) == 2_100_000
    assert storage.finish_append(key) == 2_100_000
    assert storage.open(key).read() == b"".join(data)
    assert storage.appended_size(key) == 0  # pieces removed once joined
    storage.delete(key)
    assert not storage.exists(key)


def test_publish_dir_replaces_folder_and_delete_prefix(storage: S3Storage, tmp_path: Path) -> None:
    rung = tmp_path / "360p"
    rung.mkdir()
    for name in ("index.m3u8", "seg0.m4s", "seg1.m4s"):
        (rung / name).write_bytes(name.encode())
    storage.publish_dir(rung, "v/3/360p")
    (rung / "seg1.m4s").unlink()
    storage.publish_dir(rung, "v/3/360p")
    keys = sorted(storage._keys("v/3/"))
    assert keys == ["v/3/360p/index.m3u8", "v/3/360p/seg0.m4s"]
    storage.write_chunks("v/30/keep.jpg", [b"x"])
    storage.delete_prefix("v/3")
    assert list(storage._keys("v/3/")) == [] and storage.exists("v/30/keep.jpg")
