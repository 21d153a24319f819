"""`POST /v1/videos:moderate`: one verdict for one video, from whichever provider is configured.

The service is internal (the workers call it with the service token, users never do) and
shares media storage with them, so a video is named only by its storage key: a platform-made
key under `videos/` or `uploads/`, confined to the media root. No caller can name another file.
The verdict uses the same thresholds as comments: the admin policy in force.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from backend_constant.ffmpeg.errors import MediaRejected
from backend_constant.ffmpeg.formats import sniff
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


#: Keys the platform generates: `videos/<folder>/...` outputs or `uploads/<user>/<name>` originals.
STORAGE_KEY = re.compile(r"(videos|uploads)(/[A-Za-z0-9_-][A-Za-z0-9_.-]*){2,4}")


class ModerateVideoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # e.g. a `media_path` is refused, not ignored

    video_id: int | None = Field(None, ge=1, le=2**63 - 1)
    storage_key: str = Field(max_length=255, description="Key in the shared media storage.")
    title: str = Field("", max_length=500)
    description: str = Field("", max_length=10_000)
    hashtags: list[str] = Field(default_factory=list, max_length=100)


class ModerateVideoResponse(VideoVerdict):
    video_id: int | None = None


def _media_file(body: ModerateVideoRequest) -> Path:
    field = "storage_key"
    if not STORAGE_KEY.fullmatch(body.storage_key) or "/." in body.storage_key:
        raise ApiError(422, "invalid_storage_key", "not a platform storage key", field)
    try:
        path = get_storage().local_path(body.storage_key)
    except ValueError as exc:
        raise ApiError(422, "invalid_storage_key", str(exc), field) from exc
    if not path.is_file() or path.is_symlink():
        raise ApiError(404, "video_not_found", "the video file does not exist", field)
    try:
        sniff(path)
    except MediaRejected as exc:
        raise ApiError(422, "unsupported_media", exc.message, field) from exc
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
