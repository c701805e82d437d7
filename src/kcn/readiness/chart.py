"""The progress chart of a task page, drawn on the server as SVG coordinates (no script): the
share done at each report, the forecast line to 100 %, and the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT, PAD = 640, 240, 36


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    pad: int
    actual: str  # polyline points
    dots: list[tuple[float, float, date, Decimal]]
    forecast: tuple[float, float, float, float] | None  # x1 y1 x2 y2
    deadline_x: float
    first: date
    last: date
    top: float
    bottom: float


def progress_chart(
    start: date,
    deadline: date,
    points: list[tuple[date, Decimal | None]],
    forecast: date | None,
) -> Chart:
    shown = [(d, p if p is not None else Decimal(0)) for d, p in points]
    ends = [deadline, *(d for d, _ in shown)] + ([forecast] if forecast else [])
    first, last = start, max(ends)
    span = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

    def x(day: date) -> float:
        return round(PAD + inner_w * (day - first).days / span, 1)

    def y(pct: Decimal) -> float:
        return round(HEIGHT - PAD - inner_h * float(min(pct, Decimal(100))) / 100, 1)

    line = [(x(start), y(Decimal(0)))] + [(x(d), y(p)) for d, p in shown]
    dots = [(x(d), y(p), d, p) for d, p in shown]
    ahead = None
    if forecast and shown and shown[-1][1] < 100:
        ahead = (x(shown[-1][0]), y(shown[-1][1]), x(forecast), y(Decimal(100)))
    return Chart(
        WIDTH, HEIGHT, PAD, " ".join(f"{a},{b}" for a, b in line), dots, ahead, x(deadline),
        first, last, y(Decimal(100)), y(Decimal(0)),
    )  # fmt: skip
