"""The registry of check codes: every code a ``Check`` may carry, the severity it is raised with, the
stage that raises it and what it says, in one line.

``models.CheckCode`` is the type of the codes (a ``Literal``, so a misspelt code is a type error);
``CHECK_CODES`` below is the one table of what they mean, and README's table of checks is generated
from it::

    python -m linhai_scrape.read.checkcodes --markdown        # print the table
    python -m linhai_scrape.read.checkcodes --update-readme   # rewrite README.md's table in place

tests/test_checkcodes.py keeps the three in step with the code: it fails when a check is built with a
code that is not registered, when a registered code is never built, when a check is built with a
severity its code is not registered with, and when README's table is not the generated one. Adding a
check is: the code in ``models.CheckCode``, a row here, the producer, and the README regenerated.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..models import CheckCode, Severity

RaisedBy = Literal["extract", "store", "crawl"]


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """What one code means. ``severities`` lists every severity the code is raised with: one for
    almost every code; ``table_unread`` is an error or a note, depending on how the table was found."""

    severities: tuple[Severity, ...]
    raised_by: RaisedBy
    description: str


def _spec(severity: Severity | tuple[Severity, ...], raised_by: RaisedBy, description: str) -> CodeSpec:
    return CodeSpec(severity if isinstance(severity, tuple) else (severity,), raised_by, description)


# In the order of README's table: the identities, the tables, the sentences, the report as a whole,
# then the store and the crawl.
CHECK_CODES: dict[CheckCode, CodeSpec] = {
    # the template's identities (template.IDENTITIES), checked by read/checks.verify
    "row_sum_mismatch": _spec(
        "warning", "extract", "a row's six applicant columns do not add up to its 总计 column"
    ),
    "group_sum_mismatch": _spec("warning", "extract", "a group's sub-rows do not add up to the group's row"),
    "outcome_total_mismatch": _spec(
        "warning",
        "extract",
        "（七）总计 is not 予以公开 + 部分公开 + 不予公开 + 无法提供 + 不予处理 + 其他处理",
    ),
    "balance_mismatch": _spec(
        "warning", "extract", "本年新收 + 上年结转 is not （七）总计 + 结转下年度继续办理"
    ),
    "review_sum_mismatch": _spec(
        "warning",
        "extract",
        "a review or lawsuit total is not the sum of its results, or 行政诉讼 not the sum of its two kinds",
    ),
    "identity_unverifiable": _spec(
        "info", "extract", "an identity cannot be verified: a term is not stated, or only one side is"
    ),
    "blank_cell": _spec(
        "info", "extract", "a blank or marked cell that no stated total confirms as 0: it stays absent"
    ),
    # reading the tables (read/tables)
    "cell_unreadable": _spec(
        "error",
        "extract",
        "a cell its column cannot hold (a percentage anywhere, a fraction or a money unit in a count column) is not read",
    ),
    "value_unplaced": _spec(
        "error",
        "extract",
        "a row's printed numbers cannot be placed in columns (flattened, shifted by a span, merged over several cells): they are left out",
    ),
    "table_unread": _spec(
        ("error", "info"),
        "extract",
        "a table whose numbers could not be placed: an error for a recognised template table, a note for a table placed only by its section",
    ),
    "row_unrecognised": _spec(
        "warning", "extract", "a row that prints numbers under no template label: ignored"
    ),
    "unit_missing": _spec(
        "info",
        "extract",
        "a money cell whose unit neither it nor its header names: the value is kept as printed",
    ),
    "label_variant": _spec(
        "info",
        "extract",
        "a damaged or cut-short label read as the template's row or header it nearly matches at that place",
    ),
    "row_cut_at_end": _spec(
        "warning",
        "extract",
        "the text stops inside a table row: its cells there were read under the header's first columns, the rest are missing",
    ),
    "cells_placed_in_order": _spec(
        "info",
        "extract",
        "a row whose values stand past the header, merged over columns or two under one wider header label, but "
        "are as many as its columns: read in order",
    ),
    "rows_placed_by_position": _spec(
        "info",
        "extract",
        "section-三 rows whose labels a copy printed away from them, read by their place between labelled rows "
        "where the template's column identities confirm it",
    ),
    "glued_digits_split": _spec(
        "info", "extract", "digits printed with no separator, split the one way the row's arithmetic allows"
    ),
    "duplicate_value": _spec(
        "warning",
        "extract",
        "a key blank in one cell and a number in another: the number is kept",
    ),
    "value_conflict": _spec(
        "warning",
        "extract",
        "a key the tables state twice with different numbers: neither is kept, and no sentence or sum fills it",
    ),
    # the sentences against the tables (extract, read/checks)
    "table_narrative_mismatch": _spec(
        "warning", "extract", "a table and a sentence state different values for a key: the table's is kept"
    ),
    "narrative_conflict": _spec(
        "warning",
        "extract",
        "sentences state different values for a key: the one kept and the others are named",
    ),
    "derivation_withheld": _spec(
        "warning",
        "extract",
        "a total the template's sum would give, whose own table row is printed but could not be read: the key stays absent",
    ),
    "narrative_withheld": _spec(
        "warning",
        "extract",
        "a sentence's count for a key whose table row is printed but could not be read: the key stays absent",
    ),
    "narrative_zero_kept": _spec(
        "info",
        "extract",
        "a sentence's 0 for a key whose table row could not be placed but prints only 0s: it cannot disagree, and is kept",
    ),
    "narrative_ambiguous": _spec(
        "warning",
        "extract",
        "a count of applications received that may include the cases carried over: not read as new_received",
    ),
    "narrative_includes_carried_over": _spec(
        "info",
        "extract",
        "a count of applications received that is the new ones plus those carried over: not read as new_received",
    ),
    "narrative_not_whole": _spec(
        "info",
        "extract",
        "a sentence's count that is not the report's figure for its key (a larger whole of which only part is over disclosure, a wider area's, some of the cases, one of two groups): not read",
    ),
    # the report as a whole (extract, read/checks)
    "no_statistics": _spec(
        "warning",
        "extract",
        "no number readable: the tables are empty or missing, and no sentence states a count",
    ),
    "tables_are_images": _spec(
        "error",
        "extract",
        "no number readable, and the report shows images: its tables are probably pictures",
    ),
    "multiple_reports": _spec(
        "error",
        "extract",
        "a page holding several reports: only one is read (the first, or the one the title names)",
    ),
    "input_truncated": _spec(
        "error", "extract", "the input ends inside a table: the cut last cell is not read"
    ),
    "report_cut_short": _spec(
        "warning",
        "extract",
        "a page titled as the report holds only its first section, or none: read as a report cut short",
    ),
    "markup_in_script": _spec(
        "info", "extract", "the page holds the article only as a string in a script: that markup was read"
    ),
    "number_damaged": _spec(
        "warning",
        "extract",
        "an undecodable character touches a number: a digit may be lost, so that number is not read",
    ),
    "file_damaged": _spec(
        "warning",
        "extract",
        "the PDF's reader reported damage (a content stream cut short, operators it could not use): "
        "the pages and the template tables there are named, and what they print may be missing",
    ),
    "article_parts_joined": _spec(
        "info", "extract", "an article published over several pages: its parts were fetched and read as one"
    ),
    "article_part_missing": _spec(
        "warning",
        "extract",
        "a further page of the article could not be fetched or read: what it holds is missing",
    ),
    "section_missing": _spec("warning", "extract", "a section of the national outline was not found"),
    "section_out_of_order": _spec("warning", "extract", "a section appears after a later-numbered section"),
    "period_end_before_start": _spec("warning", "extract", "the stated period ends before it starts"),
    "period_year_mismatch": _spec("warning", "extract", "the stated period is not in the report's year"),
    "published_year_mismatch": _spec(
        "warning", "extract", "published in a year other than the one after the report's"
    ),
    "edition_mixed": _spec("info", "extract", "the tables mix labels of two editions of the template"),
    "table_other_edition": _spec(
        "warning",
        "extract",
        "a template table of another edition than the year's stands beside the year's own table of its kind: "
        "an earlier year's, quoted for comparison, not read",
    ),
    "table_other_body": _spec(
        "warning",
        "extract",
        "template tables under a caption naming another body than the report's (an office under it): "
        "that body's numbers, not read",
    ),
    "script_converted": _spec(
        "info", "extract", "a Traditional-script copy, converted to Simplified before reading"
    ),
    # the store, across a report's years and versions
    "carry_over_mismatch": _spec(
        "warning", "store", "last year's 结转下年度 differs from this year's 上年结转, for one agency"
    ),
    "carry_over_unverified": _spec(
        "info", "store", "both years are stored, but the carry-over cannot be compared for some columns"
    ),
    "page_not_report": _spec(
        "warning",
        "store",
        "a report's page, fetched again, no longer reads as a report: the report stays current with its numbers until it does",
    ),
    # the crawl: a report page against the PDF or Word copy it attaches
    "attachment_mismatch": _spec(
        "warning", "crawl", "the attached copy of the report states shared statistics differently"
    ),
    "attachment_agrees": _spec("info", "crawl", "the attached copy of the report states the same values"),
    "attachment_unread": _spec(
        "info", "crawl", "the attached copy of the report could not be read to compare"
    ),
}

_HEADER = ("| code | severity | raised by | what it says |", "|---|---|---|---|")


def markdown_table() -> str:
    """README's table of checks, one row per code in registry order."""
    rows = [
        f"| `{code}` | {' or '.join(spec.severities)} | {spec.raised_by} | {spec.description} |"
        for code, spec in CHECK_CODES.items()
    ]
    return "\n".join((*_HEADER, *rows)) + "\n"


def readme_table(readme: str, header: str = _HEADER[0]) -> tuple[int, int] | None:
    """The (start, end) character offsets of the table whose first line is ``header`` in README's
    text (the table of checks by default), header included."""
    start = readme.find(header + "\n")
    if start < 0:
        return None
    end = start
    while end < len(readme) and readme.startswith("|", end):
        newline = readme.find("\n", end)
        end = len(readme) if newline < 0 else newline + 1
    return start, end


def table_main(
    argv: list[str] | None,
    *,
    prog: str,
    description: str | None,
    what: str,
    header: str,
    render: Callable[[], str],
) -> int:
    """The command line of a registry whose README table is generated (this one, the audit's):
    ``--markdown`` prints the table, ``--update-readme [PATH]`` rewrites it in place."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    choice = parser.add_mutually_exclusive_group(required=True)
    choice.add_argument("--markdown", action="store_true", help=f"print README's table of {what}")
    choice.add_argument(
        "--update-readme",
        nargs="?",
        const="README.md",
        metavar="PATH",
        help=f"rewrite the table of {what} in README (default README.md)",
    )
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(render())
        return 0
    path = Path(args.update_readme)
    text = path.read_text(encoding="utf-8")
    span = readme_table(text, header)
    if span is None:
        print(f"{path}: no table starting {header!r}", file=sys.stderr)
        return 1
    path.write_text(text[: span[0]] + render() + text[span[1] :], encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    return table_main(
        argv,
        prog="python -m linhai_scrape.read.checkcodes",
        description=__doc__,
        what="checks",
        header=_HEADER[0],
        render=markdown_table,
    )


if __name__ == "__main__":
    raise SystemExit(main())
