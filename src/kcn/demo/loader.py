"""Load the Bắc Giang demo data: administrative units, the zone registry on 30 June 2024
and the figures the province published for the first half of 2024.

Values invented for the demo are marked in the data (``demo_fields``, ``name_is_demo``,
``is_demo``) and shown as such on every page.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.demo.enterprises import load_enterprises
from kcn.demo.monitoring import load_monitoring
from kcn.demo.readiness import load_readiness
from kcn.demo.screening import load_screening
from kcn.demo.statistics import load_statistics
from kcn.demo.zone_facts import load_zone_facts
from kcn.figures.service import load_figures
from kcn.geo import service as geo_service
from kcn.kit.permissions import system_actor
from kcn.models import Observation, Zone
from kcn.zones import service as zone_service
from kcn.zones.schemas import ZoneCreate

ZONES_FILE = "zones_bac_giang_2024h1.yaml"
FIGURES_FILE = "published_figures_bac_giang_2024h1.yaml"


def read_bytes(name: str) -> bytes:
    """A file of the demo data, as it is."""
    return resources.files("kcn.demo").joinpath(f"data/{name}").read_bytes()


def read_data(name: str) -> Any:
    with resources.files("kcn.demo").joinpath(f"data/{name}").open("rb") as handle:
        return yaml.safe_load(handle)


def is_empty(session: Session) -> bool:
    return session.scalar(select(Zone.id).limit(1)) is None


def _zone_payload(item: dict[str, Any]) -> dict[str, Any]:
    payload = {k: v for k, v in item.items() if k not in {"milestones", "land"}}
    payload["milestones"] = [
        {
            "kind": m["kind"],
            "reached_on": m.get("date"),
            "target_date": m.get("target_date"),
            "document_number": m.get("document_number"),
            "issuing_body": m.get("issuing_body"),
            "note": m.get("note") or "",
            "source": m.get("source") or "",
            "is_demo": bool(m.get("demo", False)),
        }
        for m in item.get("milestones", [])
    ]
    payload["land"] = [
        {**{k: v for k, v in row.items() if k != "demo"}, "is_demo": bool(row.get("demo", False))}
        for row in item.get("land", [])
    ]
    if payload.get("notes") is None:
        payload["notes"] = ""
    return payload


def load_demo(session: Session) -> dict[str, int]:
    """Load everything that is not there yet; return how many rows of each kind were added.
    Each zone is created through the zone service, so it is validated and audited."""
    actor = system_actor("demo data loader", "import")
    units, successions = geo_service.load_catalog(session)
    session.commit()
    known = set(session.scalars(select(Zone.code)))
    zones = 0
    items = read_data(ZONES_FILE)["zones"]
    # Parents first, so that an expansion can name the zone it expands.
    for item in sorted(items, key=lambda z: z.get("parent") is not None):
        if item["code"] in known:
            continue
        data = ZoneCreate.model_validate(_zone_payload(item))
        zone_service.create_zone(session, data, actor)
        zones += 1
    figures = load_figures(session, read_data(FIGURES_FILE), actor)
    session.commit()
    observations = 0 if _has_statistics(session) else load_statistics(session)
    tenants = load_enterprises(session)
    zone_facts = load_zone_facts(session)
    screening = load_screening(session)
    readiness = load_readiness(session)
    monitoring = load_monitoring(session)
    return {
        "admin_units": units,
        "admin_unit_successions": successions,
        "zones": zones,
        "published_figures": figures,
        "observations": observations,
        **tenants,
        "zone_facts": zone_facts,
        **screening,
        **readiness,
        **monitoring,
    }


def _has_statistics(session: Session) -> bool:
    return session.scalar(select(Observation.id).limit(1)) is not None
