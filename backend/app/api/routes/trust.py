"""Trust-and-safety views: account trust for staff, the fact-check queue, per-video sentiment."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import select

from backend.app.api.deps import ModeratorUser, OptionalUser, SessionDep
from backend.app.crud import videos as video_crud
from backend.app.schemas.trust_safety import (
    FactCheckItem,
    FactCheckResolveIn,
    SentimentOut,
    TrustFeature,
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
    return [
        FactCheckItem(
            video_id=v.id,
            owner_id=v.owner_id,
            title=v.title,
            status=v.status.value,
            claim_score=v.claim_score,
            created_at=v.created_at,
        )
        for v in videos
    ]


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
    return FactCheckItem(
        video_id=video.id,
        owner_id=video.owner_id,
        title=video.title,
        status=video.status.value,
        claim_score=video.claim_score,
        created_at=video.created_at,
    )


@router.get("/videos/{video_id}/sentiment")
def video_sentiment(video_id: int, session: SessionDep, viewer: OptionalUser) -> SentimentOut:
    """Aggregate comment sentiment; visible wherever the video is (staff see every video)."""
    video = video_crud.get_visible(session, video_id, viewer)
    return SentimentOut(**sentiment.video_sentiment(session, video.id))
