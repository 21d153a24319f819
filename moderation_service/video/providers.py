"""Which provider moderates videos: Gemini when an API key is set, else the local pipeline."""

from __future__ import annotations

from functools import lru_cache

from moderation_service.video.base import VideoModerationProvider
from opentok.core.config import Settings, get_settings


def make_provider(settings: Settings) -> VideoModerationProvider:
    # Imported lazily: a Gemini deployment never loads nudenet, an offline one never the SDK.
    if settings.gemini_api_key:
        from moderation_service.video.gemini import GeminiVideoProvider

        return GeminiVideoProvider.from_settings(settings)
    from moderation_service.video.local import LocalVideoProvider

    return LocalVideoProvider.from_settings(settings)


@lru_cache
def get_provider() -> VideoModerationProvider:
    """The process-wide provider (cleared with `get_provider.cache_clear()` in tests)."""
    return make_provider(get_settings())
