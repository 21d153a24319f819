"""HTTP client for the recommender service, used by the gateway's feed and event routes.

Every call has the short `recommender_timeout_s` budget: a slow or dead recommender must cost
the feed a fraction of a second, after which the caller falls back to trending. Failures are
raised as one exception type so callers have a single thing to catch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx

from opentok.api.service_auth import service_headers
from opentok.core.config import get_settings
from opentok.observability.logging import httpx_event_hooks

log = logging.getLogger(__name__)


class RecommenderUnavailable(RuntimeError):
    """Timeout, connection error, non-2xx answer or an unreadable body."""


@dataclass(frozen=True)
class RecommendedItem:
    video_id: int
    reason: str  # exploit | explore | trending | cold-start | fresh | similar
    score: float = 0.0
    category: str = ""
    creator_id: int = 0


class RecommenderClient:
    def __init__(
        self,
        base_url: str | None = None,
        timeout_s: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        settings = get_settings()
        self._http = httpx.Client(
            base_url=base_url or settings.recommender_url,
            timeout=httpx.Timeout(timeout_s if timeout_s is not None else settings.recommender_timeout_s),
            transport=transport,
            event_hooks=httpx_event_hooks(),  # the caller's X-Request-ID travels with the call
            headers=service_headers(),
        )

    def close(self) -> None:
        self._http.close()

    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._http.get(path, params={k: v for k, v in params.items() if v is not None})
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RecommenderUnavailable(f"recommender {path}: {exc!r}") from exc

    @staticmethod
    def _items(body: dict[str, Any]) -> list[RecommendedItem]:
        try:
            return [
                RecommendedItem(
                    video_id=int(i["video_id"]),
                    reason=str(i.get("reason", "")),
                    score=float(i.get("score", 0.0)),
                    category=str(i.get("category", "")),
                    creator_id=int(i.get("creator_id", 0)),
                )
                for i in body["items"]
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise RecommenderUnavailable(f"unreadable recommender answer: {exc!r}") from exc

    def recommendations(
        self, user_id: int | None, limit: int = 10, exclude: Iterable[int] = ()
    ) -> list[RecommendedItem]:
        exclude_param = ",".join(str(int(v)) for v in exclude) or None
        body = self._get(
            "/v1/recommendations", {"user_id": user_id, "limit": limit, "exclude": exclude_param}
        )
        return self._items(body)

    def trending(self, limit: int = 10, exclude: Iterable[int] = ()) -> list[RecommendedItem]:
        exclude_param = ",".join(str(int(v)) for v in exclude) or None
        return self._items(self._get("/v1/trending", {"limit": limit, "exclude": exclude_param}))

    def similar(self, video_id: int, limit: int = 10) -> list[RecommendedItem]:
        return self._items(self._get(f"/v1/similar/{int(video_id)}", {"limit": limit}))

    def send_events(self, events: list[dict[str, Any]]) -> bool:
        """Forward watch/like outcomes so exploration adapts at once. Best effort: the event
        tables stay the truth and the nightly rebuild reconciles the posteriors anyway."""
        if not events:
            return True
        try:
            self._http.post("/v1/events", json={"events": events}).raise_for_status()
            return True
        except httpx.HTTPError as exc:
            log.info("recommender events not delivered: %r", exc)
            return False


@lru_cache
def get_recommender_client() -> RecommenderClient:
    """One pooled client per process."""
    return RecommenderClient()
