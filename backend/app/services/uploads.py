"""Turning a received file into a video: content check, storage, row, hashtags, job.

Both upload paths (plain multipart and tus) end here, so the rules live in one place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlalchemy.orm import Session

from backend.app.crud import hashtags
from backend_constant.ffmpeg.errors import MediaRejected
from backend_constant.ffmpeg.formats import sniff_head
from opentok.api.errors import ApiError
from opentok.models import VIDEO_CATEGORIES, User, Video, VideoStatus
from opentok.storage import get_storage, new_key
from opentok.tasks import PROCESS_VIDEO

log = logging.getLogger(__name__)


class UploadMeta(BaseModel):
    title: str = Field(min_length=1, max_length=150)
    description: str = Field("", max_length=2200)
    category: str = "other"
    hashtags: list[str] = Field(default_factory=list, max_length=30)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title cannot be blank")
        return value.strip()

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        value = (value or "other").strip().lower()
        if value not in VIDEO_CATEGORIES:
            raise ValueError(f"category must be one of: {', '.join(VIDEO_CATEGORIES)}")
        return value

    @field_validator("hashtags", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [t for t in value.replace(",", " ").split() if t]
        return value


def parse_meta(fields: dict[str, str]) -> UploadMeta:
    """Validate title/description/category/hashtags from either upload path as one API error."""
    try:
        return UploadMeta(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise ApiError(422, "validation_error", first["msg"].removeprefix("Value error, "), field) from exc


def check_container(head: bytes) -> str:
    """Turn away non-video uploads early, by their bytes whatever the filename says.

    The same allow-list the worker applies (backend_constant.ffmpeg.formats), so both agree;
    the worker then probes the file properly.
    """
    try:
        return sniff_head(head).kind
    except MediaRejected as exc:
        raise ApiError(415, "unsupported_media_type", exc.message, field="file") from exc


def create_video(
    session: Session, owner: User, src: Path, meta: UploadMeta, filename: str | None = None
) -> Video:
    """Move the finished file into storage under a generated key, then record and enqueue it."""
    key = new_key(f"uploads/{owner.id}", ".src")
    size = get_storage().import_file(key, src)
    tags = hashtags.normalise(
        meta.hashtags + hashtags.extract(meta.description) + hashtags.extract(meta.title)
    )
    video = Video(
        owner_id=owner.id,
        title=meta.title,
        description=meta.description,
        category=meta.category,
        status=VideoStatus.uploaded,
        source_key=key,
        source_size=size,
        original_filename=(filename or "")[:255] or None,
    )
    session.add(video)
    session.flush()
    hashtags.attach(session, video.id, tags)
    session.commit()
    enqueue_processing(video.id)
    return video


def enqueue_processing(video_id: int) -> bool:
    """Send the processing job. If the broker is down the video stays `uploaded`, and the
    periodic stuck-video sweep sends it again: the upload is never lost."""
    from backend_constant.celery_app import celery_app

    try:
        celery_app.send_task(PROCESS_VIDEO, args=[video_id])
        return True
    except Exception:  # broker unreachable: logged, retried by the sweeper
        log.exception("could not enqueue processing for video %s", video_id)
        return False
