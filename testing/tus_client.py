"""A small tus 1.0 client (httpx) for demo uploads, tests and the upload benchmark.

It streams the file in chunks and resumes from the server's offset after an interruption, which
is what a browser client like tus-js-client does.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

TUS_HEADERS = {"Tus-Resumable": "1.0.0"}
ENDPOINT = "/api/uploads/tus"


def encode_metadata(meta: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())


def create(
    client: httpx.Client, headers: dict[str, str], length: int, meta: dict[str, str]
) -> httpx.Response:
    return client.post(
        ENDPOINT,
        headers={
            **headers,
            **TUS_HEADERS,
            "Upload-Length": str(length),
            "Upload-Metadata": encode_metadata(meta),
        },
    )


def offset_of(client: httpx.Client, headers: dict[str, str], location: str) -> int:
    resp = client.head(location, headers={**headers, **TUS_HEADERS})
    resp.raise_for_status()
    return int(resp.headers["Upload-Offset"])


def patch(
    client: httpx.Client, headers: dict[str, str], location: str, offset: int, body: bytes | Iterator[bytes],
    length: int | None = None,
) -> httpx.Response:  # fmt: skip
    extra = {"Content-Length": str(length)} if length is not None else {}
    return client.patch(
        location,
        headers={**headers, **TUS_HEADERS, **extra, "Upload-Offset": str(offset),
                 "Content-Type": "application/offset+octet-stream"},
        content=body,
    )  # fmt: skip


def _read_range(path: Path, start: int, size: int, piece: int = 256 * 1024) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(start)
        left = size
        while left > 0:
            data = fh.read(min(piece, left))
            if not data:
                return
            left -= len(data)
            yield data


def upload_file(
    client: httpx.Client,
    headers: dict[str, str],
    path: Path,
    meta: dict[str, str],
    chunk_bytes: int = 8 << 20,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Upload `path` and return the created video id."""
    length = path.stat().st_size
    created = create(client, headers, length, {"filename": path.name, **meta})
    created.raise_for_status()
    location = created.headers["Location"]
    offset = 0
    while offset < length:
        size = min(chunk_bytes, length - offset)
        resp = patch(client, headers, location, offset, _read_range(path, offset, size), length=size)
        if resp.status_code != 204:
            raise RuntimeError(f"tus PATCH failed: {resp.status_code} {resp.text}")
        new_offset = int(resp.headers["Upload-Offset"])
        if progress:
            progress(new_offset - offset)
        offset = new_offset
        if offset >= length:
            return int(resp.headers["OpenTok-Video-Id"])
    raise RuntimeError("upload finished without a video id")
