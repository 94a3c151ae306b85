"""One row's value cells → the template columns they stand under, or why they cannot be placed.

Every template table (sections 二, 三 and 四) is read the same way once its reader has found the
row's key and its header's columns: ``place_row`` puts each value cell under its column. The three
readers differ in how they name rows and columns, never in how a cell finds its column, so the
rules for spans, merged cells, short rows and flattened rows live here once.

A grid row (an HTML table, a PDF's ruled table) is placed by the grid columns each cell covers. When
the grid disagrees with the header (a value merged over two columns, a number past the last header
column, a header leaf wider than the row's cells: two of them under one label) and the row prints
exactly as many cells as the header has leaf columns, a person reads the cells in order under the
labels in order, and so does ``place_row``: the placement says so (``in_order``), and the reader
adds an ``info`` check. Where the header is the one at fault (a leaf wider than the rows), its
leaves' order in the grid may not be their printed order (a leaf pushed right passes 总计, which
spans down from the row above), so the cells are read in order only when the leaves stand in the
template's order. A header that prints one leaf label twice is never read in order: which of the
two is the column's cannot be known. A flattened row (text) has no grid: its cells are placed in
order, and only when they are exactly as many as the columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ..template import ACTIVE_BLOCKS, APPLICATION_COLUMNS, REVIEW_TEMPLATE_ORDER
from .document import Cell
from .numbers import parse_cell

Layout = Literal["grid", "flat"]


@dataclass(frozen=True, slots=True)
class Column:
    """One leaf column of a template table's header.

    ``key``: the part of the canonical key the column gives (``natural_person``, ``rules.issued``,
    ``review.upheld``), or None for a template column that holds no key (the 法人或其他组织 subtotal).
    ``start``/``end``: the grid columns the header cell covers (``end`` exclusive); unused in a
    flattened table, whose columns stand in order.
    """

    key: str | None
    label: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Placement:
    """The row's cells, each under its column (cells under a column of no key are left out)."""

    cells: list[tuple[Cell, Column]]
    in_order: bool = False  # the grid disagreed with the header; cells read in order under the labels
    disagreement: str | None = None  # what the grid said, when ``in_order``
    # cells left out of a row that is otherwise placed: a value merged over two columns of
    # different keys belongs to neither, while its neighbours stand under their own columns
    merged: tuple[str, ...] = ()
    # numbers under a header column that holds no key (an unknown header, or a blank one): the
    # reader decides whether such a column is an extra of the table or a header that lost its label
    nameless: tuple[Cell, ...] = ()


@dataclass(frozen=True, slots=True)
class Unplaced:
    """The row's values cannot be given columns without guessing; ``reason`` says why."""

    reason: str


def place_flat_row(values: Sequence[Cell], columns: Sequence[Column]) -> Placement | Unplaced:
    """A flattened row's value cells, in order, under ``columns``: only when they are as many."""
    if len(values) != len(columns):
        return Unplaced(
            f"{len(values)} value cells for {len(columns)} columns, so their columns cannot be known"
        )
    return Placement([(cell, col) for cell, col in zip(values, columns, strict=True) if col.key is not None])


@dataclass(frozen=True, slots=True)
class ColumnLookup:
    """What a header tells every row placed under it, found once per header."""

    # grid column → the header column over it. A plain list, not a subclass of one: indexing a
    # subclass goes through a __getitem__ lookup, and this is indexed for every cell of every row
    at: list[Column | None]
    twice: str | None  # the label two of the header's columns print alike (_label_printed_twice)


def column_lookup(columns: Sequence[Column]) -> ColumnLookup:
    """Grid column → the header column over it (the first, where two overlap), and the label the
    header prints twice: built once per header, for every row placed under it."""
    end = max((col.end for col in columns), default=0)
    at: list[Column | None] = [None] * max(end, 1)
    for col in reversed(columns):
        at[col.start : col.end] = [col] * (col.end - col.start)
    return ColumnLookup(at, _label_printed_twice(columns))


def _crowded_column(
    spans: Sequence[tuple[Cell, int, int]], at: Sequence[Column | None], header_end: int
) -> Column | None:
    """The first header column that stands over two of the row's cells, if any."""
    last_column: Column | None = None
    for _, start, end in spans:
        under = [col for col in at[start : min(end, header_end)] if col is not None]
        if not under:
            continue
        if under[0] is last_column:
            return last_column
        last_column = under[-1]
    return None


def place_grid_row(
    row: Sequence[Cell | None],
    first: int,
    columns: Sequence[Column],
    *,
    full_width: int | None = None,
    lookup: ColumnLookup | None = None,
) -> Placement | Unplaced:
    """Place the value cells of a grid row (those from grid column ``first`` on) under ``columns``.

    A cell stands under the columns its grid positions cover. ``full_width``: the grid column right
    after the last value of the block's full rows; a row whose cells stop short of it lost a cell,
    and its values may have slid left, so it is not placed by position (a lost ``<td>`` would put
    规章's 13 under the wrong column).
    """
    # each cell once, left to right, with the grid columns [start, end) it covers in this row
    spans: list[tuple[Cell, int, int]] = []
    last: Cell | None = None
    for c in range(first, len(row)):
        cell = row[c]
        if cell is None:
            continue
        if cell is last:
            spans[-1] = (cell, spans[-1][1], c + 1)
        else:
            spans.append((cell, c, c + 1))
            last = cell
    if lookup is None:
        lookup = column_lookup(columns)
    at, twice = lookup.at, lookup.twice
    header_end = len(at) if columns else 0  # the lookup reaches the header's last column's end
    placed: list[tuple[Cell, Column]] = []
    past_header: str | None = None
    merged: list[str] = []
    nameless: list[Cell] = []
    for cell, start, end in spans:
        is_number = parse_cell(cell.text).state == "number"
        if end - start == 1:
            # one grid column, under at most one header column: nearly every cell of every row,
            # placed here without building the list of columns a spanning cell needs
            one = at[start] if start < header_end else None
            if one is not None:
                if one.key is not None:
                    placed.append((cell, one))
                elif is_number:
                    nameless.append(cell)
                continue
            under: list[Column] = []
        else:
            under = list(dict.fromkeys(col for col in at[start:end] if col is not None))
        if is_number and not under:
            where = (
                "past the header's last column" if start >= header_end else "under no column of the header"
            )
            past_header = past_header or f"the value {cell.text!r} in column {start} stands {where}"
            continue
        if is_number and len(under) > 1 and len({col.key for col in under}) > 1:
            merged.append(
                f"the value {cell.text!r} is merged over the columns {', '.join(col.label for col in under)}"
            )
            continue
        if under and under[0].key is not None:
            placed.append((cell, under[0]))  # a blank or a mark spanning columns: its first column
        elif under and is_number:
            nameless.append(cell)
    row_end = spans[-1][2] if spans else first  # spans run left to right
    wider_header: str | None = None
    # only a row that stops before the header's end is looked at again (nearly every row reaches it)
    crowded = _crowded_column(spans, at, header_end) if row_end < header_end else None
    if crowded is not None:
        # the header's leaf stands over two of the row's cells, and the header reaches past the
        # row's last cell: the leaf is wider than the row's cells, and the leaves after it stand
        # right of their values (a colspan too many in the header)
        wider_header = (
            f"the header's column {crowded.label!r} stands over two of the row's cells, and the header "
            f"reaches column {header_end} where the row stops at {row_end}"
        )
    disagreement = past_header or wider_header or (merged[0] if merged else None)
    if twice is not None and (disagreement is not None or len(spans) != len(columns)):
        return Unplaced(
            f"the header prints {twice!r} twice"
            + (f" and {disagreement}" if disagreement else "")
            + f"; its {len(spans)} cells cannot be given the header's {len(columns)} columns without "
            "knowing which of the two is the column's"
        )
    if disagreement is not None and len(spans) == len(columns):
        if disagreement is wider_header and not _in_template_order(columns):
            return Unplaced(
                f"{wider_header}; its {len(spans)} cells are as many as the header's columns, but the "
                "header's columns are not the template's in order, so they cannot be read in order"
            )
        values = [cell for cell, _, _ in spans]
        in_order = [(cell, col) for cell, col in zip(values, columns, strict=True) if col.key is not None]
        return Placement(in_order, in_order=True, disagreement=disagreement)
    if wider_header is not None:
        return Unplaced(f"{wider_header}, and its {len(spans)} cells are not one per column ({len(columns)})")
    if twice is not None:
        # the grid agrees and the row has a cell per column: the cells under the two columns of one
        # label are left out (which is the column's cannot be known), the others stand under their own
        placed = [(cell, col) for cell, col in placed if _label_key(col.label) != twice]
        merged.extend(
            f"the value {cell.text!r} stands under {twice!r}, which the header prints twice"
            for cell, start, end in spans
            if any(col is not None and _label_key(col.label) == twice for col in at[start:end])
            and parse_cell(cell.text).state == "number"
        )
    if past_header is not None:
        # the row is shifted against its header: every value in it may stand in the wrong column
        return Unplaced(
            f"{past_header} (a rowspan or colspan off by one?), and its {len(spans)} cells are not "
            f"one per column ({len(columns)})"
        )
    if (
        full_width is not None
        and row_end < full_width
        and any(parse_cell(cell.text).state == "number" for cell, _, _ in spans)
    ):
        return Unplaced(
            f"the row stops at column {row_end} where a full row of its block reaches {full_width}: "
            "a cell is missing, so its values may stand under the wrong columns"
        )
    return Placement(placed, merged=tuple(merged), nameless=tuple(nameless))


def _label_key(label: str) -> str:
    """A header label as compared with another: without the spaces a line break leaves (商业 企业)."""
    return label.replace(" ", "")


def _label_printed_twice(columns: Sequence[Column]) -> str | None:
    """The first label two leaf columns print alike (blank labels aside), or None."""
    seen: set[str] = set()
    for col in columns:
        if col.label:
            label = _label_key(col.label)
            if label in seen:
                return label
            seen.add(label)
    return None


# The template's column orders (applications; review and litigation; each block of table 二): the
# keys of a header read in order must follow one of them.
_TEMPLATE_ORDERS: tuple[tuple[str, ...], ...] = (
    APPLICATION_COLUMNS,
    tuple(f"{kind}.{result}" for kind, result in REVIEW_TEMPLATE_ORDER),
    *(block for blocks in ACTIVE_BLOCKS.values() for block in blocks),
)


def _in_template_order(columns: Sequence[Column]) -> bool:
    """The columns' keys stand in the order of one of the template's tables (some may be missing)."""
    keys = [col.key for col in columns if col.key is not None]
    for order in _TEMPLATE_ORDERS:
        rank = {key: i for i, key in enumerate(order)}
        ranks = [rank.get(key, -1) for key in keys]
        if keys and min(ranks) >= 0 and all(a < b for a, b in zip(ranks, ranks[1:], strict=False)):
            return True
    return False


def grid_end(row: Sequence[Cell | None], first: int) -> int | None:
    """The grid column after the row's last cell (from ``first`` on); None for a row with no cell."""
    # a plain loop, not next() over a generator: this runs for every data row, two or three times,
    # and nearly always stops at the row's last slot
    for c in range(len(row) - 1, first - 1, -1):
        if row[c] is not None:
            return c + 1
    return None


# ------------------------------------------------------------------------------------------------
# Glued digits
# ------------------------------------------------------------------------------------------------

Identity = tuple[tuple[int, ...], int]  # cells at these positions add up to the cell at that one
_MAX_SPLITS = 20_000  # ways tried before a run is called unreadable (a 30-digit run has millions)
_MAX_CANDIDATES = 50  # splits of one row kept for the columns' identities to choose among


def split_glued(run: str, parts: int, identities: Sequence[Identity] = ()) -> list[str] | Unplaced:
    """The cells of a row whose digits were printed with no separator ("21710000218"), when exactly
    one split satisfies the row: ``parts`` numbers, none starting with 0 unless it is 0, a space in
    the run always between two cells, and every identity holding. A row with no identity is split
    only where nothing else is possible: one cell, or every cell a single 0 ("000")."""
    segments = run.split()
    if len(segments) == parts and all(_whole(segment) for segment in segments):
        return segments  # every separator survived: the cells as printed
    digits = "".join(segments)
    if not digits.isdigit():
        # a decimal (or a unit) belongs to one cell: only a one-cell row holds it
        return [run] if parts == 1 and len(segments) == 1 else Unplaced(f"the digits {run!r} cannot be split")
    if parts == 1:
        if len(segments) == 1 and (digits == "0" or not digits.startswith("0")):
            return [digits]
        return Unplaced(f"{run!r} is not one number")
    if not identities:
        # with nothing to add up, only digits that split one way, and that no row with a blank
        # cell could have printed (fewer numbers), are read: "000", "007" (00 and 07 are no numbers)
        only = glued_splits(run, parts, (), most=2)
        if (
            only is not None
            and len(only) == 1
            and not any(glued_splits(run, fewer, (), most=1) for fewer in range(1, parts))
        ):
            return only[0]
        return Unplaced(
            f"the digits {run!r} run together and nothing in the row tells how they split into {parts} cells"
        )
    found = glued_splits(run, parts, identities, most=2)
    if found is None:
        return Unplaced(f"the digits {run!r} run together in too many ways to try")
    if len(found) == 1:
        return found[0]
    return Unplaced(
        f"the digits {run!r} run together and "
        + ("no split into" if not found else "more than one split into")
        + f" {parts} cells adds up"
    )


def glued_splits(
    run: str, parts: int, identities: Sequence[Identity], *, most: int = _MAX_CANDIDATES
) -> list[list[str]] | None:
    """Up to ``most`` splits of a glued run into ``parts`` numbers that satisfy ``identities``
    (None when there are too many ways to try)."""
    segments = run.split()
    if not "".join(segments).isdigit():
        return []
    found: list[list[str]] = []
    for tried, split in enumerate(_splits(segments, parts)):
        if tried >= _MAX_SPLITS:
            return None
        values = [int(x) for x in split]
        if all(sum(values[i] for i in addends) == values[total] for addends, total in identities):
            found.append(split)
            if len(found) >= most:
                break
    return found


def _whole(text: str) -> bool:
    """One number as a cell prints it: digits (a decimal point, a sign), no leading zero."""
    body = text.lstrip("+-")
    return (
        bool(body)
        and body.replace(".", "", 1).isdigit()
        and (body == "0" or not body.startswith("0") or body.startswith("0."))
    )


def _splits(segments: list[str], parts: int) -> Iterator[list[str]]:
    """Every way to cut the segments into ``parts`` numbers without a leading zero."""
    if not segments:
        if parts == 0:
            yield []
        return
    first, rest = segments[0], segments[1:]
    # every later segment holds at least one number and at most one per digit
    most_rest = sum(map(len, rest))
    for n in range(max(1, parts - most_rest), min(len(first), parts - len(rest)) + 1):
        for head in _cuts(first, n):
            for tail in _splits(rest, parts - n):
                yield head + tail


def _cuts(digits: str, n: int) -> Iterator[list[str]]:
    """Every way to cut one run of digits into ``n`` numbers without a leading zero."""
    if len(digits) < n or n < 1:
        return
    if n == 1:
        if digits == "0" or not digits.startswith("0"):
            yield [digits]
        return
    if digits.startswith("0"):
        for rest in _cuts(digits[1:], n - 1):  # a 0 is a number of its own
            yield ["0", *rest]
        return
    for i in range(1, len(digits) - n + 2):
        for rest in _cuts(digits[i:], n - 1):
            yield [digits[:i], *rest]
