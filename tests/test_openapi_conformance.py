"""Property-based testing of the API against its own OpenAPI document (Schemathesis).

Every operation is called with generated input, anonymously and as an administrator: no
answer may be a 5xx, and every answer must match the document (status, content type, headers,
body schema). One test per operation and role, so the workers share them out; bounded: a few
examples per operation and no deadline per example.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kcn.app import create_app
from kcn.config import Settings
from tests.conftest import auth_header

MAX_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _schema(app: Any) -> Any:
    # Generous rate limits: the generated requests all come from one address.
    unlimited = app.state.settings.model_copy(
        update={"rate_limit_anonymous": "100000/minute", "rate_limit_check": "100000/minute"}
    )
    tested = create_app(unlimited)
    tested.dependency_overrides = app.dependency_overrides
    # Building the document for ~300 operations takes seconds on a busy machine: more than
    # the loader's default 10-s read timeout when every core runs a test worker.
    return schemathesis.openapi.from_asgi("/openapi.json", tested, timeout=120)


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation of the document, known before any database exists."""
    document = create_app(Settings(database_url="sqlite://", secret_key="x")).openapi()
    methods = {"get", "put", "post", "patch", "delete"}
    return sorted(
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in methods
    )


OPERATIONS = _operations()


@pytest.mark.parametrize("role", [None, "admin"], ids=["anonymous", "admin"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_answer_matches_the_document(
    app: Any, backend_kind: str, role: str | None, method: str, path: str
) -> None:
    if backend_kind != "sqlite":
        pytest.skip("the generated requests run once, on SQLite")
    operation = _schema(app)[path][method]
    headers = auth_header(role) if role else {}

    @given(case=operation.as_strategy())
    @SETTINGS
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS, headers=headers)

    check()
