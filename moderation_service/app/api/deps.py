"""Dependencies shared by the routes: the service state and a database session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from moderation_service.app.state import ServiceState
from opentok.db.session import get_sessionmaker


def get_state(request: Request) -> ServiceState:
    return request.app.state.service


def get_db() -> Iterator[Session]:
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


StateDep = Annotated[ServiceState, Depends(get_state)]
SessionDep = Annotated[Session, Depends(get_db)]
