"""The OpenAPI document tells the truth, fixed in one place rather than on every route.

:func:`install_openapi` wraps ``app.openapi()`` and post-processes what FastAPI generates:

- one ``Error`` schema (``{"error": {"code", "message", "fields"}}``) for every error answer
  (a 422 an operation declares itself, such as an import's row-by-row report, is kept beside it),
  in place of FastAPI's own validation error shape, which the API never sends;
- the error statuses each operation can answer: 401 where a token is read, 403 for writes and
  private reads, 404 where the path names a record, 409 for writes, 413 and 422 where a body
  or parameters are sent, 429 (rate limits) and 503 (database unavailable) everywhere;
- security per operation: writes and private reads (paths under ``private`` prefixes) need
  the bearer token; other operations accept it but do not require it (``{}`` in the list);
- the media types of files: a path ending in ``.xlsx``, ``.csv`` or ``.svg`` (or in
  ``.{fmt}`` with the formats listed in the parameter) answers that type, not JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

WRITES = {"post", "put", "patch", "delete"}
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "svg": "image/svg+xml",
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "Stable code, e.g. not_found"},
                "message": {"type": "string", "description": "In the request's language"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "code", "message"],
                        "properties": {
                            "field": {"type": "string"},
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
                "request_id": {"type": "string"},
            },
        }
    },
}
DESCRIPTIONS = {
    "401": "Not signed in, or the token is unknown, expired or revoked",
    "403": "Signed in, but not allowed",
    "404": "No such record (or not visible to you)",
    "409": "Conflict: the record changed meanwhile, or the key exists",
    "413": "Request body over its limit (KCN_MAX_JSON_BYTES, KCN_MAX_UPLOAD_BYTES)",
    "422": "Invalid input; `fields` says which",
    "429": "Too many requests from this address; wait `Retry-After` seconds",
    "503": "The database is unavailable; try again after `Retry-After` seconds",
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}},
}


def install_openapi(
    app: FastAPI, private: tuple[str, ...] = (), scheme: str = "HTTPBearer"
) -> None:
    """Make ``app.openapi()`` return the corrected document (computed once)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None or not app.openapi_schema.get("x-corrected"):
            schema = generate()
            correct(schema, private, scheme)
            schema["x-corrected"] = True
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def correct(schema: dict[str, Any], private: tuple[str, ...], scheme: str) -> None:
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method in WRITES or method == "get":
                _correct_operation(path, method, operation, private, scheme)
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _correct_operation(
    path: str, method: str, op: dict[str, Any], private: tuple[str, ...], scheme: str
) -> None:
    responses: dict[str, Any] = op.setdefault("responses", {})
    reads_token = bool(op.get("security"))
    needs_token = reads_token and (method in WRITES or path.startswith(private))
    if reads_token:
        op["security"] = [{scheme: []}] if needs_token else [{}, {scheme: []}]
    statuses = {"429", "503"}
    if reads_token:
        statuses.add("401")
    if needs_token:
        statuses.add("403")
    if method in WRITES and reads_token:
        statuses.add("409")
    if "{" in path:
        statuses.add("404")
    if op.get("parameters") or op.get("requestBody"):
        statuses.add("422")
    if op.get("requestBody"):
        statuses.add("413")
    for status in sorted(statuses):
        schema: dict[str, Any] = ERROR_REF
        description = DESCRIPTIONS[status]
        declared = responses.get(status, {}).get("content", {}).get("application/json", {})
        if declared.get("schema") not in (None, ERROR_REF):  # e.g. an import's row-by-row report
            schema = {"anyOf": [declared["schema"], ERROR_REF]}
            description = f"{responses[status].get('description', '')}; or: {description}"
        answer: dict[str, Any] = {
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
        if status in ("429", "503"):
            answer["headers"] = RETRY_AFTER
        responses[status] = answer
    _file_media_types(path, op)


def _file_media_types(path: str, op: dict[str, Any]) -> None:
    match = re.search(r"\.(\w+|\{(\w+)\})$", path)
    if match is None:
        return
    if match.group(2):  # export.{fmt}: the formats the parameter allows
        param: dict[str, Any] = next(
            (p for p in op.get("parameters", []) if p.get("name") == match.group(2)), {}
        )
        found = _enum(param.get("schema", {}))
        formats = [f for f in found if f in MEDIA_TYPES]
    else:
        formats = [match.group(1)] if match.group(1) in MEDIA_TYPES else []
    if not formats:
        return
    for status, answer in op.get("responses", {}).items():
        if status.startswith("2"):
            answer["content"] = {
                MEDIA_TYPES[f]: {"schema": {"type": "string", "format": "binary"}} for f in formats
            }


def _enum(schema: dict[str, Any]) -> list[str]:
    values: list[str] = []
    if "enum" in schema:
        values += [str(v) for v in schema["enum"]]
    if "const" in schema:
        values.append(str(schema["const"]))
    pattern = schema.get("pattern")
    if pattern:
        values += re.findall(r"\w+", pattern)
    for sub in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        values += _enum(sub)
    return values
