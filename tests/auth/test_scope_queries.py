"""Loading a user's scopes runs a fixed number of queries, however many units it names."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kcn.auth import service as auth_service
from kcn.kit.permissions import system_actor
from tests.conftest import PASSWORD
from tests.queries import count_queries

DISTRICTS_2024 = ("213", "215", "216", "217", "218", "219", "220", "222")


def test_actor_scopes_cost_the_same_for_one_unit_or_eight(session: Session) -> None:
    admin = system_actor("test", "cli")
    counts, units = [], []
    for name, codes in (("one.unit", DISTRICTS_2024[:1]), ("eight.units", DISTRICTS_2024)):
        data = auth_service.NewUser(name, PASSWORD, "zone_board", admin_units=codes)
        user = auth_service.create_user(session, data, admin)
        session.expire_all()
        user = auth_service.get_user(session, name)
        with count_queries(session) as statements:
            actor = auth_service.actor_for(session, user, "api")
        counts.append(len(statements))
        units.append(actor.unit_ids)
    assert counts[0] == counts[1], counts
    assert units[0] < units[1]  # the eight districts cover more units than the first alone
