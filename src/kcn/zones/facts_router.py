"""REST API of zone facts under ``/api/v1/zone-facts`` (the resource kit's routes)."""

from __future__ import annotations

from kcn.auth.deps import get_actor
from kcn.kit.resource_router import build_router
from kcn.zones.facts_resources import ZONE_FACTS

router = build_router(ZONE_FACTS, get_actor)
