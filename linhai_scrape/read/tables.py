"""A table grid → statistics, by matching row and column labels against ``template``.

Rows and columns are mapped by their labels, never by position alone: real tables drop rows,
merge header cells, split a label across cells or add a column. The only positional mapping is
inside a flattened text row, whose cells are read in the order its own header lines give (or the
template's order for section 四, whose broken vertical headers cannot be read).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain, product
from math import prod
from operator import attrgetter
from typing import Literal

from ..models import Check, Evidence
from ..template import (
    ACTIVE_BLOCK_MARKER,
    ACTIVE_BLOCKS,
    ACTIVE_FIELDS,
    ACTIVE_HEADER_MARKER,
    ACTIVE_ITEMS,
    ACTIVE_KEYS,
    ACTIVE_TABLE_MARKERS,
    APPLICANT_COLUMNS,
    APPLICATION_COLUMN_SPECS,
    APPLICATION_COLUMNS,
    APPLICATION_GROUPS,
    APPLICATION_HEADER_GROUPS,
    APPLICATION_OUTCOME_BLOCK_PRINTED,
    APPLICATION_ROW_CONTAINERS,
    APPLICATION_ROWS,
    APPLICATION_TABLE_MARKERS,
    COUNT_UNITS,
    LEGACY_TABLE_ROWS,
    MONEY_UNIT_WAN,
    MONEY_UNITS,
    REVIEW_KIND_LABELS,
    REVIEW_KINDS,
    REVIEW_RESULT_LABELS,
    REVIEW_RESULTS,
    REVIEW_TABLE_MARKERS,
    REVIEW_TEMPLATE_ORDER,
    ActiveField,
    ActiveItem,
    Edition,
    RowSpec,
    lost_characters,
    normalise_label,
)
from .document import Cell, Table
from .numbers import CellState, CellValue, fold, in_wan, parse_cell
from .placer import (
    Column,
    Identity,
    Placement,
    Unplaced,
    column_lookup,
    glued_splits,
    grid_end,
    place_flat_row,
    place_grid_row,
    split_glued,
)

TableKind = Literal["applications", "active", "review"]


@dataclass(slots=True)
class CellStat:
    """One cell read under a canonical key: a number, or a blank/mark kept as such."""

    key: str
    state: CellState
    value: int | float | None
    evidence: Evidence


# A CellStat's fields as a plain tuple, as the reader keeps them: a report's tables give some two
# hundred values, and a tuple costs a quarter of what an object of a class does to make
CellRead = tuple[str, CellState, int | float | None, Evidence]


@dataclass
class TableReading:
    kind: TableKind | None
    values: list[CellRead] = field(default_factory=list)  # in the order read
    checks: list[Check] = field(default_factory=list)
    editions: set[Edition] = field(default_factory=set)  # editions the labels point to
    merged_cells: set[int] = field(default_factory=set)  # value cells spanning rows, reported once
    # rows (keys without their column) whose values could not be placed: whether every value the
    # row prints is 0 (then no sentence's 0 for the row can disagree with it)
    unplaced_rows: dict[str, bool] = field(default_factory=dict)

    @property
    def stats(self) -> list[CellStat]:
        """The values read, each as a CellStat."""
        return [CellStat(*value) for value in self.values]


def classify_table(table: Table) -> TableKind | None:
    """Which template table this is, from marker labels; None for tables of no template."""
    # each distinct cell normalised through the label cache (cells repeat from report to report),
    # cheaper than normalising the whole table's text again
    text = "".join(map(normalise_label, map(_CELL_TEXT, _unique(chain.from_iterable(table.rows)))))
    scores: dict[TableKind, int] = {
        # the applicant header (自然人 … 商业企业) is as telling as two row labels
        "applications": sum(m in text for m in APPLICATION_TABLE_MARKERS)
        + 2 * ("自然人" in text and "商业企业" in text),
        "review": sum(m in text for m in REVIEW_TABLE_MARKERS),
        "active": sum(m in text for m in ACTIVE_TABLE_MARKERS),
    }
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    if score >= 2:
        return kind
    if score == 1 and _lone_application_row(table):
        return "applications"
    return None


def _lone_application_row(table: Table) -> bool:
    """A table of one row: a template application row's label and seven counts whose six applicant
    columns add up to the seventh ("四、结转下年度继续办理 0 0 0 0 0 0 0" atop a page whose table began
    on the page before). Its own arithmetic confirms the template's column order."""
    if len(table.rows) != 1:
        return False
    cells = _unique(table.rows[0])
    if len(cells) != 1 + len(APPLICATION_COLUMNS) or match_application_row([cells[0].text], None) is None:
        return False
    values = [parse_cell(c.text) for c in cells[1:]]
    # _is_count: a whole, unsigned number with no other unit
    counts = [v.value for v in values if v.state == "number" and _is_count(v) and isinstance(v.value, int)]
    return len(counts) == len(values) and sum(counts[:-1]) == counts[-1]


_CELL_TEXT = attrgetter("text")
_SECTION_TABLE: dict[int, TableKind] = {2: "active", 3: "applications", 4: "review"}


def read_table(table: Table, section: int | None = None) -> TableReading:
    """Read every statistic a template table states, with evidence; other tables yield nothing.

    A table without telling labels (headers lost in a dump) is read as its section's template table.
    """
    recognised = classify_table(table)
    kind = recognised or (None if _legacy_statistics(table) else _SECTION_TABLE.get(section or 0))
    reading = TableReading(kind)
    if kind == "applications":
        _read_applications(table, section, reading)
    elif kind == "active":
        _read_active(table, section, reading)
    elif kind == "review":
        _read_review(table, section, reading)
    if (
        kind is not None
        and not reading.values
        and not reading.checks
        and any(map(_row_has_number, table.rows))
    ):
        reading.checks.append(
            Check(
                code="table_unread",
                # an error when the labels named a template table; a table placed only by its
                # section may be any other table of numbers there (类别/条数, 申请方式 …)
                severity="error" if recognised else "info",
                message=f"table {table.index} "
                + ("looks like" if recognised else "sits where its section puts")
                + f" the {_KIND_NAMES[kind]} table and prints numbers, "
                "but no row or column label could be matched, so none of them was read",
                keys=[],
            )
        )
    return reading


def _legacy_statistics(table: Table) -> bool:
    """Rows of the pre-2019 statistics table (指标名称 | 计量单位 | 本年 | 历年累计: "3.不予公开答复数条 |
    00"), which a copy may leave under any section: none of the template's tables."""
    return any(
        word in cell.text
        for row in table.rows
        for cell in row[:1]
        if cell is not None
        for word, _ in LEGACY_TABLE_ROWS
    )


_KIND_NAMES: dict[TableKind, str] = {
    "applications": "section-三",
    "active": "section-二",
    "review": "section-四",
}


def join_split_tables(tables: list[Table]) -> list[Table]:
    """Rejoin a table that a page split in two: a header-only table directly followed by a table of
    the same width whose first row already carries data (no header of its own); and a section-三
    table cut mid-body, whose second part is read under the first part's header."""
    out: list[Table] = []
    for table in tables:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.origin == table.origin == "html"
            and table.rows
            and prev.rows
            and len(prev.rows[0]) == len(table.rows[0])
            and not any(map(_row_has_number, prev.rows))
            and _row_has_number(table.rows[0])
        ):
            # evidence keeps naming the data table: its own index and its own row numbers
            out[-1] = Table(
                index=table.index, rows=prev.rows + table.rows, origin=table.origin, page=table.page
            )
            continue
        piece = _continued_text_applications(prev, table) if prev is not None else None
        if piece is not None:
            out[-1] = piece
            continue
        continued = None
        if prev is not None:
            continued = _continued_applications(prev, table) or _continued_active(prev, table)
        out.append(continued or table)
    return out


def _continued_active(prev: Table, table: Table) -> Table | None:
    """A section-二 table split right after a block's header row: the second part starts with that
    block's item rows (行政许可 | 268 | +3 | 3712) and no header, so it is read on from the first
    part. Each cell keeps the index of the table it is printed in, for its evidence."""
    if not (
        prev.origin == table.origin == "html"
        and prev.rows
        and table.rows
        and len(prev.rows[0]) == len(table.rows[0])
        and not _row_has_number(prev.rows[-1])
        and any(c is not None and _active_field(c.text) for c in prev.rows[-1][1:])
        and _row_has_number(table.rows[0])
        and table.rows[0][0] is not None
        and _active_item(table.rows[0][0].text) is not None
    ):
        return None
    for cell in _unique(chain.from_iterable(table.rows)):
        cell.table = table.index
    return Table(index=prev.index, rows=prev.rows + table.rows, origin=prev.origin, page=prev.page)


def _continued_applications(prev: Table, table: Table) -> Table | None:
    """A section-三 table cut in two mid-body: the second part has data rows and no header, and may
    have lost the first label column (the rowspan 三、本年度办理结果 stayed with the first part). The
    second part is read under the first part's header rows, each of its rows right-aligned to the
    header when its trailing value cells are exactly the value columns (a shorter row is left as
    it is, to be reported, never stretched)."""
    if not (
        prev.origin == table.origin == "html"
        and prev.rows
        and table.rows
        and _row_has_number(table.rows[0])
        and not any(c is not None and _column_key(c.text)[0] for c in table.rows[0])
        and classify_table(prev) == "applications"
    ):
        return None
    header_rows = next((i for i, row in enumerate(prev.rows) if _row_has_number(row)), 0)
    columns = _application_columns_html(prev, header_rows)
    if not header_rows or not any(col.key for col in columns):
        return None
    width = len(prev.rows[0])
    value_width = width - min(col.start for col in columns if col.key)
    rows: list[list[Cell | None]] = [list(row) for row in prev.rows[:header_rows]]
    for row in table.rows:
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        trailing_values = 0
        for cell in reversed(_unique(cells)):
            if cell.text and parse_cell(cell.text).state == "text":
                break
            trailing_values += 1
        padding: list[Cell | None] = [None] * (width - len(cells))
        if len(cells) < width and trailing_values == value_width:
            cells = padding + cells
            padding = []
        rows.append(cells + padding)
    return Table(index=table.index, rows=rows, origin=table.origin, page=table.page)


def _continued_text_applications(prev: Table, table: Table) -> Table | None:
    """A flattened section-三 table broken into pieces: a converter's copy of a PDF puts each label
    too long for one line outside the table, so the table stops and starts again around it. A piece
    with no header of its own whose every numbered row holds the table's seven counts, right after
    a section-三 table that has not reached 结转下年度, is read on from it; a row the template's
    labels name may hold fewer (each cell keeps the index of the piece it is printed in, for its
    evidence)."""
    if not (
        prev.origin == table.origin == "text"
        and prev.rows
        and table.rows
        and not any(map(_is_application_header, table.rows))
        and classify_table(prev) == "applications"
        and not any(_row_label_key(row, None) == "carried_forward" for row in prev.rows)
    ):
        return None
    numbered = [row for row in table.rows if _row_has_number(row)]
    if not numbered or any(
        _value_cells(row) != len(APPLICATION_COLUMNS) and _row_label_key(row, None) is None
        for row in numbered
    ):
        return None
    for cell in _unique(chain.from_iterable(table.rows)):
        cell.table = table.index
    return Table(index=prev.index, rows=prev.rows + table.rows, origin=prev.origin, page=prev.page)


def _value_cells(row: list[Cell | None]) -> int:
    """How many cells of a flattened row hold something other than text (numbers, marks)."""
    return sum(1 for c in _unique(row) if c.text and parse_cell(c.text).state != "text")


# --------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\d{1,2})")


@lru_cache(maxsize=4096)
def _strip_ordinal(label: str) -> str:
    return _ORDINAL.sub("", normalise_label(label), count=1)


def _unique(cells: Iterable[Cell | None]) -> list[Cell]:
    # Cells hash by identity (eq=False): a dict keeps each spanning cell once, in order. A Cell is
    # always true, so filter(None, …) drops only the empty slots, in C (this runs for every row).
    return list(filter(None, dict.fromkeys(cells)))


def _row_of_marks(row: list[Cell | None]) -> bool:
    """A row of value cells that are all marks or empty, with at least one mark."""
    states = [parse_cell(c.text).state for c in _unique(row)]
    return "mark" in states and all(state in ("mark", "empty") for state in states)


def _row_has_number(row: list[Cell | None]) -> bool:
    # a glued run holds the row's numbers, however long it is (a plain loop: this runs for every
    # row of every table, and a generator in any() costs twice as much)
    for c in row:
        if c is not None and (c.glued or parse_cell(c.text).state == "number"):
            return True
    return False


def _add_cell(
    reading: TableReading,
    table: Table,
    section: int | None,
    key: str,
    cell: Cell,
    col: int,
    row_label: str,
    col_label: str,
    value: CellValue | None = None,
) -> None:
    if value is None:
        value = parse_cell(cell.text)
    is_count = key.startswith(_COUNT_KEYS)
    state = value.state
    if is_count and cell.rowspan > 1:
        # one printed number merged over several rows: which row it counts for cannot be known
        if id(cell) not in reading.merged_cells:
            reading.merged_cells.add(id(cell))
            _unplaced(
                reading,
                table,
                cell.row,
                row_label,
                f"the value {cell.text!r} is merged over {cell.rowspan} rows",
            )
        return
    if (
        is_count
        and state == "number"
        # _is_count(value), spelt out: this runs for every value of sections 三 and 四
        and not (
            value.unit in _COUNT_UNITS
            and not value.signed
            and isinstance(value.value, int)
            and value.value >= 0
        )
    ):
        state = "text"  # "50%", "-3", "2.5", "12元": not a number of applications or cases
    if state == "text":
        reading.checks.append(
            Check(
                code="cell_unreadable",
                severity="error",  # a number the document prints that we could not read
                message=f"table {table.index} row {cell.row} ({row_label} / {col_label}): "
                f"cell {cell.text!r} is not a number; {key} left absent",
                keys=[key],
            )
        )
        return
    # in field order, not by keyword: this runs for every value read, and nine keyword arguments
    # cost twice as much as the same arguments in order
    evidence = Evidence(
        "table",  # origin
        section,
        cell.table if cell.table is not None else table.index,  # table
        cell.row,
        col,  # column
        row_label,
        col_label,  # column_label
        cell.text,  # cell
        cell.page if cell.page is not None else table.page,  # page
    )
    reading.values.append((key, state, value.value, evidence))


_COUNT_KEYS = ("applications.", "review_litigation.")
_COUNT_UNITS = frozenset({None, *COUNT_UNITS})


def _is_count(value: CellValue) -> bool:
    """A whole, unsigned number with no unit but a count's: what a section-三/四 cell can hold."""
    return (
        value.unit in _COUNT_UNITS and not value.signed and isinstance(value.value, int) and value.value >= 0
    )


_PAGE_MARKER_DASHES = frozenset("-—–")


def _drop_page_marker(cells: list[Cell], width: int) -> list[Cell]:
    """A text layer's page number printed on the row's line ("… 0 2 — 4 —"): three cells past the
    row's width, a number between two dashes. Only then is it cut, never inside the row."""
    if len(cells) != width + 3:
        return cells
    before, number, after = (c.text for c in cells[-3:])
    if (
        before in _PAGE_MARKER_DASHES
        and after in _PAGE_MARKER_DASHES
        and number.isdigit()
        and len(number) <= 3
    ):
        return cells[:-3]
    return cells


def _drop_padding(cells: list[Cell], width: int) -> list[Cell]:
    """A flattened row's trailing padding (`| ||`) cut back to ``width`` cells, when that is safe.

    Only a row whose last real cell is filled, or that holds nothing at all (`行政许可 | |||`: every
    cell blank, so none can stand in a wrong column), can be cut: "2 ||||||||||" (a lone value,
    then more empty cells than the row has) may hold its value in any column, so it is left too
    long and reported as unplaced rather than read from the left.
    """
    if len(cells) > width and not any(c.text for c in cells[width:]):
        if cells[width - 1].text or not any(c.text for c in cells[:width]):
            return cells[:width]
    return cells


def _unplaced(
    reading: TableReading, table: Table, row_index: int, row_label: str, why: str, *, at: Cell | None = None
) -> None:
    """``at``: a cell of the row, for a table rejoined from two (the row is named where it is printed)."""
    where = f"table {table.index} row {row_index}"
    if at is not None and at.table is not None:
        where = f"table {at.table} row {at.row}"
    keys = _row_keys(reading.kind, row_label)
    reading.checks.append(
        Check(
            code="value_unplaced",
            severity="error",  # printed numbers we cannot attribute to a column
            message=f"{where} ({row_label}): {why}; its values are left out",
            keys=keys,
        )
    )
    zeros = row_index < len(table.rows) and _prints_only_zeros(table.rows[row_index])
    for row in {key.rsplit(".", 1)[0] for key in keys}:
        reading.unplaced_rows[row] = reading.unplaced_rows.get(row, True) and zeros


def _prints_only_zeros(row: list[Cell | None]) -> bool:
    """A row whose printed cells are its label(s) then values that are each a count of 0 (empty
    cells aside): no mark, no glued run, no other digit."""
    values = 0
    for cell in _unique(row):
        if not cell.text:
            continue
        parsed = parse_cell(cell.text)
        if parsed.state == "text" and not values:
            continue  # a label, before the values
        if cell.glued or parsed.state != "number" or parsed.value != 0 or not _ZERO.fullmatch(cell.text):
            return False
        values += 1
    return values > 0


_ZERO = re.compile(r"\s*0\s*")


def _placed_as_cut(
    reading: TableReading,
    table: Table,
    row_index: int,
    row_label: str,
    last_row: bool,
    values: Sequence[Cell],
    columns: Sequence[Column],
    *,
    total_last: bool,
) -> Placement | None:
    """The row a text dump stops in, cut off there: its cells are the row's first, each under the
    header's column at its place, and the rest of the row is missing (noted). Only where the cut
    leaves no doubt: the text stops inside a cell (or right after a cell's 0), or right after a cell
    of a row the template follows with more rows (a whole text may end with its table's last row,
    and one that lost a cell there would slide) and that is not whole but for a lost cell
    (:func:`_may_be_whole`). A text dump prints a row's empty cells, so none is lost before the cut."""
    cut = table.last_row_cut
    if (
        cut is None
        or row_index != len(table.rows) - 1
        or not 0 < len(values) < len(columns)
        or (cut == "after_cell" and (last_row or _may_be_whole(values, total_last=total_last)))
    ):
        return None
    read = columns[: len(values)]
    if any(parse_cell(c.text).state == "text" for c in values) or any(col.key is None for col in read):
        # a label among the values (rows run together), or a header cell that names no column of
        # the template over one: its cells may not stand where the header's labels say
        return None
    reading.checks.append(
        Check(
            code="row_cut_at_end",
            severity="warning",
            message=f"table {table.index} row {row_index} ({row_label}): the text stops inside this row; "
            f"its {len(values)} cells were read under the header's first columns "
            f"({' | '.join(col.label for col in read)}), and its other {len(columns) - len(values)} are missing",
            keys=[],
        )
    )
    return Placement(list(zip(values, read, strict=True)))


def _may_be_whole(values: Sequence[Cell], *, total_last: bool) -> bool:
    """A row a text stops right after may be whole but for a lost cell: its last cell is empty (the
    row printed its empty cells, so it went on past them), or, where the row ends with its 总计,
    its last value is no less than the sum of the others and not 0 (a 总计 with a cell lost before
    it; all zeros read alike either way)."""
    if not values[-1].text.strip():
        return True
    counts = [parse_cell(c.text).value for c in values]
    whole = [v for v in counts if isinstance(v, int)]
    if not total_last or len(whole) < 2 or len(whole) != len(counts):
        return False
    *parts, last = whole
    return last != 0 and last >= sum(parts)


_AMOUNT = "amount"  # section 二's money field (fees, procurement): not a count
# the last row of each table the template follows with nothing: section 三's, and section 二's
_LAST_APPLICATION_ROW = APPLICATION_ROWS[-1].key
_LAST_ACTIVE_ITEMS = frozenset(items[-1].key for items in ACTIVE_ITEMS.values())


# with litigation.*: the count of all lawsuits a sentence may state without the split
_REVIEW_KEYS = [
    f"review_litigation.{kind}.{result}"
    for kind in (*REVIEW_KINDS, "litigation")
    for result in REVIEW_RESULTS
]


def _row_keys(kind: TableKind | None, row_label: str) -> list[str]:
    """Every key a row of this table could have given: what a sentence must not fill in its place."""
    if kind == "review":
        return list(_REVIEW_KEYS)
    labels = [part for part in row_label.split(" / ") if part]
    if kind == "applications":
        row = match_application_row(labels, None)
        return [f"applications.{row}.{col}" for col in APPLICATION_COLUMNS] if row else []
    if kind == "active" and labels:
        item = _active_item(labels[0])
        return sorted(k for k in _ALL_ACTIVE_KEYS if k.startswith(f"active.{item}.")) if item else []
    return []


# --------------------------------------------------------------------------------------------------
# Section 三
# --------------------------------------------------------------------------------------------------

_ROW_MATCHERS: list[tuple[str, str, str | None]] = sorted(
    ((label, spec.key, spec.group) for spec in APPLICATION_ROWS for label in spec.labels),
    key=lambda t: -len(t[0]),
)
_CONTAINERS = tuple(normalise_label(c) for c in APPLICATION_ROW_CONTAINERS)
_GROUP_ROWS = tuple(APPLICATION_GROUPS)


# A text layer runs a rowspan label and its sub-label into one cell: "（三）不予公开 1.属于国家秘密".
_ORDINAL_START = re.compile(
    r"\s+(?=(?:[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、))"
    # a copy that lost the space: "（三）不予公开1.属于国家秘密"
    r"|(?<=[\u4e00-\u9fff）)])(?=\d[.．、][\u4e00-\u9fff])"
)


def match_application_row(labels: list[str], group_context: str | None) -> str | None:
    """The row key for a row's label cells (left to right), most specific label first."""
    return _match_application_row(tuple(labels), group_context)


@lru_cache(maxsize=4096)  # a row's labels are the template's, in a few variants: they repeat
def _match_application_row(row_labels: tuple[str, ...], group_context: str | None) -> str | None:
    labels = [part for label in row_labels for part in _ORDINAL_START.split(label)]
    stripped = [_strip_ordinal(lb) for lb in labels]
    context = group_context
    for label in stripped:
        key = _match_row_label(label, None)
        if key in _GROUP_ROWS:
            context = key
    # The most specific label wins, wherever a span put it: a sub-row label ("1.…") before its
    # group's label ("2.没有现成信息… | （四）无法提供" when a rowspan above ran one row too far).
    group_key: str | None = None
    unknown_sub_row = False  # a numbered sub-row label that matched nothing
    for i in range(len(stripped) - 1, -1, -1):
        label = stripped[i]
        if not label or label.startswith(_CONTAINERS):
            continue
        key = _match_row_label(label, context)
        if key is None:
            ordinal = _SUB_ROW_ORDINAL.match(labels[i].strip())
            variant = _sub_row_variant(label, context, labels[i].strip()) if ordinal else None
            if variant is not None:
                return variant
            unknown_sub_row = unknown_sub_row or bool(ordinal)
        elif key in _GROUP_ROWS:
            if _SUB_ROW_ORDINAL.match(labels[i].strip()):
                # "3.其他处理": a sub-row's number before its group's name, the sub-row's label
                # misprinted ("3.其他"); it is no group row
                unknown_sub_row = True
                continue
            group_key = group_key or key
        else:
            return key
    # "（四）无法提供 | 1.<damaged label>": the values are the sub-row's, not the group's (a group's
    # own row, where printed, has no sub-row label beside it)
    return None if unknown_sub_row else group_key


def _row_key(
    reading: TableReading, table: Table, row: int, labels: list[str], group: str | None
) -> str | None:
    """The row's key; a row known by its number and a damaged label is noted (label_variant)."""
    key = match_application_row(labels, group)
    if key is not None and _read_as_variant(tuple(labels), key):
        spec = _ROW_SPECS[key]
        reading.checks.append(
            Check(
                code="label_variant",
                severity="info",
                message=f"table {table.index} row {row}: {' / '.join(labels)!r} is read as the template's "
                f"{spec.labels[0]} (its number and place in the group match, its label nearly does)",
                keys=[],
            )
        )
    return key


@lru_cache(maxsize=4096)  # row labels repeat from report to report
def _read_as_variant(labels: tuple[str, ...], key: str) -> bool:
    """A numbered row whose labels do not start with its template label: it was matched as a variant."""
    spec = _ROW_SPECS.get(key)
    if spec is None or not labels or not _SUB_ROW_ORDINAL.match(" ".join(labels).split()[-1]):
        return False
    parts = [part for label in labels for part in _ORDINAL_START.split(label)]
    return not any(_strip_ordinal(part).startswith(spec.labels) for part in parts)


_ROW_SPECS = {spec.key: spec for spec in APPLICATION_ROWS}
_SUB_ROWS: dict[str, list[RowSpec]] = {}
for _row in APPLICATION_ROWS:
    if _row.group is not None:
        _SUB_ROWS.setdefault(_row.group, []).append(_row)
_MIN_LABEL_LIKENESS = 0.75  # difflib ratio of a damaged label to the template's (其他法律行政止公开: 0.86)


def _sub_row_variant(label: str, group: str | None, printed: str) -> str | None:
    """A numbered sub-row whose label is damaged (2.其他法律行政止公开, three characters lost): the
    template's sub-row at that number in the group the row stands in, when the printed label is close
    to that sub-row's label and to no other sub-row's of the group. The printed label stays in the
    evidence, and label_variant says it was read so."""
    if group is None or group not in _SUB_ROWS:
        return None
    number = int(re.match(r"\d+", printed).group())  # type: ignore[union-attr]
    rows = _SUB_ROWS[group]
    if not 1 <= number <= len(rows):
        return None
    likeness = [max(SequenceMatcher(None, label, text).ratio() for text in spec.labels) for spec in rows]
    best = likeness[number - 1]
    if best < _MIN_LABEL_LIKENESS or any(
        x >= _MIN_LABEL_LIKENESS for i, x in enumerate(likeness) if i != number - 1
    ):
        return None
    return rows[number - 1].key


def _number_in_label_column(row: list[Cell | None], first_value: int) -> bool:
    """A row whose cells a wrong span has shifted left: a number in a label column. Its values
    would land in the wrong columns, so none of them is read. A number with a text label to its
    right is an ordinal in a column of its own ("1 | 属于国家秘密")."""
    labels = row[:first_value]
    for i, cell in enumerate(labels):
        if cell is None or parse_cell(cell.text).state != "number":
            continue
        if not any(x is not None and parse_cell(x.text).state == "text" for x in labels[i + 1 :]):
            return True
    return False


def _full_width(rows: list[list[Cell | None]], first_value: int) -> int | None:
    """Where the block's full data rows end (the grid column after their last cell); None when the
    data rows end in different places too often to call one of them short."""
    ends = Counter(
        end
        for row in rows
        if _row_has_number(row[first_value:]) and (end := grid_end(row, first_value)) is not None
    )
    if not ends:
        return None
    end, count = ends.most_common(1)[0]
    # a short row is the exception: most data rows reach the same column, and none reaches past it
    return end if count * 2 > sum(ends.values()) and end == max(ends) else None


def _placed_in_order(
    reading: TableReading, table: Table, row: int, row_label: str, placement: Placement
) -> None:
    reading.checks.append(
        Check(
            code="cells_placed_in_order",
            severity="info",
            message=f"table {table.index} row {row} ({row_label or 'no label'}): {placement.disagreement}; "
            "its cells are as many as the header's columns and were read in order under them",
            keys=[],
        )
    )


_SUB_ROW_ORDINAL = re.compile(r"\d{1,2}\s*[.．、]")


@lru_cache(maxsize=4096)  # row labels are the template's, in a few variants: they repeat
def _match_row_label(label: str, group_context: str | None) -> str | None:
    for text, key, _group in _ROW_MATCHERS:
        if key == "other.misc":
            if group_context == "other" and label == text:
                return key
            continue
        if label.startswith(text):
            return key
    return None


# Normalised leaf label → column key (None: recognised, no key); the first spec naming a label wins.
_COLUMN_KEYS: dict[str, str | None] = {}
for _spec in APPLICATION_COLUMN_SPECS:
    for _label in _spec.labels:
        _COLUMN_KEYS.setdefault(_label, _spec.key)
_HEADER_GROUPS = frozenset(normalise_label(g) for g in APPLICATION_HEADER_GROUPS)


@lru_cache(maxsize=4096)  # header labels are the template's, in a few variants: they repeat
def _column_key(label: str) -> tuple[bool, str | None]:
    """(recognised, key) for a leaf header label; a unit in brackets after it ("总计（件）") is not part
    of the label."""
    norm = normalise_label(_HEADER_UNIT.sub("", label))
    if norm in _COLUMN_KEYS:
        return True, _COLUMN_KEYS[norm]
    return False, None


_HEADER_UNIT = re.compile(r"[（(]\s*(?:件|个|家|人|次|项|宗|单位[:：]?\s*件)\s*[）)]\s*$")


def _application_columns_html(table: Table, header_rows: int) -> list[Column]:
    """The header's leaf columns, left to right, from the first applicant column on. A leaf no
    edition names, or a second column of one key, holds no key."""
    columns: list[Column] = []
    keys: set[str] = set()
    for leaf in header_leaves(table, header_rows):
        recognised, key = _column_key(leaf.label)
        if not recognised or key in keys:
            key = None
        if key is None and not columns:
            continue  # the corner and label columns left of the values
        if key is not None:
            keys.add(key)
        columns.append(Column(key, leaf.label, leaf.start, leaf.end))
    return columns


def header_leaves(table: Table, header_rows: int) -> list[Column]:
    """The header's leaf columns, left to right, unnamed (``key`` None): each header cell once,
    labelled by the lowest non-blank header cell over it. A blank cell under 自然人 or 总计 stands
    where a rowspan belongs and names nothing; a column blank all the way down has label ''."""
    out: list[Column] = []
    seen: set[int] = set()
    width = len(table.rows[0]) if table.rows else 0
    for c in range(width):
        cells = _unique(table.rows[r][c] for r in range(header_rows))
        path = [cell for cell in cells if cell.text.strip()]
        if not path:
            if cells and id(cells[-1]) not in seen:
                seen.add(id(cells[-1]))
                out.append(Column(None, "", cells[-1].col, cells[-1].col + cells[-1].colspan))
            continue
        leaf = path[-1]
        if id(leaf) in seen:
            continue
        seen.add(id(leaf))
        # a blank cell under the label may be narrower than the label: the leaf is the label's span
        out.append(Column(None, leaf.text, leaf.col, leaf.col + leaf.colspan))
    return out


def _leaf_sequence(header_rows: list[list[str]]) -> list[tuple[bool, str | None, str]]:
    """Leaf columns, in order, from flattened header lines: group cells are replaced by the next
    header line's cells (自然人 | 法人或其他组织 | 总计 then 商业企业 | … | 其他)."""
    groups = _HEADER_GROUPS
    seq: list[str] = []
    for cells in header_rows:
        tokens = [t for t in cells if t and (normalise_label(t) in groups or _column_key(t)[0])]
        if len(tokens) > 1:
            # "申请人情况 | 自然人 | 法人或其他组织 | 总计": the group over all columns, on the line of
            # its own columns; the next line's columns are 法人或其他组织's, not its
            tokens = [t for t in tokens if normalise_label(t) != _ALL_APPLICANTS_GROUP]
        if not tokens:
            continue
        if not seq:
            seq = tokens
            continue
        idx = next((i for i, t in enumerate(seq) if normalise_label(t) in groups), None)
        if idx is None:
            seq.extend(tokens)
        else:
            seq[idx : idx + 1] = tokens
    seq = _one_line_groups(seq)
    keys = [_column_key(t)[1] for t in seq]
    if "total" in keys and any(k in _ORG_COLUMNS for k in keys[keys.index("total") + 1 :]):
        # 法人或其他组织's columns after 总计 (its group cell lost: "自然人 | 总计" over "商业企业 … 其他"):
        # the template puts 总计 last, so these lines do not give the columns' order
        return []
    out = []
    for t in seq:
        if normalise_label(t) in groups:
            continue
        recognised, key = _column_key(t)
        out.append((recognised, key, t))
    return out


_ORG_COLUMNS = frozenset(("commercial", "research", "public_interest", "legal_service", "other_org"))
_ORG_GROUPS = frozenset(normalise_label(g) for g in APPLICATION_HEADER_GROUPS[1:])  # 法人或其他组织
_ALL_APPLICANTS_GROUP = normalise_label(APPLICATION_HEADER_GROUPS[0])  # 申请人情况


def _next_label_numbers_two(rows: list[list[Cell | None]], r: int) -> bool:
    """Is the next row label after row ``r`` a sub-row numbered 2 ("2.其他法律行政法规禁止公开")?"""
    for row in rows[r + 1 :]:
        label = next((c.text for c in row if c is not None and parse_cell(c.text).state == "text"), None)
        if label is not None:
            ordinal = _SUB_ROW_ORDINAL.match(label.strip())
            return ordinal is not None and ordinal.group().startswith("2")
    return False


def _one_line_groups(seq: list[str]) -> list[str]:
    """A two-level header printed on one line (自然人 | 法人或其他组织 | 总计 | 商业企业 … 其他, as a
    dump of one cell per line gives it): the group's own columns, printed after its siblings, stand
    in the group's place. A group whose columns are mixed among other labels cannot be put in order:
    no header then ([]), and only the template's order can place a row."""
    at = next((i for i, t in enumerate(seq) if normalise_label(t) in _ORG_GROUPS), None)
    if at is None:
        return seq
    after = seq[at + 1 :]
    is_org = [_column_key(t)[1] in _ORG_COLUMNS for t in after]
    first_org = next((i for i, org in enumerate(is_org) if org), None)
    if first_org is None or first_org == 0:
        return seq  # no columns of the group, or they follow it directly: the group is dropped
    if not all(is_org[first_org:]):
        return []
    return seq[:at] + after[first_org:] + after[:first_org]


def _read_applications(table: Table, section: int | None, reading: TableReading) -> None:
    rows = table.rows
    first_data = next(
        (
            i
            for i, row in enumerate(rows)
            if not _is_application_header(row)
            and (_row_has_number(row) or _row_label_key(row, None) is not None)
        ),
        len(rows),
    )
    group_context: str | None = None
    rows_read: set[str] = set()  # row keys with at least one value read: they tell the edition
    if table.origin == "html" or _is_rectangular_with_spans(table):
        columns = _application_columns_html(table, first_data)
        if not any(col.key for col in columns):
            return
        keys = [col.key for col in columns if col.key is not None]
        short = _short_header_row(rows, first_data)
        if short is not None and keys != list(APPLICATION_COLUMNS):
            # a header line that stops short of the data (a lost cell: 社会公益组织 gone, and
            # 法律服务机构 stands over its column) and columns that are not the template's in order:
            # the labels after the lost cell stand a column left of their values
            _unplace_under_lost_header(
                reading,
                table,
                first_data,
                short,
                lambda row: " / ".join(c.text for c in _unique(row[:1])),
                "the header's columns are not the template's",
            )
            return
        first_value = min(col.start for col in columns if col.key)
        full_width = _full_width(rows[first_data:], first_value)
        lookup = column_lookup(columns)
        for r in range(first_data, len(rows)):
            row = rows[r]
            labels = [c.text for c in _unique(row[:first_value])]  # the cells left of every value column
            key = _row_key(reading, table, r, labels, group_context)
            row_label = " / ".join(labels)
            if key is None:
                if _row_has_number(row):
                    _unrecognised_row(reading, table, r, row_label, group_context)
                continue
            group_context = _group_of(key) or group_context
            spanned = _unique(row[:first_value])
            if (
                key in _GROUP_ROWS
                and any(c.rowspan > 1 for c in spanned)
                and any(not c.text.strip() for c in spanned)
            ):
                # "（三）不予公开" spanning its sub-rows, beside a blank label cell: a sub-row whose
                # label was lost, not the group's own row
                _unplaced(
                    reading,
                    table,
                    r,
                    row_label,
                    "a row of the group with a blank label: which sub-row, nothing says",
                )
                continue
            if _number_in_label_column(row, first_value):
                _unplaced(
                    reading,
                    table,
                    r,
                    row_label,
                    "its cells do not line up with the header (a number sits in a label column: "
                    "a rowspan or colspan off by one)",
                )
                continue
            placement = place_grid_row(row, first_value, columns, full_width=full_width, lookup=lookup)
            if isinstance(placement, Unplaced):
                _unplaced(reading, table, r, row_label, placement.reason)
                continue
            stated_before = len(reading.values)
            for cell, col in placement.cells:
                assert col.key is not None
                _add_cell(
                    reading,
                    table,
                    section,
                    f"applications.{key}.{col.key}",
                    cell,
                    col.start,
                    row_label,
                    col.label,
                )
            for why in placement.merged:
                _unplaced(reading, table, r, row_label, why)
            if placement.in_order:
                _placed_in_order(reading, table, r, row_label, placement)
            if len(reading.values) > stated_before:
                rows_read.add(key)
        _note_editions(reading, rows_read)
        return
    # A flattened text table: labels lead each row, values follow in the header lines' order.
    header = [[c.text if c else "" for c in row] for row in rows[:first_data]]
    leaves = _leaf_sequence(header)
    if (
        not leaves
        or not all(rec for rec, _, _ in leaves)
        or _broken_header(header)
        or (len(leaves) != _usual_width(rows[first_data:]) == len(_TEMPLATE_APPLICATION_COLUMNS))
    ):
        # The header lines are missing or broken ("商业 科研" over "企业 机构"), so only the
        # template's own column order can place the values: used only for rows of exactly 7 values.
        leaves = [(True, k, lb) for k, lb in _TEMPLATE_APPLICATION_COLUMNS]
        order_note = " (template order)"
    else:
        order_note = ""
    ambiguous: list[_Ambiguous] = []  # glued rows that split several ways
    split_by_its_sum: dict[str, tuple[int, str]] = {}  # glued rows split the one way they add up
    flat_columns = [Column(col_key, col_label) for _, col_key, col_label in leaves]
    identities = _application_identities(flat_columns)
    sequence: list[str | _LooseRow] = []  # the data rows in print order: a row key, or a row not known
    for r in range(first_data, len(rows)):
        cells = [c for c in rows[r] if c is not None]
        while cells and not cells[0].text:
            cells = cells[1:]
        if cells and all(_RULE_CELL.match(c.text) for c in cells):
            continue  # a markdown table's rule line (|---|---|), not a row
        label_cells: list[Cell] = []
        while cells and not cells[0].glued and parse_cell(cells[0].text).state == "text":
            label_cells.append(cells.pop(0))
        labels = [c.text for c in label_cells]
        row_label = " / ".join(labels)
        # "0 0 0 0 0 0 0 5.要求行政机关确认… 0 0 0 0 0 0 0 （六）其他处理": a copy wrapped mid-row ran
        # another row's values into a flattened row's label; whose the numbers after it are, nothing says
        spilled = table.origin == "text" and any(_values_in_label(label) for label in labels)
        key = None if spilled else _row_key(reading, table, r, labels, group_context)
        if key is None:
            if cells:
                _unrecognised_row(reading, table, r, row_label, group_context)
                sequence.append(_LooseRow(r, labels, cells, reading.checks[-1]))
            continue
        if key in _GROUP_ROWS and any(c.text for c in cells) and _next_label_numbers_two(rows, r):
            # "（三）不予公开 | 0 | … |" then "2.其他法律行政法规禁止公开": the values of a sub-row whose
            # label "1.属于国家秘密" was lost, not the group's own
            _unplaced(
                reading,
                table,
                r,
                row_label,
                "its values stand where its first sub-row's belong (label lost?)",
            )
            continue
        sequence.append(key if any(c.text for c in cells) else f"{key}{_LABEL_ONLY}")
        group_context = _group_of(key) or group_context
        cells = _drop_padding(_drop_page_marker(cells, len(leaves)), len(leaves))
        waiting = len(ambiguous)
        glued = len(cells) == 1 and cells[0].glued
        unglued = _unglue(reading, table, r, row_label, cells, flat_columns, identities, ambiguous)
        if unglued is None:
            if len(ambiguous) > waiting:
                ambiguous[-1].key = key
            continue
        cells = unglued
        # a cut row only under the header's own columns: the template's order is for whole rows
        cut = (
            None
            if order_note
            else _placed_as_cut(
                reading,
                table,
                r,
                row_label,
                key == _LAST_APPLICATION_ROW,
                cells,
                flat_columns,
                total_last=True,
            )
        )
        placement = cut or place_flat_row(cells, flat_columns)
        if (
            not isinstance(placement, Unplaced)
            and (lost_subtotal := _subtotal_as_total(placement)) is not None
        ):
            placement = Unplaced(lost_subtotal)
        if isinstance(placement, Unplaced):
            _unplaced(reading, table, r, row_label, placement.reason)
            continue
        stated_before = len(reading.values)
        _add_flat_row(reading, table, section, key, placement, row_label, order_note)
        if len(reading.values) > stated_before:
            rows_read.add(key)
            if glued and len(flat_columns) > 1:
                split_by_its_sum[key] = (r, row_label)
    _place_between_read_rows(reading, table, section, sequence, flat_columns, order_note, rows_read)
    _settle_by_columns(reading, table, section, ambiguous, rows_read)
    _withdraw_splits_the_columns_deny(reading, table, split_by_its_sum, rows_read)
    _note_editions(reading, rows_read)


_ORGANISATIONS = ("commercial", "research", "public_interest", "legal_service", "other_org")


def _subtotal_as_total(placement: Placement) -> str | None:
    """A row whose value under 总计 is the five organisations' sum while a natural person is counted
    too: that value is the 2019 table's 小计, and the header in hand lost its column (a print wrapped
    it onto a line of its own), so every value may stand a column off. Not placed."""
    values: dict[str, int | float] = {}
    for cell, col in placement.cells:
        value = parse_cell(cell.text)
        if value.state == "number" and value.value is not None and col.key is not None:
            values[col.key] = value.value
    if (
        "total" not in values
        or not values.get("natural_person")
        or not all(k in values for k in _ORGANISATIONS)
    ):
        return None
    if values["total"] != sum(values[k] for k in _ORGANISATIONS):
        return None
    return (
        f"its 总计 value ({values['total']}) is the sum of the five organisation columns, though "
        f"natural persons count {values['natural_person']}: it is the 小计 of a column the header lost"
    )


def _add_flat_row(
    reading: TableReading,
    table: Table,
    section: int | None,
    key: str,
    placement: Placement,
    row_label: str,
    order_note: str,
) -> None:
    """A flattened section-三 row's placed cells, read under ``key``."""
    for cell, col in placement.cells:
        _add_cell(
            reading,
            table,
            section,
            f"applications.{key}.{col.key}",
            cell,
            cell.col,
            row_label,
            col.label + order_note,
        )


_RULE_CELL = re.compile(r"^:?-{3,}:?$")
_LABEL_ONLY = "#label-only"  # a row key in the sequence for a label printed with no values


@dataclass
class _LooseRow:
    """A flattened section-三 row of values whose label matched no template row."""

    row: int
    labels: list[str]
    cells: list[Cell]
    unrecognised: Check  # the warning raised for it, withdrawn if its place settles it


def _place_between_read_rows(
    reading: TableReading,
    table: Table,
    section: int | None,
    sequence: list[str | _LooseRow],
    columns: list[Column],
    order_note: str,
    rows_read: set[str],
) -> None:
    """Rows whose labels a converter printed away from them (a PDF copied to markdown puts a label
    too long for one line above or below the table), placed by where they stand: between two rows
    read by their labels, as many rows as the template has between those two, in its order. Only
    when every such row holds seven counts adding up to its 总计, what label text it kept is part
    of the label of the row it takes, no row of the table is a label with no values (whose values
    may be any row's) and no row is read twice, the edition is not in doubt, and the template's
    column identities then hold in every column with every row they need: the outcome rows add up
    to （七）总计, and 本年新收 + 上年结转 = （七）总计 + 结转下年度. Otherwise every such row stays
    unrecognised."""
    if sorted(col.key or "" for col in columns) != sorted(APPLICATION_COLUMNS):
        return
    positions = _row_positions(sequence, _table_editions(rows_read))
    if not positions:
        return
    values = _counts_read(reading)
    placements: list[tuple[_LooseRow, str, Placement]] = []
    for item, key in positions:
        placement = place_flat_row(_drop_padding(item.cells, len(columns)), columns)
        if isinstance(placement, Unplaced):
            return
        counts = {col.key: parse_cell(cell.text) for cell, col in placement.cells if col.key is not None}
        if len(counts) != len(APPLICATION_COLUMNS) or not all(
            v.state == "number" and _is_count(v) and v.value is not None for v in counts.values()
        ):
            return
        row_values = {column: float(v.value or 0) for column, v in counts.items()}
        if sum(row_values[c] for c in APPLICANT_COLUMNS) != row_values["total"]:
            return
        values[key] = row_values
        placements.append((item, key, placement))
    if not _identities_hold(values, {key for _, key in positions}):
        return
    named = []
    for item, key, placement in placements:
        reading.checks.remove(item.unrecognised)
        printed = _ROW_SPECS[key].printed
        _add_flat_row(
            reading, table, section, key, placement, " / ".join(item.labels) or f"({printed})", order_note
        )
        rows_read.add(key)
        named.append(f"row {item.row} ({' / '.join(item.labels) or 'no label'}) as {printed}")
    reading.checks.append(
        Check(
            code="rows_placed_by_position",
            severity="info",
            message=f"table {table.index}: rows whose labels are printed away from them were read by their "
            f"place between rows read by their labels, in the template's order: {'; '.join(named)}. "
            "Each stretch is as many rows as the template has there, and the template's column "
            "identities then hold in every column",
            keys=[],
        )
    )


def _row_positions(
    sequence: list[str | _LooseRow], editions: tuple[Edition, ...]
) -> list[tuple[_LooseRow, str]]:
    """Each loose row with the template row its place gives it, for every stretch of loose rows
    between two read rows that is exactly as long as the template's rows between those two, in
    every edition the table may follow; [] when a row stands where a label with no values, or a
    row read twice, leaves the places in doubt."""
    if any(
        isinstance(item, str)
        and item.endswith(_LABEL_ONLY)
        and item.removesuffix(_LABEL_ONLY) in _ORDERED_ROWS
        for item in sequence
    ):
        return []
    # the rows read by their labels; a group's label printed alone (（三）不予公开) is no data row
    anchors = [
        (i, item)
        for i, item in enumerate(sequence)
        if isinstance(item, str) and not item.endswith(_LABEL_ONLY)
    ]
    read = [key for _, key in anchors]
    if len(set(read)) != len(read):
        return []
    out: list[tuple[_LooseRow, str]] = []
    for (start, before), (end, after) in zip(anchors, anchors[1:], strict=False):
        run = [item for item in sequence[start + 1 : end] if isinstance(item, _LooseRow)]
        choices = {
            between
            for edition in editions
            if before in (order := _TEMPLATE_ROW_ORDER[edition])
            and after in order
            and len(between := order[order.index(before) + 1 : order.index(after)]) == len(run)
        }
        if not run or len(choices) != 1:
            continue
        between = choices.pop()
        if set(between) & set(read) or not all(map(_fits_row, run, between)):
            continue
        out.extend(zip(run, between, strict=True))
    return out


def _identities_hold(values: dict[str, dict[str, float]], placed: set[str]) -> bool:
    """Every placed row is in a column identity whose rows are all read in full, and each such
    identity holds in every column."""
    full = {k for k, cols in values.items() if all(c in cols for c in APPLICATION_COLUMNS)}
    equations = [(left, right) for left, right in _column_equations(full) if placed & {*left, *right}]
    if not placed <= {k for left, right in equations for k in (*left, *right)}:
        return False
    return all(
        sum(values[k][c] for k in left) == sum(values[k][c] for k in right)
        for left, right in equations
        for c in APPLICATION_COLUMNS
    )


def _table_editions(rows_read: set[str]) -> tuple[Edition, ...]:
    """The editions a section-三 table may follow, from the rows read by their labels."""
    if rows_read & _ROWS_2021_ONLY:
        return ("2021",)
    if "other" in rows_read:
        return ("2019",)
    return ("2021", "2019")


def _fits_row(item: _LooseRow, key: str) -> bool:
    """What label text a loose row kept is part of the row's printed label, its group's, or the
    outcome block's ("（三）不 / 予公开" beside 4.保护第三方合法权益)."""
    spec = _ROW_SPECS[key]
    printed = [normalise_label(spec.printed), normalise_label(APPLICATION_OUTCOME_BLOCK_PRINTED)]
    if spec.group is not None:
        printed.append(normalise_label(_ROW_SPECS[spec.group].printed))
    for label in item.labels:
        norm = normalise_label(label)
        if norm and not any(norm in text for text in printed):
            return False
    return True


def _unglue(
    reading: TableReading,
    table: Table,
    row: int,
    row_label: str,
    cells: list[Cell],
    columns: list[Column],
    identities: Sequence[Identity],
    ambiguous: list[_Ambiguous] | None = None,
) -> list[Cell] | None:
    """A row whose one value cell is a glued run of digits: its cells, split the one way the row's
    own arithmetic allows (an info check says so), or None with value_unplaced saying why not.
    With ``ambiguous``, a run that splits several ways is kept there instead, for the columns'
    identities to settle."""
    if len(cells) != 1 or not cells[0].glued:
        return cells
    run = cells[0]
    split = split_glued(run.text, len(columns), identities)
    if isinstance(split, Unplaced):
        candidates = glued_splits(run.text, len(columns), identities) if ambiguous is not None else None
        if ambiguous is not None and candidates and len(candidates) > 1:
            # left for the table's column identities to settle, once every other row is read
            ambiguous.append(_Ambiguous(row, row_label, run, columns, candidates, split.reason))
            return None
        _unplaced(reading, table, row, row_label, split.reason)
        return None
    if len(columns) > 1:
        reading.checks.append(
            Check(
                code="glued_digits_split",
                severity="info",
                message=f"table {table.index} row {row} ({row_label}): the digits {run.text!r} were printed "
                f"with no separator; the only split the row's arithmetic allows is {' | '.join(split)}",
                keys=[],
            )
        )
    return [Cell(text, run.row, run.col, page=run.page, table=run.table) for text in split]


@dataclass
class _Ambiguous:
    """A glued row that splits more than one way by its own arithmetic."""

    row: int
    label: str
    run: Cell
    columns: list[Column]
    candidates: list[list[str]]
    reason: str
    key: str = ""  # the row's key, once known


def _counts_read(reading: TableReading) -> dict[str, dict[str, float]]:
    """The section-三 numbers read so far: row key → column → the number read there."""
    counts: dict[str, dict[str, float]] = {}
    for key, _, value, _ in reading.values:
        if value is not None and key.startswith("applications."):
            row_key, column = key.removeprefix("applications.").rsplit(".", 1)
            counts.setdefault(row_key, {})[column] = value
    return counts


def _settle_by_columns(
    reading: TableReading, table: Table, section: int | None, pending: list[_Ambiguous], rows_read: set[str]
) -> None:
    """Glued section-三 rows that split several ways, settled where the template's column identities
    leave one choice: the outcome rows add up to （七）总计, and 本年新收 + 上年结转 = （七）总计 +
    结转下年度, column by column, with every other row of the identity read in full. An identity
    with several such rows settles them together only when one combination of their splits holds.
    The rest stay out, with value_unplaced."""
    known = _counts_read(reading)
    progress = True
    while pending and progress:
        progress = False
        by_key = {item.key: item for item in pending}
        for left, right in _column_equations(set(known) | set(by_key)):
            involved = [by_key[k] for k in (*left, *right) if k in by_key]
            if not involved or any(
                k not in by_key and not all(c in known.get(k, {}) for c in APPLICATION_COLUMNS)
                for k in (*left, *right)
            ):
                continue
            choice = _only_combination(involved, left, right, known)
            if choice is None:
                continue
            for item, split in zip(involved, choice, strict=True):
                pending.remove(item)
                _settled(reading, table, section, item, split, known, rows_read)
            progress = True
            break
    for item in pending:
        _unplaced(reading, table, item.row, item.label, item.reason)


def _withdraw_splits_the_columns_deny(
    reading: TableReading, table: Table, split_by_its_sum: dict[str, tuple[int, str]], rows_read: set[str]
) -> None:
    """Glued rows split the one way their own sum allows, withdrawn where the columns' identities deny
    that split. A row whose printed total breaks its own sum (12 | 0 | … | 21, a typo) may still split
    one way that adds up (1 | 20 | … | 21), into numbers the page never states; the columns then
    break: the outcome rows' 商业企业 add up to more than （七）总计's. Withdrawn is the one split row
    whose leaving out mends every broken identity, where no identity that holds in full
    confirms it (本年新收 + 上年结转 = （七）总计 + 结转下年度 confirms those four rows)."""
    if not split_by_its_sum:
        return
    known = _counts_read(reading)
    # every identity the table's rows stand in, also where a row of it could not be read (an inequality
    # still holds: the outcome rows read must not add up to more than （七）总计)
    equations: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
        (("new_received", "carried_over"), ("outcome_total", "carried_forward"))
    ]
    outcomes_read = set(known) - {"new_received", "carried_over", "outcome_total", "carried_forward"}
    equations += [
        (("outcome_total",), outcome_rows)
        for outcome_rows in _OUTCOME_ROWS.values()
        if outcomes_read <= set(outcome_rows)
    ]
    broken = _broken_identities(equations, known)
    if not broken:
        return
    confirmed = {
        k
        for left, right in equations
        if all(len(known.get(k, ())) == len(APPLICATION_COLUMNS) for k in (*left, *right))
        and (left, right) not in {(bl, br) for bl, br, _ in broken}
        for k in (*left, *right)
    }
    blamed = []
    for key in split_by_its_sum.keys() - confirmed:
        without = {k: v for k, v in known.items() if k != key}
        if not _broken_identities(equations, without):
            blamed.append(key)
    if len(blamed) != 1:
        # none, or several rows any of which would mend the columns: the page's own numbers disagree
        # (its printed rows break the columns whichever way they split), and the checks say so
        return
    for key in blamed:
        row, label = split_by_its_sum[key]
        prefix = f"applications.{key}."
        reading.values = [v for v in reading.values if not v[0].startswith(prefix)]
        rows_read.discard(key)
        _unplaced(
            reading,
            table,
            row,
            label,
            "its digits were printed with no separator and split the one way the row's own sum allows, "
            "but with that split the columns' identities with the other rows break: its printed total "
            "may break its own sum",
        )


def _broken_identities(
    equations: list[tuple[tuple[str, ...], tuple[str, ...]]], known: dict[str, dict[str, float]]
) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """The column identities (left side, right side, column) the numbers read break: both sides read in
    full and unequal, or one side read in full and the other's read numbers already more than it."""
    broken = []
    for left, right in equations:
        for column in APPLICATION_COLUMNS:
            sides = [[known.get(k, {}).get(column) for k in side] for side in (left, right)]
            full = [all(v is not None for v in side) for side in sides]
            sums = [sum(v for v in side if v is not None) for side in sides]
            if (full[0] and full[1] and sums[0] != sums[1]) or any(
                full[i] and sums[1 - i] > sums[i] for i in (0, 1)
            ):
                broken.append((left, right, column))
    return broken


_MAX_COMBINATIONS = 5_000


def _only_combination(
    involved: list[_Ambiguous], left: Sequence[str], right: Sequence[str], known: dict[str, dict[str, float]]
) -> tuple[list[str], ...] | None:
    """The one combination of the involved rows' splits for which the identity holds in every column."""
    if prod(len(item.candidates) for item in involved) > _MAX_COMBINATIONS:
        return None
    found: tuple[list[str], ...] | None = None
    for combo in product(*(item.candidates for item in involved)):
        values = dict(known)
        for item, split in zip(involved, combo, strict=True):
            values[item.key] = {
                col.key: int(v) for v, col in zip(split, item.columns, strict=True) if col.key
            }
        if all(
            sum(values[k][c] for k in left) == sum(values[k][c] for k in right) for c in APPLICATION_COLUMNS
        ):
            if found is not None:
                return None  # two combinations hold: nothing decides
            found = combo
    return found


def _settled(
    reading: TableReading,
    table: Table,
    section: int | None,
    item: _Ambiguous,
    split: list[str],
    known: dict[str, dict[str, float]],
    rows_read: set[str],
) -> None:
    reading.checks.append(
        Check(
            code="glued_digits_split",
            severity="info",
            message=f"table {table.index} row {item.row} ({item.label}): the digits {item.run.text!r} were "
            f"printed with no separator and split {len(item.candidates)} ways; the columns' identities with "
            f"the other rows leave {' | '.join(split)}",
            keys=[],
        )
    )
    known[item.key] = {}
    for text, col in zip(split, item.columns, strict=True):
        if col.key is None:
            continue
        cell = Cell(text, item.run.row, item.run.col, page=item.run.page, table=item.run.table)
        _add_cell(
            reading,
            table,
            section,
            f"applications.{item.key}.{col.key}",
            cell,
            cell.col,
            item.label,
            col.label,
        )
        known[item.key][col.key] = int(text)
    rows_read.add(item.key)


_OUTCOME_ROWS = {
    edition: tuple(
        spec.key
        for spec in APPLICATION_ROWS
        if edition in spec.editions
        and spec.key not in ("new_received", "carried_over", "outcome_total", "carried_forward")
        and (
            spec.group is not None
            or spec.key not in APPLICATION_GROUPS
            or (spec.key == "other" and edition == "2019")
        )
    )
    for edition in ("2019", "2021")
}


# Each edition's section-三 data rows in the template's order (group rows are not data rows).
_TEMPLATE_ROW_ORDER: dict[Edition, tuple[str, ...]] = {
    "2021": ("new_received", "carried_over", *_OUTCOME_ROWS["2021"], "outcome_total", "carried_forward"),
    "2019": ("new_received", "carried_over", *_OUTCOME_ROWS["2019"], "outcome_total", "carried_forward"),
}
_ORDERED_ROWS = frozenset(chain.from_iterable(_TEMPLATE_ROW_ORDER.values()))


def _column_equations(rows: set[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The template's column identities among section 三's rows, where the table holds all their rows."""
    equations: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
        (("new_received", "carried_over"), ("outcome_total", "carried_forward"))
    ]
    for outcome_rows in _OUTCOME_ROWS.values():
        if set(outcome_rows) <= rows:
            equations.append((("outcome_total",), outcome_rows))
    return [(left, right) for left, right in equations if set(left) | set(right) <= rows]


def _application_identities(columns: list[Column]) -> tuple[Identity, ...]:
    """The six applicant columns add up to 总计, where a row holds exactly those seven columns."""
    keys = [col.key for col in columns]
    if sorted(k for k in keys if k) != sorted(APPLICATION_COLUMNS) or len(keys) != len(APPLICATION_COLUMNS):
        return ()
    return ((tuple(keys.index(k) for k in APPLICANT_COLUMNS), keys.index("total")),)


def _review_identities(columns: list[Column]) -> tuple[Identity, ...]:
    """Each kind's results add up to its 总计, where the row holds all five results of each kind."""
    at = {col.key: i for i, col in enumerate(columns) if col.key}
    out = []
    for kind in REVIEW_KINDS:
        parts = [f"{kind}.{result}" for result in REVIEW_RESULTS if result != "total"]
        if all(p in at for p in parts) and f"{kind}.total" in at:
            out.append((tuple(at[p] for p in parts), at[f"{kind}.total"]))
    return tuple(out) if len(out) == len(REVIEW_KINDS) and len(columns) == len(at) else ()


def _broken_header(header: list[list[str]]) -> bool:
    """Header lines holding words that are neither a column nor a column group: fragments of
    labels a text layer broke apart, so the recognised words no longer stand in their columns."""
    groups = {normalise_label(g) for g in APPLICATION_HEADER_GROUPS}
    for cells in header:
        words = [t for t in cells if t]
        known = [t for t in words if normalise_label(t) in groups or _column_key(t)[0]]
        # short unknown words are fragments; a long one is the corner cell's note (本列数据的勾稽关系…)
        fragments = [t for t in words if t not in known and len(normalise_label(t)) <= _MAX_FRAGMENT]
        if known and fragments:
            return True
    return False


_MAX_FRAGMENT = 6


def _usual_width(rows: list[list[Cell | None]]) -> int:
    """The most common number of value cells in a flattened table's data rows."""
    widths = Counter(
        sum(1 for c in row if c is not None and parse_cell(c.text).state != "text") for row in rows
    )
    return widths.most_common(1)[0][0] if widths else 0


# The template's own column order and first labels, for rows whose header lines were lost.
_TEMPLATE_APPLICATION_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (spec.key, spec.labels[0]) for spec in APPLICATION_COLUMN_SPECS if spec.key is not None
)


def _row_label_key(row: list[Cell | None], group_context: str | None) -> str | None:
    labels = [c.text for c in _unique(row) if parse_cell(c.text).state == "text"]
    return match_application_row(labels, group_context)


def _is_application_header(row: list[Cell | None]) -> bool:
    """A header row names two or more applicant columns (or their groups) and states no number."""
    named = [c for c in _unique(row) if normalise_label(c.text) in _HEADER_GROUPS or _column_key(c.text)[0]]
    return len(named) >= 2 and not _row_has_number(row)


def _is_rectangular_with_spans(table: Table) -> bool:
    return any(c is not None and (c.rowspan > 1 or c.colspan > 1) for row in table.rows for c in row)


def _group_of(key: str) -> str | None:
    head = key.split(".")[0]
    return head if head in _GROUP_ROWS else None


def _unrecognised_row(
    reading: TableReading,
    table: Table,
    row: int,
    label: str,
    group: str | None = None,
    why: str = "is not a template row",
) -> None:
    # a row of section 三 numbered as one of the template's rows ("（七）合计", "（七）总汁") may be
    # that row under another label: its keys are named, so nothing else fills them in its place. A
    # numbered sub-row in a group ("6.其他" under （五）不予处理) is counted in the group: the sum of
    # the template's sub-rows is not the group's total, so the group's keys are named
    ordinal = _ROW_ORDINAL.match(fold(label)) if reading.kind == "applications" else None
    row_key = _ROWS_BY_ORDINAL.get(ordinal.group()) if ordinal else None
    if row_key is None and group is not None and reading.kind == "applications":
        row_key = group if _SUB_ROW_ORDINAL.match(fold(label).strip()) else None
    reading.checks.append(
        Check(
            code="row_unrecognised",
            severity="warning",  # it prints numbers that are read under no key
            message=f"table {table.index} row {row} ({label or 'no label'}) {why}; ignored",
            keys=[f"applications.{row_key}.{col}" for col in APPLICATION_COLUMNS] if row_key else [],
        )
    )


# The ordinals that number section 三's rows (（一）…（七）, 一、二、四、), each the template row's
_ROW_ORDINAL = re.compile(r"\s*(?:\([一二三四五六七]\)|[一二三四]、)")
_ROWS_BY_ORDINAL = {
    m.group().strip(): row.key
    for row in APPLICATION_ROWS
    if (m := _ROW_ORDINAL.match(fold(row.printed))) is not None
}


def _note_editions(reading: TableReading, rows: set[str]) -> None:
    """Rows that exist in one edition only tell which edition the table follows."""
    if rows & _ROWS_2021_ONLY:
        reading.editions.add("2021")
    elif "other" in rows:
        reading.editions.add("2019")  # （六）其他处理 as one row, without the 2021 sub-rows


_ROWS_2021_ONLY = frozenset(spec.key for spec in APPLICATION_ROWS if spec.editions == ("2021",))


# --------------------------------------------------------------------------------------------------
# Section 二
# --------------------------------------------------------------------------------------------------

_ALL_ACTIVE_KEYS = set(ACTIVE_KEYS["2021"]) | set(ACTIVE_KEYS["2019"])


_ACTIVE_EDITIONS: tuple[Edition, ...] = ("2021", "2019")


@lru_cache(maxsize=4096)  # asked of every cell of every row; the labels are the template's
def _active_field(label: str) -> tuple[frozenset[Edition], ActiveField] | None:
    """The field a section-二 header names, and the editions whose label matches it best."""
    norm = normalise_label(label)
    best_len, found = 0, None
    editions: set[Edition] = set()
    for edition in _ACTIVE_EDITIONS:
        for fld in ACTIVE_FIELDS[edition]:
            for text in fld.labels:
                if not norm.startswith(text) or len(text) < best_len:
                    continue
                if len(text) > best_len:
                    best_len, editions, found = len(text), set(), fld
                editions.add(edition)
    return (frozenset(editions), found) if found else None


# Per edition, items with the longest label first (the most specific label wins).
_ACTIVE_ITEMS_LONGEST_FIRST = {
    edition: sorted(ACTIVE_ITEMS[edition], key=lambda it: -max(len(x) for x in it.labels))
    for edition in ("2019", "2021")
}


# A number standing alone in a label (between spaces): values, not words of a label; a page number
# a print left in it ("…申请— 5 —") is no value
_VALUE_IN_LABEL = re.compile(r"(?:^|\s)(?<![—–－-]\s)[+]?\d+(?:\.\d+)?(?=\s|$)(?!\s[—–－-])")
# A number glued between two labels' words ("行政处罚1100行政 强制", "行政处罚 412行政强制"): a row's
# value and the next row's label ran into this label (a printer's wrap put a space where none was,
# or a copy lost the line break after the value). No template label
# holds digits between Chinese words; a year, an article or a count word after them is prose.
_VALUE_BETWEEN_LABELS = re.compile(
    r"[\u4e00-\u9fff]\s*\d+(?:\.\d+)?\s*(?![年月日号条款项件个])[\u4e00-\u9fff]"
)


def _values_in_label(label: str) -> bool:
    """Does ``label`` hold a row's values (the row ran into its label), not words only?"""
    return bool(_VALUE_IN_LABEL.search(label) or _VALUE_BETWEEN_LABELS.search(label))


@lru_cache(maxsize=4096)
def _active_item(label: str) -> str | None:
    if _values_in_label(label):
        return None  # "规章 0 0 0 规 范性文件": a row and the next one's label, cut between characters
    item = _template_item(label)
    return item.key if item is not None and not _rows_counted_together(label) else None


def _template_item(label: str) -> ActiveItem | None:
    """The section-二 template row whose label ``label`` starts with (its ordinal aside)."""
    norm = _strip_ordinal(label)
    for edition in ("2019", "2021"):
        for item in _ACTIVE_ITEMS_LONGEST_FIRST[edition]:
            if norm.startswith(item.labels):
                return item
    return None


# "规章（含规范性文件）", "行政许可及其他对外管理服务事项": a label that takes another template row in
# with its own counts both rows together, neither row's own figures. "（不含…）" leaves it out.
_TAKES_IN = re.compile(
    "(?<!不)(?:含|包括|包含|及|和|与|、)[^含]{0,2}?("
    + "|".join(
        sorted(
            {text for items in ACTIVE_ITEMS.values() for it in items for text in it.labels},
            key=len,
            reverse=True,
        )
    )
    + ")"
)


@lru_cache(maxsize=1024)
def _rows_counted_together(label: str) -> str | None:
    """The other template row a section-二 row label takes in with its own, if it names one."""
    item = _template_item(label)
    if item is None:
        return None
    norm = _strip_ordinal(label)
    found = _TAKES_IN.search(norm, max(len(text) for text in item.labels if norm.startswith(text)))
    return found.group(1) if found and found.group(1) not in item.labels else None


@dataclass
class _ActiveColumn:
    field: ActiveField
    edition: Edition
    label: str
    money_unit: str | None  # unit named by the header


def _read_active(table: Table, section: int | None, reading: TableReading) -> None:
    # the current block's header: its leaf columns in order (unnamed ones hold no key), and the
    # template field each named column holds (by the column's first grid column)
    block: list[Column] = []
    fields: dict[int, _ActiveColumn] = {}
    grid = table.origin == "html" or _is_rectangular_with_spans(table)
    longest = 0  # cells of the current block's longest data row (flattened tables)
    most_values = 0  # the most filled value cells a data row of the current block has
    for r, row in enumerate(table.rows):
        cells = _unique(row)
        while len(cells) > 1 and _group_label_cell(cells[0], cells[1]):
            cells = cells[1:]  # "主动公开" spanning the rows of its blocks, left of every label
        if not cells:
            continue
        first = normalise_label(cells[0].text)
        header_fields = [(c, _active_field(c.text)) for c in cells[1:]]
        has_number = _row_has_number(row)  # asked up to three times below: read once
        # only a row of labels can be a header cut short
        variant = None if has_number else _header_variant(header_fields)
        if variant is not None:
            header_fields = variant
            reading.checks.append(
                Check(
                    code="label_variant",
                    severity="info",
                    message=f"table {table.index} row {r}: the header's labels "
                    f"{' | '.join(c.text for c, _ in header_fields)} are cut short or lost characters; they stand where the "
                    f"template prints {' | '.join(f[1].labels[0] for _, f in header_fields if f)} and are read so",
                    keys=[],
                )
            )
        if first.startswith(ACTIVE_HEADER_MARKER) or (
            not has_number and any(f for _, f in header_fields) and _active_item(cells[0].text) is None
        ):
            block, fields = [], {}
            # a flattened block's longest row and most values (a grid places its rows by their
            # columns instead, and never asks)
            longest = 0 if grid else _longest_data_row(table.rows, r + 1)
            most_values = 0 if grid else _most_values(table.rows, r + 1)
            if _active_field(cells[0].text) is not None:
                # the label column's header cell names a value column: the row lost its 信息内容
                # cell, and every label stands a column left of its values; no column is named
                continue
            for cell, found in header_fields:
                start, end = _grid_span(row, cell)
                if found is None:
                    block.append(Column(None, cell.text, start, end))
                    continue
                editions, fld = found
                edition = next(iter(editions)) if len(editions) == 1 else "unknown"
                unit = _header_money_unit(cell.text)
                block.append(Column(fld.key, cell.text, start, end))
                fields[start] = _ActiveColumn(fld, edition, cell.text, unit)
                if len(editions) == 1:
                    reading.editions |= editions
            keys = [col.key for col in block if col.key is not None]
            if len(keys) != len(set(keys)):
                # "上一年项目数量 | 上一年项目数量 | 本年增/减 | …": a header cell printed twice; which of
                # the two a row's value sits under, nothing says, and every column after it is in doubt
                block, fields = [], {}
            continue
        if first.startswith(ACTIVE_BLOCK_MARKER) and not has_number:
            block, fields = [], {}  # a new block (第二十条第（五）项): the last block's header is not its
            continue
        item = _active_item(cells[0].text)
        if item is None:
            if has_number and (other := _rows_counted_together(cells[0].text)):
                why = f"counts {other} together with its own row, so its figures are neither row's own"
                _unrecognised_row(reading, table, r, cells[0].text, why=why)
            continue
        row_label = cells[0].text
        value_cells = cells[1:]
        if not any(f"active.{item}.{col.field.key}" in _ALL_ACTIVE_KEYS for col in fields.values()):
            # no header of this block names the row's columns
            only = _only_column(item, reading.editions, value_cells)
            if only is not None:
                _add_cell(
                    reading,
                    table,
                    section,
                    f"active.{item}.{only.field.key}",
                    value_cells[0],
                    value_cells[0].col,
                    row_label,
                    only.label,
                )
            elif has_number:
                _unplaced(
                    reading, table, r, row_label, "no header in its block names its columns", at=cells[0]
                )
            continue
        named = [col for col in block if col.key is not None]
        filled = [vc for vc in value_cells if vc.text]
        cut: Placement | None = None
        if not grid:
            # under every column of the header, named or not: a cut row's cells stand at their places
            cut = _placed_as_cut(
                reading, table, r, row_label, item in _LAST_ACTIVE_ITEMS, value_cells, block, total_last=False
            )
        if cut is not None:
            placement: Placement | Unplaced = cut
        elif grid:
            # a row that stops before the header's last named column lost a cell (or printed none
            # for its last ones): its values may have slid left, so it is not placed by position
            placement = place_grid_row(row, _grid_span(row, cells[0])[1], block, full_width=_named_end(block))
        elif most_values > len(block):
            # "规章 | 0 | 0" and "行政规范性文件 | 1 | 0 | 2" under two columns: the header lost one,
            # and which column each value of any row stands under is not known
            placement = Unplaced(
                f"a row of its block has {most_values} values for the header's {len(block)} columns: a "
                "header cell was lost, so which column each value stands under is not known"
            )
        elif (
            len(named) == 1
            and len(filled) == 1
            and len(value_cells) != len(named)
            and not any(col.key is None and col.label.strip() for col in block)
        ):
            # one column, one value: nothing to place (unless the header labels another column,
            # 上年处理决定数量 beside 本年…, which the value may stand under)
            placement = Placement([(filled[0], named[0])])
        elif (
            len(cells) < longest
            and not any(vc.glued for vc in value_cells)
            and sum(1 for vc in value_cells if vc.text) < len(named)
        ):
            # shorter than another row of its block, and too few values to fill the columns: a lost
            # cell ("| 0 | 145 | |" of "| 9 | 0 | 145 | |") would put each value a column left
            placement = Unplaced(
                f"the row has {len(cells)} cells where another row of its block has {longest}, and "
                f"fewer values than the block's {len(named)} columns: a cell may be missing, so its "
                "values may stand under the wrong columns"
            )
        else:
            # a flattened header's blank or unknown cells are no columns where its rows print none
            # there. A cell with a label the template does not print (本年度废止数, 备注) heads values
            # where a row of the block prints one under it: a row shorter than that one lost a
            # cell, and which, nothing says
            unglued = _unglue(reading, table, r, row_label, value_cells, named, ())
            if unglued is None:
                continue
            # from the first named column on, and before it a label that names a count: 上年处理决定
            # 数量 before 本年处理决定数量 heads values; the row labels' heading (信息内容, 资讯内容 in a
            # Taiwan-phrased copy, with the words a one-line copy ran into it) does not
            first_named = next((i for i, col in enumerate(block) if col.key is not None), len(block))
            labelled = [
                col
                for i, col in enumerate(block)
                if col.key is not None
                or (col.label.strip() and (i >= first_named or any(w in col.label for w in _NAMES_A_COUNT)))
            ]
            columns = named
            if len(labelled) > len(named) and max(most_values, longest - 1) > len(named):
                columns = labelled
            placement = place_flat_row(_drop_padding(unglued, len(columns)), columns)
        if isinstance(placement, Unplaced):
            _unplaced(reading, table, r, row_label, placement.reason, at=cells[0])
            continue
        pairs = [(cell, fields[col.start]) for cell, col in placement.cells]
        if table.last_row_cut == "after_zero" and r == len(table.rows) - 1 and value_cells:
            # the text stops after this row's last "0": whole as a count, not as an amount (0.35)
            pairs = [(c, f) for c, f in pairs if not (c is value_cells[-1] and f.field.key == _AMOUNT)]
        if any(not col.field.signed and parse_cell(cell.text).signed for cell, col in pairs):
            # "+22 | 0 | 889" under 上一年项目数量 | 本年增/减 | 处理决定数量: the change sits one column left
            _unplaced(
                reading,
                table,
                r,
                row_label,
                "a signed number stands in an unsigned column (shifted?)",
                at=cells[0],
            )
            continue
        for why in placement.merged:
            _unplaced(reading, table, r, row_label, why, at=cells[0])
        if placement.in_order:
            _placed_in_order(reading, table, r, row_label, placement)
        for cell, col in pairs:
            key = f"active.{item}.{col.field.key}"
            if key not in _ALL_ACTIVE_KEYS:
                continue
            value = parse_cell(cell.text)
            if value.state == "number" and not _fits(value, col.field):
                value = CellValue("text")  # "12%", "+22" in a count column, "800万元" in one: do not guess
            elif value.state == "number" and col.field.money:
                if col.money_unit == _DAMAGED_UNIT:
                    reading.checks.append(
                        Check(
                            code="number_damaged",
                            severity="warning",
                            message=f"table {table.index}: the header {col.label!r} names its unit after an "
                            f"undecodable character (万元? 千元? 元?), so {key} ({cell.text!r}) is not read",
                            keys=[key],
                        )
                    )
                    continue
                value = _money(value, col, reading, key, cell)
            _add_cell(reading, table, section, key, cell, cell.col, row_label, col.label, value)


# characters of a column label that names a count (…数量, …件数, 金额), which a row-label heading has none of
_NAMES_A_COUNT = ("数", "量", "件", "额")


def _longest_data_row(rows: list[list[Cell | None]], start: int) -> int:
    """The most cells a data row of the block from ``start`` on has (the block ends at the first
    row with no number: its next header, or a row of blanks)."""
    longest = 0
    for row in rows[start:]:
        if not _row_has_number(row):
            break
        cells = _unique(row)
        if not any(c.glued for c in cells):  # a run of several values is one cell: no measure
            longest = max(longest, len(cells))
    return longest


def _most_values(rows: list[list[Cell | None]], start: int) -> int:
    """The most filled cells right of the label a data row of the block from ``start`` on has."""
    most = 0
    for row in rows[start:]:
        if not _row_has_number(row):
            break
        most = max(most, sum(1 for c in _unique(row)[1:] if c.text))
    return most


def _short_header_row(
    rows: list[list[Cell | None]], first_data: int, header_width: int | None = None
) -> tuple[int, int] | None:
    """The first header row that stops before the data rows reach (the grid column after their last
    cell, no further than ``header_width``), with that reach: a header cell lost, or a rowspan
    missing. None when every header row reaches it."""
    reach = max(((grid_end(row, 0) or 0) for row in rows[first_data:]), default=0)
    if header_width is not None:
        reach = min(reach, header_width)
    short = next((h for h in range(first_data) if 0 < (grid_end(rows[h], 0) or 0) < reach), None)
    return None if short is None else (short, reach)


def _unplace_under_lost_header(
    reading: TableReading,
    table: Table,
    first_data: int,
    short: tuple[int, int],
    row_label: Callable[[list[Cell | None]], str],
    why: str,
) -> None:
    """Every data row of a table whose header row lost a cell (``short``: the row and the column
    the data reach): value_unplaced, since no column's label can be trusted."""
    rows = table.rows
    at, reach = short
    for r in range(first_data, len(rows)):
        if _row_has_number(rows[r]):
            _unplaced(
                reading,
                table,
                r,
                row_label(rows[r]),
                f"header row {at} stops at column {grid_end(rows[at], 0)} where the data reach "
                f"{reach}, and {why}: a header cell is missing, so no column's label can be trusted",
            )


def _repeats_results(row: list[Cell | None], r: int) -> bool:
    """The header row's own cells (not those spanning into it from above) are result labels only,
    in whole groups of the template's five in order (结果维持 … 总计): a row of them shifted by a
    missing rowspan still labels each column with its own result. A kind (行政诉讼, 复议后起诉) in a
    short row, or a group cut short, is a lost cell."""
    own = [c.text for c in _unique(row) if c.row == r and c.text]
    if not own or any(_review_kind([t]) is not None for t in own):
        return False
    results = [_review_result(t) for t in own]
    return len(results) % len(REVIEW_RESULTS) == 0 and all(
        results[i : i + len(REVIEW_RESULTS)] == list(REVIEW_RESULTS)
        for i in range(0, len(results), len(REVIEW_RESULTS))
    )


def _results_broken(columns: Sequence[Column]) -> bool:
    """A kind of review or lawsuit whose named results are not the template's, in its order."""
    by_kind: dict[str, list[str]] = {}
    for col in columns:
        if col.key is not None:
            kind, result = col.key.rsplit(".", 1)
            by_kind.setdefault(kind, []).append(result)
    return any(results != list(REVIEW_RESULTS) for results in by_kind.values())


def _named_end(columns: Sequence[Column]) -> int | None:
    """The grid column after the header's last named column: where a full data row reaches."""
    return max((col.end for col in columns if col.key is not None), default=None)


def _grid_span(row: list[Cell | None], cell: Cell) -> tuple[int, int]:
    """The grid columns [first, last + 1) a cell occupies in ``row``."""
    positions = [i for i, x in enumerate(row) if x is cell]
    return positions[0], positions[-1] + 1


_MIN_CUT_LABEL = 2  # characters a header label cut short must keep


def _header_variant(
    header_fields: list[tuple[Cell, tuple[frozenset[Edition], ActiveField] | None]],
) -> list[tuple[Cell, tuple[frozenset[Edition], ActiveField] | None]] | None:
    """A section-二 header whose labels were cut short (本年新 | 本年新 | 对外公开总数量): the
    template's block it matches, when exactly one block of either edition has as many columns and
    each printed label is that column's label or the start of it, at its place. None otherwise,
    and when every label was read as it is."""
    while header_fields and not header_fields[-1][0].text.strip():
        header_fields = header_fields[:-1]  # padding after the last label ("对外公开总数量 | |")
    cells = [cell for cell, _ in header_fields if cell.text.strip()]
    if len(cells) != len(header_fields) or all(found is not None for _, found in header_fields):
        return None
    fits: list[tuple[Edition, tuple[str, ...]]] = []
    for edition in _ACTIVE_EDITIONS:
        for block in ACTIVE_BLOCKS[edition]:
            if len(block) == len(cells) and all(
                _names_field(cell.text, _field(edition, key)) for cell, key in zip(cells, block, strict=True)
            ):
                fits.append((edition, block))
    if len(fits) != 1:
        return None
    edition, block = fits[0]
    return [
        (cell, (frozenset({edition}), _field(edition, key))) for cell, key in zip(cells, block, strict=True)
    ]


def _field(edition: Edition, key: str) -> ActiveField:
    return next(f for f in ACTIVE_FIELDS[edition] if f.key == key)


def _names_field(label: str, field: ActiveField) -> bool:
    """The printed label is the field's, whole, cut short at its end, or with characters lost from
    its middle and end (本年发件 for 本年制发件数) but its first two kept."""
    norm = normalise_label(label)
    return any(
        norm.startswith(text)
        or (len(norm) >= _MIN_CUT_LABEL and (text.startswith(norm) or lost_characters(norm, text)))
        for text in field.labels
    )


def _group_label_cell(cell: Cell, following: Cell) -> bool:
    """A label spanning several rows, left of a cell that starts a row of the template (a block
    title, 信息内容, an item): a column of row-group labels left of the table proper. A header's
    corner cell (项目 over two header rows) is followed by column labels instead, and stays."""
    if cell.rowspan < 2 or parse_cell(cell.text).state != "text" or _starts_active_row(cell):
        return False
    return _starts_active_row(following)


def _starts_active_row(cell: Cell) -> bool:
    norm = normalise_label(cell.text)
    return (
        _active_item(cell.text) is not None
        or norm.startswith(ACTIVE_HEADER_MARKER)
        or norm.startswith(ACTIVE_BLOCK_MARKER)
    )


def _only_column(item: str, editions: set[Edition], value_cells: list[Cell]) -> _ActiveColumn | None:
    """The column of a row printed without its block's header, when the template leaves no doubt:
    the table's edition is known and gives the item one column, and the row has one value cell
    (2021: 行政许可/处罚/强制 have only 本年处理决定数量)."""
    if len(editions) != 1 or len(value_cells) != 1:
        return None
    edition = next(iter(editions))
    keys = [k for k in ACTIVE_KEYS[edition] if k.split(".")[1] == item]
    if len(keys) != 1:
        return None
    field = next(f for f in ACTIVE_FIELDS[edition] if f.key == keys[0].split(".")[2])
    if field.money:
        return None  # an amount needs its header's unit
    return _ActiveColumn(field, edition, f"(no header: the {edition} edition's only column)", None)


def _fits(value: CellValue, field: ActiveField) -> bool:
    """A section-二 number its column can hold: an amount (unsigned, in a money unit or none); else a
    whole count, signed only in a change column (本年增/减), with no money or percentage unit."""
    if value.unit == "%":
        return False
    if field.money:
        return not value.signed and (value.unit is None or value.unit in MONEY_UNITS)
    return (
        isinstance(value.value, int)
        and value.unit not in MONEY_UNITS
        and (field.signed or (not value.signed and value.value >= 0))
    )


_DAMAGED_UNIT = "\ufffd"  # a header's money unit with an undecodable character right before it


def _header_money_unit(label: str) -> str | None:
    """The money unit a header names (the first of MONEY_UNITS it holds, longest first); a unit
    right after an undecodable character (�元 may have been 万元) is _DAMAGED_UNIT."""
    for unit in MONEY_UNITS:
        at = label.find(unit)
        if at >= 0:
            return _DAMAGED_UNIT if at > 0 and label[at - 1] == "\ufffd" else unit
    return None


def _money(value: CellValue, col: _ActiveColumn, reading: TableReading, key: str, cell: Cell) -> CellValue:
    """Amounts in 万元: another unit in the cell or header (元, 千元, 亿元) is converted; no unit
    anywhere is kept and noted."""
    unit = value.unit or col.money_unit
    assert value.value is not None
    if unit is not None and unit != MONEY_UNIT_WAN:
        return CellValue("number", in_wan(value.value, unit), MONEY_UNIT_WAN)
    if unit is None:
        reading.checks.append(
            Check(
                code="unit_missing",
                severity="info",
                message=f"{key}: neither the cell {cell.text!r} nor its header names a unit; the value is kept as printed",
                keys=[key],
            )
        )
    return value


# --------------------------------------------------------------------------------------------------
# Section 四
# --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _review_result(label: str) -> str | None:
    norm = normalise_label(label)
    for result, labels in REVIEW_RESULT_LABELS.items():
        if any(norm.startswith(lb) for lb in labels):
            return result
    return None


def _review_kind(path: list[str]) -> str | None:
    joined = "".join(normalise_label(p) for p in path)
    for kind, fragment in REVIEW_KIND_LABELS:
        if fragment in joined:
            return kind
    return None


def _caption_kind(table: Table) -> str | None:
    """The one kind of review or lawsuit the line above the table names (### 行政诉讼（复议后起诉）)."""
    if not table.caption:
        return None
    caption = normalise_label(table.caption)
    named = {kind for kind, fragment in REVIEW_KIND_LABELS if fragment in caption}
    if "诉讼" in caption:
        named.discard("review")  # 行政复议、行政诉讼 (a section heading) names no one kind
    return next(iter(named)) if len(named) == 1 else None


def _review_order(
    header: list[list[Cell | None]], value_counts: set[int], caption_kind: str | None = None
) -> tuple[tuple[tuple[str, str], ...], str]:
    """The columns of a flattened section-四 table, in its own header's order when the header lines
    name three kinds and the same results under each (all five, or a table that dropped a column
    everywhere, when its data rows have that many values: ``value_counts``); else the template's 15
    (broken vertical headers such as "结果 结果 其他 / 维持 纠正 结果" name nothing reliably)."""
    lines = [[c.text for c in row if c is not None and c.text] for row in header]
    tokens = [t for line in lines for t in line]
    results = [r for r in map(_review_result, tokens) if r]
    kinds = _kinds_in_column_order(tokens)
    if (
        not kinds
        and caption_kind is not None
        and len(results) == len(set(results))
        and (len(results) == len(REVIEW_RESULTS) or len(results) in value_counts)
    ):
        # a table of one kind's results, the kind named in the line above it
        return tuple((caption_kind, result) for result in results), ""
    per_kind, spare = divmod(len(results), len(REVIEW_KINDS))
    if (
        len(kinds) == len(REVIEW_KINDS)
        and not spare
        and 0 < per_kind <= len(REVIEW_RESULTS)
        and (per_kind == len(REVIEW_RESULTS) or len(results) in value_counts)
    ):
        blocks = [results[i : i + per_kind] for i in range(0, len(results), per_kind)]
        if all(len(set(block)) == per_kind and set(block) == set(blocks[0]) for block in blocks):
            spanned = _spanned_review_order([line for line in lines if line], per_kind)
            if spanned is not None:
                return spanned, ""
            return tuple((kinds[i // per_kind], result) for i, result in enumerate(results)), ""
    return REVIEW_TEMPLATE_ORDER, " (template order)"


def _kinds_in_column_order(tokens: list[str]) -> list[str]:
    """The three kinds in the order their columns stand: the order the header names them, where the
    group word 行政诉讼 stands for its two kinds (行政诉讼 | 行政复议 puts both litigation kinds first)."""
    order: list[str] = []
    for token in tokens:
        kind = _review_kind([token])
        if kind is None and _LITIGATION_GROUP in normalise_label(token):
            kind = _LITIGATION_GROUP
        if kind is not None and kind not in order:
            order.append(kind)
    sub_kinds = [k for k in order if k in _LITIGATION_KINDS]
    if _LITIGATION_GROUP in order:
        at = order.index(_LITIGATION_GROUP)
        order = (
            [k for k in order[:at] if k not in _LITIGATION_KINDS]
            + sub_kinds
            + [k for k in order[at + 1 :] if k not in _LITIGATION_KINDS]
        )
    return order


_LITIGATION_GROUP = "行政诉讼"


_LITIGATION_KINDS = frozenset(REVIEW_KINDS[1:])


def _spanned_review_order(lines: list[list[str]], per_kind: int) -> tuple[tuple[str, str], ...] | None:
    """The columns of the template's header flattened line by line: the line naming the two kinds of
    litigation also holds 行政复议's own results (spanning two rows down), and the next line holds
    the litigation results, ``per_kind`` under each kind. The first of these lines keeps the columns'
    left-to-right order, whichever block comes first (行政复议 | 行政诉讼, or 行政诉讼 | 行政复议)."""
    for i, line in enumerate(lines[:-1]):
        kinds = [_review_kind([t]) for t in line]
        named = [k for k in kinds if k]
        if set(named) != _LITIGATION_KINDS or len(named) != len(_LITIGATION_KINDS):
            continue
        below = [r for r in map(_review_result, lines[i + 1]) if r]
        own = sum(1 for t in line if _review_result(t))
        if own != per_kind or len(below) != 2 * per_kind:
            return None
        order: list[tuple[str, str]] = []
        for token, kind in zip(line, kinds, strict=True):
            result = _review_result(token)
            if kind in _LITIGATION_KINDS:
                order.extend((kind, r) for r in below[:per_kind])
                below = below[per_kind:]
            elif result:
                order.append(("review", result))
        return tuple(order)
    return None


_MAX_ROW_LABEL_COLUMNS = 2  # "数量", or "行政复议/行政诉讼 | 件数": more leading text is not a row label


def _label_shift(row: list[Cell | None], header_width: int) -> int | None:
    """How many grid columns of text label cells ("数量") lead a section-四 data row that prints a
    number past its header: 0 when the row fits the header. The row's values then stand one header
    column each; None when they do not fit exactly (a number past the last column)."""
    if not any(cell is not None and parse_cell(cell.text).state == "number" for cell in row[header_width:]):
        return 0  # nothing past the header but empty cells (or none): the row fits
    # only text labels: an empty first cell is as likely a blank value with a stray number at the end
    shift = 0
    while shift < len(row) and (cell := row[shift]) is not None and parse_cell(cell.text).state == "text":
        shift += 1
    values = row[shift : shift + header_width]
    if not 0 < shift <= _MAX_ROW_LABEL_COLUMNS or len(values) < header_width or None in values:
        return None
    if any(
        cell is not None and parse_cell(cell.text).state != "empty" for cell in row[shift + header_width :]
    ):
        return None
    return shift


def _names_another_table(labels: list[str]) -> bool:
    """Row labels of section 三 or 二 (an applications row, a section-二 item)."""
    return bool(labels) and (
        match_application_row(labels, None) is not None or any(_active_item(label) for label in labels)
    )


def _review_columns(table: Table, header_rows: int) -> list[Column]:
    """Section 四's leaf columns, each keyed by the kind its header path names and the result its
    leaf names (``review.upheld``), or unkeyed where the header names no pair of the template."""
    leaves = header_leaves(table, header_rows)
    paths = [
        [
            cell.text
            for cell in _unique(table.rows[r][leaf.start] for r in range(header_rows))
            if cell.text.strip()
        ]
        for leaf in leaves
    ]
    # a header of results alone takes its kind from the line above the table, if that names one
    no_kind = _caption_kind(table) if not any(map(_review_kind, paths)) else None
    columns: list[Column] = []
    for leaf, path in zip(leaves, paths, strict=True):
        kind, result = _review_kind(path) or no_kind, (_review_result(path[-1]) if path else None)
        key = f"{kind}.{result}" if kind and result else None
        columns.append(Column(key, " / ".join(path), leaf.start, leaf.end))
    return columns


def _read_review(table: Table, section: int | None, reading: TableReading) -> None:
    rows = table.rows
    first_data = next((i for i, row in enumerate(rows) if _row_has_number(row)), None)
    if first_data is None:  # every value a mark ("/", "无"): still the table's cells, kept as marks
        first_data = next((i for i, row in enumerate(rows) if _row_of_marks(row)), None)
    if first_data is None:
        return
    if table.origin == "html" or _is_rectangular_with_spans(table):
        width = len(rows[0])
        # the columns the header covers: a data row may carry a label cell the header has no column for
        header_width = 1 + max(
            (c for c in range(width) if any(rows[h][c] is not None for h in range(first_data))), default=-1
        )
        if header_width == 0:
            return  # no header above the numbers: nothing names their columns (table_unread says so)
        columns = _review_columns(table, first_data)
        lookup = column_lookup(columns)  # for the rows with no label cells, nearly all
        short = _short_header_row(rows, first_data, header_width)
        if short is not None and (_results_broken(columns) or not _repeats_results(rows[short[0]], short[0])):
            # a header line that stops short of the others and a kind without its template results
            # in order: a header cell was lost, the labels after it stand a column left of their
            # values, and which one was lost cannot be known. (A header row short only by a missing
            # rowspan repeats the results above it, whole groups of the template's five: their order
            # holds wherever the row starts, and it is read as it stands.)
            _unplace_under_lost_header(
                reading,
                table,
                first_data,
                short,
                lambda row: "行政复议/行政诉讼",
                "a kind's results are not the template's in order",
            )
            return
        for r in range(first_data, len(rows)):
            row = rows[r]
            shift = _label_shift(row, header_width)
            if shift is None:
                _unplaced(
                    reading,
                    table,
                    r,
                    "行政复议/行政诉讼",
                    f"its cells do not line up with the header's {header_width} columns (a number past "
                    "the last column, or label cells the header has no column for)",
                )
                continue
            # as in section 二, a row stopping before the header's last named column is not placed
            if shift:
                shifted = [Column(col.key, col.label, col.start + shift, col.end + shift) for col in columns]
                placement = place_grid_row(row, shift, shifted, full_width=_named_end(shifted))
            else:
                shifted = columns
                placement = place_grid_row(row, 0, columns, lookup=lookup, full_width=_named_end(columns))
            if (
                not isinstance(placement, Unplaced)
                and placement.in_order
                and any(col.key is None for col in shifted)
            ):
                # read in order, a value would go to a column the header names no kind and result
                # for (a header cell lost), and every value after it would slide: no order is known
                placement = Unplaced(
                    f"{placement.disagreement}, and the header names no kind and result for some of "
                    "its columns (a header cell lost?), so its cells cannot be read in order either"
                )
            if isinstance(placement, Unplaced):
                _unplaced(reading, table, r, "行政复议/行政诉讼", placement.reason)
                continue
            for cell, col in placement.cells:
                assert col.key is not None
                _add_cell(
                    reading, table, section, f"review_litigation.{col.key}", cell, col.start, "", col.label
                )
            for why in placement.merged:
                _unplaced(reading, table, r, "行政复议/行政诉讼", why)
            if placement.in_order:
                _placed_in_order(reading, table, r, "行政复议/行政诉讼", placement)
            if placement.nameless:
                at = [_grid_span(row, cell)[0] for cell in placement.nameless]
                headers_named = dict.fromkeys(
                    next((col.label for col in shifted if col.start <= c < col.end), "") or "no header"
                    for c in at
                )
                _unplaced(
                    reading,
                    table,
                    r,
                    "行政复议/行政诉讼",
                    f"the values {', '.join(cell.text for cell in placement.nameless)} (columns "
                    f"{', '.join(map(str, at))}) stand under "
                    f"{'; '.join(map(repr, headers_named))}, which names no kind and result of the "
                    "template (a header cell missing its rowspan?)",
                )
        return
    value_counts = {
        sum(1 for c in row if c is not None and parse_cell(c.text).state != "text")
        for row in rows[first_data:]
    }
    order, note = _review_order(rows[:first_data], value_counts, _caption_kind(table))
    review_columns = [Column(f"{kind}.{result}", f"{kind} {result}{note}") for kind, result in order]
    identities = _review_identities(review_columns)
    for r in range(first_data, len(rows)):
        values = [c for c in rows[r] if c is not None]
        labels: list[str] = []
        while values and not values[0].glued and parse_cell(values[0].text).state == "text":
            labels.append(values.pop(0).text)  # a row label such as 行政复议/行政诉讼
        if _names_another_table(labels) or any(
            not c.glued and parse_cell(c.text).state == "text" for c in values
        ):
            # a section-三 or 二 row (2.重复申请 | 2 | 0 …), or labels among the values: never a
            # review row, whatever its count of cells
            if _row_has_number(rows[r]):
                _unrecognised_row(reading, table, r, " / ".join(labels))
            continue
        values = _drop_padding(_drop_page_marker(values, len(order)), len(order))
        unglued = _unglue(reading, table, r, "行政复议/行政诉讼", values, review_columns, identities)
        if unglued is None:
            continue
        placement = place_flat_row(unglued, review_columns)
        if isinstance(placement, Unplaced):
            _unplaced(reading, table, r, "行政复议/行政诉讼", placement.reason)
            continue
        for cell, col in placement.cells:
            _add_cell(reading, table, section, f"review_litigation.{col.key}", cell, cell.col, "", col.label)
