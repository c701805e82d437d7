"""The checker's blind spots closed: falls with "gần"/"hơn", combined qualifiers, hedged
reports still checked, declared shares and breakdowns, contributions and plausibility, files
that check nothing, numbers as officials type them, units, and the numbers of each finding."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcn.stats.checker import Interval, LoadError, Report, check, loads, parse_figure
from kcn.stats.checker.checks import growth_range
from kcn.stats.cli import NOTHING_CHECKED, app

runner = CliRunner()


def run(text: str) -> Report:
    return check(loads(text, "t.yaml"))


def codes(report: Report) -> list[str]:
    return [finding.code for finding in report.findings]


# --- qualifiers on a fall, combined qualifiers ------------------------------------------


def test_a_fall_nearly_8_is_a_little_under_8() -> None:
    interval = parse_figure("k.growth_pct", "-8", "gần").interval
    assert interval == Interval(D("-8.5"), D("-7.60"))
    assert interval.meets(Interval.point(D("-7.9")))  # "giảm gần 8%": a fall of 7.9 %
    assert not interval.meets(Interval.point(D("-8.6")))


def test_a_fall_of_more_than_8_is_8_or_more() -> None:
    interval = parse_figure("k.growth_pct", "-8", "hơn").interval
    assert interval == Interval(D(-100), D(-8))


@pytest.mark.parametrize(
    ("text", "name"),
    [("ước hơn", "more_than"), ("khoảng gần", "nearly"), ("ước đạt", "estimate"),
     ("đạt hơn", "more_than"), ("xấp xỉ", "about"), ("ước tính khoảng", "about"), ("", "exact")],
)  # fmt: skip
def test_combined_qualifiers(text: str, name: str) -> None:
    assert parse_figure("k", "5", text).qualifier == name


def test_an_unknown_qualifier_is_refused() -> None:
    with pytest.raises(LoadError, match="unknown qualifier"):
        parse_figure("k", "5", "maybe")


FALLING = """
pv:
  total: {value: "1000", growth_pct: "%s", qualifier: {growth_pct: "%s"}}
  by_vsic_section:
    B: {value: "100", growth_pct: "-7.9"}
    C: {value: "800", growth_pct: "10"}
    D: {value: "60", growth_pct: "5"}
    E: {value: "40", growth_pct: "2"}
"""


def test_a_falling_section_with_nearly_is_no_false_finding() -> None:
    text = FALLING.replace('"-7.9"}', '"-8", qualifier: gần}')
    assert run(text % ("7.2", "")).ok  # B falls a little under 8 %: the total is reachable


def test_a_total_growth_more_than_is_still_checked() -> None:
    assert run(FALLING % ("7", "hơn")).ok
    assert codes(run(FALLING % ("12", "hơn"))) == ["growth_unreachable"]


# --- open-ended qualifiers narrow ----------------------------------------------------------


def test_growth_range_with_an_open_value_tends_to_that_parts_growth() -> None:
    open_part = (Interval(D(10), None), Interval(D(50), D(50)))
    other = (Interval(D(10), D(10)), Interval(D(0), D(0)))
    reached = growth_range([open_part, other])
    assert reached.low == D(0) + (D(20) / (D(10) / D("1.5") + 10) - 1) * 100
    assert reached.high is not None and abs(reached.high - 50) < D("1e-20")


HEDGED = """
pv:
  total: {value: "1000", growth_pct: "%s"}
  by_vsic_section:
    B: {value: "100", growth_pct: "5", qualifier: hơn}
    C: {value: "800", growth_pct: "10", qualifier: {growth_pct: hơn}}
    D: {value: "60", growth_pct: "5"}
    E: {value: "40", growth_pct: "2"}
"""


def test_a_hedged_report_is_still_checked() -> None:
    report = run(HEDGED % "9")
    assert report.ok and report.tested >= 2
    low = run(HEDGED % "3")  # floors on every part: the total grew by at least ~8.8 %
    assert codes(low) == ["growth_unreachable"]


# --- shares, breakdowns, contributions, plausibility -------------------------------------


SHARES = """
pv:
  total: {value: "200"}
  by_ownership:
    breakdown: %s
    state: {value: "50", share_pct: "%s"}
    fdi: {value: "150"}
"""


def test_declared_shares_are_checked() -> None:
    assert run(SHARES % ("complete", "25")).ok
    found = run(SHARES % ("complete", "30"))
    assert codes(found) == ["share_differs"]


def test_a_breakdown_declared_complete_must_add_up() -> None:
    text = (SHARES % ("complete", "25")).replace('"150"', '"140"')
    assert codes(run(text)) == ["parts_differ"]
    assert run((SHARES % ("partial", "25")).replace('"150"', '"140"')).ok


def test_a_bad_breakdown_declaration_is_refused() -> None:
    with pytest.raises(LoadError, match="breakdown"):
        run(SHARES % ("all", "25"))


def test_merged_sections_are_a_declared_form() -> None:
    separate = 'D: {value: "60", growth_pct: "5"}\n    E: {value: "40", growth_pct: "2"}'
    merged = 'D+E: {value: "100", growth_pct: "3.8"}'
    text = FALLING.replace(separate, merged) % ("7.2", "")
    report = run(text)
    assert report.unknown == () and report.tested >= 2


def test_a_part_larger_than_its_total() -> None:
    text = 'pv:\n  total: {value: "100"}\n  by_ownership:\n    fdi: {value: "150"}\n'
    assert codes(run(text)) == ["parts_exceed"]


CONTRIB = """
pv:
  total: {growth_pct: "10"}
  by_vsic_section:
    B: {contribution_pp: "%s", growth_pct: "5"}
    C: {contribution_pp: "8.5", growth_pct: "12"}
    D: {contribution_pp: "0.8", growth_pct: "8"}
    E: {contribution_pp: "0.4", growth_pct: "4"}
"""


def test_contributions_add_up_to_the_total_growth() -> None:
    assert run(CONTRIB % "0.3").ok
    assert "contributions_differ" in codes(run(CONTRIB % "1.3"))


def test_a_partial_list_of_contributions_gives_the_residual() -> None:
    text = (CONTRIB % "0.3").replace('    B: {contribution_pp: "0.3", growth_pct: "5"}\n', "")
    report = run(text)
    residual = {d.key: d.value for d in report.derived}
    assert residual["pv.by_vsic_section.B.contribution_pp"] == D("0.3")


def test_a_contribution_implying_a_share_above_100_percent() -> None:
    found = run((CONTRIB % "0.3").replace('"0.8", growth_pct: "8"', '"0.8", growth_pct: "0.5"'))
    assert "contribution_share_out_of_range" in codes(found)


def test_a_fall_of_100_percent_or_more_implies_a_negative_base() -> None:
    report = run('pv:\n  total: {value: "5", growth_pct: "-120"}\n')
    assert codes(report) == ["negative_base"]


# --- files that check nothing, numbers, units ---------------------------------------------


def test_a_file_that_checks_nothing_never_agrees(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('pv:\n  total: {value: "5", growht_pct: "3"}\n', encoding="utf-8")
    report = check(loads(path.read_text(), str(path)))
    assert not report.ok and report.status == "nothing_checked"
    assert report.unknown == ("pv.total.growht_pct",)
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == NOTHING_CHECKED == 3
    assert "no check could be made" in result.stdout and "growht_pct" in result.stdout


def test_a_file_with_no_figure_at_all_names_its_keys() -> None:
    with pytest.raises(LoadError, match="valu"):
        run('pv:\n  total: {valu: "5"}\n')


VI_STYLE = """
number_style: vi
pv:
  unit: tỷ đồng
  total: {value: "3.370"}
  by_ownership:
    breakdown: complete
    state: {value: "1.671,5"}
    fdi: {value: "1.698.500", unit: triệu đồng}
"""


def test_numbers_as_officials_type_them_and_units() -> None:
    figures = loads(VI_STYLE, "vi.yaml")
    assert figures["pv.total.value"].value == D(3370)
    assert figures["pv.by_ownership.state.value"].value == D("1671.5")
    assert figures["pv.by_ownership.fdi.value"].value == D("1698.5")
    assert check(figures).ok


@pytest.mark.parametrize("text", ["1.671,5", "19,11", "1.698.500"])
def test_vietnamese_numbers_without_the_declaration_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(LoadError, match="number_style: vi"):
        run(f'pv:\n  total: {{value: "{text}"}}\n')


def test_a_misread_form_in_vietnamese_style_is_refused() -> None:
    with pytest.raises(LoadError, match="groups thousands"):
        run('number_style: vi\npv:\n  total: {value: "3.37"}\n')


def test_out_of_range_numbers_are_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text('pv:\n  total: {value: "1e400"}\n  by_x:\n    a: {value: "1e400"}\n')
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "key pv.total.value: out of range: 1e400" in result.stderr
    result = runner.invoke(app, ["check", str(path), "--lang", "vi"])
    assert result.exit_code == 2 and "mục pv.total.value: số nằm ngoài phạm vi" in result.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["published", "imply", "difference", "tolerance"]),
     ("vi", ["số công bố", "suy ra", "chênh lệch", "dung sai"])],
)  # fmt: skip
def test_the_text_report_states_each_findings_numbers(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text((SHARES % ("complete", "30")), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", lang])
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if words[0] in line)
    assert all(word in line for word in words), line
    assert ("25" in line) and ("30" in line)
