"""Client for the moderation service (`settings.moderation_url`, FastAPI on :8001).

Transport trouble, timeouts, 5xx and 503 (degraded / policy unreadable) raise
`ModerationUnavailable`: callers treat it as transient (retry, then hold for a human).
A 4xx is the caller's bug and raises `ModerationRequestError` with the service's error body.
"""

from __future__ import annotations

from typing import Any

import httpx

from opentok.api.service_auth import service_headers
from opentok.core.config import get_settings
from opentok.observability.logging import httpx_event_hooks


class ModerationError(Exception):
    """Base class for every failure talking to the moderation service."""


class ModerationUnavailable(ModerationError):
    """The service could not answer now (down, timing out, 5xx): worth retrying."""


class ModerationRequestError(ModerationError):
    """The service refused the request (4xx); retrying will not help."""

    def __init__(self, status: int, error: dict[str, Any]) -> None:
        super().__init__(f"{status} {error.get('code')}: {error.get('message')}")
        self.status, self.error = status, error


def video_timeout_s() -> float:
    """Long enough for Gemini to use every retry (each call bounded by its own timeout)."""
    settings = get_settings()
    return settings.moderation_timeout_s + settings.gemini_timeout_s * (settings.gemini_max_retries + 1)


class ModerationClient:
    def __init__(self, base_url: str | None = None, timeout: float | None = None) -> None:
        settings = get_settings()
        self.base_url = (base_url or settings.moderation_url).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.moderation_timeout_s

    def _request(
        self, method: str, path: str, json: dict | None = None, actor_id: int | None = None
    ) -> dict[str, Any]:
        try:
            hooks = httpx_event_hooks()  # the caller's X-Request-ID travels with the call
            with httpx.Client(base_url=self.base_url, timeout=self.timeout, event_hooks=hooks) as http:
                response = http.request(method, path, json=json, headers=service_headers(actor_id))
        except httpx.HTTPError as exc:  # connect errors, timeouts, protocol errors
            raise ModerationUnavailable(f"{method} {path}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code >= 500:
            raise ModerationUnavailable(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        if response.status_code >= 400:
            try:
                error = response.json().get("error", {})
            except ValueError:
                error = {"code": "http_error", "message": response.text[:200]}
            raise ModerationRequestError(response.status_code, error)
        try:
            return response.json()
        except ValueError as exc:
            raise ModerationUnavailable(f"{method} {path}: response is not JSON") from exc

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/healthz")

    def classify_comments(self, texts: list[str]) -> dict[str, Any]:
        """`{"model_version", "provider", "degraded", "results": [{"scores", "verdict", ...}]}`."""
        return self._request("POST", "/v1/comments:classify", {"texts": list(texts)})

    def cyberbullying(self, texts: list[str]) -> dict[str, Any]:
        """`{"model_version", "kind", "results": [{"label", "probabilities"}]}`."""
        return self._request("POST", "/v1/text/cyberbullying", {"texts": list(texts)})

    def moderate_video(
        self,
        *,
        video_id: int | None,
        title: str,
        description: str = "",
        hashtags: list[str] | None = None,
        storage_key: str,
    ) -> dict[str, Any]:
        """The verdict for one video (`moderation_service.video.base.VideoVerdict` as JSON).

        Slower than a comment (frames, OCR, or Gemini with its retries): build the client
        with `timeout=video_timeout_s()`."""
        body = {
            "video_id": video_id,
            "title": title,
            "description": description,
            "hashtags": list(hashtags or []),
            "storage_key": storage_key,
        }
        return self._request("POST", "/v1/videos:moderate", body)

    def get_policy(self) -> dict[str, Any]:
        return self._request("GET", "/v1/policy")

    def put_policy(
        self, thresholds: dict[str, dict[str, float]], actor_id: int | None = None, note: str | None = None
    ) -> dict[str, Any]:
        """`actor_id`: the admin the caller authenticated; sent as a header the token vouches for."""
        return self._request("PUT", "/v1/policy", {"thresholds": thresholds, "note": note}, actor_id=actor_id)

    def models(self) -> dict[str, Any]:
        return self._request("GET", "/v1/models")
