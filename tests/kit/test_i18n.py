"""Both languages are complete, plurals agree, and numbers and dates follow each language."""

from __future__ import annotations

import ast
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from jinja2 import DictLoader, Environment

from kcn.app import create_app
from kcn.config import Settings
from kcn.kit import metrics
from kcn.kit.catalogs import read_catalog
from kcn.kit.i18n import (
    LANGUAGES,
    catalog,
    fmt_area,
    fmt_date,
    fmt_fixed,
    fmt_number,
    fmt_pct,
    formatters,
    in_language,
    jinja_i18n,
    localized,
    month_name,
    other_language,
    parse_number,
    pick_language,
    translate,
    translate_plural,
    translations,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "kcn"
PLACEHOLDER = re.compile(r"{(\w+)}")
KEY = re.compile(r"[a-z][a-z_]*(?:\.[a-z0-9_]+)+")


def source(lang: str) -> Catalog:
    return read_catalog(lang)


def entries(lang: str) -> dict[str, Message]:
    out = {}
    for message in source(lang):
        if message.id:
            key = message.id[0] if message.pluralizable else message.id
            out[str(key)] = message
    return out


def forms(message: Message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def test_plural_forms_headers() -> None:
    assert source("vi").plural_forms == "nplurals=1; plural=0;"
    assert source("en").plural_forms == "nplurals=2; plural=(n != 1);"


def test_catalogs_are_complete_translations_of_the_same_keys() -> None:
    vi, en = entries("vi"), entries("en")
    assert set(vi) == set(en)
    num_plurals = {lang: source(lang).num_plurals for lang in ("vi", "en")}  # parsed once
    for key in vi:
        assert vi[key].pluralizable == en[key].pluralizable, key
        places = set()
        for lang, message in (("vi", vi[key]), ("en", en[key])):
            texts = forms(message)
            assert len(texts) == num_plurals[lang] or not message.pluralizable, key
            assert all(text.strip() for text in texts), (lang, key)
            for text in texts:
                places.add(frozenset(PLACEHOLDER.findall(text)))
        assert len(places) == 1, f"{key}: placeholders differ between forms or languages"
        if vi[key].pluralizable:  # counted by {count}, or by its only placeholder
            (names,) = places
            assert "count" in names or len(names) == 1, key


create_app(Settings(database_url="sqlite://"))  # registers every metric


def _calls_in_python() -> dict[str, str]:
    """Key-like string literals passed to any call (``translate``, ``t``, ``FieldError``,
    ``NotFound``, ``ValueError`` in validators, wrappers…) or set as an error's ``key``."""
    # Calls whose dotted strings name something else: resources, metrics, kinds of job.
    ignored_calls = {"ForeignKey", "mapped_column", "Index", "grant", "require_write", "start"}
    metric_names = {m.name for m in metrics.all()}
    spaces = {key.split(".")[0] for key in catalog("vi")}
    used: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name not in ignored_calls:
                    values = [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(getattr(t, "id", "") == "key" for t in targets) and node.value:
                    values = [node.value]
            for value in values:
                if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                    continue
                text = value.value
                known = KEY.fullmatch(text) and text.split(".")[0] in spaces
                if known and not text.endswith(".html") and text not in metric_names:
                    used[text] = f"{path.relative_to(SRC)}:{value.lineno}"
    return used


def _calls_in_templates() -> dict[str, str]:
    call = re.compile(r"""\b(?:t|plural|_|gettext|ngettext)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    trans = re.compile(r"{%-?\s*trans\b[^%]*%}\s*([a-z_]+\.[a-z0-9_.]+)\s*{%")
    used: dict[str, str] = {}
    for path in SRC.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for key in [*call.findall(text), *trans.findall(text)]:
            used[key] = str(path.relative_to(SRC))
    return used


def test_every_key_used_in_code_and_templates_exists() -> None:
    import kcn.app  # noqa: F401  (registers every metric)
    from kcn.kit import metrics

    metric_names = {m.name for m in metrics.all()}  # "stats.growth_pct" names a figure
    used = {**_calls_in_python(), **_calls_in_templates()}
    used = {k: w for k, w in used.items() if not k.endswith(".") and k not in metric_names}
    assert len(used) > 100
    for lang in LANGUAGES:
        missing = {k: where for k, where in used.items() if k not in catalog(lang)}
        assert missing == {}, lang


def test_the_key_scan_finds_keys_in_each_kind_of_call() -> None:
    used = {**_calls_in_python(), **_calls_in_templates()}
    for key in ("zone.not_found", "error.not_found", "geometry.bad_type", "period.ytd",
                "zone.list.count", "stats.tet.month", "unit.pp"):  # fmt: skip
        assert key in used, key


def test_no_code_branches_on_a_language() -> None:
    branch = re.compile(r"""lang(uage)?\s*[!=]=\s*["'](vi|en)["']""")
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in [*SRC.rglob("*.py"), *SRC.rglob("*.html")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if branch.search(line)
    ]
    assert found == []


def test_vietnamese_text_has_diacritics() -> None:
    assert translate("milestone.policy_approved", "vi") == "Đã chấp thuận chủ trương đầu tư"
    assert translate("milestone.policy_approved", "en") == "Investment policy approved"


def test_translations_are_babel_catalogs_with_a_fallback() -> None:
    assert translations("en").gettext("zone.list.title") == translate("zone.list.title", "en")
    assert translations("xx") is translations("vi")
    assert translate("no.such.key", "en") == "no.such.key"
    assert translate("zone.not_found", "fr", id=3) == translate("zone.not_found", "vi", id=3)


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [
        (0, "0 khu", "0 zones"),
        (1, "1 khu", "1 zone"),
        (2, "2 khu", "2 zones"),
        (1234, "1.234 khu", "1,234 zones"),
    ],
)
def test_plurals(n: int, vi: str, en: str) -> None:
    assert translate_plural("zone.count", n, "vi") == vi
    assert translate_plural("zone.count", n, "en") == en


def test_plural_messages_are_counted_wherever_they_are_used() -> None:
    assert translate("stats.check.not_ok", "en", count=1) == "1 inconsistency found."
    assert translate("stats.check.not_ok", "en", count=3) == "3 inconsistencies found."
    assert translate("stats.check.not_ok", "vi", count=1) == "Có 1 điểm không khớp."
    # An error built from a Pydantic context counts its only parameter, even as text.
    assert translate("field.too_short", "en", min_length="1") == (
        "Too short (at least 1 character)."
    )
    assert translate("field.too_short", "en", min_length=3).endswith("3 characters).")
    assert translate("auth.throttled", "en", minutes=1).endswith("in 1 minute.")
    assert translate("stats.check.consistent", "en", source="f.csv", count=1) == (
        "f.csv: the figures agree (1 check)."
    )


def test_numbers_and_dates() -> None:
    assert fmt_area(Decimal("2238"), "vi") == "2.238 ha"
    assert fmt_area(Decimal("2238"), "en") == "2,238 ha"
    assert fmt_pct(Decimal("19.11"), "vi") == "19,11%"
    assert fmt_pct(Decimal("19.11"), "en") == "19.11%"
    assert fmt_pct(-3.5, "vi", 1) == "-3,5%"
    assert fmt_number(Decimal("311986.8"), "vi") == "311.986,8"
    assert fmt_number(2.5, "en", 0) == "2"  # half to even, as Babel rounds
    assert fmt_fixed(Decimal("100"), "vi") == "100,00"
    assert fmt_number(None, "vi") == fmt_pct(None, "en") == fmt_date(None, "vi") == "–"
    assert fmt_date(date(2024, 6, 30), "vi") == "30/06/2024"
    assert fmt_date(date(2024, 6, 30), "en") == "30 Jun 2024"
    assert translate("land.leasable_over_planned", "vi", leasable=Decimal("1234.5"),
                     planned=Decimal("1000")).count("1.234,5") == 1  # fmt: skip


def test_month_names_come_from_babel() -> None:
    assert month_name(6, "vi") == "6"
    assert month_name(6, "en") == "Jun"
    assert month_name(2, "en", wide=True) == "February"


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("vi", "123,45", "123.45"),
        ("vi", "1.234,5", "1234.5"),
        ("vi", "1.234", "1234"),  # the Vietnamese thousands dot
        ("vi", "1,234", "1.234"),  # and decimal comma
        ("vi", " 0,5 ", "0.5"),
        ("vi", "-3,5", "-3.5"),
        ("en", "123.45", "123.45"),
        ("en", "1,234.5", "1234.5"),
        ("en", "1,234", "1234"),
    ],
)
def test_parse_number(lang: str, text: str, value: str) -> None:
    assert parse_number(text, lang) == Decimal(value)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "123.45"),  # an English decimal point, not 12345
        ("vi", "1,234.5"),
        ("vi", "1.23"),
        ("vi", "12,3,4"),
        ("en", "123,45"),
        ("en", "1.234,5"),
        ("en", "1e5"),
        ("en", "NaN"),
        ("en", "١٢"),
        ("en", "12 ha"),
        ("en", ""),
        ("en", "."),
    ],
)
def test_parse_number_refuses_another_style(lang: str, text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text, lang)


def test_the_number_format_message_shows_the_expected_style() -> None:
    from kcn.kit.i18n import number_style

    assert "1.234,5" in translate("field.number_format", "vi", **number_style("vi"))
    assert "1,234.5" in translate("field.number_format", "en", **number_style("en"))


def test_pick_language() -> None:
    assert pick_language(None, None, None) == "vi"
    assert pick_language(None, None, "en-US,en;q=0.9") == "en"
    assert pick_language("en", "vi", None) == "en"
    assert pick_language("fr", None, "de") == "vi"
    assert {other_language(lang) for lang in LANGUAGES} == set(LANGUAGES)
    assert all(other_language(lang) != lang for lang in LANGUAGES)


def test_texts_kept_in_both_languages() -> None:
    class Item:
        label_vi = "Khai khoáng"
        label_en = ""

    assert localized(Item(), "label", "vi") == "Khai khoáng"
    assert localized(Item(), "label", "en") == "Khai khoáng"  # empty: the default language
    assert in_language("en", vi="Yên Lư", en="Yen Lu") == "Yen Lu"
    assert in_language("en", vi="Yên Lư", en=None) == "Yên Lư"


def test_templates_translate_with_the_i18n_extension() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "page.html": "{% trans %}zone.list.title{% endtrans %}|{{ _('nav.summary') }}|"
                "{% trans count=n %}zone.count{% pluralize %}zone.count{% endtrans %}|"
                "{{ ngettext('audit.count', 'audit.count', n) }}|{{ t('zone.not_found', id=7) }}|"
                "{{ plural('zone.count', 1) }}|{{ _('zone.code_taken', code='<b>') }}"
            }
        ),
        autoescape=True,
    )
    jinja_i18n(env)
    page = env.get_template("page.html")
    assert page.render(**formatters("en"), n=2).split("|") == [
        translate("zone.list.title", "en"),
        translate("nav.summary", "en"),
        "2 zones",
        "2 records",
        translate("zone.not_found", "en", id=7),
        "1 zone",
        translate("zone.code_taken", "en", code="&lt;b&gt;"),
    ]
    assert page.render(**formatters("vi"), n=1).split("|")[2:4] == ["1 khu", "1 bản ghi"]
