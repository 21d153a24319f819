"""Turning a received file into a video: content check, storage, row, hashtags, job.

Both upload paths (plain multipart and tus) end here, so the rules live in one place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import BaseModel, Field, field_validator
from sqlalchemy.orm import Session

from backend.app.core.errors import ApiError
from backend.app.crud import hashtags
from opentok.models import VIDEO_CATEGORIES, User, Video, VideoStatus
from opentok.storage import get_storage, new_key

log = logging.getLogger(__name__)
PROCESS_VIDEO = "opentok.process_video"


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


def sniff_container(head: bytes) -> str | None:
    """Recognise the allowed containers by their magic bytes, whatever the filename says.

    The worker probes the file properly later; this only turns away non-video uploads early.
    """
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"  # also mov/3gp: the ISO base media family
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "mov"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "matroska"  # mkv and webm
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    return None


def check_container(head: bytes) -> str:
    kind = sniff_container(head)
    if kind is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            "file is not a supported video (mp4, mov, webm, mkv, avi)",
            field="file",
        )
    return kind


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
