"""Compare stored reports: the main figures of one body year by year, or of every body of one year.

Library API (the CLI's ``compare`` mirrors it)::

    compare(db, *, agency=None, year=None) -> Comparison
    Comparison.render("table" | "csv" | "json", width=None) -> str

Only current report versions are read, and a report that another current report repeats (the same
body, year and statistics at another URL: ``duplicate_of`` in ``export``) is left out and named. A
figure a report does not state is blank (``null`` in JSON), never 0. Two reports of one body for one
year that state different figures are both shown, each column named by its report id: the
comparison never chooses between them.

The terminal table aligns its columns by display width: a Chinese character (East Asian Width W or F)
takes two columns of a terminal, every other character one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..models import InputError
from ..read.numbers import csv_cell
from ..template import (
    REVIEW_KIND_PRINTED,
    REVIEW_RESULT_LABELS,
    REVIEW_RESULTS,
    KeyDoc,
    describe_keys,
)
from .run import duplicate_reports
from .store import ReportRow, Store, agency_key

__all__ = ["Column", "Comparison", "Figure", "compare", "display_width"]

ComparisonFormat = Literal["table", "csv", "json"]
FORMATS: tuple[ComparisonFormat, ...] = ("table", "csv", "json")

# The main figures, in the report's own order (sections 二, 三, 四): rules and normative documents
# issued (the 2021 edition's 本年制发件数, the 2019 edition's 本年新制作数量: not the same count, so two
# rows), applications new and carried over, each outcome, and reviews and lawsuits with their results.
MAIN_FIGURES: tuple[str, ...] = (
    "active.rules.issued",
    "active.normative_docs.issued",
    "active.rules.made",
    "active.normative_docs.made",
    "applications.new_received.total",
    "applications.carried_over.total",
    "applications.granted.total",
    "applications.partially_granted.total",
    "applications.denied.total",
    "applications.unavailable.total",
    "applications.not_processed.total",
    "applications.other.total",
    "applications.outcome_total.total",
    "applications.carried_forward.total",
    *(
        f"review_litigation.{kind}.{result}"
        for kind in ("review", "litigation_direct", "litigation_after_review")
        for result in REVIEW_RESULTS
    ),
    "review_litigation.litigation.total",
)

_NOTE = re.compile(
    r"(?<=[^（）\s])（[^（）]*）$"
)  # a printed label's trailing note: 部分公开（区分处理的，…）


@dataclass(frozen=True)
class Column:
    """One report, as a column of the comparison."""

    heading: str  # the year (one body by year) or the body (one year, every body)
    report_id: int
    agency: str | None
    year: int | None
    edition: str | None
    url: str
    region: tuple[str, ...] = ()  # province first; () when neither the source nor the agency's name says
    region_basis: str = "none"  # source, agency_name (read from the name) or none

    @property
    def place(self) -> str:
        """The lowest place of the region, marked ``*`` when it was read from the agency's name."""
        if not self.region:
            return ""
        return self.region[-1] + ("*" if self.region_basis == "agency_name" else "")


@dataclass(frozen=True)
class Figure:
    """One row of the comparison: a canonical key and its value in each column (``None``: not stated)."""

    key: str
    groups: tuple[str, ...]  # the headings the table prints it under: the section, then the kind
    label: str  # as the table prints it under those headings
    unit: str
    values: tuple[int | float | None, ...]

    @property
    def full_label(self) -> str:
        """The label with the headings under the section (行政复议 结果维持): a CSV cell's label."""
        return " ".join((*self.groups[1:], self.label))


@dataclass(frozen=True)
class Comparison:
    """The main figures of several reports side by side: :func:`compare`'s answer."""

    by: Literal["year", "agency"]  # what the columns are: the years of one body, or the bodies of one year
    title: str
    agency: str | None
    year: int | None
    columns: tuple[Column, ...]
    figures: tuple[Figure, ...]
    skipped: tuple[tuple[int, int], ...]  # (report id, the id of the report it repeats): left out

    def render(self, format: ComparisonFormat = "table", width: int | None = None) -> str:
        """The comparison as an aligned ``table`` (split into blocks of columns no wider than
        ``width`` when one is given), as ``csv`` or as ``json``."""
        if format == "csv":
            return self._csv()
        if format == "json":
            return self._json()
        if format == "table":
            return self._table(width)
        raise ValueError(f"unknown comparison format {format!r} ({', '.join(FORMATS)})")

    # ------------------------------------------------------------------------------------------

    def _meta_rows(self) -> list[tuple[str, list[str]]]:
        return [
            ("report_id", [str(c.report_id) for c in self.columns]),
            ("agency", [c.agency or "" for c in self.columns]),
            ("year", [str(c.year) if c.year is not None else "" for c in self.columns]),
            ("edition", [c.edition or "" for c in self.columns]),
            ("region", ["/".join(c.region) for c in self.columns]),
            ("region_basis", [c.region_basis for c in self.columns]),
        ]

    def _csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["key", "label", *(c.heading for c in self.columns)])
        for name, cells in self._meta_rows():
            writer.writerow([name, "", *cells])
        for fig in self.figures:
            writer.writerow([fig.key, fig.full_label, *(csv_cell(v) for v in fig.values)])
        return buffer.getvalue().rstrip("\n")

    def _json(self) -> str:
        data: dict[str, Any] = {
            "by": self.by,
            "agency": self.agency,
            "year": self.year,
            "columns": [{**c.__dict__, "region": list(c.region)} for c in self.columns],
            "figures": [
                {
                    "key": f.key,
                    "section": f.groups[0],
                    "label": f.full_label,
                    "unit": f.unit,
                    "values": list(f.values),
                }
                for f in self.figures
            ],
            "skipped_duplicates": [{"report_id": r, "duplicate_of": d} for r, d in self.skipped],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def _table(self, width: int | None) -> str:
        # (indent, label, cells): a heading has no cells
        lines: list[tuple[int, str, list[str] | None]] = [
            (0, "report", [f"#{c.report_id}" for c in self.columns]),
            (0, "edition", [c.edition or "" for c in self.columns]),
            (0, "region", [c.place for c in self.columns]),
        ]
        shown: tuple[str, ...] = ()
        for fig in self.figures:
            for depth, heading in enumerate(fig.groups):
                if shown[: depth + 1] != fig.groups[: depth + 1]:
                    lines.append((depth, heading, None))
            shown = fig.groups
            lines.append((len(fig.groups), fig.label, [csv_cell(v) for v in fig.values]))
        label_width = max(display_width("  " * indent + label) for indent, label, _ in lines)
        widths = [
            max(
                display_width(col.heading),
                *(display_width(cells[i]) for _, _, cells in lines if cells is not None),
            )
            for i, col in enumerate(self.columns)
        ]
        units = sorted({f.unit for f in self.figures})
        out = [f"{self.title} ({'; '.join(units)}; blank: not stated)"]
        if self.skipped:
            repeats = ", ".join(f"#{r} (= #{d})" for r, d in self.skipped)
            out.append(f"left out, the same report stored again: {repeats}")
        if any(c.place.endswith("*") for c in self.columns):
            out.append("region: the lowest place of each report's region; * read from the agency's name")
        for block in _column_blocks(label_width, widths, width):
            out.append("")
            out.append(
                _pad("", label_width)
                + "".join("  " + _pad(self.columns[i].heading, widths[i], right=True) for i in block)
            )
            for indent, label, cells in lines:
                text = _pad("  " * indent + label, label_width)
                if cells is not None:
                    text += "".join("  " + _pad(cells[i], widths[i], right=True) for i in block)
                out.append(text.rstrip())
        return "\n".join(out)


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: two for a wide or full-width character (East Asian Width W
    or F: 临, （, ：), none for a combining mark, one for the rest."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _column_blocks(label_width: int, widths: Sequence[int], limit: int | None) -> list[list[int]]:
    """Column indexes in blocks that fit ``limit`` terminal columns with the label column (at least
    one column per block); one block without a limit."""
    if limit is None:
        return [list(range(len(widths)))]
    blocks: list[list[int]] = [[]]
    used = label_width
    for i, w in enumerate(widths):
        if blocks[-1] and used + 2 + w > limit:
            blocks.append([])
            used = label_width
        blocks[-1].append(i)
        used += 2 + w
    return blocks


# --------------------------------------------------------------------------------------------------


def compare(
    db: str | os.PathLike[str],
    *,
    agency: str | None = None,
    year: int | None = None,
    region: str | None = None,
) -> Comparison:
    """The main figures (:data:`MAIN_FIGURES`) of stored reports side by side.

    ``agency`` alone: one body, a column per year. The body is the one whose name folds to the same
    key as ``agency`` (临海市 and 临海市人民政府 are one body), or else the only body whose name contains
    it; a text that several bodies contain is an :class:`InputError` naming them. ``year``: every body
    of that year, a column each; with ``agency`` too, the bodies whose name contains it. A text that
    no body's name contains matches the source's name or agency instead, as ``export --agency`` does.
    With ``year``, the columns are grouped by region (province → city → county, the reports whose
    region nothing says last), and ``region`` keeps the reports one of whose places it names (台州市).
    """
    if agency is None and year is None:
        raise InputError(
            "compare needs --agency NAME (one body by year) or --year YEAR (every body of that year)"
        )
    if agency is not None and not agency.strip():
        raise InputError("--agency must not be empty")
    if region is not None and year is None:
        raise InputError("--region picks the bodies of a year: it goes with --year")
    with Store(db, readonly=True) as store:
        duplicates = duplicate_reports(store)
        if year is not None:
            rows = _matching(store, agency, year, duplicates)
            if region is not None:
                rows = [r for r in rows if region in r.region]
            if not rows:
                which = f" of an agency matching {agency!r}" if agency else ""
                where = f" in {region}" if region is not None else ""
                raise InputError(f"{store.path}: no stored report{which}{where} covers {year}")
            rows.sort(
                key=lambda r: (not r.region, r.region, agency_key(r.agency) or "\uffff", r.agency or "", r.id)
            )
            by: Literal["year", "agency"] = "agency"
            title = (
                f"{year}: main figures, {len(rows)} report(s)"
                + (f" matching {agency}" if agency else "")
                + (f" in {region}" if region else "")
            )
        else:
            assert agency is not None
            rows = _one_body(store, agency, duplicates)
            rows.sort(key=lambda r: (r.year if r.year is not None else 0, r.id))
            by = "year"
            title = f"{rows[-1].agency}: main figures by year, {len(rows)} report(s)"
        stats = {r.id: store.stats(r.id) for r in rows}
    shown = {r.id for r in rows}
    skipped = tuple(sorted((dup, first) for dup, first in duplicates.items() if first in shown))
    return Comparison(
        by=by,
        title=title,
        agency=agency,
        year=year,
        columns=_columns(rows, by),
        figures=_figures({r.id: stats[r.id] for r in rows}, [r.id for r in rows]),
        skipped=skipped,
    )


def _matching(
    store: Store, text: str | None, year: int | None, duplicates: dict[int, int]
) -> list[ReportRow]:
    """Current reports that repeat no other, of ``year`` if given, whose agency contains ``text``; when
    no agency contains it, those whose source's name or agency does (as ``export --agency`` matches)."""
    rows = [r for r in store.iter_reports(year=year, agency=text) if r.id not in duplicates]
    if text:
        by_agency = [r for r in rows if r.agency and text in r.agency]
        rows = by_agency or rows
    return rows


def _one_body(store: Store, text: str, duplicates: dict[int, int]) -> list[ReportRow]:
    rows = [r for r in _matching(store, text, None, duplicates) if r.agency]
    bodies: dict[str, list[ReportRow]] = {}
    for row in rows:
        bodies.setdefault(agency_key(row.agency) or "", []).append(row)
    wanted = agency_key(text)
    if wanted in bodies:
        return bodies[wanted]
    if len(bodies) == 1:
        return next(iter(bodies.values()))
    if not bodies:
        raise InputError(f"{store.path}: no stored report of an agency matching {text!r}")
    names = sorted({rs[-1].agency or "" for rs in bodies.values()})
    shown = ", ".join(names[:8]) + (f", … ({len(names)} in all)" if len(names) > 8 else "")
    raise InputError(
        f"--agency {text!r} matches {len(names)} bodies ({shown}): give one body's name, "
        "or add --year YEAR to see them side by side"
    )


def _columns(rows: Sequence[ReportRow], by: Literal["year", "agency"]) -> tuple[Column, ...]:
    if by == "year":
        headings = [str(r.year) if r.year is not None else "?" for r in rows]
    else:
        headings = [r.agency or "(agency not read)" for r in rows]
    # a heading that would stand twice (two reports of one year, one body written two ways) names its report
    keys = [r.year if by == "year" else agency_key(r.agency) for r in rows]
    repeated = {k for k in keys if keys.count(k) > 1}
    return tuple(
        Column(
            heading=f"{h} #{r.id}" if k in repeated else h,
            report_id=r.id,
            agency=r.agency,
            year=r.year,
            edition=r.edition,
            url=r.url,
            region=r.region,
            region_basis=r.region_basis,
        )
        for h, k, r in zip(headings, keys, rows, strict=True)
    )


def _figures(stats: dict[int, dict[str, int | float]], order: Sequence[int]) -> tuple[Figure, ...]:
    docs = {d.key: d for d in describe_keys()}
    return tuple(
        Figure(
            key=key,
            groups=_groups(docs[key]),
            label=_label(docs[key]),
            unit=docs[key].unit,
            values=tuple(stats[i].get(key) for i in order),
        )
        for key in MAIN_FIGURES
    )


def _groups(doc: KeyDoc) -> tuple[str, ...]:
    if doc.key.startswith("review_litigation."):
        kind = doc.key.split(".")[1]
        return (doc.section, REVIEW_KIND_PRINTED[kind].replace(" › ", " "))
    return (doc.section,)


def _label(doc: KeyDoc) -> str:
    """A figure's label in the table, from the template's printed labels: the row (without its note)
    for section 三, the result for section 四, the item and the column for section 二."""
    family, *_ = doc.key.split(".")
    if family == "review_litigation":
        return REVIEW_RESULT_LABELS[doc.key.split(".")[-1]][0]
    row = doc.row.split(" › ")[-1]
    if family == "applications":
        return _NOTE.sub("", row)
    return f"{row} {doc.column}"
