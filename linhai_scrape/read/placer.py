"""One row's value cells → the template columns they stand under, or why they cannot be placed.

Every template table (sections 二, 三 and 四) is read the same way once its reader has found the
row's key and its header's columns: ``place_row`` puts each value cell under its column. The three
readers differ in how they name rows and columns, never in how a cell finds its column, so the
rules for spans, merged cells, short rows and flattened rows live here once.

A grid row (an HTML table, a PDF's ruled table) is placed by the grid columns each cell covers. When
the grid disagrees with the header (a value merged over two columns, a number past the last header
column) and the row prints exactly as many cells as the header has leaf columns, a person reads the
cells in order under the labels in order, and so does ``place_row``: the placement says so
(``in_order``), and the reader adds an ``info`` check. A flattened row (text) has no grid: its cells
are placed in order, and only when they are exactly as many as the columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

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


def place_grid_row(
    row: Sequence[Cell | None], first: int, columns: Sequence[Column], *, full_width: int | None = None
) -> Placement | Unplaced:
    """Place the value cells of a grid row (those from grid column ``first`` on) under ``columns``.

    A cell stands under the columns its grid positions cover. ``full_width``: the grid column right
    after the last value of the block's full rows; a row whose cells stop short of it lost a cell,
    and its values may have slid left, so it is not placed by position (a lost ``<td>`` would put
    规章's 13 under the wrong column).
    """
    spans: dict[int, list[int]] = {}  # cell → [first, last + 1] grid column, each cell once
    cells: dict[int, Cell] = {}
    for c in range(first, len(row)):
        cell = row[c]
        if cell is None:
            continue
        if id(cell) in spans:
            spans[id(cell)][1] = c + 1
        else:
            spans[id(cell)] = [c, c + 1]
            cells[id(cell)] = cell
    values = list(cells.values())
    header_end = max((col.end for col in columns), default=0)
    placed: list[tuple[Cell, Column]] = []
    past_header: str | None = None
    merged: list[str] = []
    nameless: list[Cell] = []
    for cell in values:
        start, end = spans[id(cell)]
        under = [col for col in columns if col.start < end and start < col.end]
        is_number = parse_cell(cell.text).state == "number"
        if is_number and not under:
            where = (
                "past the header's last column" if start >= header_end else "under no column of the header"
            )
            past_header = past_header or f"the value {cell.text!r} in column {start} stands {where}"
            continue
        if is_number and len({col.key for col in under}) > 1:
            merged.append(
                f"the value {cell.text!r} is merged over the columns {', '.join(col.label for col in under)}"
            )
            continue
        if under and under[0].key is not None:
            placed.append((cell, under[0]))  # a blank or a mark spanning columns: its first column
        elif under and is_number:
            nameless.append(cell)
    disagreement = past_header or (merged[0] if merged else None)
    if disagreement is not None and len(values) == len(columns):
        in_order = [(cell, col) for cell, col in zip(values, columns, strict=True) if col.key is not None]
        return Placement(in_order, in_order=True, disagreement=disagreement)
    if past_header is not None:
        # the row is shifted against its header: every value in it may stand in the wrong column
        return Unplaced(
            f"{past_header} (a rowspan or colspan off by one?), and its {len(values)} cells are not "
            f"one per column ({len(columns)})"
        )
    row_end = max((end for _, end in spans.values()), default=first)
    if (
        full_width is not None
        and row_end < full_width
        and any(parse_cell(cell.text).state == "number" for cell in values)
    ):
        return Unplaced(
            f"the row stops at column {row_end} where the block's other rows reach {full_width}: "
            "a cell is missing, so its values may stand under the wrong columns"
        )
    return Placement(placed, merged=tuple(merged), nameless=tuple(nameless))


def grid_end(row: Sequence[Cell | None], first: int) -> int | None:
    """The grid column after the row's last cell (from ``first`` on); None for a row with no cell."""
    return next((c + 1 for c in range(len(row) - 1, first - 1, -1) if row[c] is not None), None)
