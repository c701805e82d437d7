"""Payloads and helpers for the zone API tests.

The payloads are valid as they stand; a test changes one thing to make them invalid.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.models import Milestone, Zone, ZoneLand

API = "/api/v1/zones"
H1 = "2024-06-30"  # the date the demo registry describes


def park_payload(**overrides: Any) -> dict[str, Any]:
    """A park in Việt Yên with three milestones (one only planned) and one land row."""
    payload: dict[str, Any] = {
        "code": "test-park-1",
        "kind": "industrial_park",
        "name": "Khu công nghiệp Thử Nghiệm",
        "name_en": "Test Industrial Park",
        "admin_unit": "222",
        "planned_area_ha": "120.50",
        "developer": "Công ty Cổ phần Hạ tầng Thử",
        "milestones": [
            {"kind": "planning_task", "reached_on": "2019-03-01"},
            {
                "kind": "zoning_plan",
                "reached_on": "2020-05-15",
                "document_number": "123/QĐ-UBND",
                "issuing_body": "UBND tỉnh Bắc Giang",
            },
            {"kind": "policy_approved", "target_date": "2099-12-31"},
        ],
        "land": [
            {
                "as_of": "2023-12-31",
                "industrial_leasable_ha": "90.00",
                "service_leasable_ha": "10.00",
                "industrial_leased_ha": "60.25",
                "service_leased_ha": "5.00",
            }
        ],
    }
    payload.update(copy.deepcopy(overrides))
    return payload


def cluster_payload(**overrides: Any) -> dict[str, Any]:
    """A 40 ha cluster in Hiệp Hòa, established and operating."""
    payload: dict[str, Any] = {
        "code": "test-ccn-1",
        "kind": "industrial_cluster",
        "name": "Cụm công nghiệp Thử Nghiệm",
        "admin_unit": "223",
        "planned_area_ha": "40.00",
        "milestones": [
            {"kind": "planned", "reached_on": "2015-01-01"},
            {"kind": "established", "reached_on": "2017-06-01"},
            {"kind": "operating", "reached_on": "2019-09-30"},
        ],
        "land": [
            {
                "as_of": "2024-06-30",
                "industrial_leasable_ha": "30.00",
                "service_leasable_ha": "2.00",
                "industrial_leased_ha": "12.00",
                "service_leased_ha": "0.00",
            }
        ],
    }
    payload.update(copy.deepcopy(overrides))
    return payload


def create(client: TestClient, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post(API, json=payload)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def read(client: TestClient, zone_id: int, **params: str) -> dict[str, Any]:
    response = client.get(f"{API}/{zone_id}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def listing(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get(API, params={"limit": "500", **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def codes(page: dict[str, Any]) -> set[str]:
    return {z["code"] for z in page["items"]}


def counts(session: Session) -> tuple[int, int, int]:
    """How many zones, milestones and land rows the database holds."""
    return (
        session.scalar(select(func.count()).select_from(Zone)) or 0,
        session.scalar(select(func.count()).select_from(Milestone)) or 0,
        session.scalar(select(func.count()).select_from(ZoneLand)) or 0,
    )


def assert_error_shape(response: Response, status: int, code: str) -> dict[str, Any]:
    """The one error shape; returns the ``error`` object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"], error
    assert isinstance(error["fields"], list), error
    for item in error["fields"]:
        assert set(item) == {"field", "code", "message"}, item
        assert all(isinstance(v, str) and v for v in item.values()), item
    return error


def unfilled(message: str) -> bool:
    """Whether ``message`` still holds a ``{placeholder}`` the app failed to fill."""
    return "{" in message or "}" in message


def assert_invalid(response: Response, field: str, code: str | None = None) -> dict[str, Any]:
    """422, the one error shape, and a field error on ``field`` (with ``code`` if given)."""
    error = assert_error_shape(response, 422, "validation_failed")
    named = [f for f in error["fields"] if f["field"] == field]
    assert named, f"no error on {field!r}: {error['fields']}"
    if code is not None:
        assert code in {f["code"] for f in named}, error["fields"]
    return error


DEMO_ZONES = 89
DEMO_PARKS = 30
DEMO_CLUSTERS = 59
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


def in_text_order(values: list[str], descending: bool = False) -> bool:
    """Whether ``values`` are in order under byte-wise (C) collation or under a linguistic one
    that ignores punctuation and spaces (en_US.UTF-8, ICU): a database may use either."""
    bytewise = sorted(values, reverse=descending)
    linguistic = sorted(
        values, key=lambda v: re.sub(r"[^0-9a-z]", "", v.lower()), reverse=descending
    )
    return values in (bytewise, linguistic)


def has_vietnamese_diacritics(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.combining(ch) for ch in decomposed)
