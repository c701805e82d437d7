"""FTA partners: membership on dates before and after each change (pure data, no database),
and the CLI and API answers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kcn.cli import app
from kcn.screening import fta

runner = CliRunner()


def codes(day: str, country: str) -> set[str]:
    return {a.code for a in fta.agreements_on(date.fromisoformat(day), country)}


@pytest.mark.parametrize(
    ("country", "day", "expected"),
    [
        # UK: in EVFTA's scope during the Brexit transition, UKVFTA from 1/1/2021, CPTPP from
        # 15/12/2024.
        ("GB", "2020-07-31", set()),
        ("GB", "2020-08-01", {"EVFTA"}),
        ("GB", "2020-12-31", {"EVFTA"}),
        ("GB", "2021-01-01", {"UKVFTA"}),
        ("GB", "2024-06-30", {"UKVFTA"}),
        ("GB", "2024-12-14", {"UKVFTA"}),
        ("GB", "2024-12-15", {"UKVFTA", "CPTPP"}),
        # Israel: VIFTA from 17/11/2024.
        ("IL", "2024-11-16", set()),
        ("IL", "2024-11-17", {"VIFTA"}),
        # Germany: EU-27 in EVFTA from 1/8/2020.
        ("DE", "2020-07-31", set()),
        ("DE", "2020-08-01", {"EVFTA"}),
        # Japan: AJCEP, VJEPA, CPTPP for Viet Nam from 14/1/2019, RCEP from 1/1/2022.
        ("JP", "2019-01-13", {"AJCEP", "VJEPA"}),
        ("JP", "2019-01-14", {"AJCEP", "VJEPA", "CPTPP"}),
        ("JP", "2022-01-01", {"AJCEP", "VJEPA", "CPTPP", "RCEP"}),
        # Korea: RCEP a month later than the first parties.
        ("KR", "2022-01-31", {"AKFTA", "VKFTA"}),
        ("KR", "2022-02-01", {"AKFTA", "VKFTA", "RCEP"}),
        # Malaysia: ASEAN, CPTPP from 29/11/2022.
        ("MY", "2022-11-28", {"ATIGA", "RCEP"}),
        ("MY", "2022-11-29", {"ATIGA", "RCEP", "CPTPP"}),
        # Russia: VN–EAEU from 5/10/2016.
        ("RU", "2016-10-04", set()),
        ("RU", "2016-10-05", {"VN-EAEU"}),
        # The UAE CEPA is signed, not in force: no link.
        ("AE", "2026-06-30", set()),
        # No agreement with the United States.
        ("US", "2026-06-30", set()),
    ],
)
def test_membership_on_dates(country: str, day: str, expected: set[str]) -> None:
    assert codes(day, country) == expected


def test_every_membership_is_sourced_and_ordered() -> None:
    for agreement in fta.agreements():
        assert agreement.source
        for m in agreement.partners:
            assert len(m.country) == 2 and m.country.isupper()
            if m.start and m.end:
                assert m.start <= m.end


def test_cli_answers_the_uk_question() -> None:
    result = runner.invoke(
        app, ["fta", "partners", "--date", "2024-06-30", "--country", "GB", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["country"] == "GB"
    assert [a["code"] for a in body["agreements"]] == ["UKVFTA"]
    later = runner.invoke(
        app, ["fta", "partners", "--date", "2025-01-01", "--country", "GBR", "--json"]
    )
    assert {a["code"] for a in json.loads(later.stdout)["agreements"]} == {"UKVFTA", "CPTPP"}


def test_cli_refuses_bad_input() -> None:
    bad_date = runner.invoke(app, ["fta", "partners", "--date", "2024-13-01", "--country", "GB"])
    assert bad_date.exit_code == 2 and "--date" in bad_date.output
    bad_country = runner.invoke(app, ["fta", "partners", "--country", "XX"])
    assert bad_country.exit_code == 2 and "XX" in bad_country.output


def test_api(anon: TestClient) -> None:
    response = anon.get("/api/v1/fta/partners", params={"date": "2024-11-17", "country": "IL"})
    assert response.status_code == 200, response.text
    assert [a["code"] for a in response.json()["agreements"]] == ["VIFTA"]
    everyone = anon.get("/api/v1/fta/partners", params={"date": "2021-01-01"}).json()
    assert "EVFTA" not in everyone["partners"]["GB"] and "UKVFTA" in everyone["partners"]["GB"]
    bad = anon.get("/api/v1/fta/partners", params={"country": "ZZ"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "country"
