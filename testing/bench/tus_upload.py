"""Gateway memory during a large resumable (tus) upload: RSS growth must stay flat (~50 MB max).

Starts a real platform (SQLite, embedded Redis, uvicorn gateway), signs a user up through the API
and streams SIZE bytes through tus in PATCH requests, sampling the gateway's RSS every 5 ms.

    nice -n 10 /work/venv/bin/python -m testing.bench.tus_upload              # 1 GB
    nice -n 10 /work/venv/bin/python -m testing.bench.tus_upload --size-mb 256
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from tqdm import tqdm

from testing import tus_client
from testing.harness import Platform
from testing.rss import RssSampler, process_listening_on

MP4_START = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"  # passes the container check


def body(start: int, end: int, piece: int, bar: tqdm) -> Iterator[bytes]:
    filler = os.urandom(piece)
    for pos in range(start, end, piece):
        chunk = (MP4_START + filler[len(MP4_START) :]) if pos == 0 else filler
        chunk = chunk[: min(piece, end - pos)]
        bar.update(len(chunk))
        yield chunk


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--patch-mb", type=int, default=128, help="bytes per PATCH request")
    args = parser.parse_args()
    size, step, piece = args.size_mb << 20, args.patch_mb << 20, 1 << 20

    with tempfile.TemporaryDirectory(prefix="bench-tus-") as tmp:
        platform = Platform(backend="sqlite", workdir=Path(tmp))
        try:
            platform.setup()
            platform.start_gateway()
            gateway = process_listening_on(platform.base_url)
            with httpx.Client(base_url=platform.base_url, timeout=600) as client:
                creds = {
                    "username": "bench_user",
                    "email": "bench@example.com",
                    "password": "bench-password-1",
                }
                token = client.post("/api/auth/register", json=creds).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                created = tus_client.create(
                    client, headers, size, {"title": "big upload", "filename": "big.mp4"}
                )
                created.raise_for_status()
                location = created.headers["Location"]
                offset, started = 0, time.perf_counter()
                with (
                    RssSampler(gateway) as rss,
                    tqdm(total=size, unit="B", unit_scale=True, desc="tus") as bar,
                ):
                    while offset < size:
                        end = min(size, offset + step)
                        data = body(offset, end, piece, bar)
                        resp = tus_client.patch(client, headers, location, offset, data, length=end - offset)
                        resp.raise_for_status()
                        offset = int(resp.headers["Upload-Offset"])
                elapsed = time.perf_counter() - started
                video_id = resp.headers.get("OpenTok-Video-Id")
        finally:
            platform.teardown()
    print(f"uploaded:        {size / 2**20:.0f} MB in {size // step + (size % step > 0)} PATCH requests "
          f"({elapsed:.1f} s, {size / 2**20 / elapsed:.0f} MB/s) -> video {video_id}")  # fmt: skip
    print(f"gateway RSS:     {rss.before / 2**20:.1f} MB before, {rss.peak / 2**20:.1f} MB peak")
    print(f"RSS growth:      {rss.growth_mb:.1f} MB (target: under 50 MB)")


if __name__ == "__main__":
    main()
