"""Request dependencies: a database session, the model store and the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from opentok.core.config import Settings, get_settings
from opentok.db.session import get_db
from recommender_service.engine.artifact import ModelStore, RecModel


def get_store(request: Request) -> ModelStore:
    return request.app.state.store


def get_model(store: Annotated[ModelStore, Depends(get_store)]) -> RecModel | None:
    return store.current()


SessionDep = Annotated[Session, Depends(get_db)]
StoreDep = Annotated[ModelStore, Depends(get_store)]
ModelDep = Annotated[RecModel | None, Depends(get_model)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
