"""Shapes shared by many endpoints: pages with opaque cursors, plain messages."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel

from opentok.api.errors import ApiError

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class Message(BaseModel):
    message: str


def encode_cursor(when: datetime | None, row_id: int) -> str:
    raw = json.dumps([when.isoformat() if when else None, row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | None, int]:
    """Opaque keyset cursors: stable under inserts, unlike offsets."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        when, row_id = json.loads(raw)
        return (datetime.fromisoformat(when) if when else None, int(row_id))
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "invalid_cursor", "cursor is not valid", field="cursor") from exc
