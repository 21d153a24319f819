"""Short-lived signed media URLs: who may fetch a video's files, decided by whoever issued the link.

A URL looks like `/media/t/<token>/<prefix>/<file>`, where `<prefix>` is a video's media folder
(`videos/<digest>`) and `<token>` is `<expires>.<audience>.<video_id>.<sig>`: an HMAC over the
prefix, the expiry, the audience and the video id. The token is a *path segment*, so every
relative URI inside an HLS playlist (variant playlists, segments, an fMP4 init segment named by
EXT-X-MAP) resolves under the same token and is covered by the one signature: signing works for
any file under a video's folder, and one signature per video serves all its files.

Signing is a pure, cheap function (no database, no network), so presenters can sign per card.
Verification here checks only the signature and the expiry; the gateway then checks the video's
current state (`audience` "p" links die the moment a video stops being public, "o" links were
issued to the owner or a moderator), which is what makes rejection and deletion revoke at once.

Object storage (presigned bucket URLs) builds on `sign` / `verify` with its own transport.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from enum import StrEnum

from opentok.core.config import get_settings

#: URL path every signed link starts with.
URL_ROOT = "/media/t/"
#: Originals and upload scratch space: never served, whatever a token says.
PRIVATE_PREFIXES = ("uploads/", ".incoming/", "tus/")
#: Expiries are rounded up to this step so a card's URL stays the same for a while (caches hit).
EXPIRY_STEP_S = 60


class Audience(StrEnum):
    public = "p"  # issued because the video was public: valid only while it still is
    owner = "o"  # issued to the owner or a moderator: valid while the video exists


class MediaAccessError(Exception):
    """A media request that must be refused; `status` is the HTTP answer (403 or 404)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Grant:
    prefix: str
    key: str
    video_id: int
    audience: Audience
    expires: int


def _signing_key(secret: str | None) -> bytes:
    # Derived, so a media signature can never double as a session token and vice versa.
    raw = (secret if secret is not None else get_settings().secret_key).encode()
    return hmac.new(raw, b"opentok-media-url-v1", hashlib.sha256).digest()


def _signature(prefix: str, expires: int, audience: str, video_id: int, secret: str | None) -> str:
    msg = f"{prefix}\n{expires}\n{audience}\n{video_id}".encode()
    digest = hmac.new(_signing_key(secret), msg, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()  # 144 bits, no padding


def prefix_of(key: str) -> str:
    """A key's media folder: its first two path segments (`videos/<digest>`)."""
    parts = key.split("/")
    if len(parts) < 3 or not all(parts[:2]):
        raise ValueError(f"not a media key: {key!r}")
    return "/".join(parts[:2])


def expires_in(ttl_s: int, now: float | None = None) -> int:
    """Unix time `ttl_s` from now, rounded up to the next EXPIRY_STEP_S."""
    at = int(now if now is not None else time.time()) + ttl_s
    return -(-at // EXPIRY_STEP_S) * EXPIRY_STEP_S


def sign(
    prefix: str,
    expires: int,
    *,
    video_id: int = 0,
    audience: Audience = Audience.public,
    secret: str | None = None,
) -> str:
    """The URL path of the folder `prefix` (ending in "/"): append any file name under it.

    `secret` defaults to settings.secret_key (tests pass the platform's).
    """
    if prefix.startswith(PRIVATE_PREFIXES) or prefix.count("/") != 1:
        raise ValueError(f"cannot sign media prefix {prefix!r}")
    sig = _signature(prefix, expires, audience.value, video_id, secret)
    return f"{URL_ROOT}{expires}.{audience.value}.{video_id}.{sig}/{prefix}/"


def signed_url(key: str | None, base: str) -> str | None:
    """`key` under a folder URL from `sign` (keys of another folder are refused)."""
    if not key:
        return None
    folder = base.removeprefix(URL_ROOT).split("/", 1)[1]
    if not key.startswith(folder):
        raise ValueError(f"{key!r} is not under {folder!r}")
    return base + key[len(folder) :]


def verify(path: str, now: float | None = None, secret: str | None = None) -> Grant:
    """Check a request path (`<token>/<key>`, after URL_ROOT) and return what it grants.

    Raises MediaAccessError: 404 for keys that are never served or malformed paths, 403 for
    a bad, tampered or expired signature.
    """
    token, _, key = path.partition("/")
    if not key or key.startswith(PRIVATE_PREFIXES) or "/." in f"/{key}" or "\\" in key:
        raise MediaAccessError(404, "not a servable media key")
    try:
        prefix = prefix_of(key)
        expires_s, audience_s, video_s, sig = token.split(".")
        expires, video_id, audience = int(expires_s), int(video_s), Audience(audience_s)
    except ValueError:
        raise MediaAccessError(403, "malformed media token") from None
    expected = _signature(prefix, expires, audience.value, video_id, secret)
    if not hmac.compare_digest(sig.encode(), expected.encode()):
        raise MediaAccessError(403, "bad media signature")
    if expires < (now if now is not None else time.time()):
        raise MediaAccessError(403, "media link expired")
    return Grant(prefix=prefix, key=key, video_id=video_id, audience=audience, expires=expires)
