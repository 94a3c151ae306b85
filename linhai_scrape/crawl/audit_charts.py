"""The audit page's charts, drawn by matplotlib as inline SVG (the optional ``report`` extra).

``pip install 'linhai-scrape[report]'`` installs matplotlib; without it :func:`charts_available` is
false and the page says what is missing instead of the charts. Matplotlib is used through its
``Figure`` API (no pyplot, no GUI backend, no global state), its text kept as SVG text
(``svg.fonttype = none``) so that the browser sets the Chinese names in its own fonts, and with no
date or random ids in the SVG, so that the same store gives the same page.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["OUTCOME_COLOURS", "REPORT_EXTRA", "body_chart", "charts_available", "heat_map"]

REPORT_EXTRA = "pip install 'linhai-scrape[report]'"
# One colour per outcome, in OUTCOME_KEYS order: the page's legend uses the same list.
OUTCOME_COLOURS: tuple[str, ...] = ("#2e7d32", "#81c784", "#c62828", "#ef6c00", "#6a1b9a", "#90a4ae")
_BAR = "#1565c0"
_RC: Any = {  # Any: matplotlib types rc keys as a Literal of every parameter
    "svg.fonttype": "none",
    "svg.hashsalt": "linhai-scrape",
    "font.family": "sans-serif",
    "font.sans-serif": [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Zen Hei",
        "Microsoft YaHei",
        "PingFang SC",
        "SimHei",
        "DejaVu Sans",
    ],
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def charts_available() -> bool:
    """Whether matplotlib (the ``report`` extra) can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _svg(fig: Any, *, tight: bool = False) -> str:
    """The figure as inline SVG. ``tight`` fits the canvas to what is drawn (names of any length),
    at the cost of drawing the figure twice; the agency charts have fixed margins instead."""
    buffer = io.StringIO()
    fig.savefig(
        buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight" if tight else None
    )
    text = buffer.getvalue()
    # inline in HTML: no XML declaration, no DOCTYPE (its DTD address is never to be fetched)
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    return text.strip()


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=72)


def body_chart(
    years: Sequence[int],
    received: Mapping[int, float],
    shares: Mapping[int, Mapping[str, float]],
    outcomes: Sequence[str],
) -> str:
    """A body's small chart: applications received (本年新收) by year, and each outcome's share by year."""
    import matplotlib

    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs measured with a fallback font: the browser sets them
        fig = _figure(6.0, 1.9)
        left, right = fig.subplots(1, 2, gridspec_kw={"wspace": 0.3})
        fig.subplots_adjust(left=0.08, right=0.99, bottom=0.14, top=0.86)
        labels = [str(y) for y in years]
        xs = list(range(len(years)))
        heights = [received.get(y, 0) for y in years]
        bars = left.bar(xs, heights, color=_BAR, width=0.6)
        for x, y in zip(xs, years, strict=True):
            if y not in received:
                bars[x].set_alpha(0)  # not stated: no bar, never a 0
                left.text(x, 0, "n/a", ha="center", va="bottom", color="#777")
        left.bar_label(bars, labels=[_fmt(received[y]) if y in received else "" for y in years], fontsize=7)
        left.set_xticks(xs, labels)
        # a title as plain text: set_title measures every tick label to place itself (a third of the time)
        left.text(0, 1.04, "applications received (new)", transform=left.transAxes, fontsize=8)
        left.margins(y=0.2)
        bottoms = [0.0] * len(years)
        for outcome, colour in zip(outcomes, OUTCOME_COLOURS, strict=False):
            part = [shares.get(y, {}).get(outcome, 0.0) * 100 for y in years]
            right.bar(xs, part, bottom=bottoms, color=colour, width=0.6)
            bottoms = [b + p for b, p in zip(bottoms, part, strict=True)]
        for x, y in zip(xs, years, strict=True):
            if not shares.get(y):
                right.text(x, 2, "n/a", ha="center", va="bottom", color="#777")
        right.set_xticks(xs, labels)
        right.set_ylim(0, 100)
        right.set_ylabel("%")
        right.text(0, 1.04, "outcome shares", transform=right.transAxes, fontsize=8)
        return _svg(fig)


def heat_map(bodies: Sequence[str], years: Sequence[int], scores: Mapping[tuple[str, int], int]) -> str:
    """Findings by body (rows) and year (columns): each cell is the body-year's score."""
    import matplotlib

    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = _figure(2.0 + 0.8 * len(years), 0.7 + 0.42 * len(bodies))
        ax = fig.subplots()
        nan = float("nan")
        grid = [[float(scores[(b, y)]) if (b, y) in scores else nan for y in years] for b in bodies]
        finite = [v for row in grid for v in row if v == v]
        top = max(finite, default=1.0) or 1.0
        image = ax.imshow(grid, cmap="Reds", vmin=0, vmax=top, aspect="auto")
        image.cmap.set_bad("#eeeeee")
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                text = "–" if v != v else _fmt(v)
                dark = v == v and v > top * 0.6
                ax.text(j, i, text, ha="center", va="center", color="white" if dark else "black", fontsize=10)
        ax.set_xticks(range(len(years)), [str(y) for y in years], fontsize=10)
        ax.set_yticks(range(len(bodies)), list(bodies), fontsize=10)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.xaxis.tick_top()
        return _svg(fig, tight=True)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
