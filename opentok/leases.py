"""Short leases in Redis: one holder at a time for a piece of work, kept alive while it runs.

A holder that dies stops renewing and its lease lapses after `ttl_s`. A second delivery of the
same task in the meantime finds the lease taken and backs off, instead of claiming the work and
deleting the first attempt's files. Redis is the broker every worker already shares, so the
lease holds across processes and machines.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import redis

from opentok.core.config import get_settings

# Renew or release only while the key still holds our token (another holder may own it now).
_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call({}) end return 0"
_RENEW = _IF_OURS.format("'expire', KEYS[1], ARGV[2]")
_RELEASE = _IF_OURS.format("'del', KEYS[1]")


class Lease:
    def __init__(self, key: str, ttl_s: int, client: redis.Redis | None = None) -> None:
        self.key = key
        self.ttl_s = max(1, int(ttl_s))
        self.client = client or redis.Redis.from_url(get_settings().broker_url)
        self.token = secrets.token_hex(8)

    def acquire(self) -> bool:
        return bool(self.client.set(self.key, self.token, nx=True, ex=self.ttl_s))

    def renew(self) -> bool:
        return bool(self.client.eval(_RENEW, 1, self.key, self.token, self.ttl_s))

    def release(self) -> None:
        self.client.eval(_RELEASE, 1, self.key, self.token)

    @contextmanager
    def kept_alive(self) -> Iterator[Lease]:
        """Renew every third of the TTL while the block runs; release at the end."""
        stop = threading.Event()

        def renew_until_stopped() -> None:
            while not stop.wait(self.ttl_s / 3):
                with suppress(redis.RedisError):  # broker down: the lease may lapse, work goes on
                    self.renew()

        thread = threading.Thread(target=renew_until_stopped, name=f"lease:{self.key}", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()
            with suppress(redis.RedisError):
                self.release()


def video_processing_lease(video_id: int) -> Lease:
    return Lease(f"opentok:lease:process_video:{video_id}", get_settings().processing_lease_s)
