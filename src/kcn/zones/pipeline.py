"""The legal pipeline of parks and clusters: milestone vocabularies, order and size rules.

A zone's *stage* is its latest reached milestone in pipeline order. A zone has *reached* a
milestone when its stage is that milestone or a later one, so a park approved in 2008 counts
as having an approved construction plan even if that older step was never recorded. This is
the counting rule of the province's reports: "approved" is cumulative (reached), "dossiers
pending" is exclusive (current stage).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from kcn.kit.errors import FieldError

PARK = "industrial_park"
CLUSTER = "industrial_cluster"
KINDS = (PARK, CLUSTER)

MILESTONES: dict[str, tuple[str, ...]] = {
    PARK: (
        "planning_task",
        "zoning_plan",
        "construction_plan_approved",
        "policy_dossier_submitted",
        "policy_approved",
        "land_clearance_started",
        "infrastructure_started",
        "operating",
    ),
    CLUSTER: ("planned", "established", "infrastructure_started", "operating"),
}
ALL_MILESTONES = tuple(dict.fromkeys(m for kind in KINDS for m in MILESTONES[kind]))

# The milestones whose date makes a zone "established" in a year (a park is established by
# its investment-policy approval; a cluster by its establishment decision).
ESTABLISHING = {PARK: "policy_approved", CLUSTER: "established"}

# Decree 32/2024/NĐ-CP, Article 2: cluster size.
CLUSTER_MIN_HA = Decimal(10)
CLUSTER_MIN_HA_MOUNTAIN = Decimal(5)
CLUSTER_MAX_HA = Decimal(75)


def index(kind: str, milestone: str) -> int:
    """Position of ``milestone`` in the pipeline of ``kind`` (ValueError if not in it)."""
    return MILESTONES[kind].index(milestone)


def stage_name(kind: str, stage_index: int | None) -> str | None:
    return None if stage_index is None else MILESTONES[kind][stage_index]


@dataclass(frozen=True)
class Step:
    """One step of a zone's timeline on a date.

    ``state`` is ``done`` (recorded as reached), ``passed`` (not recorded, but a later step is
    reached, so the zone has reached it: the summary's cumulative count), ``planned`` (recorded
    with a target date or a later date) or ``todo``; ``current`` marks the zone's stage."""

    name: str
    state: str
    current: bool
    milestone: Any | None  # the recorded milestone, if any


def timeline(kind: str, milestones: Sequence[Any], as_of: date) -> list[Step]:
    """The pipeline of ``kind`` with what the zone's ``milestones`` (objects with ``kind`` and
    ``reached_on``) say on ``as_of``, by the same rule as the stage and the summary: the stage
    is the latest step reached on or before ``as_of``, and every earlier step counts as
    reached."""
    by_name = {m.kind: m for m in milestones}
    names = MILESTONES[kind]
    reached = [
        i
        for i, n in enumerate(names)
        if (m := by_name.get(n)) and m.reached_on and m.reached_on <= as_of
    ]
    stage = max(reached, default=-1)
    steps = []
    for i, name in enumerate(names):
        m = by_name.get(name)
        if i in reached:
            state = "done"
        elif i < stage:
            state = "passed"
        else:
            state = "planned" if m is not None else "todo"
        steps.append(Step(name, state, i == stage, m))
    return steps


def order_errors(
    kind: str, reached: Iterable[tuple[int, str, date]], prefix: str = "milestones"
) -> list[FieldError]:
    """Errors for reached milestones whose dates go backwards along the pipeline.

    ``reached`` holds ``(position in the request, milestone, date)``; an error names the later
    milestone's date by its position: ``milestones.1.reached_on``.
    """
    dated = sorted(reached, key=lambda t: index(kind, t[1]))
    errors: list[FieldError] = []
    for (_, prev_m, prev_d), (i, m, d) in pairwise(dated):
        if d < prev_d:
            errors.append(
                FieldError(
                    f"{prefix}.{i}.reached_on",
                    "milestone.out_of_order",
                    {"milestone": m, "previous": prev_m, "previous_date": prev_d.isoformat()},
                )
            )
    return errors


def cluster_size_warnings(
    area_ha: Decimal | None, mountainous: bool, craft_village: bool
) -> list[FieldError]:
    """Decree 32/2024 size rule for clusters, as warnings (the decree is not retroactive)."""
    if area_ha is None:
        return []
    minimum = CLUSTER_MIN_HA_MOUNTAIN if (mountainous or craft_village) else CLUSTER_MIN_HA
    if area_ha < minimum:
        return [FieldError("planned_area_ha", "cluster.too_small", {"minimum": minimum})]
    if area_ha > CLUSTER_MAX_HA:
        return [FieldError("planned_area_ha", "cluster.too_large", {"maximum": CLUSTER_MAX_HA})]
    return []
