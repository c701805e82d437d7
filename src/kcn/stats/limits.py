"""The limits on uploaded files, from the settings (``KCN_MAX_UPLOAD_*``, one place).

A file over a limit is refused before the work starts, or as soon as the limit is reached,
with an error that names the limit: :class:`LimitExceeded`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kcn.config import Settings, get_settings
from kcn.kit.errors import FieldError, ValidationFailed


@dataclass(frozen=True)
class UploadLimits:
    rows: int = 200_000
    columns: int = 1_000
    cells: int = 2_000_000
    uncompressed_bytes: int = 100 * 1024 * 1024
    depth: int = 32

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> UploadLimits:
        settings = settings or get_settings()
        return cls(
            rows=settings.max_upload_rows,
            columns=settings.max_upload_columns,
            cells=settings.max_upload_cells,
            uncompressed_bytes=settings.max_uncompressed_bytes,
            depth=settings.max_upload_depth,
        )


class LimitExceeded(ValidationFailed):
    """An uploaded file over one of the limits (HTTP 422): ``fields[0]`` is the field
    ``file`` with the message ``stats.limit.<name>``, which names the limit (``{limit}``)."""

    def __init__(self, name: str, limit: int | None = None, **params: Any) -> None:
        self.limit_name = name
        if limit is not None:
            params["limit"] = Decimal(limit)  # shown the language's way: 200.000 / 200,000
        super().__init__(fields=[FieldError("file", f"stats.limit.{name}", params)])
