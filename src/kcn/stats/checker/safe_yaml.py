"""YAML from a user, read safely: every scalar a string, no anchors or aliases, a capped depth.

Aliases let a document of a kilobyte expand to billions of nodes ("billion laughs"); a facts
file has no use for them, so an anchor (``&``) or alias (``*``) is refused where it is met,
before anything is expanded. Nesting deeper than the limit is refused as it is met, long
before Python's recursion limit.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import Node

from kcn.stats.limits import LimitExceeded


class _Loader(yaml.BaseLoader):
    """``yaml.BaseLoader`` (scalars stay strings) that refuses anchors, aliases and depth."""

    max_depth = 32

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise LimitExceeded("yaml_alias", line=line)
        nested = isinstance(event, CollectionStartEvent)
        self._depth += nested
        try:
            if self._depth > self.max_depth:
                raise LimitExceeded("yaml_depth", self.max_depth)
            return super().compose_node(parent, index)
        finally:
            self._depth -= nested


def load(text: str, max_depth: int) -> Any:
    """The data of the YAML ``text``; :class:`~kcn.stats.limits.LimitExceeded` for an anchor,
    an alias or nesting deeper than ``max_depth``; ``yaml.YAMLError`` for bad syntax."""
    loader = _Loader(text)
    loader.max_depth = max_depth
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]
