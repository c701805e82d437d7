"""The roles of KCN, registered with the kit so that actors know whether they are staff.

Each domain grants the roles what they may write of its own resources (``zones.policy``,
``stats.service``, ``figures.service``); this module grants what the auth domain owns.
"""

from __future__ import annotations

from kcn.kit.permissions import grant, register_role
from kcn.models.auth import ROLES

# The province's own staff; the enterprise role acts for one enterprise only.
INTERNAL = frozenset(
    {"admin", "zone_board", "industry_trade", "investment", "statistics", "viewer"}
)

for _role in ROLES:
    register_role(_role, internal=_role in INTERNAL)

grant("admin", "user")
