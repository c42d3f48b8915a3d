"""Statements per month as bars of an SVG plot, laid out on the server.

    >>> plot = Timeline.of([("2020-01", 3), ("2020-03", 1)])
    >>> [(bar.month, bar.count) for bar in plot.bars]
    [('2020-01', 3), ('2020-02', 0), ('2020-03', 1)]

The template ``includes/_timeline.html`` draws it; nothing needs JavaScript.
The bars and year labels are written here (``Timeline.shapes``), not by a
loop in the template: fifteen years are 180 bars of six values each, which
the template engine took 5 ms to write on every search page.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

WIDTH = 1000
HEIGHT = 160
# Room under the bars for the year labels.
AXIS = 24
# Fewer months than this are drawn as narrow bars, not a few wide blocks.
MIN_SLOTS = 36


@dataclass(frozen=True)
class Bar:
    month: str  # YYYY-MM
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    year: str
    x: float


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    total: int
    peak: int
    width: int = WIDTH
    height: int = HEIGHT + AXIS
    baseline: int = HEIGHT

    @property
    def first(self) -> str:
        return self.bars[0].month if self.bars else ""

    @property
    def last(self) -> str:
        return self.bars[-1].month if self.bars else ""

    @property
    def shapes(self) -> SafeString:
        """The SVG of the bars (each with its month and count as a tooltip) and
        of the year labels. Nothing to escape: numbers, and months and years
        that ``every_month`` wrote."""
        bars = "".join(
            f'<rect x="{b.x:.2f}" y="{b.y:.2f}" width="{b.width:.2f}" '
            f'height="{b.height:.2f}"><title>{b.month}: {b.count}</title></rect>'
            for b in self.bars
            if b.count
        )
        ticks = "".join(
            f'<text x="{t.x:.2f}" y="{self.height - 6}">{t.year}</text>'
            for t in self.ticks
        )
        return mark_safe(bars + ticks)

    @classmethod
    def of(cls, counts: list[tuple[str, int]]) -> "Timeline":
        """The plot of (YYYY-MM, count) pairs, the months between them included."""
        known = dict(counts)
        months = every_month(min(known), max(known)) if known else []
        peak = max(known.values(), default=0)
        step = WIDTH / max(MIN_SLOTS, len(months))
        bars = []
        for i, month in enumerate(months):
            n = known.get(month, 0)
            height = HEIGHT * n / peak if peak else 0
            # A month with statements stays visible however small its share.
            height = max(height, 2) if n else 0
            bars.append(
                Bar(month, n, i * step, HEIGHT - height, max(step * 0.8, 1), height)
            )
        ticks = year_ticks(months, step)
        return cls(bars=bars, ticks=ticks, total=sum(known.values()), peak=peak)


def every_month(first: str, last: str) -> list[str]:
    """Every YYYY-MM from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def year_ticks(months: list[str], step: float, most: int = 12) -> list[Tick]:
    """A label at each January (or the first month), thinned to at most ``most``."""
    starts = [
        Tick(m[:4], i * step) for i, m in enumerate(months) if i == 0 or m[5:] == "01"
    ]
    every = -(-len(starts) // most) if starts else 1
    return starts[::every]
