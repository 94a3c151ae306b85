"""Pydantic models of the output: ``Report`` and its parts, and the package's documented errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .template import Edition, IdentityCode, canonical_key_order, canonical_keys

Number = int | float
Severity = Literal["error", "warning", "info"]
# Every code a ``Check`` may carry. Each one is registered, with its severity and what it means, in
# ``read/checkcodes.py`` (README's table of checks is generated from there); tests/test_checkcodes.py
# fails when a code is raised but not registered here and there, or registered and never raised.
CheckCode = Literal[
    IdentityCode,  # the template's identities (template.IDENTITIES), raised by read/checks.verify
    # read/checks: the report's statistics and dates
    "identity_unverifiable",
    "blank_cell",
    "table_narrative_mismatch",
    "narrative_conflict",
    "period_end_before_start",
    "period_year_mismatch",
    "published_year_mismatch",
    "section_missing",
    "section_out_of_order",
    # read/tables: reading the tables
    "cell_unreadable",
    "value_unplaced",
    "table_unread",
    "row_unrecognised",
    "unit_missing",
    "label_variant",
    "row_cut_at_end",
    "cells_placed_in_order",
    "rows_placed_by_position",
    "glued_digits_split",
    # extract: the report as a whole, and its sentences against its tables
    "tables_are_images",
    "no_statistics",
    "multiple_reports",
    "input_truncated",
    "report_cut_short",
    "article_parts_joined",
    "number_damaged",
    "file_damaged",
    "markup_in_script",
    "article_part_missing",
    "duplicate_value",
    "value_conflict",
    "narrative_withheld",
    "narrative_zero_kept",
    "derivation_withheld",
    "narrative_ambiguous",
    "narrative_includes_carried_over",
    "narrative_not_whole",
    "edition_mixed",
    "table_other_edition",
    "table_other_body",
    "script_converted",
    # the store, across a report's versions and years
    "carry_over_mismatch",
    "carry_over_unverified",
    "page_not_report",
    # the crawl, a report page against the file it attaches
    "attachment_mismatch",
    "attachment_agrees",
    "attachment_unread",
]
Origin = Literal["table", "narrative", "derived"]
NotReportReason = Literal[
    "list_page",
    "attachment_only",
    "app_shell",
    "blocked",
    "empty",
    "binary",
    "no_sections",
    "redirect",  # a page that only forwards elsewhere (<meta http-equiv="refresh">)
    # attachments (PDF, DOCX, DOC/WPS) that could not be read as a document
    "image_only",
    "unsupported_format",
    "broken_text_layer",
    "damaged_file",
]

PARSER_VERSION = "1"

# The largest input read, fetched (the fetcher's default cap) or local (extract's --max-bytes): a
# report page is well under 1 MB; parsing takes about ten times the page in memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024

# The wide CSV's columns before the canonical keys: one layout for every CSV the package writes
# (``export --format csv`` from the store, ``extract --format csv`` from files), so that the two
# files line up column for column. Columns only the store knows (report_id, version, …) are empty
# in a CSV read from files.
CSV_META_COLUMNS = (
    "report_id",
    "url",
    "version",
    "current",
    "source",
    "agency",
    "region",
    "region_basis",
    "year",
    "edition",
    "title",
    "published",
    "parser_version",
    "extracted_at",
    "sha256",
    "checks",
    "duplicate_of",
)


# A standard dataclass rather than a pydantic model: a report holds one per statistic (hundreds),
# and building them in our own code without validation costs a third of a model's validation.
# Pydantic still validates every field when a ``Report`` is read from JSON or a dict, and serialises
# and documents it like a model (``Report.model_json_schema()``); ``dataclasses.asdict`` gives a dict.
# Not keyword-only: the table reader builds one per value read, and a call with nine keyword
# arguments costs twice one with the same arguments in order (callers elsewhere name them).
@dataclass(slots=True)
class Evidence:
    """Where one statistic came from."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    origin: Origin
    section: Annotated[int | None, Field(description="number of the section the value was read in")] = None
    table: Annotated[int | None, Field(description="index of the table in the document (0-based)")] = None
    row: Annotated[int | None, Field(description="row index in the table grid (0-based)")] = None
    column: Annotated[int | None, Field(description="column index in the table grid (0-based)")] = None
    row_label: str | None = None
    column_label: str | None = None
    cell: Annotated[str | None, Field(description="the raw cell text, as printed")] = None
    page: Annotated[int | None, Field(description="page number, for paginated sources")] = None
    sentence: Annotated[str | None, Field(description="for narrative values: the sentence")] = None
    derived_from: Annotated[list[str] | None, Field(description="for derived values: the keys summed")] = None
    note: str | None = None


class Check(BaseModel):
    """The result of one rule that did not plainly pass (failures, and identities that cannot be verified)."""

    model_config = ConfigDict(extra="forbid")

    code: CheckCode
    severity: Severity
    message: str
    keys: list[str] = Field(default_factory=list)


class Period(BaseModel):
    start: date | None = None
    end: date | None = None
    text: str | None = Field(None, description="the sentence that states the period, as written")


class Section(BaseModel):
    number: int = Field(
        ge=1, le=20, description="1-6 for the national outline; legacy outlines may go further"
    )
    heading: str
    text: str


class Source(BaseModel):
    kind: Literal["file", "url", "stdin", "text", "bytes"]
    location: str | None = Field(None, description="path or URL")
    final_url: str | None = None
    encoding: str | None = Field(None, description="the codec the bytes were decoded with")
    encoding_reason: str | None = Field(
        None,
        description="why that codec: bom, nul-pattern (UTF-16 without a BOM), http-charset, meta-charset, "
        "detected, fallback",
    )
    declared_encoding: str | None = None
    replaced_chars: int = 0
    script_converted: str | None = Field(
        None,
        description="'traditional→simplified' when a Traditional-script copy was converted before reading",
    )
    sha256: str | None = None
    size: int | None = Field(None, description="size in bytes")


class Report(BaseModel):
    """One annual report, extracted and checked."""

    title: str | None = None
    agency: str | None = Field(None, description="issuing body as written")
    year: int | None = Field(None, description="the year the statistics cover")
    edition: Edition = "unknown"
    edition_basis: str | None = Field(
        None, description="why that edition: table labels, the notice cited, or the year"
    )
    period: Period = Field(default_factory=Period)
    published: date | None = None
    sections: list[Section] = Field(default_factory=list)
    truncated: bool = Field(
        False,
        description="the text stops before the report's end (a cut page or copy, a table cut mid-row): "
        "the sections and statistics present were read, and the checks say what is missing",
    )
    stats: dict[str, Number] = Field(default_factory=dict, description="canonical key → value")
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    checks: list[Check] = Field(default_factory=list)
    source: Source | None = None
    parser_version: str = PARSER_VERSION

    def flat(self) -> dict[str, Number]:
        """The statistics as ``{canonical key: number}``, in canonical key order."""
        stats = self.stats
        flat = {k: stats[k] for k in canonical_keys() if k in stats}  # no sort: the order is known
        if len(flat) < len(stats):  # keys outside the template's, after its own, as they came
            order = canonical_key_order()
            flat.update((k, v) for k, v in stats.items() if k not in order)
        return flat

    def check_codes(self) -> list[str]:
        return [c.code for c in self.checks]

    def has_errors(self) -> bool:
        return any(c.severity == "error" for c in self.checks)


class NotReport(BaseModel):
    """The named outcome for an input that is not an annual report."""

    outcome: Literal["not_report"] = "not_report"
    reason: NotReportReason
    message: str
    attachment: str | None = Field(None, description="for attachment_only: the link to the attached file")
    target: str | None = Field(None, description="for redirect: the page it forwards to")
    title: str | None = None
    source: Source | None = None


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class LinhaiError(Exception):
    """Base class of every error the package raises on purpose."""

    exit_code = 1


class InputError(LinhaiError):
    """The input could not be read: missing file, unreachable URL, unknown source type."""

    exit_code = 2


class NotAReportError(LinhaiError):
    """The input was read but is not an annual report; ``outcome`` says what it is instead."""

    exit_code = 3

    def __init__(self, outcome: NotReport) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome
        # Empty, binary and damaged input cannot be read at all: that is unreadable input (2).
        self.exit_code = 2 if outcome.reason in ("empty", "binary", "damaged_file") else 3
