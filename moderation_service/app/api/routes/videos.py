"""`POST /v1/videos:moderate`: one verdict for one video, from whichever provider is configured.

The service is internal (the workers call it, users never do) and shares media storage
with them, so a video is named by its storage key, or by a local path for tools and tests.
The verdict uses the same thresholds as comments: the admin policy in force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, model_validator

from moderation_service.app.api.deps import StateDep
from moderation_service.app.api.routes.comments import current_thresholds
from moderation_service.app.state import ServiceState
from moderation_service.video.base import VideoInput, VideoModerationProvider, VideoVerdict
from moderation_service.video.providers import make_provider
from opentok.api.errors import ApiError
from opentok.core.config import get_settings
from opentok.observability.metrics import record_verdict
from opentok.storage import get_storage

router = APIRouter(tags=["videos"])


class ModerateVideoRequest(BaseModel):
    video_id: int | None = None
    storage_key: str | None = Field(None, max_length=255, description="Key in the shared media storage.")
    media_path: str | None = Field(None, max_length=1000, description="A local file, for tools and tests.")
    title: str = Field("", max_length=500)
    description: str = Field("", max_length=10_000)
    hashtags: list[str] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if bool(self.storage_key) == bool(self.media_path):
            raise ValueError("give exactly one of storage_key or media_path")
        return self


class ModerateVideoResponse(VideoVerdict):
    video_id: int | None = None


def _media_file(body: ModerateVideoRequest) -> Path:
    field = "storage_key" if body.storage_key else "media_path"
    if body.storage_key:
        try:
            path = get_storage().local_path(body.storage_key)
        except ValueError as exc:
            raise ApiError(422, "invalid_storage_key", str(exc), field) from exc
    else:
        path = Path(body.media_path or "")
    if not path.is_file():
        raise ApiError(404, "video_not_found", "the video file does not exist", field)
    return path


def _provider(request: Request, state: ServiceState) -> VideoModerationProvider:
    """One provider per loaded service state, sharing its comment model (rebuilt on reload)."""
    cached = getattr(request.app.state, "video_provider", None)
    if cached is None or cached[0] is not state:
        cached = (state, make_provider(get_settings(), classifier=lambda: state.classifier))
        request.app.state.video_provider = cached
    return cached[1]


@router.post("/v1/videos:moderate", response_model=ModerateVideoResponse)
async def moderate_video(
    body: ModerateVideoRequest, request: Request, state: StateDep
) -> ModerateVideoResponse:
    """The worker waits for this verdict; the slow part runs in a thread, off the event loop."""
    video = VideoInput(
        path=_media_file(body),
        title=body.title,
        description=body.description,
        hashtags=body.hashtags,
        video_id=body.video_id,
    )
    thresholds = await run_in_threadpool(current_thresholds, state)
    verdict = await run_in_threadpool(_provider(request, state).moderate, video, thresholds)
    record_verdict("video", str(verdict.verdict), verdict.categories)
    return ModerateVideoResponse(**verdict.model_dump(), video_id=body.video_id)
