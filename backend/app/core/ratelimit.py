"""Rate limits kept in Redis, so every worker and replica of the gateway counts together.

A limit is a setting like "20/minute". Each key counts hits in Redis (one round trip, the
same answer from whichever process asks), as a sliding window estimated from two fixed
ones. Over the limit the caller gets 429 with `Retry-After`.

The client is the TCP peer, unless the peer is a configured proxy (`FORWARDED_ALLOW_IPS`):
only then is `X-Forwarded-For` read, from the right, skipping trusted hops. uvicorn's own
proxy-header rewriting is turned off where we launch it (`--no-proxy-headers`), so a client
cannot choose its own address by sending the header.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from functools import lru_cache

import redis
from fastapi import Request

from opentok.api.errors import ApiError
from opentok.core.config import get_settings

log = logging.getLogger(__name__)
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_limit(text: str) -> tuple[int, int]:
    """'20/minute' -> (20, 60). A count of 0 turns the limit off."""
    count, _, unit = text.partition("/")
    return int(count), _UNITS[unit.strip().rstrip("s")]


@lru_cache
def _redis() -> redis.Redis:
    settings = get_settings()
    return redis.Redis.from_url(settings.broker_url, socket_timeout=1.0, socket_connect_timeout=1.0)


def hit(name: str, key: str, limit: str) -> float | None:
    """Count one hit of `key` under limit `name`; return seconds to wait when over it.

    A sliding window estimated from two fixed windows: the previous window's count, weighted
    by how much of it still overlaps the last `window` seconds, plus the current count. So a
    burst straddling a window boundary is still seen whole.
    """
    count, window = parse_limit(limit)
    if count <= 0:
        return None
    now = time.time()
    slot, elapsed = int(now // window), now % window
    base = f"ratelimit:{name}:{key}:"
    try:
        pipe = _redis().pipeline()
        pipe.incr(base + str(slot))
        pipe.expire(base + str(slot), 2 * window + 1)
        pipe.get(base + str(slot - 1))
        current, _, previous = pipe.execute()
    except redis.RedisError:  # a limiter outage must not take logins down with it
        log.warning("rate limiter unavailable; allowing %s", name, exc_info=True)
        return None
    current, previous = int(current), int(previous or 0)
    if previous * (window - elapsed) / window + current <= count:
        return None
    if current <= count:  # over only because of the previous window: wait until it fades enough
        return max(1.0, (window - elapsed) - window * (count - current) / max(previous, 1))
    return (window - elapsed) + window * (1 - count / current)


def enforce(name: str, key: str, limit: str, message: str = "too many requests, try again shortly") -> None:
    wait = hit(name, key, limit)
    if wait is not None:
        raise ApiError(429, "rate_limited", message, headers={"Retry-After": str(max(1, int(wait) + 1))})


# --- who is the client ----------------------------------------------------------------
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache
def _trusted(spec: str) -> tuple[Network, ...]:
    """Parse FORWARDED_ALLOW_IPS: addresses, CIDRs or host names (resolved once, e.g. `nginx`)."""
    nets: list[Network] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            try:
                addrs = {info[4][0] for info in socket.getaddrinfo(item, None)}
            except OSError:
                log.warning("FORWARDED_ALLOW_IPS: cannot resolve %s", item)
                continue
            nets.extend(ipaddress.ip_network(a) for a in addrs)
    return tuple(nets)


def _is_trusted(address: str, nets: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_ip(request: Request) -> str:
    peer = request.client.host if request.client else "unknown"
    nets = _trusted(get_settings().forwarded_allow_ips)
    if not nets or not _is_trusted(peer, nets):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):  # the nearest hop a trusted proxy did not add is the client
        if not _is_trusted(hop, nets):
            return hop if _valid_ip(hop) else peer
    return hops[0] if hops and _valid_ip(hops[0]) else peer


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def caller_key(request: Request, user_id: int | None) -> str:
    """Signed-in callers are counted per account, anonymous ones per client address."""
    return f"u{user_id}" if user_id is not None else f"ip{client_ip(request)}"
