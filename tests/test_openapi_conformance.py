"""Property-based testing of the API against its own OpenAPI document (Schemathesis).

Every operation is called with generated input, anonymously and as an administrator: no
answer may be a 5xx, and every answer must match the document (status, content type, headers,
body schema). Bounded: a few examples per operation, no deadline per example, and a time
budget for the whole module; operations past the budget are skipped, not failed.
"""

from __future__ import annotations

import time
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
from tests.conftest import auth_header

MAX_EXAMPLES = 6
BUDGET_SECONDS = 160  # 67 operations since enterprises, projects, leases and imports
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
    return schemathesis.openapi.from_asgi("/openapi.json", tested)


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("role", [None, "admin"], ids=["anonymous", "admin"])
def test_every_answer_matches_the_document(app: Any, backend_kind: str, role: str | None) -> None:
    if backend_kind != "sqlite":
        pytest.skip("the generated requests run once, on SQLite")
    schema = _schema(app)
    headers = auth_header(role) if role else {}
    started = time.monotonic()
    failures: list[str] = []
    calls = tested = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        if time.monotonic() - started > BUDGET_SECONDS / 2:
            break
        tested += 1

        @given(case=operation.as_strategy())
        @SETTINGS
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(checks=CHECKS, headers=headers)

        try:
            check()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc).strip()[:1500]}")
    took = time.monotonic() - started
    print(
        f"\nSchemathesis as {role or 'anonymous'}: {tested}/{len(operations)} operations,"
        f" {calls} calls, {len(failures)} failing, {took:.0f} s"
    )
    assert failures == [], "\n\n".join(failures)
    assert tested == len(operations), "raise BUDGET_SECONDS: operations were left out"
