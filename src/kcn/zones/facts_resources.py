"""Zone facts declared to the resource kit: list, export, detail and writes of
``/api/v1/zone-facts`` come from this declaration (``kcn.kit.resources``)."""

from __future__ import annotations

from typing import Any

from kcn.kit.export import Column
from kcn.kit.resources import Resource, register
from kcn.models import ZoneFacts
from kcn.zones import facts
from kcn.zones.facts_schemas import FactsCreate, FactsRead, FactsUpdate


def _col(name: str, width: int = 14, value: Any = None) -> Column:
    get = value or (lambda item, _lang: getattr(item, name))
    return Column(name, get, width, f"zone_facts.column.{name}")


EXPORT_COLUMNS = (
    _col("zone", 22),
    _col("as_of", 12),
    _col("operator", 36),
    _col("contact_phone", 16),
    _col("contact_email", 24),
    _col("power_kv", 10),
    _col("power_mva", 10),
    _col("water_m3_day", 12),
    _col("wastewater_m3_day", 12),
    _col("seaport_km", 10),
    _col("airport_km", 10),
    _col("highway_exit_km", 10),
    _col("border_gate_km", 10),
    _col("rent_usd_m2", 10),
    _col("rent_term", 16),
    _col("rent_as_of", 12),
    _col("management_fee_usd_m2_year", 12),
    _col("is_demo", 8, lambda f, _l: "x" if f.is_demo else ""),
)

ZONE_FACTS = register(
    Resource(
        name="zone_facts",
        path="/api/v1/zone-facts",
        tag="zones",
        model=ZoneFacts,
        read_schema=FactsRead,
        filter_dependency=facts.facts_filter,
        sort_keys=facts.SORT_KEYS,
        tiebreak=lambda f: ZoneFacts.id,
        read_rows=lambda s, rows, ctx: [facts.to_read(r[0]) for r in rows],
        read_one=lambda s, i, ctx: facts.to_read(facts.get_facts(s, i, ctx.actor)),
        export_columns=EXPORT_COLUMNS,
        export_name=lambda f: "kcn-zone-facts",
        title_key="zone_facts.list.title",
        describe=facts.snapshot,
        label=lambda f: f.zone.name,
        create_schema=FactsCreate,
        update_schema=FactsUpdate,
        create=facts.create_facts,
        update=facts.update_facts,
        delete=facts.delete_facts,
        plural="zone_facts",
    )
)
