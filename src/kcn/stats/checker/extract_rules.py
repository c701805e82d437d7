"""The extraction rules, one function per kind of sentence (see :mod:`.extract`)."""

from __future__ import annotations

import re
from typing import Any, Protocol

from kcn.stats.checker.phrases import (
    GROWTH,
    INDEX,
    NUM,
    PLAN,
    QUALS,
    VALUE,
    ownership_of,
    qualifier,
    section_of,
)  # fmt: skip


class _Reader(Protocol):
    """What the rules use of the reader in :mod:`kcn.stats.checker.extract`."""

    folded: str
    sentence: str
    out: Any  # the Extraction
    production_base: str
    consumed: list[tuple[int, int]]

    def add(
        self,
        key: str,
        m: re.Match[str],
        group: str,
        qual: str = "exact",
        *,
        unit: bool = False,
        sign: int = 1,
    ) -> None: ...

    def growth(self, key: str, m: re.Match[str]) -> bool: ...


IND = "industry_statistics"
KCN, CCN = "industrial_parks", "industrial_clusters"
PARTS_START = re.compile(r"\btrong do\b|\bof which\b|\bin which\b|\bincluding\b")


def rules(r: _Reader) -> None:
    f = r.folded
    if re.search(r"gia tri san xuat|production value|output value", f):
        _production(r)
    elif r.production_base and (cut := PARTS_START.match(f.lstrip(" -–"))) is not None:
        _parts(r, r.production_base, len(f) - len(f.lstrip(" -–")) + cut.end())
    else:
        r.production_base = ""
    if re.search(r"gia tri tang them|value added", f):
        _value_added(r)
    if re.search(r"chi so san xuat|\biip\b|index of industrial production", f):
        _iip(r)
    if re.search(r"huyen|thi xa|thanh pho|district", f):
        _districts(r)
    if re.search(r"khu cong nghiep|industrial park", f):
        _parks(r)
    if re.search(r"cum cong nghiep|industrial cluster", f):
        _clusters(r)


def _production(r: _Reader) -> None:
    f = r.folded
    base = f"{IND}.production_value"
    if re.search(r"gia hien hanh|current prices", f):
        base += "_current_prices"
    elif re.search(r"gia so sanh|constant prices|comparable prices", f):
        base += "_constant_prices"
    cut = PARTS_START.search(f)
    head_end = cut.start() if cut else len(f)
    _figure(r, f"{base}.total", 0, head_end, total=True)
    r.production_base = base
    if cut is not None:
        _parts(r, base, cut.end())


def _parts(r: _Reader, base: str, position: int) -> None:
    """The parts after "trong đó", one a clause between semicolons: a VSIC section or an
    ownership category by its name; a clause naming neither is left unread."""
    f = r.folded
    for clause in re.finditer(r"[^;]+", f[position:]):
        start, end = position + clause.start(), position + clause.end()
        value = re.search(VALUE, f[start:end])
        name = f[start : start + value.start()] if value else f[start:end]
        code, dimension = ownership_of(name), "by_ownership"
        if code is None:
            code, dimension = section_of(name), "by_vsic_section"
        if code is not None:
            _figure(r, f"{base}.{dimension}.{code}", start, end)


def _figure(r: _Reader, node: str, start: int, end: int, total: bool = False) -> None:
    """A value with its unit, growth and share of plan between ``start`` and ``end``."""
    f = r.folded
    value = re.compile(VALUE).search(f, start, end)
    if value is not None:
        r.add(f"{node}.value", value, "value", qualifier(value.group("qual")), unit=True)
    after = value.end() if value else start
    growth = re.compile(GROWTH).search(f, after, end)
    if growth is not None:
        r.growth(f"{node}.growth_pct", growth)
    elif (index := re.compile(INDEX).search(f, after, end)) is not None:
        _index(r, f"{node}.growth_pct", index)
    if total and (plan := re.compile(PLAN).search(f, after, end)) is not None:
        r.add(f"{node}.plan_pct", plan, "plan")


def _index(r: _Reader, key: str, m: re.Match[str]) -> None:
    """ "bằng/đạt X% so với cùng kỳ" is an index: growth X − 100."""
    r.add(key, m, "index")
    last = r.out.figures[-1]
    if last.key == key and last.written == m.group("index"):
        r.out.figures[-1] = type(last)(**{**vars(last), "value": last.value - 100})


def _first_growth(r: _Reader, key: str, start: int) -> None:
    """The first growth in % after ``start`` that compares with a year earlier."""
    for growth in re.compile(GROWTH).finditer(r.folded, start):
        if growth.group("gunit") == "%" and r.growth(key, growth):
            return


def _value_added(r: _Reader) -> None:
    at = re.search(r"gia tri tang them|value added", r.folded)
    assert at is not None
    _first_growth(r, f"{IND}.value_added_growth_pct.value", at.end())
    points = re.compile(
        rf"(?:dong gop|contribut\w*)\s+{QUALS}(?P<pp>{NUM})\s*(?:diem phan tram|percentage points?)"
    ).search(r.folded, at.end())
    if points is not None:
        r.add(f"{IND}.contribution_to_grdp_growth_pp.value", points, "pp",
              qualifier(points.group("qual")))  # fmt: skip


def _iip(r: _Reader) -> None:
    at = re.search(r"chi so san xuat|\biip\b|index of industrial production", r.folded)
    assert at is not None
    index = re.compile(INDEX).search(r.folded, at.end())
    growth = re.compile(GROWTH).search(r.folded, at.end())
    if index is not None and (growth is None or index.start() < growth.start()):
        _index(r, f"{IND}.iip_growth_pct.value", index)
    else:
        _first_growth(r, f"{IND}.iip_growth_pct.value", at.end())


DISTRICT = re.compile(
    rf"(?P<kind>thi xa|huyen|thanh pho|tp\.?)\s+(?P<name>[^\W\d][^,;:.]*?)\s+{GROWTH}"
)


def _districts(r: _Reader) -> None:
    f = r.folded
    grew = re.search(r"(?P<n>\d+)/(?P<of>\d+) (?:huyen|districts?)[^.;]*?(?:tang|grew)", f)
    if grew is not None:
        r.add(f"{IND}.districts_with_growth.count", grew, "n")
        r.add(f"{IND}.districts_with_growth.of", grew, "of")
    for m in DISTRICT.finditer(f):
        if "dia ban" in f[max(0, m.start() - 12) : m.start()]:
            continue
        kind = r.sentence[m.start("kind") : m.end("kind")]
        name = r.sentence[m.start("name") : m.end("name")].strip()
        label = f"{kind[:1].upper()}{kind[1:]} {name}".replace(".", "")
        r.growth(f"{IND}.production_growth_by_district_pct.{label}", m)


KP = r"(?:khu cong nghiep|industrial parks?)"
PARK_RULES: tuple[tuple[str, str], ...] = (
    ("approved_by_prime_minister",
     rf"(?P<n>\d+) {KP} (?:da )?duoc thu tuong chinh phu chap thuan chu truong"),
    ("policy_dossiers_pending_at_ministry",
     rf"trinh thu tuong chinh phu chap thuan chu truong dau tu (?P<n>\d+) {KP}"),
    ("policy_dossiers_pending_at_ministry", rf"(?P<n>\d+) {KP} da nop ho so"),
    ("construction_plans_approved_2022_2025",
     rf"phe duyet quy hoach xay dung (?P<n>\d+) {KP}(?= uu tien thuc hien giai doan 2022-2025)"),
    ("construction_plans_approved", rf"phe duyet quy hoach xay dung (?P<n>\d+) {KP}"),
    ("zoning_plans_in_preparation", rf"do an quy hoach phan khu (?:xay dung )?(?P<n>\d+) {KP}"),
    ("planning_tasks_in_preparation",
     rf"nhiem vu quy hoach (?:xay dung )?(?:doi voi )?(?P<n>\d+) {KP}"),
    ("enterprises_operating", rf"(?P<n>\d+) doanh nghiep dang hoat dong[^;.]*?{KP}"),
    ("total", rf"(?:co|has|have) (?P<n>\d+) {KP}\b(?! (?:duoc|da))"),
)  # fmt: skip
AREA = rf"(?:dien tich|area)[^;0-9]{{0,20}}?{QUALS}(?P<area>{NUM})\s*(?:ha|hectares?)\b"


def _parks(r: _Reader) -> None:
    f = r.folded
    for name, pattern in PARK_RULES:
        for m in re.finditer(pattern, f):
            key = f"{KCN}.{name}.count"
            if name == "construction_plans_approved" and r.out.get(f"{KCN}.{name}_2022_2025.count"):
                continue
            r.add(key, m, "n")
            if name == "approved_by_prime_minister":
                area = re.compile(AREA).search(f, m.end())
                if area is not None:
                    r.add(f"{KCN}.{name}.area_ha", area, "area", qualifier(area.group("qual")))
    occupancy = re.search(rf"(?:ty le lap day|occupancy)[^;.%]*?{QUALS}(?P<pct>{NUM})\s*%", f)
    if occupancy is not None:
        r.add(f"{KCN}.occupancy_rate_pct.value", occupancy, "pct",
              qualifier(occupancy.group("qual")))  # fmt: skip


KC = r"(?:cum cong nghiep|industrial clusters?)"


def _clusters(r: _Reader) -> None:
    f = r.folded
    new = re.search(rf"(?P<n>\d+) {KC} duoc thanh lap moi", f)
    if new is not None:
        r.add(f"{CCN}.established_this_year.count", new, "n")
    total = re.search(rf"tong so {KC}[^;]*?(?:la )?(?P<n>\d+) {KC}", f)
    if total is not None:
        r.add(f"{CCN}.established_total.count", total, "n")
        area = re.compile(AREA).search(f, total.end(), total.end() + 40)
        if area is not None:
            r.add(f"{CCN}.established_total.area_ha", area, "area", qualifier(area.group("qual")))
    working = re.search(rf"(?P<n>\d+)/(?P<of>\d+) {KC}[^;]*?(?:ha tang|hoat dong)", f)
    if working is not None:
        node = f"{CCN}.with_infrastructure_operating"
        r.add(f"{node}.count", working, "n")
        r.consumed.append(working.span("of"))
        area = re.compile(AREA).search(f, working.end())
        if area is not None:
            r.add(f"{node}.area_ha", area, "area", qualifier(area.group("qual")))
