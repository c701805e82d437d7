"""The registry itself, its API and its documentation; the pages and services that read it
give the registry's numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kcn.demo import derive
from kcn.figures.service import reconcile
from kcn.kit import metrics
from kcn.kit.errors import NotFound, ValidationFailed
from kcn.kit.metrics import Metric, Param, Reading
from kcn.kit.periods import Period
from kcn.metrics.catalog import markdown_table
from kcn.stats.tables import build_table

ROOT = Path(__file__).resolve().parents[2]


def test_references_round_trip() -> None:
    ref = "zones.count?kind=industrial_park&reached=policy_approved"
    name, params = metrics.parse_ref(ref)
    assert (name, params) == (
        "zones.count",
        {"kind": "industrial_park", "reached": "policy_approved"},
    )
    assert metrics.format_ref(name, params) == ref
    assert metrics.parse_ref("stats.value") == ("stats.value", {})


def test_parameters_are_typed_defaulted_and_checked() -> None:
    seen: dict[str, object] = {}

    def compute(_context: metrics.Context, params: dict[str, object]) -> Reading:
        seen.update(params)
        return Reading(Decimal("2") / Decimal("3"))

    metric = Metric("test.two_thirds", "pct", 2, "vi", "en", "2/3", ("nothing",), compute, (
        Param("day", date, default_from=lambda _s, _p: date(2000, 1, 1)),
        Param("period", Period),
        Param("n", int, required=True),
    ))  # fmt: skip
    metrics.register(metric)
    try:
        _check_two_thirds(seen, compute)
    finally:
        metrics.unregister("test.two_thirds")


def _check_two_thirds(seen: dict[str, object], compute: metrics.Compute) -> None:
    result = metrics.compute(None, "test.two_thirds", period="2022-H1", n="3")  # type: ignore[arg-type]
    assert seen == {"day": date(2000, 1, 1), "period": Period(2022, 1, 6), "n": 3}
    assert (result.value, result.unit, result.precision) == (Decimal("0.67"), "pct", 2)
    assert result.exact == Decimal(2) / Decimal(3)
    with pytest.raises(ValidationFailed):
        metrics.compute(None, "test.two_thirds")  # type: ignore[arg-type]  # n is required
    with pytest.raises(ValidationFailed):
        metrics.compute(None, "test.two_thirds", n="three")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        metrics.get("test.nothing")
    with pytest.raises(ValueError):
        metrics.register(Metric("test.two_thirds", "pct", 2, "", "", "", (), compute))


def test_every_metric_is_documented() -> None:
    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    block = text.split("<!-- metrics:begin -->\n")[1].split("<!-- metrics:end -->")[0]
    assert block == markdown_table(), "run: python -m kcn.metrics.catalog, paste into metrics.md"
    assert all(f"`{m.name}`" in block for m in metrics.all())


def test_the_demo_file_is_what_derive_writes() -> None:
    import io

    out = io.StringIO()
    derive.write(out)
    shipped = ROOT / "src" / "kcn" / "demo" / "data" / "statistics_bac_giang_2023_2024.csv"
    assert out.getvalue() == shipped.read_text(encoding="utf-8")
    assert not any(row[0].endswith(("_growth", "_contribution")) for row in derive.rows())


def test_api_lists_and_computes(client: TestClient, session: Session) -> None:
    listed = client.get("/api/v1/metrics", params={"lang": "vi"}).json()
    by_name = {m["name"]: m for m in listed}
    assert {"zones.count", "zones.occupancy_pct", "stats.growth_pct"} <= set(by_name)
    growth = by_name["stats.growth_pct"]
    assert growth["unit"] == "pct" and growth["precision"] == 2 and growth["inputs"]
    assert growth["definition"] == growth["definition_vi"]
    assert {p["name"] for p in growth["params"]} == {"indicator", "period", "section", "area"}
    body = client.get("/api/v1/metrics/stats.growth_pct", params={"section": "C"}).json()
    assert body["params"]["period"] == "2024-H1"  # the latest period of the demo data
    assert Decimal(body["value"]) == Decimal("28.14") and body["is_demo"]
    count = client.get("/api/v1/metrics/zones.count",
                       params={"kind": "industrial_cluster", "reached": "established",
                               "as_of": "2024-06-30"}).json()  # fmt: skip
    assert Decimal(count["value"]) == 55
    assert client.get("/api/v1/metrics/nothing.here").status_code == 404
    bad = client.get("/api/v1/metrics/zones.count", params={"colour": "red"})
    assert bad.status_code == 422


def test_reconciliation_and_tables_give_the_registry_numbers(session: Session) -> None:
    for row in reconcile(session, "en").rows:
        if row.derived is None:
            continue
        total = Decimal(0)
        for ref in row.figure.metric or []:
            name, params = metrics.parse_ref(ref)
            names = {p.name for p in metrics.get(name).params}
            defaults = {"as_of": row.figure.as_of, "period": row.figure.period}
            given = {k: v for k, v in defaults.items() if k in names} | params
            found = metrics.compute(session, name, **given).value
            assert found is not None
            total += found
        assert row.derived == total, row.figure.key
    table = build_table(session, "production_value", Period.parse("2024-H1"), "district", "vi")
    for r in table.rows:
        params = {"area": r.code, "period": "2024-H1"}
        assert r.growth_pct == metrics.compute(session, "stats.growth_pct", **params).value
        assert r.rank == metrics.compute(session, "stats.growth_rank", **params).value
