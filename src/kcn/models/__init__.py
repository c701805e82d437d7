"""All tables, one module per aggregate. Importing this package registers every table."""

from kcn.models.figures import PublishedFigure
from kcn.models.geo import AdminUnit, AdminUnitSuccession
from kcn.models.zones import Milestone, Zone, ZoneLand

__all__ = ["AdminUnit", "AdminUnitSuccession", "Milestone", "PublishedFigure", "Zone", "ZoneLand"]
