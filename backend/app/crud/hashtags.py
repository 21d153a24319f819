"""Hashtags: parsed from text or given explicitly, stored lower-case without '#'."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opentok.models import Hashtag, VideoHashtag

TAG_RE = re.compile(r"#(\w{1,64})", re.UNICODE)
MAX_TAGS = 20


def normalise(tags: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for raw in tags:
        tag = raw.strip().lstrip("#").lower()
        if tag and re.fullmatch(r"\w{1,64}", tag):
            seen.setdefault(tag, None)
    return list(seen)[:MAX_TAGS]


def extract(text: str) -> list[str]:
    return normalise(TAG_RE.findall(text or ""))


def get_or_create(session: Session, tag: str) -> Hashtag:
    row = session.scalar(select(Hashtag).where(Hashtag.tag == tag))
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = Hashtag(tag=tag)
            session.add(row)
    except IntegrityError:  # created concurrently by another request
        row = session.scalar(select(Hashtag).where(Hashtag.tag == tag))
    assert row is not None
    return row


def attach(session: Session, video_id: int, tags: list[str]) -> None:
    for tag in tags:
        session.add(VideoHashtag(video_id=video_id, hashtag_id=get_or_create(session, tag).id))


def tags_by_video(session: Session, video_ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    if not video_ids:
        return result
    rows = session.execute(
        select(VideoHashtag.video_id, Hashtag.tag)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .where(VideoHashtag.video_id.in_(video_ids))
        .order_by(VideoHashtag.id)
    )
    for video_id, tag in rows:
        result[video_id].append(tag)
    return result
