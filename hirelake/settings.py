"""One typed configuration for every part of hirelake.

Read from the environment (`HIRELAKE_` prefix, `__` for nested sections) and an optional `.env`
file, then passed explicitly to whatever needs it: nothing reads a module-level global.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class StoreSettings(BaseModel):
    """The S3-compatible object store: embedded SeaweedFS by default, MinIO or any S3 in production."""

    embedded: bool = Field(
        default=True,
        description="Start SeaweedFS locally; set false to use an external S3/MinIO endpoint.",
    )
    endpoint: str = Field(default="127.0.0.1:8333", description="host:port of the S3 API.")
    secure: bool = Field(default=False, description="Use HTTPS to reach the S3 API.")
    region: str = "us-east-1"
    bucket: str = "hirelake"
    # Credentials for an external store. The embedded store generates its own on first start.
    access_key: SecretStr | None = None
    secret_key: SecretStr | None = None
    reader_access_key: SecretStr | None = None
    reader_secret_key: SecretStr | None = None
    # Ports of the embedded SeaweedFS components besides S3 (gRPC ports are these + 10000).
    master_port: int = 9333
    volume_port: int = 9340
    filer_port: int = 8888
    admin_port: int = 23646
    ready_timeout_seconds: float = 60.0
    presign_expiry_seconds: int = Field(default=300, ge=1, le=3600)
    multipart_part_size_bytes: int = Field(default=16 * 1024 * 1024, ge=5 * 1024 * 1024)
    encrypt_at_rest: bool = Field(
        default=True,
        description="Server-side encryption (SSE-S3) of every object; recordings are refused unencrypted.",
    )
    sse_kek_file: Path | None = Field(
        default=None,
        description="Embedded store: file with its hex 256-bit key-encryption key, kept outside the store's "
        "data folder; None: <data_dir>/secrets/store-sse-kek, generated on first start. Back it up apart "
        "from the data: without it the recordings cannot be read.",
    )

    @property
    def s3_port(self) -> int:
        return int(self.endpoint.rsplit(":", 1)[1])

    @property
    def url(self) -> str:
        scheme = "https" if self.secure else "http"
        return f"{scheme}://{self.endpoint}"


class PrefectSettings(BaseModel):
    """Prefect: an ephemeral API by default, a local or production server when a URL is known."""

    api_url: str | None = Field(
        default=None, description="A Prefect server API, e.g. http://prefect.example:4200/api."
    )
    server_port: int = 4200
    ephemeral_startup_timeout_seconds: int = 90


class ModelSettings(BaseModel):
    """Where model weights come from. Defaults are the weights that ship inside packages."""

    whisper_model: str = Field(
        default="bundled:base",
        description="bundled:base, bundled:tiny.en, a local CTranslate2 directory, or a hub name.",
    )
    hub_token: SecretStr | None = None
    pyannote_pipeline: str | None = Field(
        default=None, description="Local directory or hub id of a pyannote.audio pipeline (optional)."
    )


# Jurisdictions where inferring emotions from faces in hiring is banned (EU AI Act art. 5(1)(f)).
_EXPRESSION_BANNED = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE EU".split()
)


class MediaSettings(BaseModel):
    """Limits and sampling for interview recordings."""

    max_bytes: int = Field(default=2 * 1024**3, ge=1)
    max_duration_seconds: float = Field(default=2 * 3600, gt=0)
    vision_sample_fps: float = Field(default=2.0, gt=0, le=30)
    whisper_language: str | None = Field(
        default=None, description="Force a language (zh, en); None detects it per recording."
    )


class PipelineSettings(BaseModel):
    """How the interview fan-out runs: a local Dask cluster, or an existing scheduler."""

    dask_scheduler_address: str | None = Field(
        default=None, description="tcp://host:8786 of an existing Dask scheduler; None starts a LocalCluster."
    )
    dask_workers: int = Field(default=2, ge=1, le=64)
    scratch_dir: Path | None = Field(
        default=None,
        description="Where a worker keeps an interview's decrypted media while it works; on disk, not "
        "in memory (recordings reach 2 GiB). None: <data_dir>/scratch.",
    )


class AssessmentSettings(BaseModel):
    """Scoring: which weights version decides, which sentence-embedding model reads answers."""

    weights_version: int | None = Field(
        default=None, description="Dimension weights version (v<N>.yaml in weights_dir); None: newest."
    )
    weights_dir: Path | None = Field(
        default=None, description="Folder of weights versions; None: the ones shipped in hirelake/weights."
    )
    embedder: str = Field(
        default="bundled:multilingual-e5-small-q4",
        description="Sentence-embedding model for rubric coverage; the default ships in a package.",
    )


class DashboardSettings(BaseModel):
    """The Streamlit dashboards: where they listen, how long a sign-in lasts, how fresh queries are."""

    port: int = Field(default=8501, ge=1, le=65535)
    session_minutes: int = Field(default=30, ge=1, le=24 * 60)
    cache_ttl_seconds: int = Field(default=60, ge=1, le=3600)
    users_file: Path | None = Field(
        default=None, description="Dashboard users (hashed passwords); default <data_dir>/secrets/."
    )


class HrisSettings(BaseModel):
    """The hospital HR system (HRIS): its API for `hirelake hris sync --api`, and how its fields map."""

    api_url: str | None = Field(
        default=None, description="Base URL of the HRIS API, e.g. https://hris.example/api/v1/."
    )
    token: SecretStr | None = Field(default=None, description="Bearer token for the HRIS API.")
    mapping_path: Path | None = Field(
        default=None, description="A YAML field mapping that overrides the shipped default per entity."
    )
    page_size: int = Field(default=500, ge=1, le=1000)
    timeout_seconds: float = Field(default=30.0, gt=0)
    retries: int = Field(default=4, ge=0, le=10, description="Retries of a failed request before giving up.")
    csv_encoding: str | None = Field(
        default=None, description="Encoding of CSV exports that are not UTF-8 (e.g. gbk); None: UTF-8 only."
    )


class Settings(BaseSettings):
    """Everything hirelake needs to know about where it runs."""

    model_config = SettingsConfigDict(
        env_prefix="HIRELAKE_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    data_dir: Path = Field(default=Path(".data"), description="Services' data, credentials, warehouse.")
    log_format: Literal["console", "json"] = "console"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    language: Literal["zh", "en"] = "zh"
    jurisdiction: str = Field(
        default="CN", description="ISO country code (or EU) deciding which analyses are lawful."
    )
    media: MediaSettings = MediaSettings()
    pipeline: PipelineSettings = PipelineSettings()
    store: StoreSettings = StoreSettings()
    prefect: PrefectSettings = PrefectSettings()
    models: ModelSettings = ModelSettings()
    hris: HrisSettings = HrisSettings()
    assessment: AssessmentSettings = AssessmentSettings()
    dashboards: DashboardSettings = DashboardSettings()

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        # Services run in other working directories (weed in its config folder): paths must not
        # depend on where the command was started.
        return value.expanduser().resolve()

    @property
    def expression_analysis_allowed(self) -> bool:
        """Smile/frown measures only where lawful; gaze and face presence stay available everywhere."""
        return self.jurisdiction.upper() not in _EXPRESSION_BANNED

    @property
    def run_dir(self) -> Path:
        """PID files and service logs."""
        return self.data_dir / "run"

    @property
    def secrets_dir(self) -> Path:
        """Generated credentials, 0700, files 0600."""
        return self.data_dir / "secrets"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "seaweedfs"

    @property
    def warehouse_path(self) -> Path:
        """The serving DuckDB file that dbt builds and dashboards read."""
        return self.data_dir / "warehouse" / "hirelake.duckdb"

    @property
    def prefect_home(self) -> Path:
        return self.data_dir / "prefect"
