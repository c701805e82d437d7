"""For Bắc Giang 2024-H1 the report states every figure of the seed facts file, formatted the
language's way (vi 315.145 tỷ đồng, 19,11%; en VND 315,145 billion, 19.11%), with its qualifier.
The parks named in the planning pipeline appear too, and the parks whose land clearance must
be finished by the deadline, named together with it in one sentence, and the plan's horizon
(the end of the year) in the priorities' title. Not checked: the policy
text (what the province asks of investors is not a figure)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session

from kcn.kit.text import fold
from kcn.reports import service
from kcn.reports.model import Report

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "bac-giang-2024-h1-facts.yaml"


def styled(value: Any, lang: str) -> str:
    """The number as the language writes it, built here independently of the code's Babel."""
    text = str(Decimal(str(value)))
    whole, _, frac = text.partition(".")
    groups = f"{int(whole):,}"
    if lang == "vi":
        return groups.replace(",", ".") + ("," + frac if frac else "")
    return groups + ("." + frac if frac else "")


def expected(facts: dict[str, Any], lang: str) -> list[str]:
    vi = lang == "vi"
    n = lambda v: styled(v, lang)  # noqa: E731
    pct = lambda v: n(v) + "%"  # noqa: E731
    ha = lambda v: n(v) + " ha"  # noqa: E731
    bn = lambda v: f"{n(v)} tỷ đồng" if vi else f"VND {n(v)} billion"  # noqa: E731
    about = "khoảng " if vi else "about "
    parks, clusters, stats = (facts["industrial_parks"], facts["industrial_clusters"],
                              facts["industry_statistics"])  # fmt: skip
    noun_p = "khu công nghiệp" if vi else "industrial parks"
    noun_c = "cụm công nghiệp" if vi else "industrial clusters"
    approved = parks["approved_by_prime_minister"]
    out = [
        f"{approved['count']} {noun_p}",
        about + ha(approved["area_ha"]),
        f"{parks['policy_dossiers_pending_at_ministry']['count']} {noun_p}",
        f"{parks['construction_plans_approved_2022_2025']['count']} {noun_p}",
        f"{parks['zoning_plans_in_preparation']['count']} {noun_p}",
        f"{parks['planning_tasks_in_preparation']['count']} "
        + ("khu công nghiệp" if vi else "industrial park"),
        f"{n(parks['enterprises_operating']['count'])} "
        + ("doanh nghiệp" if vi else "enterprises"),
        about + pct(parks["occupancy_rate_pct"]["value"]),
        f"{clusters['established_total']['count']} {noun_c}",
        ha(clusters["established_total"]["area_ha"]),
        f"{clusters['established_this_year']['count']} "
        + ("cụm công nghiệp" if vi else "industrial cluster"),
        f"{clusters['with_infrastructure_operating']['count']} {noun_c}",
        ha(clusters["with_infrastructure_operating"]["area_ha"]),
        ("ước tăng " if vi else "up an estimated ") + pct(stats["value_added_growth_pct"]["value"]),
        n(stats["contribution_to_grdp_growth_pp"]["value"])
        + (" điểm phần trăm" if vi else " percentage points"),
        ("ước tăng " if vi else "up an estimated ") + pct(stats["iip_growth_pct"]["value"]),
    ]
    total = stats["production_value_current_prices"]["total"]
    out += [
        ("ước đạt " if vi else "an estimated ") + bn(total["value"]),
        ("tăng " if vi else "up ") + pct(total["growth_pct"]),
        pct(total["plan_pct"]) + (" kế hoạch năm" if vi else " of the annual plan"),
    ]
    for part in stats["production_value_current_prices"]["by_vsic_section"].values():
        out.append(f"{bn(part['value'])}, " + ("tăng " if vi else "up ") + pct(part["growth_pct"]))
    districts = stats["districts_with_growth"]
    out.append(
        f"Tất cả {districts['count']} huyện" if vi else f"All {districts['count']} districts"
    )
    assert districts["count"] == districts["of"]
    for name, growth in stats["production_growth_by_district_pct"].items():
        if name != "line":
            out.append(f"{name} | {pct(growth)}")
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_seed_figure_appears_formatted(session: Session, lang: str) -> None:
    if not SEED.exists():
        pytest.skip(f"seed facts not found: {SEED}")
    facts = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    report = service.half_year(session, facts["period"]["year"], facts["period"]["half"], lang)
    text = report.text()
    missing = [fragment for fragment in expected(facts, lang) if fragment not in text]
    assert not missing, f"not in the {lang} report: {missing}"
    assert facts["province"] in report.place_date
    names = facts["industrial_parks"]["named_in_planning_pipeline"]  # en: their English names
    assert [name for name in names if fold(name) not in fold(text)] == []
    check_clearance_focus(report, facts, lang)
    horizon = facts["plan_horizon"]  # the priorities run to the end of the year
    assert horizon.month == 12 and horizon.day == 31
    until = "đến hết năm" if lang == "vi" else "to the end of"
    priorities = next(s for s in report.sections if s.key == "priorities")
    assert priorities.title.endswith(f"{until} {horizon.year}")


def clearance_focus(facts: dict[str, Any], lang: str) -> tuple[str, list[str]]:
    """The deadline as the language writes it (built here, not by the code's Babel) and the
    parks' names (English: "mở rộng" is "Expansion")."""
    focus = facts["industrial_parks"]["land_clearance_focus"]
    day = focus["deadline"]
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    shown = (
        f"trước ngày {day.day:02d}/{day.month:02d}/{day.year}"
        if lang == "vi"
        else f"by {day.day} {months[day.month - 1]} {day.year}"
    )
    parks = [*focus["remaining_area_of"], *focus["new_parks"]]
    if lang == "en":
        parks = [name.replace(" mở rộng", " Expansion") for name in parks]
    return shown, parks


def check_clearance_focus(report: Report, facts: dict[str, Any], lang: str) -> None:
    section = next(s for s in report.sections if s.key == "clearance")
    assert section.has_data and section.is_demo  # the parks and deadline are real, the rest demo
    deadline, parks = clearance_focus(facts, lang)
    sentences = [p for p in section.paragraphs() if deadline in p]
    assert len(sentences) == 1, f"one sentence names the deadline {deadline}: {sentences}"
    assert [name for name in parks if fold(name) not in fold(sentences[0])] == []
