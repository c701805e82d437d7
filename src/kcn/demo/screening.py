"""Screening demo: the shipped default policy (version 1) and a few demo leads."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kcn.screening import ruleset


def load_screening(session: Session) -> dict[str, int]:
    ruleset.ensure_default(session)
    return {}
