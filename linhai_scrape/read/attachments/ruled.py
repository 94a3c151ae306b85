"""Ruled tables: cell grids from the lines drawn on a page, with merged cells recovered.

The rules are snapped and joined into segments; segments that touch form a table. Every distinct
rule position gives a grid line, so the grid is as fine as the finest row or column. Neighbouring
elementary cells with no rule between them form one merged cell (exactly what HTML rowspan/colspan
express), and a merged cell is placed in every grid slot it covers.

Text goes into cells by glyph centre. A glyph never decides alone: a run of tightly set letters or
digits that crosses a rule (a number overflowing its cell) is kept whole in the cell holding most of
it, with a space at the rule and a note, so that a reader sees it is unreadable rather than a wrong
number (digits of one cell are never split over two cells, nor glued to a neighbour's).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .geometry import Char, cluster, group_lines, join_text

SNAP = 2.0  # points: rules closer than this are the same rule
JOIN = 3.0  # points: collinear pieces closer than this are one rule
MIN_RULE = 4.0


@dataclass(slots=True)
class Rule:
    horizontal: bool
    pos: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


@dataclass
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    note: str | None = None


@dataclass
class RuledTable:
    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    grid: list[list[GridCell]]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def bottom(self) -> float:
        return self.bbox[3]


def rule_from_box(x0: float, top: float, x1: float, bottom: float) -> Rule | None:
    """A thin box (a stroked line, a hairline rectangle) as a rule; None for anything else."""
    w, h = x1 - x0, bottom - top
    if h <= 2.0 and w >= MIN_RULE:
        return Rule(True, (top + bottom) / 2, x0, x1)
    if w <= 2.0 and h >= MIN_RULE:
        return Rule(False, (x0 + x1) / 2, top, bottom)
    return None


def rules_from_objects(objects: dict[str, list[dict]]) -> list[Rule]:
    """Horizontal and vertical rules from pdfplumber's line, rect and curve objects."""
    rules: list[Rule] = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        rule = rule_from_box(x0, top, x1, bottom)
        if rule is not None:
            rules.append(rule)

    for obj in objects.get("line", ()):
        if _visible(obj, "stroking_color"):
            add(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    for obj in objects.get("rect", ()):
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        thin = (bottom - top) <= 2.0 or (x1 - x0) <= 2.0
        if thin and (
            obj.get("fill")
            and _visible(obj, "non_stroking_color")
            or obj.get("stroke")
            and _visible(obj, "stroking_color")
        ):
            add(x0, top, x1, bottom)
        elif obj.get("stroke") and _visible(obj, "stroking_color"):
            add(x0, top, x1, top)
            add(x0, bottom, x1, bottom)
            add(x0, top, x0, bottom)
            add(x1, top, x1, bottom)
    for obj in objects.get("curve", ()):
        if not (obj.get("stroke") and _visible(obj, "stroking_color")):
            continue
        pts = obj.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                add(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    return rules


def _visible(obj: dict, key: str) -> bool:
    """False for white (or unset-to-white) paint: invisible rules are layout, not table lines."""
    color = obj.get(key)
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = tuple(float(v) for v in color)
    except (TypeError, ValueError):
        return True
    if len(vals) == 1:
        return vals[0] < 0.95
    if len(vals) == 3:
        return min(vals) < 0.95
    if len(vals) == 4:  # CMYK: white is all zero
        return max(vals) > 0.05
    return True


def _merge_rules(rules: list[Rule]) -> list[Rule]:
    """Snap and join rules: pieces of one line (close in position, touching or overlapping along it)
    become one rule. Rules of two different tables are never snapped together."""
    out: list[Rule] = []
    for horizontal in (True, False):
        open_: list[tuple[Rule, list[float]]] = []  # merged rule, member positions
        for r in sorted((r for r in rules if r.horizontal == horizontal), key=lambda r: (r.pos, r.start)):
            still_open = []
            for m, ps in open_:
                if r.pos - ps[0] <= SNAP:
                    still_open.append((m, ps))
                else:
                    out.append(m)  # no later rule can snap to it
            open_ = still_open
            target = None
            for m, ps in open_:
                if r.start <= m.end + JOIN and r.end >= m.start - JOIN:
                    target = (m, ps)
                    break
            if target is None:
                open_.append((Rule(horizontal, r.pos, r.start, r.end), [r.pos]))
            else:
                m, ps = target
                ps.append(r.pos)
                m.pos = sum(ps) / len(ps)
                m.start, m.end = min(m.start, r.start), max(m.end, r.end)
        out.extend(m for m, _ in open_)
    return _rejoin(out)


def _rejoin(rules: list[Rule]) -> list[Rule]:
    """Pieces merged in different orders may still touch: join them once more."""
    out: list[Rule] = []
    for horizontal in (True, False):
        group = sorted(
            (r for r in rules if r.horizontal == horizontal), key=lambda r: (round(r.pos / SNAP), r.start)
        )
        for r in group:
            last = out[-1] if out and out[-1].horizontal == horizontal else None
            if last is not None and abs(last.pos - r.pos) <= SNAP and r.start <= last.end + JOIN:
                last.end = max(last.end, r.end)
            else:
                out.append(Rule(horizontal, r.pos, r.start, r.end))
    return out


def _components(rules: list[Rule]) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    tol = JOIN
    for i in hs:
        h = rules[i]
        for j in vs:
            v = rules[j]
            if h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol:
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def _coverage(intervals: list[tuple[float, float]], a: float, b: float) -> float:
    """Fraction of [a, b] covered by the intervals."""
    if b <= a:
        return 1.0
    covered = 0.0
    cursor = a
    for s, e in sorted(intervals):
        s, e = max(s, cursor), min(e, b)
        if e > s:
            covered += e - s
            cursor = e
    return covered / (b - a)


def find_tables(rules: list[Rule]) -> list[RuledTable]:
    """The ruled tables of one page (no text assigned yet)."""
    rules = _merge_rules(rules)
    tables: list[RuledTable] = []
    for comp in _components(rules):
        hs = [r for r in comp if r.horizontal]
        vs = [r for r in comp if not r.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            continue
        table = _grid(hs, vs)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.top)
    return tables


def _grid(hs: list[Rule], vs: list[Rule]) -> RuledTable | None:
    x0 = min(min(r.start for r in hs), min(r.pos for r in vs))
    x1 = max(max(r.end for r in hs), max(r.pos for r in vs))
    top = min(min(r.pos for r in hs), min(r.start for r in vs))
    bottom = max(max(r.pos for r in hs), max(r.end for r in vs))
    xs = cluster([x0, x1, *(r.pos for r in vs)], SNAP)
    ys = cluster([top, bottom, *(r.pos for r in hs)], SNAP)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return None
    v_at: dict[int, list[tuple[float, float]]] = {}
    for r in vs:
        v_at.setdefault(_nearest(xs, r.pos), []).append((r.start, r.end))
    h_at: dict[int, list[tuple[float, float]]] = {}
    for r in hs:
        h_at.setdefault(_nearest(ys, r.pos), []).append((r.start, r.end))

    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for i in range(nr):
        for j in range(nc - 1):
            if _coverage(v_at.get(j + 1, []), ys[i], ys[i + 1]) < 0.5:
                union(i * nc + j, i * nc + j + 1)
    for i in range(nr - 1):
        for j in range(nc):
            if _coverage(h_at.get(i + 1, []), xs[j], xs[j + 1]) < 0.5:
                union(i * nc + j, (i + 1) * nc + j)
    regions: dict[int, list[tuple[int, int]]] = {}
    for i in range(nr):
        for j in range(nc):
            regions.setdefault(find(i * nc + j), []).append((i, j))
    grid: list[list[GridCell | None]] = [[None] * nc for _ in range(nr)]
    cells: list[GridCell] = []
    for slots in regions.values():
        for rect in _rectangles(slots):
            (r0, c0), (r1, c1) = rect
            cell = GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
            cells.append(cell)
            for i in range(r0, r1 + 1):
                for j in range(c0, c1 + 1):
                    grid[i][j] = cell
    full = [[c for c in row if c is not None] for row in grid]
    assert all(len(row) == nc for row in full)
    table = RuledTable((x0, top, x1, bottom), xs, ys, cells, full)
    _drop_redundant(table)
    return table


def _rectangles(slots: list[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """A merged region as rectangles: itself when it is one, else one per row run (irregular merges)."""
    rows = [s[0] for s in slots]
    cols = [s[1] for s in slots]
    r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
    if len(slots) == (r1 - r0 + 1) * (c1 - c0 + 1):
        return [((r0, c0), (r1, c1))]
    out = []
    by_row: dict[int, list[int]] = {}
    for r, c in slots:
        by_row.setdefault(r, []).append(c)
    for r, cs in sorted(by_row.items()):
        cs.sort()
        start = prev = cs[0]
        for c in cs[1:]:
            if c != prev + 1:
                out.append(((r, start), (r, prev)))
                start = c
            prev = c
        out.append(((r, start), (r, prev)))
    return out


def _drop_redundant(table: RuledTable) -> None:
    """Remove grid columns (rows) that no cell starts or ends at: every slot there belongs to a cell
    that also covers the neighbour (artefacts of rules a little out of line)."""
    changed = True
    while changed:
        changed = False
        nc = len(table.xs) - 1
        for j in range(1, nc):
            if all(row[j] is row[j - 1] for row in table.grid):
                for row in table.grid:
                    del row[j]
                del table.xs[j]
                changed = True
                break
        nr = len(table.ys) - 1
        for i in range(1, nr):
            if all(a is b for a, b in zip(table.grid[i], table.grid[i - 1], strict=True)):
                del table.grid[i]
                del table.ys[i]
                changed = True
                break
    seen: set[int] = set()
    for i, row in enumerate(table.grid):
        for j, cell in enumerate(row):
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            cell.row, cell.col = i, j
            cell.rowspan = sum(1 for r in table.grid[i:] if r[j] is cell)
            cell.colspan = sum(1 for c in row[j:] if c is cell)
    table.cells = [c for c in table.cells if id(c) in seen]


def _nearest(values: list[float], v: float) -> int:
    i = bisect_right(values, v)
    if i == 0:
        return 0
    if i == len(values):
        return len(values) - 1
    return i if values[i] - v < v - values[i - 1] else i - 1


def fill_table(table: RuledTable, chars: list[Char]) -> list[Char]:
    """Put characters into the table's cells; return those that lie outside it."""
    x0, top, x1, bottom = table.bbox
    outside: list[Char] = []
    inside: list[tuple[Char, GridCell]] = []
    for c in chars:
        if x0 <= c.cx <= x1 and top <= c.cy <= bottom:
            i = min(max(bisect_right(table.ys, c.cy) - 1, 0), len(table.ys) - 2)
            j = min(max(bisect_right(table.xs, c.cx) - 1, 0), len(table.xs) - 2)
            inside.append((c, table.grid[i][j]))
        else:
            outside.append(c)
    _keep_runs_whole(inside)
    for c, cell in inside:
        cell.chars.append(c)
    for cell in table.cells:
        lines = group_lines(cell.chars)
        cell.text = join_text([ln.text for ln in lines])
    return outside


def _tight(c: Char) -> bool:
    return c.text.isascii() and (c.text.isalnum() or c.text in ".,%+-")


def _keep_runs_whole(inside: list[tuple[Char, GridCell]]) -> None:
    """A run of tightly set ASCII letters/digits that crosses a rule goes whole to the cell holding
    most of it, with a space where the rule ran, and every cell involved is noted."""
    ordered = sorted(inside, key=lambda t: (round(t[0].cy), t[0].x0))
    runs: list[list[int]] = []
    for k, (c, _cell) in enumerate(ordered):
        if not _tight(c):
            continue
        if runs and runs[-1][-1] == k - 1:
            p = ordered[k - 1][0]
            same_line = abs(p.cy - c.cy) < 0.4 * max(p.size, c.size)
            if same_line and c.x0 - p.x1 < 0.15 * max(p.size, c.size):
                runs[-1].append(k)
                continue
        runs.append([k])
    for run in runs:
        cells = [ordered[k][1] for k in run]
        if len({id(x) for x in cells}) < 2:
            continue
        counts: dict[int, int] = {}
        for x in cells:
            counts[id(x)] = counts.get(id(x), 0) + 1
        owner = max(cells, key=lambda x: (counts[id(x)], -cells.index(x)))
        for x in cells:
            x.note = "text crosses a cell rule: kept whole, its cell is uncertain"
        prev_cell = None
        for k in run:
            c, cell = ordered[k]
            if prev_cell is not None and cell is not prev_cell:
                c.text = " " + c.text.strip() if not c.text.startswith(" ") else c.text
            prev_cell = cell
            ordered[k] = (c, owner)
    inside[:] = ordered
