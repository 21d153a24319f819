"""Denormalised counters on videos, recomputed from the rows they summarise.

Recounting (rather than adding or subtracting) stays exact whoever else moved a row in
or out of the counted state: the moderation job, a moderator's override, a deletion.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from opentok.models import Comment, CommentStatus, Video


def recount_comments(session: Session, video_id: int) -> None:
    session.flush()
    visible = (
        select(func.count())
        .where(
            Comment.video_id == video_id,
            Comment.status == CommentStatus.approved,
            Comment.deleted_at.is_(None),
        )
        .scalar_subquery()
    )
    session.execute(update(Video).where(Video.id == video_id).values(comment_count=visible))
