"""Payloads for the enterprise, project and lease tests: valid as they stand."""

from __future__ import annotations

from typing import Any

from stdnum.vn import mst

PARK = "KCN-VAN-TRUNG"  # a demo park with land still to lease
CLUSTER_PARK_FREE = "KCN-VIET-HAN"


def tax_code(n: int) -> str:
    """A valid tax code (check digit right) for the number ``n``."""
    for k in range(100):
        base = f"01{(n * 101 + k) % 10**7:07d}"
        code = base + mst.calc_check_digit(base)
        if mst.is_valid(code):
            return code
    raise AssertionError(n)


def enterprise_payload(n: int, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "tax_code": tax_code(n),
        "name": f"Công ty TNHH Thử Nghiệm Số {n}",
        "ownership": "fdi",
        "countries": ["KR"],
        "address": "Việt Yên, Bắc Giang",
    }
    return {**payload, **overrides}


def project_payload(n: int, enterprise: str, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "certificate_number": f"T{n:09d}",
        "certificate_date": "2023-05-10",
        "enterprise": enterprise,
        "zone": PARK,
        "name": f"Dự án Thử Nghiệm {n}",
        "vsic_code": "2610",
        "capital_usd": "12000000.00",
        "exchange_rate": "23500",
        "land_ha": "2.50",
        "workers_vietnamese": 300,
        "status": "operating",
    }
    return {**payload, **overrides}


def lease_payload(project: str, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "project": project,
        "contract_number": "HĐ-THỬ-1",
        "land_kind": "industrial",
        "area_ha": "1.25",
        "start_date": "2023-06-01",
    }
    return {**payload, **overrides}
