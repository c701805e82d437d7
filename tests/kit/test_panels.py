"""Panels: a domain adds a section to another domain's page without that domain importing it."""

from __future__ import annotations

from typing import Any

from kcn.kit import panels as kit_panels


def test_panels_come_in_order_and_skip_those_with_nothing_to_show(monkeypatch: Any) -> None:
    monkeypatch.setattr(kit_panels, "_PANELS", {})
    seen: list[tuple[Any, Any, Any, str]] = []

    def clearance(session: Any, actor: Any, obj: Any, lang: str) -> dict[str, Any] | None:
        seen.append((session, actor, obj, lang))
        return {"zone": obj, "lang": lang}

    kit_panels.register_panel("zone", "clearance", "readiness/panel.html", clearance, order=20)
    kit_panels.register_panel("zone", "map", "zones/map.html", lambda *a: {"x": 1}, order=10)
    kit_panels.register_panel("zone", "empty", "x.html", lambda *a: None, order=5)
    kit_panels.register_panel("enterprise", "reports", "y.html", lambda *a: {"y": 2})

    shown = kit_panels.panels("zone", "S", "A", 7, "vi")

    assert [p.name for p in shown] == ["map", "clearance"]
    assert shown[1].template == "readiness/panel.html"
    assert shown[1].data == {"zone": 7, "lang": "vi"}
    assert seen == [("S", "A", 7, "vi")]
    assert kit_panels.panels("project", "S", "A", 7, "vi") == []


def test_registering_a_panel_again_replaces_it(monkeypatch: Any) -> None:
    monkeypatch.setattr(kit_panels, "_PANELS", {})
    kit_panels.register_panel("zone", "map", "old.html", lambda *a: {})
    kit_panels.register_panel("zone", "map", "new.html", lambda *a: {})
    assert [p.template for p in kit_panels.panels("zone", None, None, 1, "en")] == ["new.html"]
