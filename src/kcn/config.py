"""Settings, read only from the environment (prefix ``KCN_``), with safe defaults.

Every setting is documented in ``docs/settings.md``; a test fails when one is missing there.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KCN_", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty: the embedded SQLite database var/kcn.sqlite3.",
    )
    database_replica_url: str = Field(
        default="",
        description="SQLAlchemy URL of a read-only copy of the database (a PostgreSQL "
        "streaming replica) for anonymous reads of the public pages. Empty: every request "
        "uses KCN_DATABASE_URL.",
    )
    var_dir: Path = Field(
        default=Path("var"),
        description="Folder for the embedded database and generated files.",
    )
    default_language: str = Field(
        default="vi", description="Language of pages and messages: vi or en."
    )
    timezone: str = Field(
        default="Asia/Ho_Chi_Minh",
        description="Time zone (IANA name) pages show times in, such as the audit trail's.",
    )
    page_size: int = Field(default=50, ge=1, le=500, description="Default rows per page in lists.")
    max_page_size: int = Field(default=500, ge=1, description="Largest page a client may ask for.")
    host: str = Field(default="127.0.0.1", description="Address `kcn serve` listens on.")
    port: int = Field(default=8000, description="Port `kcn serve` listens on.")
    secret_key: str = Field(
        default="",
        description="Key for hashing session and API tokens. Empty: generated once into "
        "var/secret_key (owner-only).",
    )
    session_hours: int = Field(default=12, ge=1, description="How long a web login lasts.")
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins per account or address before a lockout."
    )
    login_window_minutes: int = Field(
        default=15, ge=1, description="Window in which failed logins are counted."
    )
    sqlite_busy_timeout_ms: int = Field(
        default=10000,
        ge=0,
        description="How long a SQLite write waits for another writer before giving up (ms).",
    )
    public_url: str = Field(
        default="",
        description="Address the public reaches KCN at; https:// turns on HSTS.",
    )
    retry_after_seconds: int = Field(
        default=30, ge=1, description="Retry-After sent with 503 when the database is down."
    )
    workers: int = Field(default=1, ge=1, le=64, description="Worker processes of `kcn serve`.")
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="Lines `kcn serve` logs: text (for a terminal) or json (one object per "
        "line, for a log collector).",
    )
    metrics_token: str = Field(
        default="",
        description="Bearer token that opens the Prometheus metrics at /metrics to any "
        "address. Empty: only this machine (a loopback address) may read them.",
    )
    # Limits on what a request may ask of the server (docs/limits.md).
    max_json_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest body of a JSON (or form) request."
    )
    max_upload_bytes: int = Field(
        default=33_554_432, ge=1024, description="Largest body of a file upload (multipart)."
    )
    max_json_depth: int = Field(
        default=32, ge=2, le=200, description="Deepest nesting of arrays and objects in JSON."
    )
    rate_limit_anonymous: str = Field(
        default="300/minute",
        description="Requests per client address without credentials (limits notation).",
    )
    rate_limit_check: str = Field(
        default="20/minute",
        description="Anonymous uploads to the published-figure checker per client address.",
    )
    rate_limit_authenticated: str = Field(
        default="3000/minute",
        description="Requests per client address that carry credentials.",
    )
    job_workers: int = Field(
        default=2, ge=1, le=32, description="Threads that run background jobs."
    )
    import_job_bytes: int = Field(
        default=262_144,
        ge=0,
        description="An observation import larger than this runs as a background job.",
    )
    max_upload_rows: int = Field(
        default=200_000, ge=1, description="Rows an uploaded CSV or XLSX table may have."
    )
    max_upload_columns: int = Field(
        default=1_000, ge=1, description="Columns an uploaded CSV or XLSX table may have."
    )
    max_upload_cells: int = Field(
        default=2_000_000, ge=1, description="Non-empty cells an uploaded table may have."
    )
    max_uncompressed_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1,
        description="Bytes an uploaded XLSX may hold once unzipped (the sum of its parts).",
    )
    max_upload_depth: int = Field(
        default=32, ge=2, description="Nesting depth of an uploaded YAML file."
    )

    # Enterprise monitoring (docs/monitoring.md).
    report_due_day: int = Field(
        default=10,
        ge=1,
        le=28,
        description="Day of the month after a quarter on which its periodic report is due.",
    )
    idle_land_quarters: int = Field(
        default=8,
        ge=1,
        description="Quarters after its first lease began with no operation before a "
        "project's land is flagged idle.",
    )
    request_deadlines: str = Field(
        default="",
        description="Days an agency has to answer a request, per topic, overriding the "
        "defaults: `procedures=7,land_site=30`.",
    )
    max_attachment_bytes: int = Field(
        default=10_485_760, ge=1024, description="Largest file attached to a request."
    )
    smtp_host: str = Field(
        default="", description="SMTP server for e-mail notices. Empty: no e-mail is sent."
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_user: str = Field(default="", description="SMTP login (empty: none).")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_starttls: bool = Field(default=False, description="Use STARTTLS with the SMTP server.")
    smtp_from: str = Field(default="kcn@localhost", description="Sender address of e-mail notices.")
    smtp_timeout_seconds: int = Field(
        default=10, ge=1, le=300, description="How long a notice may wait for the SMTP server."
    )

    @field_validator("request_deadlines")
    @classmethod
    def _deadlines(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            topic, _, days = item.partition("=")
            if not topic.strip() or not days.strip().isdigit():
                raise ValueError(f"expected topic=days, such as procedures=7, not {item!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    def resolved_secret_key(self) -> str:
        """``KCN_SECRET_KEY``, else the key in ``var/secret_key``, generated on first use with
        owner-only permissions."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'kcn.sqlite3').as_posix()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
