"""Page geometry shared by the PDF reader: characters, lines of text, ruling segments.

Coordinates are PDF points with the origin at the page's top-left (``top`` grows downwards), as
pdfplumber reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REPLACEMENT = "\ufffd"


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str = ""

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def space(self) -> bool:
        return self.text.isspace()


@dataclass(slots=True)
class Line:
    """One visual line of characters, left to right."""

    chars: list[Char]
    page: int = 0
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""
    segments: list[Segment] = field(default_factory=list)

    def finish(self, gap_segment: float = 1.6) -> Line:
        chars = sorted(self.chars, key=lambda c: c.x0)
        ink = [c for c in chars if not c.space] or chars
        self.chars = chars
        self.x0 = min(c.x0 for c in ink)
        self.x1 = max(c.x1 for c in ink)
        self.top = min(c.top for c in ink)
        self.bottom = max(c.bottom for c in ink)
        sizes = sorted(c.size for c in ink)
        self.size = sizes[len(sizes) // 2]
        self.segments = split_segments(chars, self.size * gap_segment)
        self.text = " ".join(s.text for s in self.segments)
        return self


@dataclass(slots=True)
class Segment:
    """A run of characters on a line with no gap wider than a column gap inside it."""

    chars: list[Char]
    text: str
    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def words_text(chars: list[Char]) -> str:
    """Text of one line's characters (sorted left to right): a space where the page shows one."""
    out: list[str] = []
    prev: Char | None = None
    pending_space = False
    for c in chars:
        if c.space:
            pending_space = prev is not None
            continue
        # letter-spaced digits stay one number; a blank of half an em between two digits is a space
        limit = 0.5 if (c.text.isdigit() and prev is not None and prev.text[-1:].isdigit()) else 0.25
        if prev is not None and (pending_space or c.x0 - prev.x1 > limit * max(c.size, prev.size)):
            out.append(" ")
        out.append(c.text)
        prev = c
        pending_space = False
    return "".join(out)


def split_segments(chars: list[Char], gap: float) -> list[Segment]:
    """Split a line (characters sorted by x) wherever the blank between two characters exceeds ``gap``."""
    segments: list[Segment] = []
    run: list[Char] = []
    last_x1 = None
    for c in chars:
        if c.space:
            if run:
                run.append(c)
            continue
        if run and last_x1 is not None and c.x0 - last_x1 > gap:
            segments.append(_segment(run))
            run = []
        run.append(c)
        last_x1 = c.x1
    if run:
        segments.append(_segment(run))
    return segments


def _segment(run: list[Char]) -> Segment:
    while run and run[-1].space:
        run = run[:-1]
    ink = [c for c in run if not c.space]
    return Segment(run, words_text(run), min(c.x0 for c in ink), max(c.x1 for c in ink))


def group_lines(chars: list[Char], page: int = 0) -> list[Line]:
    """Cluster characters into visual lines by their vertical centres, top to bottom."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.cy, c.x0))
    lines: list[list[Char]] = []
    current: list[Char] = []
    anchor = 0.0
    size = 0.0
    for c in ordered:
        if current and abs(c.cy - anchor) > 0.45 * max(size, c.size, 1.0):
            lines.append(current)
            current = []
        if not current:
            anchor, size = c.cy, c.size
        current.append(c)
    if current:
        lines.append(current)
    out = [Line(chars=cs, page=page).finish() for cs in lines if any(not c.space for c in cs)]
    return out


def join_text(parts: list[str]) -> str:
    """Join wrapped lines: no space between Chinese (a wrap is not a space), one between two ASCII
    letters or digits (so two numbers stacked in one cell stay visibly two)."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " " + p
        else:
            out += p
    return out


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted cluster centres of ``values`` (neighbours within ``tol`` of the cluster's first value)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][0] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]
