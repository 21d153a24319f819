"""Where media bytes live. A local folder by default; the interface allows S3 later."""

from functools import lru_cache

from opentok.core.config import get_settings
from opentok.storage.base import Storage, new_key
from opentok.storage.local import LocalStorage


@lru_cache
def get_storage() -> Storage:
    settings = get_settings()
    if settings.storage_backend != "local":
        raise ValueError(f"unknown storage backend {settings.storage_backend!r}")
    return LocalStorage(settings.media_path)


__all__ = ["LocalStorage", "Storage", "get_storage", "new_key"]
