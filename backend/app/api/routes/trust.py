"""Trust-and-safety views: account trust for staff, the fact-check queue, per-video sentiment."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from backend.app.api.deps import ModeratorUser, OptionalUser, SessionDep
from backend.app.crud import videos as video_crud
from backend.app.schemas.trust_safety import (
    FactCheckItem,
    FactCheckResolveIn,
    SegmentSummary,
    SentimentOut,
    TrustFeature,
    TrustRow,
    UserTrustOut,
)
from opentok.api.errors import not_found
from opentok.models import (
    DecisionSource,
    ModerationDecision,
    SubjectType,
    User,
    UserScore,
    Verdict,
    Video,
)
from opentok.trust_safety import sentiment
from opentok.trust_safety.features import account_features

router = APIRouter(tags=["trust-safety"])
FACT_CHECK_PROVIDER = "fact-check"


@router.get("/admin/users/{user_id}/trust")
def user_trust(user_id: int, session: SessionDep, _: ModeratorUser) -> UserTrustOut:
    if session.get(User, user_id) is None:
        raise not_found("user")
    score = session.get(UserScore, user_id)
    features = account_features(session, [user_id])
    signals = (
        {k: round(float(v), 4) for k, v in features.iloc[0].items()} if not features.empty else {}
    )  # banned accounts are not scored, so they have no current features
    return UserTrustOut(
        user_id=user_id,
        trust_score=score.trust_score if score else None,
        features=[TrustFeature(**f) for f in (score.trust_features or [])] if score else [],
        churn_risk=score.churn_risk if score else None,
        segment=score.segment if score else None,
        model_version=score.model_version if score else None,
        computed_at=score.computed_at if score else None,
        signals=signals,
    )


@router.get("/admin/trust")
def lowest_trust(
    session: SessionDep,
    _: ModeratorUser,
    order: Literal["trust", "churn"] = "trust",
    limit: int = Query(50, ge=1, le=500),
) -> list[TrustRow]:
    """Accounts to look at first: lowest trust, or highest churn risk."""
    key = UserScore.trust_score.asc() if order == "trust" else UserScore.churn_risk.desc()
    column = UserScore.trust_score if order == "trust" else UserScore.churn_risk
    rows = session.execute(
        select(UserScore, User.username, User.status)
        .join(User, User.id == UserScore.user_id)
        .where(column.is_not(None))
        .order_by(key, UserScore.user_id)
        .limit(limit)
    ).all()
    return [
        TrustRow(
            user_id=s.user_id,
            username=username,
            status=status.value,
            trust_score=s.trust_score,
            churn_risk=s.churn_risk,
            segment=s.segment,
            computed_at=s.computed_at,
        )
        for s, username, status in rows
    ]


@router.get("/admin/segments")
def segments(session: SessionDep, _: ModeratorUser) -> list[SegmentSummary]:
    """Users per behaviour segment with their mean churn risk and trust (from the daily jobs)."""
    rows = session.execute(
        select(
            UserScore.segment,
            func.count(UserScore.user_id),
            func.avg(UserScore.churn_risk),
            func.avg(UserScore.trust_score),
        )
        .where(UserScore.segment.is_not(None))
        .group_by(UserScore.segment)
        .order_by(UserScore.segment)
    ).all()
    return [
        SegmentSummary(
            segment=seg,
            users=int(n),
            mean_churn_risk=round(float(churn), 4) if churn is not None else None,
            mean_trust_score=round(float(trust), 1) if trust is not None else None,
        )
        for seg, n, churn, trust in rows
    ]


@router.get("/admin/fact-check")
def fact_check_queue(
    session: SessionDep, _: ModeratorUser, limit: int = Query(50, ge=1, le=200)
) -> list[FactCheckItem]:
    """Videos the claims model flagged, most claim-like first."""
    videos = session.scalars(
        select(Video)
        .where(Video.needs_fact_check.is_(True), Video.deleted_at.is_(None))
        .order_by(Video.claim_score.desc(), Video.id)
        .limit(limit)
    ).all()
    return [_fact_check_item(v) for v in videos]


def _fact_check_item(video: Video) -> FactCheckItem:
    return FactCheckItem(
        video_id=video.id,
        owner_id=video.owner_id,
        title=video.title,
        status=video.status.value,
        claim_score=video.claim_score,
        created_at=video.created_at,
    )


@router.post("/admin/fact-check/{video_id}/resolve")
def resolve_fact_check(
    video_id: int, body: FactCheckResolveIn, session: SessionDep, staff: ModeratorUser
) -> FactCheckItem:
    """Take a video off the queue; the audit log keeps who checked it and their note."""
    video = session.get(Video, video_id)
    if video is None or not video.needs_fact_check:
        raise not_found("fact-check item")
    video.needs_fact_check = False
    session.add(
        ModerationDecision(
            subject_type=SubjectType.video,
            subject_id=video.id,
            source=DecisionSource.human,
            provider=FACT_CHECK_PROVIDER,
            verdict=Verdict.approve,
            reason=body.note or "fact-checked",
            details={"claim_score": video.claim_score},
            actor_id=staff.id,
        )
    )
    session.commit()
    return _fact_check_item(video)


@router.get("/videos/{video_id}/sentiment")
def video_sentiment(video_id: int, session: SessionDep, viewer: OptionalUser) -> SentimentOut:
    """Aggregate comment sentiment; visible wherever the video is (staff see every video)."""
    video = video_crud.get_visible(session, video_id, viewer)
    return SentimentOut(**sentiment.video_sentiment(session, video.id))
