"""Where media bytes live: a local folder by default, or an S3-compatible bucket (STORAGE_BACKEND=s3)."""

from functools import lru_cache

from opentok.core.config import get_settings
from opentok.storage.base import Storage, content_type, new_key
from opentok.storage.local import LocalStorage


@lru_cache
def get_storage() -> Storage:
    settings = get_settings()
    if settings.storage_backend == "local":
        return LocalStorage(settings.media_path)
    if settings.storage_backend == "s3":
        from opentok.storage.s3 import S3Storage  # boto3 is needed only by S3 deployments

        storage = S3Storage(
            settings.s3_bucket,
            settings.data_dir / "scratch",
            endpoint_url=settings.s3_endpoint_url,
            public_endpoint_url=settings.s3_public_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            path_style=settings.s3_path_style,
            presign_ttl_s=settings.s3_presign_ttl_s,
        )
        if settings.s3_create_bucket:
            storage.ensure_bucket()
        return storage
    raise ValueError(f"unknown storage backend {settings.storage_backend!r}")


__all__ = ["LocalStorage", "Storage", "content_type", "get_storage", "new_key"]
