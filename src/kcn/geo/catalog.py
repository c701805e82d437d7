"""The administrative units KCN needs for Bắc Giang across the 2025 reform, with validity dates.

Codes and names come from the maintained package ``vietnamadminunits`` rather than typed lists:

* ``data/dataset.db``, table ``admin_units_legacy``: the 63-province era as it stood in late
  2024 (after NQ 1191/NQ-UBTVQH15), source of Tỉnh Bắc Giang (24) and its district-level units;
* the same file, table ``admin_units``: the 34-province era from 1 July 2025 (NQ 202/2025/QH15,
  NQ 1658/NQ-UBTVQH15), source of the new Tỉnh Bắc Ninh (24) and its 99 communes and wards;
* ``data/converter_2025.json``: which legacy communes went into which new commune, from which
  the district → commune crosswalk of 1 July 2025 is derived.

The 2024 changes the legacy table does not show are entered by hand, with the resolution named
in ``source``: Huyện Yên Dũng (221), merged into Thành phố Bắc Giang on 1 November 2024, and the
start of Thị xã Chũ (224) on the same day. Việt Yên (222), a huyện until it became a thị xã on
1 February 2024, is kept as one record "Thị xã Việt Yên".

Keys are ``f"{level}:{code}"`` for units valid since before our records begin
(``valid_from is None``) and ``f"{level}:{code}@{valid_from.isoformat()}"`` otherwise, e.g.
``"district:213"``, ``"district:224@2024-11-01"``, ``"commune:07210@2025-07-01"``.
The catalogue lists every parent before its children.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

PACKAGE = "vietnamadminunits"
PROVINCE_CODE = "24"  # Tỉnh Bắc Giang in the legacy table; Tỉnh Bắc Ninh in the 2025 table

REFORM_2024 = date(2024, 11, 1)  # NQ 1191/NQ-UBTVQH15 takes effect
REFORM_2025 = date(2025, 7, 1)  # NQ 202/2025/QH15 and NQ 1658/NQ-UBTVQH15 take effect
LAST_DAY_2024 = date(2024, 10, 31)
LAST_DAY_2025 = date(2025, 6, 30)

NQ_930 = "NQ 930/NQ-UBTVQH15 of 13/12/2023, effective 2024-02-01"
NQ_1191 = "NQ 1191/NQ-UBTVQH15 of 28/9/2024, effective 2024-11-01"
NQ_2025 = "NQ 202/2025/QH15 of 12/6/2025 and NQ 1658/NQ-UBTVQH15, effective 2025-07-01"

# District-level units KCN treats as mountainous (hand-entered, by GSO code): Yên Thế, Lục Nam,
# Lục Ngạn, Sơn Động and Thị xã Chũ.
MOUNTAINOUS_DISTRICTS = frozenset({"215", "218", "219", "220", "224"})

# Name prefix (case-insensitive) → canonical spelling and kind, per level.
_PREFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "province": (("Thành phố", "city_province"), ("Tỉnh", "province")),
    "district": (("Thành phố", "provincial_city"), ("Thị xã", "town"), ("Huyện", "district")),
    "commune": (("Phường", "ward"), ("Xã", "commune")),
}


@dataclass(frozen=True)
class UnitRecord:
    """One administrative unit (đơn vị hành chính) during one period of validity."""

    key: str
    code: str
    level: str
    name: str
    kind: str
    parent_key: str | None
    valid_from: date | None
    valid_to: date | None
    mountainous: bool
    source: str

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Succession:
    """``predecessor`` (wholly or partly) became ``successor`` on ``effective``."""

    predecessor_key: str
    successor_key: str
    effective: date
    note: str


@dataclass(frozen=True)
class AdminCatalog:
    units: tuple[UnitRecord, ...]
    successions: tuple[Succession, ...]


def unit_key(level: str, code: str, valid_from: date | None) -> str:
    """The catalogue key of a unit: ``level:code``, plus ``@valid_from`` when that is known."""
    base = f"{level}:{code}"
    return base if valid_from is None else f"{base}@{valid_from.isoformat()}"


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _name_and_kind(level: str, full_name: str, type_word: str | None = None) -> tuple[str, str]:
    """The canonical full name and kind of ``full_name`` ("Thị Xã Việt Yên" → "Thị xã Việt Yên").

    ``type_word`` is the package's type column (e.g. ``districtType``); it must agree with the
    prefix of the name.
    """
    name = _nfc(full_name)
    for prefix, kind in _PREFIXES[level]:
        if name.casefold().startswith(prefix.casefold() + " "):
            if type_word is not None and _nfc(type_word).casefold() != prefix.casefold():
                raise ValueError(f"{name!r}: type {type_word!r} does not match the name")
            return f"{prefix} {name[len(prefix) + 1 :]}", kind
    raise ValueError(f"unexpected {level} name {name!r}")


@contextmanager
def _data_file(name: str) -> Iterator[Path]:
    with resources.as_file(resources.files(PACKAGE).joinpath("data", name)) as path:
        yield path


def _query(sql: str, params: tuple[str, ...] = ()) -> list[sqlite3.Row]:
    with _data_file("dataset.db") as path:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            conn.row_factory = sqlite3.Row
            return list(conn.execute(sql, params))


def _converter() -> Mapping[str, Any]:
    with _data_file("converter_2025.json") as path:
        data: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data


def _source(table: str) -> str:
    return f"{PACKAGE} {metadata.version(PACKAGE)} ({table})"


@cache
def bac_giang_catalog() -> AdminCatalog:
    """Tỉnh Bắc Giang and its district-level units in 2024–2025, the new Tỉnh Bắc Ninh and its
    communes from 2025-07-01, and the successions between them."""
    units: list[UnitRecord] = []
    successions: list[Succession] = []
    legacy_source = _source("admin_units_legacy")
    new_source = _source("admin_units")

    # --- Tỉnh Bắc Giang and its district-level units, to 2025-06-30 --------------------------
    legacy = _query(
        "SELECT DISTINCT province, provinceKey, districtCode, district, districtType, districtKey"
        " FROM admin_units_legacy WHERE provinceCode = ? ORDER BY districtCode",
        (PROVINCE_CODE,),
    )
    if not legacy or {row["province"] for row in legacy} != {"Tỉnh Bắc Giang"}:
        raise RuntimeError(f"{PACKAGE}: legacy province {PROVINCE_CODE} is not Tỉnh Bắc Giang")
    old_province_key_pkg = legacy[0]["provinceKey"]
    name, kind = _name_and_kind("province", legacy[0]["province"])
    old_province = UnitRecord(
        key=unit_key("province", PROVINCE_CODE, None),
        code=PROVINCE_CODE,
        level="province",
        name=name,
        kind=kind,
        parent_key=None,
        valid_from=None,
        valid_to=LAST_DAY_2025,
        mountainous=False,
        source=f"{legacy_source}; ends under {NQ_2025}",
    )
    units.append(old_province)

    districts: list[UnitRecord] = []
    district_by_pkg_key: dict[str, UnitRecord] = {}
    for row in legacy:
        code = row["districtCode"]
        name, kind = _name_and_kind("district", row["district"], row["districtType"])
        valid_from: date | None = None
        source = legacy_source
        if code == "222":
            source += f"; huyện until 2024-01-31, thị xã under {NQ_930}"
        elif code == "224":
            valid_from = REFORM_2024
            source += f"; created from communes of Huyện Lục Ngạn under {NQ_1191}"
        elif code == "213":
            source += f"; took in Huyện Yên Dũng under {NQ_1191}"
        record = UnitRecord(
            key=unit_key("district", code, valid_from),
            code=code,
            level="district",
            name=name,
            kind=kind,
            parent_key=old_province.key,
            valid_from=valid_from,
            valid_to=LAST_DAY_2025,
            mountainous=code in MOUNTAINOUS_DISTRICTS,
            source=source,
        )
        districts.append(record)
        district_by_pkg_key[row["districtKey"]] = record
    if any(d.code == "221" for d in districts):
        raise RuntimeError(f"{PACKAGE}: legacy table unexpectedly lists district 221")
    yen_dung = UnitRecord(
        key=unit_key("district", "221", None),
        code="221",
        level="district",
        name="Huyện Yên Dũng",
        kind="district",
        parent_key=old_province.key,
        valid_from=None,
        valid_to=LAST_DAY_2024,
        mountainous=False,
        source=f"entered by hand: merged into Thành phố Bắc Giang under {NQ_1191}",
    )
    districts.append(yen_dung)
    districts.sort(key=lambda d: (d.code, d.valid_from or date.min))
    units.extend(districts)

    by_code = {d.code: d for d in districts}
    successions.append(
        Succession(
            yen_dung.key,
            by_code["213"].key,
            REFORM_2024,
            f"Huyện Yên Dũng merged into Thành phố Bắc Giang ({NQ_1191})",
        )
    )
    successions.append(
        Succession(
            by_code["219"].key,
            by_code["224"].key,
            REFORM_2024,
            f"part of Huyện Lục Ngạn became Thị xã Chũ; Huyện Lục Ngạn continues ({NQ_1191})",
        )
    )

    # --- Tỉnh Bắc Ninh and its communes and wards, from 2025-07-01 ---------------------------
    new_rows = _query(
        "SELECT province, provinceKey, wardCode, ward, wardType, wardKey"
        " FROM admin_units WHERE provinceCode = ? ORDER BY wardCode",
        (PROVINCE_CODE,),
    )
    if not new_rows or {row["province"] for row in new_rows} != {"Tỉnh Bắc Ninh"}:
        raise RuntimeError(f"{PACKAGE}: province {PROVINCE_CODE} of 2025 is not Tỉnh Bắc Ninh")
    new_province_key_pkg = new_rows[0]["provinceKey"]
    name, kind = _name_and_kind("province", new_rows[0]["province"])
    new_province = UnitRecord(
        key=unit_key("province", PROVINCE_CODE, REFORM_2025),
        code=PROVINCE_CODE,
        level="province",
        name=name,
        kind=kind,
        parent_key=None,
        valid_from=REFORM_2025,
        valid_to=None,
        mountainous=False,
        source=f"{new_source}; {NQ_2025}",
    )
    units.append(new_province)
    commune_by_pkg_key: dict[str, UnitRecord] = {}
    for row in new_rows:
        name, kind = _name_and_kind("commune", row["ward"], row["wardType"])
        record = UnitRecord(
            key=unit_key("commune", row["wardCode"], REFORM_2025),
            code=row["wardCode"],
            level="commune",
            name=name,
            kind=kind,
            parent_key=new_province.key,
            valid_from=REFORM_2025,
            valid_to=None,
            mountainous=False,
            source=new_source,
        )
        units.append(record)
        commune_by_pkg_key[row["wardKey"]] = record

    successions.append(
        Succession(
            old_province.key,
            new_province.key,
            REFORM_2025,
            f"Tỉnh Bắc Giang and Tỉnh Bắc Ninh merged into Tỉnh Bắc Ninh ({NQ_2025})",
        )
    )

    # --- District → commune crosswalk of 2025-07-01, from converter_2025.json ----------------
    converter = _converter()
    # (district key, commune key) → the legacy communes of that district that went there: how
    # many wholly, how many in part
    moved: dict[tuple[str, str], tuple[int, int]] = {}

    def add(legacy_ward_key: str, new_ward_key: str, in_part: bool) -> None:
        province_part, district_part, _ = legacy_ward_key.split("_", 2)
        if province_part != old_province_key_pkg:
            return
        district = district_by_pkg_key.get(district_part)
        commune = commune_by_pkg_key.get(new_ward_key)
        if district is None or commune is None:
            raise RuntimeError(f"{PACKAGE}: cannot place {legacy_ward_key} → {new_ward_key}")
        pair = (district.key, commune.key)
        wholly, partly = moved.get(pair, (0, 0))
        moved[pair] = (wholly, partly + 1) if in_part else (wholly + 1, partly)

    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province_key_pkg, {})
    for new_ward_key, legacy_keys in whole.items():
        for legacy_ward_key in legacy_keys:
            add(legacy_ward_key, new_ward_key, in_part=False)
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_province_key_pkg, {})
    for legacy_ward_key, targets in divided.items():
        for target in targets:
            add(legacy_ward_key, target["newWardKey"], in_part=True)

    names = {u.key: u.name for u in units}
    converter_source = f"{PACKAGE} {metadata.version(PACKAGE)} converter_2025.json"
    for (district_key, commune_key), (wholly, partly) in sorted(moved.items()):
        counts = [f"{wholly} former commune-level unit(s)"] if wholly else []
        counts += [f"part of {partly} former commune-level unit(s)"] if partly else []
        successions.append(
            Succession(
                district_key,
                commune_key,
                REFORM_2025,
                f"part of {names[district_key]}: {' and '.join(counts)}, per {converter_source}",
            )
        )
    with_successors = {district_key for district_key, _ in moved}
    orphans = [
        d.name for d in districts if d.valid_on(LAST_DAY_2025) and d.key not in with_successors
    ]
    if orphans:
        raise RuntimeError(f"{PACKAGE}: no 2025 successor for {', '.join(orphans)}")

    return AdminCatalog(units=tuple(units), successions=tuple(successions))


@cache
def _index() -> tuple[dict[str, UnitRecord], dict[str, tuple[Succession, ...]]]:
    catalog = bac_giang_catalog()
    edges: dict[str, list[Succession]] = {}
    for edge in catalog.successions:
        edges.setdefault(edge.predecessor_key, []).append(edge)
    return {u.key: u for u in catalog.units}, {k: tuple(v) for k, v in edges.items()}


def units_valid_on(day: date) -> list[UnitRecord]:
    """The units of the catalogue valid on ``day``, parents before children."""
    return [u for u in bac_giang_catalog().units if u.valid_on(day)]


def successors_on(key: str, day: date) -> set[str]:
    """Keys of the units valid on ``day`` that the unit ``key`` became.

    A unit valid on ``day`` maps to itself. Otherwise successions effective on or before
    ``day`` are followed transitively, stopping at units valid on ``day``; the result is empty
    if there are none (e.g. a day before the unit began). Successions are whole-unit, so a
    unit inherits everything its successor became: Huyện Yên Dũng, merged into Thành phố Bắc
    Giang in 2024, maps on 2025-07-01 or later to every commune any part of Thành phố Bắc Giang
    (as of 2025) went to, not only those that held former Yên Dũng land. Likewise Huyện Lục
    Ngạn on 2025-01-01 maps to itself only, while on 2025-07-01 it maps to its own successors
    and, through Thị xã Chũ, to Chũ's. Raises ``KeyError`` for an unknown key.
    """
    units, edges = _index()
    if units[key].valid_on(day):
        return {key}
    found: set[str] = set()
    seen = {key}
    todo = [key]
    while todo:
        current = todo.pop()
        for edge in edges.get(current, ()):
            successor = edge.successor_key
            if edge.effective > day or successor in seen:
                continue
            seen.add(successor)
            if units[successor].valid_on(day):
                found.add(successor)
            else:
                todo.append(successor)
    return found
