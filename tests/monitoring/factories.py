"""Payloads for the monitoring tests: valid as they stand."""

from __future__ import annotations

from typing import Any


def report_payload(project: str, period: str = "2024-Q3", **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "project": project,
        "period": period,
        "filed_on": "2024-10-08",
        "capital_implemented_usd": "5000000.00",
        "net_revenue_usd": "2500000.00",
        "exports_usd": "2000000.00",
        "imports_usd": "1200000.00",
        "taxes_paid_vnd": "1500000000",
        "workers_vietnamese": 250,
        "workers_foreign": 4,
    }
    return {**payload, **overrides}


def request_payload(enterprise: str, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "enterprise": enterprise,
        "topic": "capital_credit",
        "channel": "dialogue_conference",
        "text": "Đề nghị hỗ trợ tiếp cận vốn vay",
        "received_on": "2024-07-01",
    }
    return {**payload, **overrides}
