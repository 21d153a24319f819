"""Which provider moderates videos: Gemini when an API key is set, else the local pipeline."""

from __future__ import annotations

from collections.abc import Callable

from moderation_service.text.classifier import CommentClassifier, get_classifier
from moderation_service.video.base import VideoModerationProvider
from opentok.core.config import Settings


def make_provider(
    settings: Settings, classifier: Callable[[], CommentClassifier | None] = get_classifier
) -> VideoModerationProvider:
    """`classifier` lets the service share the comment model it already holds in memory."""
    # Imported lazily: a Gemini deployment never loads nudenet, an offline one never the SDK.
    if settings.gemini_api_key:
        from moderation_service.video.gemini import GeminiVideoProvider

        return GeminiVideoProvider.from_settings(settings)
    from moderation_service.video.local import LocalVideoProvider

    return LocalVideoProvider(frame_samples=settings.video_frame_samples, classifier=classifier)
