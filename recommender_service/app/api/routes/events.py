"""POST /v1/events: outcomes (watches, likes) forwarded by the gateway; they move the
Thompson posteriors at once, so exploration adapts within a session, not only daily."""

from __future__ import annotations

from fastapi import APIRouter

from recommender_service.app.deps import SessionDep
from recommender_service.app.schemas import EventsIn, EventsOut
from recommender_service.engine import exploration

router = APIRouter(prefix="/v1", tags=["events"])


@router.post("/events", response_model=EventsOut)
def post_events(body: EventsIn, session: SessionDep) -> EventsOut:
    events = [
        exploration.Event(e.user_id, e.video_id, e.kind, e.watched_ms, e.completed) for e in body.events
    ]
    return EventsOut(accepted=len(events), signals=exploration.record_outcomes(session, events))
