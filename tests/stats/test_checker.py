"""The checker of published figures: the seed agrees, and any material change is caught and
named; merged and missing parts; what about / more than / nearly allow; the file formats and
the CLI."""

from __future__ import annotations

import copy
import itertools
import json
from decimal import Decimal as D
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kcn.kit.i18n import catalog
from kcn.stats.checker import (
    Check,
    Interval,
    LoadError,
    Report,
    check,
    figures_from_csv,
    figures_from_mapping,
    load,
    parse_figure,
)
from kcn.stats.checker.checks import CHECKS, growth_range
from kcn.stats.cli import app

DATA = Path(__file__).parent / "data"
SEED = Path(str(resources.files("kcn") / "stats/examples/bac_giang_2024h1_facts.yaml"))
PV = "industry_statistics.production_value_current_prices"
SECTION = PV + ".by_vsic_section"
TOTAL = PV + ".total"
DISTRICTS = "industry_statistics.production_growth_by_district_pct"
runner = CliRunner()


def seed() -> dict[str, Any]:
    data = yaml.load(SEED.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def node(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The mapping holding ``key``'s last part."""
    *path, _ = key.split(".")
    for part in path:
        data = data[part]
    return data


def changed(key: str, value: str | dict[str, str] | None) -> Report:
    """The report on the seed with ``key`` set to ``value`` (None: removed)."""
    data = copy.deepcopy(seed())
    holder, last = node(data, key), key.rsplit(".", 1)[1]
    if value is None:
        del holder[last]
    else:
        holder[last] = value
    return check(figures_from_mapping(data, "seed"))


def shifted(text: str, factor: D) -> str:
    value = D(text)
    return str((value * factor).quantize(value))


def named(report: Report, key: str) -> list[str]:
    return [f.check for f in report.findings if key in f.keys]


def derived(report: Report) -> dict[str, D]:
    return {d.key: d.value for d in report.derived}


# --- the seed -----------------------------------------------------------------------------


def test_the_seed_agrees_and_says_what_it_implies() -> None:
    report = check(load(SEED))
    assert report.ok, report.findings
    assert report.skipped == ()
    assert set(report.checks) == {c.name for c in CHECKS}
    cents = {key: value.quantize(D("0.01")) for key, value in derived(report).items()}
    # previous year's production value: from the total's growth (315145 / 1.28) and from the
    # sections' own growths (Σ cur_i / (1 + g_i/100)), which give 27.97 % for the total
    assert cents[TOTAL + ".implied_previous"] == D("246207.03")
    assert cents[TOTAL + ".previous_from_parts"] == D("246261.72")
    assert cents[TOTAL + ".growth_from_parts"] == D("27.97")
    assert cents[SECTION + ".C.implied_previous"] == D("243473.39")
    assert cents[SECTION + ".E.implied_previous"] == D("288.94")
    # the annual plan 315145 is 47.3 % of; the industry's previous share of GRDP
    assert cents[TOTAL + ".implied_plan"] == D("666268.50")
    assert cents["industry_statistics.implied_share_of_grdp_pct"] == D("64.94")
    plan = next(d for d in report.derived if d.key == TOTAL + ".implied_plan")
    # 315144.5 / 47.35 × 100 … 315145.5 / 47.25 × 100
    assert plan.interval.low.quantize(D("1")) == 665564
    assert plan.interval.high.quantize(D("1")) == 666975  # type: ignore[union-attr]


def test_figures_keep_their_digits_and_qualifiers_as_written() -> None:
    figures = load(SEED)
    assert figures[SECTION + ".C.value"].value == D("311986.8")
    assert figures[SECTION + ".C.value"].decimals == 1
    assert figures[SECTION + ".D.value"].decimals == 0
    assert figures[TOTAL + ".plan_pct"].value == D("47.3")
    assert figures[TOTAL + ".value"].qualifier == "estimate"
    # "9 KCN … khoảng 2.238 ha": about is the area's, the count is exact
    assert figures["industrial_parks.approved_by_prime_minister.area_ha"].qualifier == "about"
    assert figures["industrial_parks.approved_by_prime_minister.count"].qualifier == "exact"
    assert figures[DISTRICTS + ".Thị xã Việt Yên"].value == D("27.23")
    assert not any(key.endswith(".line") for key in figures)


# --- every constrained figure, changed materially, fails and is named ---------------------

VALUES = [SECTION + f".{s}.value" for s in "CDBE"] + [TOTAL + ".value"]


@pytest.mark.parametrize("factor", [D("1.01"), D("0.99")])
@pytest.mark.parametrize("key", VALUES)
def test_a_value_shifted_by_one_percent_breaks_the_sum(key: str, factor: D) -> None:
    report = changed(key, shifted(node(seed(), key)[key.rsplit(".", 1)[1]], factor))
    assert not report.ok
    assert "parts_add_up" in named(report, key)


@pytest.mark.parametrize("points", [D(3), D(-3)])
@pytest.mark.parametrize("key", [SECTION + ".C.growth_pct", TOTAL + ".growth_pct"])
def test_a_growth_shifted_by_three_points_is_unreachable(key: str, points: D) -> None:
    report = changed(key, str(D(node(seed(), key)["growth_pct"]) + points))
    assert not report.ok
    assert named(report, key) == ["total_growth_from_parts"]


@pytest.mark.parametrize("section", ["D", "B", "E"])
@pytest.mark.parametrize("points", [D(3), D(-3)])
def test_small_sections_growth_within_three_points_is_not_detectable(
    section: str, points: D
) -> None:
    # D, B and E are 0.6 %, 0.3 % and 0.1 % of the total: 3 points move the total's growth by
    # under 0.02 points, and the total's growth is published as "28" (27.5 … 28.5).
    key = f"{SECTION}.{section}.growth_pct"
    assert changed(key, str(D(node(seed(), key)["growth_pct"]) + points)).ok


@pytest.mark.parametrize(
    ("section", "growth"),
    # the data allow D in about −28 … +242 %, B above about −43 %, E above about −74 %
    [("D", "-30"), ("D", "250"), ("B", "-45"), ("E", "-80")],
)
def test_small_sections_growth_beyond_what_the_total_allows_is_named(
    section: str, growth: str
) -> None:
    key = f"{SECTION}.{section}.growth_pct"
    assert named(changed(key, growth), key) == ["total_growth_from_parts"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("industrial_clusters.with_infrastructure_operating.count", "56"),
        ("industrial_clusters.with_infrastructure_operating.area_ha", "2331"),
        ("industrial_clusters.established_total.count", "34"),
        ("industrial_clusters.established_total.area_ha", "1200"),
        ("industrial_clusters.established_this_year.count", "56"),
        ("industrial_parks.policy_dossiers_pending_at_ministry.count", "15"),
        ("industrial_parks.construction_plans_approved_2022_2025.count", "11"),
        ("industry_statistics.districts_with_growth.count", "11"),
        ("industry_statistics.districts_with_growth.of", "9"),
    ],
)
def test_a_subset_larger_than_its_superset_is_named(key: str, value: str) -> None:
    report = changed(key, value)
    assert not report.ok
    assert "subsets" in named(report, key)


@pytest.mark.parametrize(
    "district",
    ["Thị xã Việt Yên", "Huyện Yên Dũng", "Huyện Hiệp Hòa", "Thành phố Bắc Giang"],
)
def test_a_named_district_that_shrank_contradicts_all_districts_growing(district: str) -> None:
    key = f"{DISTRICTS}.{district}"
    report = changed(key, "-1.5")
    assert named(report, key) == ["districts_growth"]
    assert report.findings[0].code == "district_did_not_grow"


def test_one_district_may_shrink_when_nine_of_ten_grew() -> None:
    data = copy.deepcopy(seed())
    districts = data["industry_statistics"]["production_growth_by_district_pct"]
    districts["Huyện Yên Dũng"] = "-2.1"
    data["industry_statistics"]["districts_with_growth"]["count"] = "9"
    assert check(figures_from_mapping(data)).ok
    districts["Huyện Hiệp Hòa"] = "-0.4"
    report = check(figures_from_mapping(data))
    assert not report.ok
    assert {DISTRICTS + ".Huyện Yên Dũng", DISTRICTS + ".Huyện Hiệp Hòa"} <= set(
        report.findings[0].keys
    )


def test_a_growth_of_zero_at_its_rounding_is_not_a_contradiction() -> None:
    assert changed(DISTRICTS + ".Huyện Yên Dũng", "0.0").ok


def test_the_finding_gives_the_interval_arithmetic_and_the_gap() -> None:
    report = changed(SECTION + ".C.value", "314986.8")  # 3000 too much
    (finding,) = report.findings
    assert finding.code == "parts_differ" and finding.formula == "Σ parts = total"
    # Σ parts: 314986.75 + 1768.5 + 1076.65 + 312.55 … 314986.85 + 1769.5 + 1076.75 + 312.65
    assert finding.computed == Interval(D("318144.45"), D("318145.75"))
    assert finding.published == Interval(D("315144.5"), D("315145.5"))
    assert finding.gap == D("2998.95")


# --- merged and missing parts ---------------------------------------------------------------


def merged_seed(value: str = "2081.6", growth: str = "13.84") -> dict[str, Any]:
    """The seed with electricity (D) and water (E) published as one figure, D+E."""
    data = copy.deepcopy(seed())
    sections = data["industry_statistics"]["production_value_current_prices"]["by_vsic_section"]
    del sections["D"], sections["E"]
    # 1769 + 312.6 = 2081.6; previous 1539.60 + 288.94 = 1828.54; 2081.6 / 1828.54 → +13.84 %
    sections["D+E"] = {"value": value, "growth_pct": growth}
    return data


def test_a_merged_part_counts_as_one_part() -> None:
    report = check(figures_from_mapping(merged_seed()))
    assert report.ok, report.findings
    assert report.skipped == ()
    assert derived(report)[TOTAL + ".growth_from_parts"].quantize(D("0.01")) == D("27.97")
    assert SECTION + ".D+E.implied_previous" in derived(report)


def test_a_merged_part_too_large_is_named() -> None:
    report = check(figures_from_mapping(merged_seed(value="2181.6")))
    assert named(report, SECTION + ".D+E.value") == ["parts_add_up"]


def test_a_part_published_inside_a_merged_one_is_its_part() -> None:
    data = merged_seed()
    data["industry_statistics"]["production_value_current_prices"]["by_vsic_section"]["D"] = {
        "value": "1769"
    }
    report = check(figures_from_mapping(data))
    assert report.ok
    keys = [d.key for d in report.derived]
    assert len(keys) == len(set(keys))
    # inside D+E, the part E is missing: 2081.6 − 1769 = 312.6
    assert derived(report)[SECTION + ".D+E.E.value"] == D("312.6")
    data["industry_statistics"]["production_value_current_prices"]["by_vsic_section"]["D"] = {
        "value": "2100"
    }
    report = check(figures_from_mapping(data))
    assert report.findings[0].code == "parts_exceed"
    assert set(report.findings[0].keys) == {SECTION + ".D.value", SECTION + ".D+E.value"}


def test_a_missing_part_is_not_an_error_but_the_growth_check_is_skipped() -> None:
    report = changed(SECTION + ".E", None)
    assert report.ok
    (skip,) = report.skipped
    assert (skip.check, skip.code, skip.params) == (
        "total_growth_from_parts",
        "parts_missing",
        {"missing": "E"},
    )
    # what the missing section must be: 315145 − (311986.8 + 1769 + 1076.7) = 312.5
    assert derived(report)[SECTION + ".E.value"] == D("312.5")


def test_known_parts_above_the_total_fail_even_with_parts_missing() -> None:
    data = copy.deepcopy(seed())
    sections = data["industry_statistics"]["production_value_current_prices"]["by_vsic_section"]
    del sections["E"]
    sections["C"]["value"] = "312500"
    report = check(figures_from_mapping(data))
    assert report.findings[0].code == "parts_exceed"
    assert SECTION + ".C.value" in report.findings[0].keys


def test_a_part_without_growth_skips_the_growth_check() -> None:
    report = changed(SECTION + ".B.growth_pct", None)
    assert report.ok
    assert [(s.code, s.keys) for s in report.skipped] == [
        ("growth_missing", (SECTION + ".B.growth_pct",))
    ]


# --- what about / more than / nearly allow ------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "total", "ok"),
    [
        ("about", "320000", True),  # 320000 ± 2.5 % = 312000 … 328000 holds 315145.1
        ("about", "330000", False),  # 321750 … 338250
        ("khoảng", "320000", True),
        ("more_than", "315000", True),  # > 315000
        ("hơn", "316000", False),  # the parts add up to less
        ("nearly", "316000", True),  # 300200 … 316000.5
        ("gần", "315000", False),  # at most 315000.5
        ("estimate", "315147", False),  # an estimate is held to its rounding: 315146.5 … 315147.5
        ("exact", "315147", False),
        ("estimate", "315146", True),  # 315145.5 … 315146.5 meets Σ parts 315144.45 … 315145.75
    ],
)
def test_qualifiers(qualifier: str, total: str, ok: bool) -> None:
    data = copy.deepcopy(seed())
    figure = data["industry_statistics"]["production_value_current_prices"]["total"]
    figure["value"], figure["qualifier"] = total, {"value": qualifier}
    report = check(figures_from_mapping(data))
    assert report.ok is ok
    assert ok or named(report, TOTAL + ".value") == ["parts_add_up"]


def test_intervals_of_figures() -> None:
    assert parse_figure("k", "19.11", "ước").interval == Interval(D("19.105"), D("19.115"))
    assert parse_figure("k", "70", "khoảng").interval == Interval(D("68.250"), D("71.750"))
    assert parse_figure("k", "1000", "trên").interval == Interval(D("1000"), None)
    assert parse_figure("k", "100", "gần").interval == Interval(D("95.00"), D("100.5"))
    assert parse_figure("k", "47.30").decimals == 2


# --- plans and contributions --------------------------------------------------------------


def test_a_plan_that_disagrees_with_the_share_of_plan() -> None:
    assert changed(TOTAL + ".plan", "666268").ok  # 315145 / 666268 = 47.30 %
    report = changed(TOTAL + ".plan", "650000")  # 48.48 %
    assert {TOTAL + ".plan", TOTAL + ".plan_pct"} <= set(named_keys(report))
    assert report.findings[0].check == "plan_share"
    assert TOTAL + ".implied_plan" not in derived(report)


def test_a_contribution_that_is_not_growth_times_share() -> None:
    key = "industry_statistics.share_of_grdp_pct"
    assert changed(key, {"value": "65"}).ok  # 19.11 × 65 % = 12.42
    report = changed(key, {"value": "70"})  # 13.38 ≠ 12.41
    assert report.findings[0].check == "contribution_from_share"
    assert "industry_statistics.contribution_to_grdp_growth_pp.value" in report.findings[0].keys
    assert key + ".value" in report.findings[0].keys


def named_keys(report: Report) -> list[str]:
    return [key for finding in report.findings for key in finding.keys]


# --- the growth range is exact --------------------------------------------------------------


def ends(interval: Interval) -> tuple[D, D]:
    assert interval.high is not None
    return interval.low, interval.high


def brute_force(parts: list[tuple[Interval, Interval]]) -> Interval:
    """The growth at every one of the 2^(2n) corners of the parts' values and growths."""
    ratios: list[D] = []
    corners = [ends(c) for c, _ in parts] + [ends(g) for _, g in parts]
    for corner in itertools.product(*corners):
        cur, growth = corner[: len(parts)], corner[len(parts) :]
        previous = sum((c / (1 + g / 100) for c, g in zip(cur, growth, strict=True)), D(0))
        ratios.append((sum(cur, D(0)) / previous - 1) * 100)
    return Interval(min(ratios), max(ratios))


@pytest.mark.parametrize(
    "parts",
    [
        [("311986.8", "28.14"), ("1769", "14.9"), ("1076.7", "12.18"), ("312.6", "8.19")],
        [("100", "-40"), ("250", "60"), ("40", "5"), ("900", "0")],
        [("5", "300"), ("5000", "-10"), ("70", "12")],
    ],
)
def test_growth_range_is_the_range_over_every_corner(parts: list[tuple[str, str]]) -> None:
    intervals = [
        (parse_figure("v", v, "about").interval, parse_figure("g", g).interval) for v, g in parts
    ]
    expected, found = brute_force(intervals), growth_range(intervals)
    assert abs(found.low - expected.low) < D("1e-20")
    assert abs(found.high - expected.high) < D("1e-20")  # type: ignore[operator]


# --- the registry ---------------------------------------------------------------------------


def test_every_check_is_registered_once_and_documented() -> None:
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names)) >= 6
    for item in CHECKS:
        assert isinstance(item, Check) and item.description and item.formulas


def test_every_check_class_is_in_the_registry() -> None:
    """Adding a check is one class and one line in CHECKS: forgetting the line fails here."""

    def subclasses(cls: type[Check]) -> set[type[Check]]:
        return {sub for child in cls.__subclasses__() for sub in {child, *subclasses(child)}}

    assert subclasses(Check) == {type(item) for item in CHECKS}


def test_every_code_has_a_message_in_both_languages() -> None:
    codes = {code for item in CHECKS for code in item.formulas}
    codes |= {"parts_missing", "growth_missing", "unbounded", "overlapping"}
    for lang in ("vi", "en"):
        texts = {key.rsplit(".", 1)[1] for key in catalog(lang) if key.startswith("stats.")}
        assert codes <= texts, codes - texts


# --- files -----------------------------------------------------------------------------------


def test_csv_with_vietnamese_qualifiers() -> None:
    figures = load(DATA / "production_2024h1.csv")
    assert figures[TOTAL + ".value"].qualifier == "estimate"
    assert figures["industrial_parks.approved_by_prime_minister.area_ha"].qualifier == "about"
    report = check(figures)
    assert report.ok
    assert derived(report).keys() >= {TOTAL + ".implied_plan", TOTAL + ".growth_from_parts"}


def test_csv_with_a_merged_part_too_large() -> None:
    report = check(load(DATA / "production_merged_too_large.csv"))
    assert named(report, SECTION + ".D+E.value") == ["parts_add_up"]


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("a.yaml", "a: {value: 1.2.3}\n", "a.value: not a number: '1.2.3'"),
        ("a.yaml", "a:\n  value: 19,11\n", "use '.' as the decimal point"),
        ("a.yaml", "a: {value: 1, qualifier: roughly}\n", "unknown qualifier 'roughly'"),
        ("a.yaml", "- 1\n- 2\n", "expected a mapping"),
        ("a.yaml", "province: Bắc Giang\n", "no figures found"),
        ("a.yaml", "a: [1\n", "not valid YAML"),
        ("a.csv", "k,v\na,1\n", "expected the columns key,value,qualifier"),
        ("a.csv", "key,value\na.value,1\na.value,2\n", "a.value: line 3: the key is given twice"),
        ("a.csv", "key,value\n,1\n", "line 2: no key"),
        ("a.csv", "key,value\n", "no figures found"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, text: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as error:
        load(path)
    assert problem in str(error.value)
    assert str(error.value).startswith(str(path))


def test_missing_file() -> None:
    with pytest.raises(LoadError, match="no such file"):
        load(DATA / "absent.yaml")


def test_csv_text_directly() -> None:
    figures = figures_from_csv("key,value,qualifier\nx.total.value,10,\nx.by_k.a.value,12,\n")
    report = check(figures)  # parts of an unknown dimension: they may not exceed the total
    assert report.findings[0].code == "parts_exceed"


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_on_the_seed_prints_what_it_derived() -> None:
    result = runner.invoke(app, ["check", str(SEED), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "the figures agree" in result.stdout
    assert "Derived values" in result.stdout
    assert "666,268.50" in result.stdout and "64.94" in result.stdout


def test_cli_numbers_in_vietnamese() -> None:
    result = runner.invoke(app, ["check", str(SEED), "--lang", "vi"])
    assert result.exit_code == 0
    assert "666.268,50" in result.stdout and "Giá trị suy ra" in result.stdout


def test_cli_json() -> None:
    result = runner.invoke(app, ["check", str(SEED), "--json", "--lang", "en"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["findings"] == []
    plan = next(d for d in data["derived"] if d["key"] == TOTAL + ".implied_plan")
    assert D(plan["value"]).quantize(D("0.01")) == D("666268.50")
    assert plan["label"] == "Plan, implied by the share of plan"


def test_cli_exit_1_names_the_figures(tmp_path: Path) -> None:
    data = copy.deepcopy(seed())
    data["industrial_clusters"]["with_infrastructure_operating"]["count"] = "56"
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "inconsistencies found: 1" in result.stdout
    assert "industrial_clusters.with_infrastructure_operating.count" in result.stdout
    assert "A part is larger than the whole it belongs to." in result.stdout
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["check"] == "subsets" and finding["gap"] == "1"  # counts are exact: 56 − 55


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["check", str(DATA / "absent.yaml"), "--lang", "en"], "absent.yaml: no such file"),
        (["check", str(DATA / "absent.yaml"), "--lang", "vi"], "absent.yaml: không có tệp này"),
        (
            ["check", str(DATA / "bad_syntax.yaml"), "--lang", "en"],
            "bad_syntax.yaml, line 4: not valid YAML",
        ),
        (
            ["check", str(DATA / "bad_syntax.yaml"), "--lang", "vi"],
            "bad_syntax.yaml, dòng 4: YAML không hợp lệ",
        ),
        (
            ["check", str(DATA / "bad_value.csv"), "--lang", "en"],
            f"bad_value.csv, line 3, key {SECTION}.C.value: not a number",
        ),
        (
            ["check", str(DATA / "bad_value.csv"), "--lang", "vi"],
            f"bad_value.csv, dòng 3, mục {SECTION}.C.value: không phải là số",
        ),
        (["check", str(SEED), "--lang", "fr"], "--lang: expected one of vi, en"),
    ],
)
def test_cli_exit_2_with_one_line(args: list[str], problem: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
