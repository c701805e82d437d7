"""One error shape for the API: ``{"error": {"code", "message", "fields": [...]}}``.

Services raise :class:`DomainError` subclasses with message keys; the app turns them into
responses in the request's language (see ``kcn.kit.i18n``).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """A problem with one input field. ``field`` is a dotted path such as ``land.0.leased_ha``."""

    field: str
    key: str
    params: dict[str, Any] = dc_field(default_factory=dict)


class DomainError(Exception):
    status_code = 400
    code = "bad_request"
    key = "error.bad_request"

    def __init__(
        self,
        key: str | None = None,
        fields: list[FieldError] | None = None,
        **params: Any,
    ) -> None:
        self.key = key or self.key
        self.fields = fields or []
        self.params = params
        super().__init__(self.key)


class ValidationFailed(DomainError):
    status_code = 422
    code = "validation_failed"
    key = "error.validation_failed"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    key = "error.not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    key = "error.conflict"
