"""Service-to-service authentication: the moderation and recommender services trust no caller
that does not present the shared SERVICE_TOKEN.

Callers (gateway, workers, launcher, tests) send `service_headers()`; the services guard every
router except health and metrics with `require_service_token`. The token is compared in constant
time. An acting user (the admin who changes a policy) travels in `ACTOR_HEADER`, set by the
gateway after it authenticated that user; the header is believed only because the token is.
Without an explicit SERVICE_TOKEN the token is derived from SECRET_KEY, which every process of a
deployment already shares, so a fresh `make run` or compose stack is protected with no extra step.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Header

from opentok.api.errors import ApiError
from opentok.core.config import get_settings

TOKEN_HEADER = "X-Service-Token"
ACTOR_HEADER = "X-Actor-Id"


def service_token() -> str:
    settings = get_settings()
    if settings.service_token:
        return settings.service_token
    return hmac.new(settings.secret_key.encode(), b"opentok-service-token-v1", hashlib.sha256).hexdigest()


def service_headers(actor_id: int | None = None) -> dict[str, str]:
    """Headers every call to an internal service carries."""
    headers = {TOKEN_HEADER: service_token()}
    if actor_id is not None:
        headers[ACTOR_HEADER] = str(actor_id)
    return headers


def require_service_token(
    token: Annotated[str | None, Header(alias=TOKEN_HEADER, include_in_schema=False)] = None,
) -> None:
    """FastAPI dependency: 401 unless the caller presents the shared service token."""
    if token is None or not hmac.compare_digest(token.encode(), service_token().encode()):
        raise ApiError(401, "service_token_required", f"internal service: send a valid {TOKEN_HEADER} header")


def actor_id(
    value: Annotated[str | None, Header(alias=ACTOR_HEADER, include_in_schema=False)] = None,
) -> int | None:
    """The user the (token-authenticated) gateway acts for, if any."""
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 18:
        raise ApiError(422, "invalid_actor", f"{ACTOR_HEADER} must be a user id", ACTOR_HEADER)
    return int(value)


ServiceAuth = Depends(require_service_token)
ActorId = Annotated[int | None, Depends(actor_id)]
