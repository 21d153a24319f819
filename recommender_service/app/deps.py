"""Request dependencies: a database session, the model store and the settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from opentok.core.config import Settings, get_settings
from opentok.db.session import get_sessionmaker
from recommender_service.engine.artifact import ModelStore, RecModel


def get_session() -> Iterator[Session]:
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def get_store(request: Request) -> ModelStore:
    return request.app.state.store


def get_model(store: Annotated[ModelStore, Depends(get_store)]) -> RecModel | None:
    return store.current()


SessionDep = Annotated[Session, Depends(get_session)]
StoreDep = Annotated[ModelStore, Depends(get_store)]
ModelDep = Annotated[RecModel | None, Depends(get_model)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
