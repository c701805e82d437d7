"""REST API of the audit trail: read only, for the province's staff, from the resource kit
(``audit.resources``): ``/api/v1/audit``, its export and each record."""

from __future__ import annotations

from kcn.audit.resources import AUDIT
from kcn.auth.deps import get_actor
from kcn.kit.resource_router import build_router

router = build_router(AUDIT, get_actor)
