"""Status and role vocabularies, shared by the schema, the API and the workers."""

from enum import StrEnum

from sqlalchemy import Enum


class UserRole(StrEnum):
    user = "user"
    moderator = "moderator"
    admin = "admin"


class UserStatus(StrEnum):
    active = "active"
    suspended = "suspended"
    banned = "banned"


class VideoStatus(StrEnum):
    uploaded = "uploaded"
    processing = "processing"
    pending_review = "pending_review"
    published = "published"
    rejected = "rejected"
    failed = "failed"


class CommentStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class Verdict(StrEnum):
    approve = "approve"
    review = "review"
    reject = "reject"
    escalate = "escalate"


class DecisionSource(StrEnum):
    ai = "ai"
    human = "human"


class SubjectType(StrEnum):
    video = "video"
    comment = "comment"
    user = "user"
    report = "report"
    policy = "policy"


class ReportStatus(StrEnum):
    open = "open"
    resolved = "resolved"
    dismissed = "dismissed"


class WatchSource(StrEnum):
    feed = "feed"
    following = "following"
    profile = "profile"
    search = "search"
    hashtag = "hashtag"
    share = "share"


def db_enum(enum_cls: type[StrEnum]) -> Enum:
    """A portable VARCHAR-backed enum: no native ENUM types, so SQLite and MySQL agree."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )
