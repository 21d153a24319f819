"""`POST /v1/videos:moderate`: one verdict for one video, from whichever provider is configured.

The service is internal (the workers call it, users never do) and shares media storage
with them, so a video is named by its storage key, or by a local path for tools and tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator

from moderation_service.video.base import VideoInput, VideoVerdict
from moderation_service.video.providers import get_provider
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
    if body.storage_key:
        try:
            path = get_storage().local_path(body.storage_key)
        except ValueError as exc:
            raise HTTPException(422, f"invalid storage_key: {exc}") from exc
    else:
        path = Path(body.media_path or "")
    if not path.is_file():
        raise HTTPException(404, "the video file does not exist")
    return path


@router.post("/v1/videos:moderate", response_model=ModerateVideoResponse)
def moderate_video(body: ModerateVideoRequest) -> ModerateVideoResponse:
    """Synchronous on purpose: the worker waits for the verdict; FastAPI runs this in a thread."""
    video = VideoInput(
        path=_media_file(body),
        title=body.title,
        description=body.description,
        hashtags=body.hashtags,
        video_id=body.video_id,
    )
    verdict = get_provider().moderate(video)
    return ModerateVideoResponse(**verdict.model_dump(), video_id=body.video_id)
