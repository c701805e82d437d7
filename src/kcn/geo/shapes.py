"""Schematic shapes of the province and its administrative units, for maps drawn offline.

KCN ships no legal boundary data. ``vietnamadminunits`` gives the centre (latitude,
longitude) of every commune of both eras; from them this module draws a SCHEMATIC map: the
province outline is a buffered concave hull of the former Bắc Giang communes' centres, a
district (late 2024) is the union of its communes' Voronoi cells, a 2025 commune its own
Voronoi cell, all clipped to the outline. Good enough to see where a park lies; not a
boundary — every map says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import shapely
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from kcn.geo.catalog import PROVINCE_CODE, _name_and_kind, _query


@dataclass(frozen=True)
class UnitShape:
    code: str
    name: str
    shape: BaseGeometry
    centre: tuple[float, float]  # longitude, latitude


@dataclass(frozen=True)
class ProvinceShapes:
    outline: BaseGeometry
    districts: tuple[UnitShape, ...]  # the district-level units of late 2024
    communes: tuple[UnitShape, ...]  # the communes and wards of 1 July 2025 inside the outline


def _cells(points: list[tuple[float, float]], clip: BaseGeometry) -> list[BaseGeometry]:
    """The Voronoi cell of each point, clipped to ``clip``, in the order of ``points``."""
    regions = shapely.voronoi_polygons(MultiPoint(points), extend_to=clip.envelope.buffer(0.5))
    by_point: list[BaseGeometry] = [shapely.Polygon()] * len(points)
    for region in regions.geoms:
        for i, p in enumerate(points):
            if region.covers(Point(p)):
                by_point[i] = region.intersection(clip)
                break
    return by_point


def _canonical(level: str, name: str) -> str:
    """The unit's name as the registry writes it ("Thị Xã Việt Yên" → "Thị xã Việt Yên")."""
    try:
        return _name_and_kind(level, name)[0]
    except ValueError:
        return name


@cache
def province_shapes() -> ProvinceShapes:
    """The schematic outline, districts and communes (computed once per process)."""
    legacy = _query(
        "SELECT districtCode, district, wardLat, wardLon FROM admin_units_legacy "
        "WHERE provinceCode = ? AND wardLat IS NOT NULL",
        (PROVINCE_CODE,),
    )
    points = [(float(r["wardLon"]), float(r["wardLat"])) for r in legacy]
    outline = shapely.concave_hull(MultiPoint(points), ratio=0.25).buffer(0.025).simplify(0.004)
    cells = _cells(points, outline)
    groups: dict[str, tuple[str, list[BaseGeometry]]] = {}
    for row, cell in zip(legacy, cells, strict=True):
        groups.setdefault(row["districtCode"], (row["district"], []))[1].append(cell)
    districts = []
    for code, (name, parts) in sorted(groups.items()):
        shape = shapely.union_all(parts).simplify(0.002)
        centre = shape.representative_point()
        districts.append(UnitShape(code, _canonical("district", name), shape, (centre.x, centre.y)))
    new = _query(
        "SELECT wardCode, ward, wardLat, wardLon FROM admin_units WHERE provinceCode = ? "
        "AND wardLat IS NOT NULL",
        (PROVINCE_CODE,),
    )
    inside = [r for r in new if outline.contains(Point(float(r["wardLon"]), float(r["wardLat"])))]
    new_points = [(float(r["wardLon"]), float(r["wardLat"])) for r in inside]
    communes = tuple(
        UnitShape(r["wardCode"], _canonical("commune", r["ward"]), cell.simplify(0.002), p)
        for r, cell, p in zip(inside, _cells(new_points, outline), new_points, strict=True)
    )
    return ProvinceShapes(outline, tuple(districts), communes)
