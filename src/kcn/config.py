"""Settings, read only from the environment (prefix ``KCN_``), with safe defaults.

Every setting is documented in ``docs/settings.md``; a test fails when one is missing there.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KCN_", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty: the embedded SQLite database var/kcn.sqlite3.",
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
