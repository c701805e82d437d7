"""The Bắc Giang catalogue built from vietnamadminunits: units, validity and successions."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date

import pytest

from kcn.geo.catalog import (
    AdminCatalog,
    UnitRecord,
    bac_giang_catalog,
    successors_on,
    units_valid_on,
)

DISTRICTS_2024 = {
    "Thành phố Bắc Giang",
    "Thị xã Việt Yên",
    "Huyện Yên Dũng",
    "Huyện Hiệp Hòa",
    "Huyện Lạng Giang",
    "Huyện Lục Nam",
    "Huyện Lục Ngạn",
    "Huyện Sơn Động",
    "Huyện Tân Yên",
    "Huyện Yên Thế",
}
DISTRICTS_2025 = (DISTRICTS_2024 - {"Huyện Yên Dũng"}) | {"Thị xã Chũ"}
NEW_PROVINCE = "province:24@2025-07-01"


@pytest.fixture(scope="module")
def catalog() -> AdminCatalog:
    return bac_giang_catalog()


def by_key(catalog: AdminCatalog) -> dict[str, UnitRecord]:
    return {u.key: u for u in catalog.units}


def districts_on(day: date) -> list[UnitRecord]:
    return [u for u in units_valid_on(day) if u.level == "district"]


def test_cached(catalog: AdminCatalog) -> None:
    assert bac_giang_catalog() is catalog


def test_ten_districts_mid_2024() -> None:
    names = [u.name for u in districts_on(date(2024, 6, 30))]
    assert len(names) == 10
    assert set(names) == DISTRICTS_2024


def test_ten_districts_2025_with_chu_without_yen_dung() -> None:
    names = [u.name for u in districts_on(date(2025, 1, 1))]
    assert len(names) == 10
    assert set(names) == DISTRICTS_2025
    assert "Thị xã Chũ" in names
    assert "Huyện Yên Dũng" not in names
    assert {u.name for u in districts_on(date(2025, 6, 30))} == DISTRICTS_2025


def test_reform_2024_boundaries() -> None:
    on_last_day = {u.name for u in districts_on(date(2024, 10, 31))}
    on_first_day = {u.name for u in districts_on(date(2024, 11, 1))}
    assert on_last_day == DISTRICTS_2024
    assert on_first_day == DISTRICTS_2025


def test_provinces_by_era() -> None:
    def provinces(day: date) -> list[str]:
        return [u.name for u in units_valid_on(day) if u.level == "province"]

    assert provinces(date(2025, 6, 30)) == ["Tỉnh Bắc Giang"]
    assert provinces(date(2025, 7, 1)) == ["Tỉnh Bắc Ninh"]


def test_no_districts_after_reform() -> None:
    assert districts_on(date(2025, 7, 1)) == []


def test_99_communes_from_july_2025() -> None:
    communes = [u for u in units_valid_on(date(2025, 7, 1)) if u.level == "commune"]
    assert len(communes) == 99
    assert Counter(u.kind for u in communes) == {"commune": 66, "ward": 33}
    for unit in communes:
        assert unit.parent_key == NEW_PROVINCE
        prefix = "Xã " if unit.kind == "commune" else "Phường "
        assert unit.name.startswith(prefix)
    assert not [u for u in units_valid_on(date(2025, 6, 30)) if u.level == "commune"]


def test_phuong_bac_giang(catalog: AdminCatalog) -> None:
    matches = [u for u in catalog.units if u.code == "07210"]
    assert len(matches) == 1
    unit = matches[0]
    assert unit.name == "Phường Bắc Giang"
    assert unit.kind == "ward"
    assert unit.valid_from == date(2025, 7, 1)


def test_keys_unique_and_parents_first(catalog: AdminCatalog) -> None:
    keys = [u.key for u in catalog.units]
    assert len(keys) == len(set(keys))
    seen: set[str] = set()
    for unit in catalog.units:
        assert unit.parent_key is None or unit.parent_key in seen
        seen.add(unit.key)


def test_successions_reference_units_and_are_unique(catalog: AdminCatalog) -> None:
    units = by_key(catalog)
    pairs = [(s.predecessor_key, s.successor_key) for s in catalog.successions]
    assert len(pairs) == len(set(pairs))
    for edge in catalog.successions:
        pred, succ = units[edge.predecessor_key], units[edge.successor_key]
        if pred.valid_on(edge.effective):  # only a partial transfer leaves the predecessor
            assert (pred.code, succ.code) == ("219", "224")
        else:
            assert pred.valid_to is not None and pred.valid_to < edge.effective
        assert succ.valid_on(edge.effective)
        assert edge.note


def test_names_are_nfc_and_capitalised(catalog: AdminCatalog) -> None:
    for unit in catalog.units:
        assert unicodedata.normalize("NFC", unit.name) == unit.name
        assert "Thị Xã" not in unit.name and "Thành Phố" not in unit.name
    assert "Thị xã Việt Yên" in {u.name for u in catalog.units}


def test_kinds_and_mountainous(catalog: AdminCatalog) -> None:
    districts = {u.name: u for u in catalog.units if u.level == "district"}
    assert districts["Thành phố Bắc Giang"].kind == "provincial_city"
    assert districts["Thị xã Việt Yên"].kind == "town"
    assert districts["Thị xã Chũ"].kind == "town"
    assert districts["Huyện Hiệp Hòa"].kind == "district"
    mountainous = {name for name, u in districts.items() if u.mountainous}
    assert mountainous == {
        "Huyện Sơn Động",
        "Huyện Lục Ngạn",
        "Huyện Lục Nam",
        "Huyện Yên Thế",
        "Thị xã Chũ",
    }
    assert not any(u.mountainous for u in catalog.units if u.level != "district")


def test_hand_entered_changes(catalog: AdminCatalog) -> None:
    units = {u.code: u for u in catalog.units if u.level == "district"}
    yen_dung, chu = units["221"], units["224"]
    assert yen_dung.valid_to == date(2024, 10, 31)
    assert "1191" in yen_dung.source
    assert chu.valid_from == date(2024, 11, 1)
    assert "930" in units["222"].source
    notes = {(s.predecessor_key, s.successor_key): s for s in catalog.successions}
    assert notes[(yen_dung.key, units["213"].key)].effective == date(2024, 11, 1)
    lục_ngạn_to_chu = notes[(units["219"].key, chu.key)]
    assert lục_ngạn_to_chu.effective == date(2024, 11, 1)
    assert "part" in lục_ngạn_to_chu.note


def test_every_2025_district_goes_to_new_bac_ninh_communes(catalog: AdminCatalog) -> None:
    units = by_key(catalog)
    for district in districts_on(date(2025, 6, 30)):
        successors = successors_on(district.key, date(2025, 7, 1))
        assert successors, district.name
        for key in successors:
            assert units[key].level == "commune"
            assert units[key].parent_key == NEW_PROVINCE


def test_hiep_hoa_note(catalog: AdminCatalog) -> None:
    hiep_hoa = next(u for u in catalog.units if u.name == "Huyện Hiệp Hòa")
    edges = [s for s in catalog.successions if s.predecessor_key == hiep_hoa.key]
    assert edges
    assert all(s.note.startswith("part of Huyện Hiệp Hòa") for s in edges)


def test_province_successor(catalog: AdminCatalog) -> None:
    assert successors_on("province:24", date(2025, 7, 1)) == {NEW_PROVINCE}
    assert successors_on("province:24", date(2025, 6, 30)) == {"province:24"}


def test_yen_dung_maps_forward() -> None:
    units = by_key(bac_giang_catalog())
    yen_dung = "district:221"
    assert successors_on(yen_dung, date(2025, 1, 1)) == {"district:213"}
    successors = successors_on(yen_dung, date(2026, 1, 1))
    assert successors
    assert all(units[k].level == "commune" for k in successors)
    assert successors == successors_on("district:213", date(2026, 1, 1))
    assert "Phường Yên Dũng" in {units[k].name for k in successors}


def test_valid_unit_maps_to_itself(catalog: AdminCatalog) -> None:
    for day in (date(2024, 6, 30), date(2025, 1, 1), date(2025, 7, 1), date(2030, 1, 1)):
        for unit in units_valid_on(day):
            assert successors_on(unit.key, day) == {unit.key}


def test_not_yet_valid_has_no_successors() -> None:
    assert successors_on("district:224@2024-11-01", date(2024, 6, 30)) == set()


def test_unknown_key() -> None:
    with pytest.raises(KeyError):
        successors_on("district:999", date(2025, 1, 1))
