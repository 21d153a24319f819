"""The For You feed falls back to trending when the recommender is down, and says so in /metrics."""

from __future__ import annotations

import httpx

from opentok.observability.testing import sample_value
from testing.harness import Platform, free_port


def test_feed_fallback_is_counted(platform: Platform) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens: the recommender is down
    url = platform.start_gateway(env={"RECOMMENDER_URL": closed}, name="gateway-no-recommender")
    with httpx.Client(base_url=url, timeout=30) as gw:
        before = sample_value(gw.get("/metrics").text, "opentok_feed_fallbacks_total", reason="unavailable")
        assert gw.get("/api/feed").status_code == 200
        after = sample_value(gw.get("/metrics").text, "opentok_feed_fallbacks_total", reason="unavailable")
    assert after == before + 1
