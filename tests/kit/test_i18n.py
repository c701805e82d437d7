"""Both languages are complete, and numbers and dates follow each language's conventions."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from kcn.kit.i18n import catalog, fmt_area, fmt_date, fmt_number, fmt_pct, pick_language, translate

SRC = Path(__file__).resolve().parents[2] / "src" / "kcn"


# Months are numbers in Vietnamese ("tháng 2/2024") and names in English ("Feb 2024"): the
# code passes both forms, and each language uses its own.
MONTH_FORMS = {"month", "month_name", "first", "first_name", "last", "last_name"}


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    vi, en = catalog("vi"), catalog("en")
    assert set(vi) == set(en)
    for key in vi:
        ours = set(re.findall(r"{(\w+)}", vi[key])) - MONTH_FORMS
        theirs = set(re.findall(r"{(\w+)}", en[key])) - MONTH_FORMS
        assert ours == theirs, key


def test_every_key_used_in_code_and_templates_exists() -> None:
    used: set[str] = set()
    for path in [*SRC.rglob("*.py"), *SRC.rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", text))
        used |= set(re.findall(r"""translate\(\s*["']([a-z_]+\.[a-z_.]+)["']""", text))
        used |= set(re.findall(r"""FieldError\([^)]*?["']([a-z_]+\.[a-z_]+)["']""", text))
        used |= set(
            re.findall(r"""(?:NotFound|Conflict|ValidationFailed)\(\s*["']([a-z_.]+)["']""", text)
        )
    used = {k for k in used if not k.endswith(".")}  # prefixes of keys built at run time
    missing = sorted(k for k in used if k not in catalog("vi"))
    assert used and missing == []


def test_vietnamese_text_has_diacritics() -> None:
    assert translate("milestone.policy_approved", "vi") == "Đã chấp thuận chủ trương đầu tư"
    assert translate("milestone.policy_approved", "en") == "Investment policy approved"


def test_numbers_and_dates() -> None:
    assert fmt_area(Decimal("2238"), "vi") == "2.238 ha"
    assert fmt_area(Decimal("2238"), "en") == "2,238 ha"
    assert fmt_pct(Decimal("19.11"), "vi") == "19,11%"
    assert fmt_pct(Decimal("19.11"), "en") == "19.11%"
    assert fmt_number(Decimal("311986.8"), "vi") == "311.986,8"
    assert fmt_date(date(2024, 6, 30), "vi") == "30/06/2024"
    assert fmt_date(date(2024, 6, 30), "en") == "30 Jun 2024"


def test_pick_language() -> None:
    assert pick_language(None, None, None) == "vi"
    assert pick_language(None, None, "en-US,en;q=0.9") == "en"
    assert pick_language("en", "vi", None) == "en"
    assert pick_language("fr", None, "de") == "vi"


def test_every_vocabulary_word_has_a_label() -> None:
    from kcn.figures.intervals import QUALIFIERS
    from kcn.zones.pipeline import ALL_MILESTONES, KINDS

    keys = [f"milestone.{m}" for m in ALL_MILESTONES]
    keys += [f"kind.{k}" for k in KINDS] + [f"kind_plural.{k}" for k in KINDS]
    keys += [f"qualifier.{q}" for q in QUALIFIERS]
    keys += [f"figures.status.{s}" for s in ("match", "within", "differs", "not_derivable")]
    for lang in ("vi", "en"):
        assert [k for k in keys if k not in catalog(lang)] == []
