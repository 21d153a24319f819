"""The whole schema. Importing this package registers every table on `Base.metadata`."""

from opentok.db.base import Base
from opentok.models.engagement import REPORT_REASONS, Comment, FeedImpression, Like, Report, WatchEvent
from opentok.models.enums import (
    CommentStatus,
    DecisionSource,
    ReportStatus,
    SubjectType,
    UserRole,
    UserStatus,
    Verdict,
    VideoStatus,
    WatchSource,
)
from opentok.models.ml import (
    Alert,
    DriftReport,
    ModelVersion,
    UserCategoryStat,
    UserPreference,
    UserScore,
)
from opentok.models.moderation import ModerationDecision, ModerationPolicy
from opentok.models.user import Follow, RefreshToken, User
from opentok.models.video import VIDEO_CATEGORIES, Hashtag, Rendition, UploadSession, Video, VideoHashtag

__all__ = [
    "REPORT_REASONS",
    "VIDEO_CATEGORIES",
    "Alert",
    "Base",
    "Comment",
    "CommentStatus",
    "DecisionSource",
    "DriftReport",
    "FeedImpression",
    "Follow",
    "Hashtag",
    "Like",
    "ModelVersion",
    "ModerationDecision",
    "ModerationPolicy",
    "RefreshToken",
    "Rendition",
    "Report",
    "ReportStatus",
    "SubjectType",
    "UploadSession",
    "User",
    "UserCategoryStat",
    "UserPreference",
    "UserRole",
    "UserScore",
    "UserStatus",
    "Verdict",
    "Video",
    "VideoHashtag",
    "VideoStatus",
    "WatchEvent",
    "WatchSource",
]
