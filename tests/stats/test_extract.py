"""Figures read from a report's text: every production and park/cluster figure of the seed
article, sentences in the shapes of the phrasebook (falls, merged sections, ownership, "lần",
indices, hedges, other bases, broken text), English, and ``kcn stats extract|check`` on text."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kcn.stats.checker import check, figures_from_mapping
from kcn.stats.checker.extract import Extraction, extract
from kcn.stats.cli import app

# The source report lies in shared/ beside the repository (as CI lays it out).
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"
ARTICLE = SEED / "bac-giang-2024-h1-article.vi.txt"
FACTS = SEED / "bac-giang-2024-h1-facts.yaml"
runner = CliRunner()
PV = "industry_statistics.production_value"


def leaves(node: Any, path: str = "") -> dict[str, D]:
    """The numeric figures of the facts file by dotted key (``line`` and lists left out)."""
    found: dict[str, D] = {}
    if isinstance(node, dict):
        for name, child in node.items():
            if name not in ("line", "qualifier", "unit"):
                found |= leaves(child, f"{path}.{name}" if path else str(name))
    elif isinstance(node, str) and node.replace(".", "", 1).isdigit():
        found[path] = D(node)
    return found


def values(extraction: Extraction) -> dict[str, D]:
    return {f.key: f.value for f in extraction.figures}


pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason="the seed is not mounted")


def test_every_production_and_park_figure_of_the_seed_article() -> None:
    facts = yaml.load(FACTS.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    kinds = ("industry_statistics", "industrial_parks", "industrial_clusters")
    wanted = {k: v for k, v in leaves(facts).items() if k.startswith(kinds)}
    extraction = extract(ARTICLE.read_text(encoding="utf-8"))
    got = values(extraction)
    assert {k: got.get(k) for k in wanted} == wanted
    assert len(wanted) == 33 and extraction.unread == []
    # qualifiers and units as the article writes them
    by_key = {f.key: f for f in extraction.figures}
    assert by_key[PV + "_current_prices.total.value"].qualifier == "estimate"
    assert by_key[PV + "_current_prices.total.value"].unit == "tỷ đồng"
    assert by_key["industrial_parks.approved_by_prime_minister.area_ha"].qualifier == "about"
    assert by_key["industry_statistics.iip_growth_pct.value"].qualifier == "estimate"


def test_the_seed_article_checks_straight_from_its_text(tmp_path: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(text, encoding="utf-8")
    bad.write_text(text.replace("1.769 tỷ", "1.969 tỷ"), encoding="utf-8")
    assert runner.invoke(app, ["check", str(good)]).exit_code == 0
    result = runner.invoke(app, ["check", str(bad), "--lang", "en"])
    assert result.exit_code == 1 and "by_vsic_section.D.value" in result.stdout


def test_extract_writes_the_file_check_reads(tmp_path: Path) -> None:
    out = tmp_path / "figures.yaml"
    result = runner.invoke(app, ["extract", str(ARTICLE), "-o", str(out)])
    assert result.exit_code == 0 and "33 figures" in result.stdout
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0


def run(text: str) -> Extraction:
    return extract(text)


def test_falls_merged_sections_and_the_base_at_the_end() -> None:
    e = run(
        "Giá trị sản xuất công nghiệp (giá so sánh 2010) tháng 6 ước đạt 4.210,3 tỷ đồng, tăng "
        "9,72% so với cùng kỳ năm trước. Trong đó: ngành khai khoáng đạt 186,6 tỷ đồng, giảm "
        "0,45%; công nghiệp chế biến, chế tạo đạt 3.900 tỷ đồng, tăng 10,51%; sản xuất phân phối "
        "điện, nước đạt 123,7 tỷ đồng, tăng 3,1% so với cùng kỳ."
    )
    v = values(e)
    base = PV + "_constant_prices"
    assert v[base + ".total.value"] == D("4210.3")
    assert v[base + ".by_vsic_section.B.growth_pct"] == D("-0.45")
    assert v[base + ".by_vsic_section.D+E.value"] == D("123.7")
    assert e.figures[0].period == "tháng 6"


def test_ownership_and_units_in_trieu() -> None:
    e = run(
        "Giá trị sản xuất công nghiệp ước đạt 1.620,5 tỷ đồng; trong đó: kinh tế nhà nước đạt "
        "120.500 triệu đồng, tăng 3%; kinh tế ngoài nhà nước đạt 300 tỷ đồng; khu vực có vốn đầu "
        "tư nước ngoài đạt 1.200 tỷ đồng, tăng 12,4%."
    )
    v = values(e)
    assert v[PV + ".by_ownership.state.value"] == D("120500")
    assert v[PV + ".by_ownership.fdi.growth_pct"] == D("12.4")
    figures = figures_from_mapping(e.to_mapping(), "t")
    assert figures[PV + ".by_ownership.state.value"].value == D("120.5")  # triệu → tỷ
    mapping = e.to_mapping()
    mapping["industry_statistics"]["production_value"]["by_ownership"]["breakdown"] = "complete"
    assert check(figures_from_mapping(mapping, "t")).ok  # 120.5 + 300 + 1200 = 1620.5


@pytest.mark.parametrize(
    ("sentence", "key", "value", "qualifier"),
    [
        ("Chỉ số IIP ước đạt 112% so cùng kỳ.", "iip_growth_pct", "12", "exact"),
        ("Chỉ số sản xuất toàn ngành công nghiệp (IIP) tháng 5 giảm 6,6% so với tháng 4 nhưng "
         "tăng 22,7% so với cùng kỳ.", "iip_growth_pct", "22.7", "exact"),
        ("Chỉ số IIP tăng hơn 6,2% so với cùng kỳ.", "iip_growth_pct", "6.2", "more_than"),
        ("Chỉ số sản xuất công nghiệp tăng gần 8,4%.", "iip_growth_pct", "8.4", "nearly"),
        ("Chỉ số sản xuất công nghiệp bằng 83% so với cùng kỳ.", "iip_growth_pct", "-17", "exact"),
    ],
)  # fmt: skip
def test_growth_shapes(sentence: str, key: str, value: str, qualifier: str) -> None:
    found = run(sentence).get(f"industry_statistics.{key}.value")
    assert found is not None and found.value == D(value) and found.qualifier == qualifier


def test_times_is_a_multiplier() -> None:
    e = run("Giá trị sản xuất công nghiệp đạt 950 tỷ đồng, tăng 2,6 lần so với cùng kỳ.")
    assert values(e)[PV + ".total.growth_pct"] == D("160.0")


def test_broken_text_is_listed_never_guessed() -> None:
    e = run("Giá trị sản xuất công nghiệp đạt 907 tỷ triệu đồng, tăng 6,71 so với cùng kỳ.")
    assert values(e) == {}
    assert [w for w, _ in e.unread] == ["907", "6,71"]
    e = run("Toàn tỉnh có 10 cụm công nghiệp, 2 khu công nghiệp.")
    assert values(e) == {} and [w for w, _ in e.unread] == ["10", "2"]


def test_parks_and_clusters_in_other_words() -> None:
    e = run(
        "Tỷ lệ lấp đầy các khu công nghiệp đạt gần 90%. Tỉnh có 1 cụm công nghiệp được thành "
        "lập mới, nâng tổng số cụm công nghiệp lên 62 cụm công nghiệp với tổng diện tích "
        "3.106,5 ha."
    )
    v = values(e)
    assert v["industrial_parks.occupancy_rate_pct.value"] == D(90)
    assert e.get("industrial_parks.occupancy_rate_pct.value").qualifier == "nearly"  # type: ignore[union-attr]
    assert v["industrial_clusters.established_total.area_ha"] == D("3106.5")


def test_english_report() -> None:
    e = run(
        "In the first half, the industrial production value was estimated at 2,150.5 billion "
        "VND, up 8.2% over the same period; of which manufacturing reached 2,000 billion VND, up "
        "9.1%; mining 150.5 billion VND, down 3.4%. The index of industrial production (IIP) "
        "rose 7.5%."
    )
    v = values(e)
    assert v[PV + ".total.value"] == D("2150.5")
    assert e.get(PV + ".total.value").qualifier == "estimate"  # type: ignore[union-attr]
    assert v[PV + ".by_vsic_section.C.growth_pct"] == D("9.1")
    assert v[PV + ".by_vsic_section.B.growth_pct"] == D("-3.4")
    assert v["industry_statistics.iip_growth_pct.value"] == D("7.5")
