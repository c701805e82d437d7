"""Sections that one domain adds to another domain's page.

A zone's page shows its land clearance, an enterprise's page its periodic reports and requests;
the zones and enterprises domains must not import those domains (that would be a cycle). So the
page names a slot (``"zone"``, ``"enterprise"``) and a domain registers a panel for it: a template
and a function returning the template's context for the page's object, or ``None`` to show
nothing. The page then renders ``panels(slot, ...)`` in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

PanelContext = Callable[[Session, Any, Any, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    name: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class Rendered:
    """One panel ready for the page: the template to include and what it shows."""

    name: str
    template: str
    data: dict[str, Any]


_PANELS: dict[str, dict[str, Panel]] = {}


def register_panel(
    slot: str, name: str, template: str, context: PanelContext, order: int = 100
) -> Panel:
    """Show ``template`` on the ``slot`` pages, with ``context(session, actor, obj, lang)``."""
    panel = Panel(slot, name, template, context, order)
    _PANELS.setdefault(slot, {})[name] = panel
    return panel


def panels(slot: str, session: Session, actor: Any, obj: Any, lang: str) -> list[Rendered]:
    """The panels of ``slot`` that have something to show for ``obj``, in their order."""
    shown = []
    for panel in sorted(_PANELS.get(slot, {}).values(), key=lambda p: (p.order, p.name)):
        data = panel.context(session, actor, obj, lang)
        if data is not None:
            shown.append(Rendered(panel.name, panel.template, data))
    return shown
