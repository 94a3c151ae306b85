"""Borderless tables: rows of labels and numbers whose columns line up, with no rules drawn.

Found on the lines left after ruled tables are taken out. A line is a row *anchor* when, split at
wide blanks, it holds numbers apart from its label ("一、本年新收… 230 12 1 0 3 2 248"). Anchors
close together form a table; the value columns are the horizontal bands the anchors' numbers share
(taken from the fullest rows first, so a number centred across several columns never merges two
columns). Around the anchors:

- lines above the first anchor, and lines inside the table with text over the value columns, are
  header lines ("信息内容 本年处理决定数量", "第二十条第（五）项"); fragments stacked in one column are
  joined, and each value column's lowest header becomes its label;
- a line with text only left of the value columns is a wrapped or vertically centred label and joins
  the nearest anchor.

Output rows are ``[label cells…] + [one cell per value column]`` (an empty cell where the column is
blank), without spans: like a flattened text table, so the extractor places values by column order
and header labels. A segment is never cut: two numbers printed too close to be told apart stay in
one cell ("12 3"), which reads as unreadable rather than as a wrong number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Cell, Table
from ..numbers import fold
from .cells import PdfCell
from .geometry import Line, Segment, join_text, split_segments

_VALUE = re.compile(r"^[+\-－—]{0,2}\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|个|项|条|%)?$")
_MARK = re.compile(r"^(?:[/／\\\-—－–―]{1,3}|无|×)$")
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]")
SEGMENT_GAP = 1.0  # × font size: a blank this wide separates table cells


@dataclass
class _Row:
    lines: list[Line]
    anchor: Line | None = None
    header: bool = False


@dataclass
class _Region:
    lines: list[Line]
    anchors: list[Line] = field(default_factory=list)


def _is_value(text: str) -> bool:
    t = text.strip()
    return bool(_VALUE.match(t)) or bool(_MARK.match(t))


def _is_number(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def _segments(line: Line) -> list[Segment]:
    return split_segments(line.chars, max(line.size, 1.0) * SEGMENT_GAP)


def _is_anchor(line: Line) -> bool:
    segs = _segments(line)
    numbers = sum(1 for s in segs if _is_number(s.text))
    if numbers >= 2:
        return True
    return numbers >= 1 and len(segs) >= 2 and _is_value(segs[-1].text)


def find_borderless(
    lines: list[Line], page: int, carry: list[list[float]] | None = None
) -> tuple[list[tuple[Table, list[float]]], list[Line], list[list[float]] | None]:
    """Borderless tables among a page's lines (top to bottom), each with its value columns' centres;
    the lines left; and the value columns of a table that runs to the page's end (to ``carry`` into
    the next page's call, whose first rows may continue it with fewer columns filled)."""
    if not lines:
        return [], lines, None
    lines = sorted(lines, key=lambda ln: ln.top)
    anchors = [i for i, ln in enumerate(lines) if _is_anchor(ln)]
    if not anchors:
        return [], lines, None
    used: set[int] = set()
    tables: list[tuple[Table, list[float]]] = []
    carry_out: list[list[float]] | None = None
    for region in _regions(lines, anchors):
        inherited = carry if region.lines[0] is lines[0] else None
        built = _build(region, page, inherited)
        if built is not None:
            table, cols = built
            tables.append((table, [(c[0] + c[1]) / 2 for c in cols]))
            used.update(id(ln) for ln in region.lines)
            carry_out = cols if region.lines[-1] is lines[-1] else None
    return tables, [ln for ln in lines if id(ln) not in used], carry_out


def _regions(lines: list[Line], anchors: list[int]) -> list[_Region]:
    """Anchors close together (same type size, nothing prose-like between) form one region."""
    groups: list[list[int]] = [[anchors[0]]]
    for a in anchors[1:]:
        prev = groups[-1][-1]
        between = lines[prev + 1 : a]
        size = lines[a].size
        gap_ok = lines[a].top - lines[prev].bottom <= 8 * size
        same_size = abs(lines[a].size - lines[prev].size) <= 1.0
        prose = any(_prose_like(ln, size) for ln in between)
        if gap_ok and same_size and not prose and len(between) <= 12:
            groups[-1].append(a)
        else:
            groups.append([a])
    regions = []
    for g in groups:
        first, last = g[0], g[-1]
        size = lines[first].size
        start = first
        # header lines directly above the first anchor, in the table's type size
        while start > 0 and first - start < 10:
            cand = lines[start - 1]
            nxt = lines[start]
            if abs(cand.size - size) > 0.6 or nxt.top - cand.bottom > 1.6 * size or _prose_like(cand, size):
                break
            start -= 1
        if len(g) == 1:
            # one data row: a table when headers stand over it (section 四 has one row), or when it
            # opens the page (the rest of a table from the previous page)
            numbers = sum(1 for s in _segments(lines[first]) if _is_number(s.text))
            if not ((numbers >= 3 and start < first) or start == 0):
                continue
        end = last
        pitch = _pitch([lines[i] for i in g])
        while end + 1 < len(lines):
            cand = lines[end + 1]
            if _is_anchor(cand) or abs(cand.size - size) > 0.6 or _prose_like(cand, size):
                break
            if cand.top - lines[last].bottom > 0.75 * pitch:
                break
            end += 1
        region = _Region(lines[start : end + 1], [lines[i] for i in g])
        regions.append(region)
    return regions


def _pitch(anchors: list[Line]) -> float:
    gaps = sorted(b.top - a.top for a, b in zip(anchors, anchors[1:], strict=False))
    return gaps[len(gaps) // 2] if gaps else 3 * anchors[0].size


def _prose_like(line: Line, size: float) -> bool:
    """A section heading or a line of running text, which no table row is."""
    if abs(line.size - size) > 1.0:
        return True
    text = line.text.strip()
    segs = _segments(line)
    if len(segs) == 1 and _HEADING.match(text) and len(text) > 12:
        return True
    return len(segs) == 1 and len(text) > 40


def _columns(anchors: list[Line]) -> list[list[float]]:
    """Value columns as [x0, x1] bands, from the anchors with the most numbers first."""
    rows = sorted(
        ([s for s in _segments(a) if _is_value(s.text)] for a in anchors),
        key=lambda segs: -sum(1 for s in segs if _is_number(s.text)),
    )
    cols: list[list[float]] = []
    for segs in rows:
        for s in segs:
            if not _is_number(s.text) and cols:
                continue
            hits = [c for c in cols if s.x0 < c[1] and s.x1 > c[0]]
            if len(hits) == 1:
                hits[0][0] = min(hits[0][0], s.x0)
                hits[0][1] = max(hits[0][1], s.x1)
            elif not hits:
                cols.append([s.x0, s.x1])
            # overlapping two or more columns: a value centred across them; placed later by centre
    cols.sort()
    return cols


def _column_of(x0: float, x1: float, size: float, cols: list[list[float]]) -> int | None:
    hits = [k for k, c in enumerate(cols) if min(x1, c[1]) - max(x0, c[0]) > 0]
    if len(hits) == 1:
        return hits[0]
    # centred across several columns, or in a gap: the column nearest to its centre, if near
    centre = (x0 + x1) / 2
    best = min(range(len(cols)), key=lambda k: abs((cols[k][0] + cols[k][1]) / 2 - centre))
    width = cols[best][1] - cols[best][0]
    if abs((cols[best][0] + cols[best][1]) / 2 - centre) <= max(width, 3 * size):
        return best
    return None


def _build(
    region: _Region, page: int, inherited: list[list[float]] | None = None
) -> tuple[Table, list[list[float]]] | None:
    cols = _columns(region.anchors)
    if inherited and len(cols) < len(inherited):
        # the rest of the previous page's table: its columns, if every value here falls in one
        size = region.anchors[0].size
        segs = [s for a in region.anchors for s in _segments(a) if _is_number(s.text)]
        if all(_column_of(s.x0, s.x1, size, inherited) is not None for s in segs):
            cols = [list(c) for c in inherited]
    if not cols:
        return None
    size = region.anchors[0].size
    value_x0 = cols[0][0] - 0.5 * size
    anchor_ids = {id(a) for a in region.anchors}
    first_anchor = min(i for i, ln in enumerate(region.lines) if id(ln) in anchor_ids)
    header_end = _header_end(region.lines[:first_anchor], value_x0)

    # rows: header groups (lines over the value columns, or above the first anchor) and anchors
    rows: list[_Row] = []
    pending_header: list[Line] = []
    label_parts: list[tuple[Line, Segment]] = []
    values: dict[int, dict[int, list[Segment]]] = {}
    for i, ln in enumerate(region.lines):
        if id(ln) in anchor_ids:
            if pending_header:
                rows.append(_Row(pending_header, header=True))
                pending_header = []
            rows.append(_Row([ln], anchor=ln))
            per_col = values.setdefault(id(ln), {})
            for s in _segments(ln):
                k = _column_of(s.x0, s.x1, ln.size, cols) if s.cx >= value_x0 or _is_value(s.text) else None
                if k is not None:
                    per_col.setdefault(k, []).append(s)
                else:
                    label_parts.append((ln, s))
            continue
        over_values = any(s.cx >= value_x0 for s in _segments(ln))
        if i < header_end or over_values:
            pending_header.append(ln)
        else:
            label_parts.extend((ln, s) for s in _segments(ln))
    if pending_header:
        rows.append(_Row(pending_header, header=True))
    if sum(1 for r in rows if not r.header) < 1:
        return None

    # labels: fragments stacked in one column form a block (a wrapped or a vertically centred label);
    # each block belongs to the anchor row nearest to its middle
    labels: dict[int, list[_Block]] = {id(a): [] for a in region.anchors}
    for block in _blocks_from(label_parts, frozenset(anchor_ids)):
        middle = (block.top + block.bottom) / 2
        nearest = min(region.anchors, key=lambda a: abs((a.top + a.bottom) / 2 - middle))
        labels[id(nearest)].append(block)

    out: list[list[Cell | None]] = []
    named: list[int] | None = None  # the value columns the governing header row names
    for row in rows:
        if row.header:
            for group in _split_header(row.lines, value_x0):
                header_rows = _header_rows(group, cols, value_x0, page, len(out))
                out.extend(header_rows)
                if header_rows:
                    leaf = header_rows[-1][-len(cols) :]
                    named = [k for k, c in enumerate(leaf) if c is not None and c.text] or named
            continue
        anchor = row.anchor
        assert anchor is not None
        r = len(out)
        cells: list[Cell | None] = [
            _cell(b.text, r, i, page, (b.x0, b.top, b.x1, b.bottom))
            for i, b in enumerate(sorted(labels[id(anchor)], key=lambda b: b.x0))
        ]
        present = set(values[id(anchor)])
        # a row under a header that names only some columns (a sub-table of section 二, a value
        # centred across two columns) keeps just those columns, so values follow the header's order
        keep = named if named is not None and present <= set(named) else list(range(len(cols)))
        for k in keep:
            c = cols[k]
            segs = sorted(values[id(anchor)].get(k, []), key=lambda s: s.x0)
            box = (
                (segs[0].x0, anchor.top, segs[-1].x1, anchor.bottom)
                if segs
                else (c[0], anchor.top, c[1], anchor.bottom)
            )
            cells.append(_cell(fold(" ".join(s.text for s in segs)), r, len(cells), page, box))
        out.append(cells)
    return Table(index=-1, rows=out, origin="pdf", page=page), cols


def _header_end(above: list[Line], value_x0: float) -> int:
    """How many of the lines above the first row of values are header lines. Lines with text left
    of the value columns only, lower than all the header's text over them, are the first row's
    label wrapped above its values (a label of three lines centred on a row of numbers): not a
    header row of its own."""
    over = [ln for ln in above if any(s.cx >= value_x0 for s in _segments(ln))]
    if not over:
        return len(above)
    lowest = max(ln.bottom for ln in over)
    end = len(above)
    while (
        end > 0
        and above[end - 1].top > lowest
        and not any(s.cx >= value_x0 for s in _segments(above[end - 1]))
    ):
        end -= 1
    return end


@dataclass
class _Block:
    parts: list[tuple[float, str]]  # (top, text) of stacked fragments
    x0: float
    x1: float
    top: float
    bottom: float
    line_top: float  # the top of its first line (which may start higher than the block's text)
    row: int | None = None  # the id of the line of values whose own label it holds, if any
    edges: list[tuple[float, float]] = field(default_factory=list)  # x0, x1 of each fragment

    @property
    def text(self) -> str:
        return fold(join_text([t for _, t in sorted(self.parts)]))

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _cell(text: str, r: int, c: int, page: int, bbox: tuple[float, float, float, float]) -> Cell:
    return PdfCell(text, r, c, page=page, bbox=bbox)


def _split_header(lines: list[Line], value_x0: float) -> list[list[Line]]:
    """Header lines of several header rows ("信息内容 …" twice): a new label block starts a new row."""
    parts = [(ln, s) for ln in lines for s in _segments(ln) if s.cx < value_x0]
    starts = sorted(b.line_top for b in _blocks_from(parts))[1:]
    groups: list[list[Line]] = [[]]
    for ln in sorted(lines, key=lambda ln: ln.top):
        if starts and ln.top >= starts[0] - 0.1 and groups[-1]:
            groups.append([])
            while starts and ln.top >= starts[0] - 0.1:
                starts.pop(0)
        groups[-1].append(ln)
    return [g for g in groups if g]


def _header_rows(
    lines: list[Line], cols: list[list[float]], value_x0: float, page: int, r: int
) -> list[list[Cell | None]]:
    size = lines[0].size
    parts = [(ln, s) for ln in lines for s in split_segments(ln.chars, 0.5 * max(size, 1.0))]
    blocks = _blocks_from(parts)
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    labels = sorted((b for b in blocks if b.cx < value_x0), key=lambda b: b.x0)
    leaf: dict[int, _Block] = {}
    upper: list[_Block] = []
    for b in sorted((b for b in blocks if b.cx >= value_x0), key=lambda b: b.bottom):
        k = _column_of(b.x0, b.x1, size, cols)
        if k is None or _between_columns(b, cols):
            upper.append(b)
            continue
        if k in leaf:
            upper.append(leaf[k])  # a higher header over this column: a group header
        leaf[k] = b
    # a wide block that is lowest in its column but spans others is still a group header (its own
    # column does not count: a leaf label centred over two header rows, 自然人 or 总计, is wider
    # than its numbers and lowest in its column, yet a leaf)
    for k, b in list(leaf.items()):
        spanned = [j for j, c in enumerate(cols) if b.x0 < c[0] and b.x1 > c[1]]
        if any(j != k for j in spanned) and any(o is not b and o.top > b.bottom for o in leaf.values()):
            upper.append(b)
            del leaf[k]
    rows: list[list[Cell | None]] = []
    for tier in _tiers(upper):
        rows.append([_cell(b.text, r, i, page, (b.x0, b.top, b.x1, b.bottom)) for i, b in enumerate(tier)])
        r += 1
    if not leaf and not labels:
        return rows
    leaf_row: list[Cell | None] = [
        _cell(b.text, r, i, page, (b.x0, b.top, b.x1, b.bottom)) for i, b in enumerate(labels)
    ]
    start = len(leaf_row)
    for k, c in enumerate(cols):
        block = leaf.get(k)
        box = (block.x0, block.top, block.x1, block.bottom) if block else (c[0], top, c[1], bottom)
        leaf_row.append(_cell(block.text if block else "", r, start + k, page, box))
    rows.append(leaf_row)
    return rows


def _between_columns(b: _Block, cols: list[list[float]]) -> bool:
    """Is ``b`` centred about as near to two value columns as to one? Then it is the leaf of
    neither with any certainty (a header over both, or one set off its column): it is kept out of
    the leaf row, whose labels name the columns one by one."""
    if len(cols) < 2:
        return False
    dist = sorted(abs((c[0] + c[1]) / 2 - b.cx) for c in cols)
    return dist[1] - dist[0] < _CENTRE_MARGIN * (dist[0] + dist[1])


_CENTRE_MARGIN = 0.25  # of the two distances' sum: nearer one column by less than this is not nearer


def _tiers(upper: list[_Block]) -> list[list[_Block]]:
    """Group headers as header rows, the highest first, each left to right.

    A group header's rank is how many group headers stand under it, one over the next (申请人情况
    over 法人或其他组织); headers of one rank are ordered by position, never by height: a label
    centred over two header rows (自然人, 总计) starts lower than its neighbour 法人或其他组织 over
    one, yet stands left of it. Rows are emitted without spans, so the order is all a reader gets."""
    below: dict[int, list[_Block]] = {
        id(b): [o for o in upper if o is not b and o.top >= b.bottom - 0.1 and o.x0 < b.x1 and o.x1 > b.x0]
        for b in upper
    }
    rank: dict[int, int] = {}

    def rank_of(b: _Block) -> int:
        if id(b) not in rank:
            rank[id(b)] = 0  # a cycle cannot occur (each step goes down), but stay finite
            rank[id(b)] = 1 + max((rank_of(o) for o in below[id(b)]), default=-1)
        return rank[id(b)]

    tiers: dict[int, list[_Block]] = {}
    for b in upper:
        tiers.setdefault(rank_of(b), []).append(b)
    # within a rank the order by centre is certain: blocks overlapping both across and down were
    # joined into one (``_blocks_from``), so two of one rank stand side by side, apart
    return [sorted(tiers[k], key=lambda b: b.cx) for k in sorted(tiers, reverse=True)]


def _extent(ln: Line, s: Segment) -> tuple[float, float]:
    """Top and bottom of a segment's own characters. A line's box can be taller: cells of one table
    row centre their text at different heights, and characters a little off one line still join it
    (三、本年度办理 beside …一情形), so the line's box would close the blank to the next row's label."""
    ink = [c for c in s.chars if not c.space]
    if not ink:
        return ln.top, ln.bottom
    return min(c.top for c in ink), max(c.bottom for c in ink)


def _blocks_from(pairs: list[tuple[Line, Segment]], rows: frozenset[int] = frozenset()) -> list[_Block]:
    """Join fragments stacked in one column: overlapping horizontally, each starting right under the
    previous one (closer than the blank between two table rows).

    ``rows``: the ids of the lines that hold a row's values. Their label is that row's own, so no
    block holds the labels of two of them; and a fragment joins a block holding one (or a fragment
    of such a line joins a block) only when the two line up as the lines of one cell do, on the same
    left edge, centre or right edge. A label centred on many rows (三、本年度办理结果) may stand
    just under a row's own label (二、上年结转…) and across it, but not in line with it."""
    if not pairs:
        return []
    size = max(ln.size for ln, _ in pairs)
    placed = sorted(((ln, s, *_extent(ln, s)) for ln, s in pairs), key=lambda p: p[2])
    # the blank between two lines of one cell, as this table sets it
    gaps = sorted(
        b[2] - a[3]
        for i, a in enumerate(placed)
        for b in placed[i + 1 : i + 6]
        if b[2] > a[3] - 0.2 * size and b[1].x0 < a[1].x1 and b[1].x1 > a[1].x0
    )
    within = gaps[len(gaps) // 5] if gaps else 0.3 * size
    limit = min(0.6 * size, max(within * 1.5, within + 0.15 * size))
    blocks: list[_Block] = []
    for ln, s, top, bottom in placed:
        row = id(ln) if id(ln) in rows else None
        target = None
        for b in blocks:
            if not (s.x0 < b.x1 and s.x1 > b.x0 and top - b.bottom <= limit and top >= b.top):
                continue
            if row is not None and b.row is not None and b.row != row:
                continue
            if (row is not None or b.row is not None) and not _in_line(s, b.edges, size):
                continue
            target = b
        if target is None:
            blocks.append(_Block([(top, s.text)], s.x0, s.x1, top, bottom, ln.top, row, [(s.x0, s.x1)]))
        else:
            target.parts.append((top, s.text))
            target.x0, target.x1 = min(target.x0, s.x0), max(target.x1, s.x1)
            target.bottom = max(target.bottom, bottom)
            target.row = target.row if target.row is not None else row
            target.edges.append((s.x0, s.x1))
    return blocks


def _in_line(s: Segment, edges: list[tuple[float, float]], size: float) -> bool:
    """Does ``s`` line up with one of a block's fragments: its left edge, centre or right edge?"""
    tol = 0.5 * size
    return any(
        abs(s.x0 - x0) <= tol or abs(s.x1 - x1) <= tol or abs(s.cx - (x0 + x1) / 2) <= tol for x0, x1 in edges
    )
