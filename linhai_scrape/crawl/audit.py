"""``linhai-scrape audit``: what a reviewer of the stored reports would flag, with its evidence.

The reviewers are the disclosure offices that check every body's report each spring, third-party
evaluators and researchers. For each current report of the store (a copy stored twice is audited
once) the audit lists its findings (codes in ``auditcodes.py``): the failing identities among its
checks, last year's report of the same body against this one (carry-over, section 五, the main
figures), the deadline of 条例 第五十条, the template edition of its year, and the national outline.
Every finding carries its evidence as the store has it: the table cell with its row and column
labels (and PDF page), the sentence, the section's first line.

Bodies are ranked per region and year by a score (:data:`auditcodes.SCORE_FORMULA`). The result
is one :class:`Audit`, written as JSON, CSV (one row per finding) or a self-contained HTML page
(``audit_html.py``).
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import IO, Any, Literal, get_args

from pydantic import BaseModel, Field

from ..models import Evidence, Number, Report, Severity
from ..read.regions import RegionBasis, agency_places
from ..template import (
    APPLICANT_COLUMNS,
    APPLICATION_COLUMN_SPECS,
    APPLICATION_ROWS,
    SECTIONS,
    Edition,
    IdentityCode,
    edition_for_year,
)
from .auditcodes import AUDIT_CODES, SCORE_FORMULA, SEVERITY_WEIGHTS, AuditCode
from .store import ReportRow, Store, agency_key

__all__ = [
    "Audit",
    "AuditedReport",
    "Finding",
    "FindingEvidence",
    "RegionRanking",
    "RankedBody",
    "audit",
    "audit_store",
    "deadline",
    "render_csv",
    "render_json",
]

AuditFormat = Literal["html", "csv", "json"]

# Section 五 this close to last year's, as difflib measures it, is a copy (evaluators' classic finding).
REPEATED_RATIO = 0.9
# A text this short (a "无", one line) is no evidence of copying.
REPEATED_MIN_CHARS = 20
# A figure that is 5 times or a fifth of last year's jumps; below 10 on both sides it is noise (1 → 5).
JUMP_FACTOR = 5
JUMP_MIN = 10
# The main figures watched for jumps between years.
JUMP_KEYS: tuple[str, ...] = (
    "applications.new_received.total",
    "applications.outcome_total.total",
    "applications.granted.total",
    "review_litigation.review.total",
    "review_litigation.litigation_direct.total",
    "review_litigation.litigation_after_review.total",
    "active.normative_docs.issued",
)
# The outcomes whose shares the charts show, in the template's order.
OUTCOME_KEYS: tuple[tuple[str, str], ...] = (
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("denied", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
)
_IDENTITY_CODES = frozenset(get_args(IdentityCode))
_EDITION_ORDER: dict[Edition, int] = {"legacy": 0, "2019": 1, "2021": 2}
_COLUMN_LABELS = {c.key: c.labels[0] for c in APPLICATION_COLUMN_SPECS if c.key}
_ROW_LABELS = {f"applications.{r.key}": r.labels[0] for r in APPLICATION_ROWS}
_NUMERALS = {s.number: s.numeral for s in SECTIONS}
_CANONICAL = {s.number: s.canonical for s in SECTIONS}


# --------------------------------------------------------------------------------------------------
# What the audit says
# --------------------------------------------------------------------------------------------------


class FindingEvidence(BaseModel):
    """One piece of a finding's evidence: a stored statistic with where it was read, or a text."""

    year: int | None = Field(None, description="the year of the report it comes from")
    report_id: int | None = None
    key: str | None = Field(None, description="canonical key, for a statistic")
    value: Number | None = None
    origin: str | None = Field(None, description="table | narrative | derived")
    section: int | None = None
    row_label: str | None = None
    column_label: str | None = None
    cell: str | None = Field(None, description="the raw cell text, as printed")
    page: int | None = Field(None, description="page of a PDF or Word file")
    sentence: str | None = None
    text: str | None = Field(None, description="a date, a heading, a section's first line …")

    def line(self) -> str:
        """The evidence in one line, for CSV and the page."""
        parts: list[str] = []
        if self.year is not None:
            parts.append(str(self.year))
        if self.row_label or self.column_label:
            parts.append(f"{self.row_label or '?'} × {self.column_label or '?'}")
        elif self.key:
            parts.append(self.key)
        if self.cell is not None:
            parts.append(f"cell {self.cell!r}")
        elif self.value is not None:
            parts.append(f"= {_fmt(self.value)}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.sentence:
            parts.append(f"“{self.sentence}”")
        if self.text:
            parts.append(self.text)
        return " · ".join(parts)


class Finding(BaseModel):
    code: AuditCode
    severity: Severity
    message: str = Field(description="one line")
    evidence: list[FindingEvidence] = Field(default_factory=list)


class AuditedReport(BaseModel):
    """One stored report, what it is, and its findings."""

    report_id: int
    url: str
    agency: str | None
    body: str | None = Field(description="the agency, folded for matching across years")
    year: int | None
    region: list[str]
    region_basis: RegionBasis
    edition: str | None
    published: str | None
    findings: list[Finding] = Field(default_factory=list)
    counts: dict[Severity, int] = Field(default_factory=dict)
    score: int = 0
    selected: bool = Field(True, description="within --year and --agency (other years serve comparisons)")
    # what the charts draw
    new_received: Number | None = None
    outcome_shares: dict[str, float] = Field(default_factory=dict)


class RankedBody(BaseModel):
    rank: int
    agency: str | None
    report_id: int
    score: int
    counts: dict[Severity, int]


class RegionRanking(BaseModel):
    region: list[str]
    year: int | None
    bodies: list[RankedBody]


class Audit(BaseModel):
    database: str
    filters: dict[str, Any]
    score_formula: str = SCORE_FORMULA
    weights: dict[Severity, int] = Field(default_factory=lambda: dict(SEVERITY_WEIGHTS))
    codes: dict[str, dict[str, str]] = Field(
        default_factory=lambda: {
            str(code): {"severity": spec.severity, "title": spec.title, "description": spec.description}
            for code, spec in AUDIT_CODES.items()
        }
    )
    reports: list[AuditedReport]
    rankings: list[RegionRanking]
    duplicates_skipped: int = 0

    @property
    def selected(self) -> list[AuditedReport]:
        return [r for r in self.reports if r.selected]

    def totals(self) -> Counter[str]:
        return Counter(f.severity for r in self.selected for f in r.findings)


# --------------------------------------------------------------------------------------------------
# The audit
# --------------------------------------------------------------------------------------------------


@dataclass
class _Stored:
    row: ReportRow
    report: Report
    body: str | None
    findings: list[Finding] = field(default_factory=list)


def audit(db: str | os.PathLike[str], *, year: int | None = None, agency: str | None = None) -> Audit:
    """Audit the current reports of the store at ``db`` (read only). ``year`` and ``agency`` (a
    substring of the agency, or of the source's name or agency, as ``export`` takes it) choose the
    reports listed and ranked; the other years of the same bodies are read for the comparisons and
    the charts."""
    with Store(db, readonly=True) as store:
        return audit_store(store, year=year, agency=agency, database=str(db))


def audit_store(
    store: Store, *, year: int | None = None, agency: str | None = None, database: str = ""
) -> Audit:
    from .run import duplicate_reports

    duplicates = duplicate_reports(store)
    stored = [
        _Stored(row, row.report(), agency_key(row.agency))
        for row in store.iter_reports()
        if row.id not in duplicates
    ]
    chosen = {row.id for row in store.iter_reports(year=year, agency=agency)}
    # bodies of the chosen reports: their other years are drawn too
    chosen_bodies = {s.body for s in stored if s.row.id in chosen and s.body is not None}
    previous = _by_body_year(stored)
    for s in stored:
        before = previous.get((s.body, s.row.year - 1)) if s.body and s.row.year is not None else None
        s.findings = list(_findings(s, before))
    reports = [
        _audited(s, selected=s.row.id in chosen)
        for s in stored
        if s.row.id in chosen or (s.body is not None and s.body in chosen_bodies)
    ]
    return Audit(
        database=database,
        filters={"year": year, "agency": agency},
        reports=reports,
        rankings=_rankings([r for r in reports if r.selected]),
        duplicates_skipped=sum(1 for d in duplicates if d in chosen),
    )


def _by_body_year(stored: list[_Stored]) -> dict[tuple[str | None, int | None], _Stored]:
    """The report that stands for a body's year, as the store's cross-year check picks it: the
    latest published, then the latest stored."""
    out: dict[tuple[str | None, int | None], _Stored] = {}
    for s in sorted(stored, key=lambda s: (s.row.published or "", s.row.id)):
        if s.body is not None and s.row.year is not None:
            out[(s.body, s.row.year)] = s
    return out


def _audited(s: _Stored, *, selected: bool) -> AuditedReport:
    counts = Counter(f.severity for f in s.findings)
    stats = s.report.stats
    return AuditedReport(
        report_id=s.row.id,
        url=s.row.url,
        agency=s.row.agency,
        body=s.body,
        year=s.row.year,
        region=list(s.row.region),
        region_basis=s.row.region_basis,
        edition=s.row.edition,
        published=s.row.published,
        findings=s.findings,
        counts={sev: counts.get(sev, 0) for sev in SEVERITY_WEIGHTS},
        score=sum(SEVERITY_WEIGHTS[f.severity] for f in s.findings),
        selected=selected,
        new_received=stats.get("applications.new_received.total"),
        outcome_shares=_outcome_shares(stats),
    )


def _outcome_shares(stats: dict[str, Number]) -> dict[str, float]:
    """Each stated outcome's share of （七）总计 (else of the stated outcomes' sum)."""
    values = {
        k: stats[f"applications.{k}.total"] for k, _ in OUTCOME_KEYS if f"applications.{k}.total" in stats
    }
    total = stats.get("applications.outcome_total.total") or sum(values.values())
    if not values or not total:
        return {}
    return {k: float(v) / float(total) for k, v in values.items()}


def _rankings(reports: list[AuditedReport]) -> list[RegionRanking]:
    groups: dict[tuple[tuple[str, ...], int | None], list[AuditedReport]] = defaultdict(list)
    for r in reports:
        groups[(tuple(r.region), r.year)].append(r)
    out = []
    for (region, year), members in sorted(groups.items(), key=lambda g: (g[0][0], -(g[0][1] or 0))):
        members.sort(key=lambda r: (-r.score, -r.counts.get("error", 0), r.agency or "", r.report_id))
        bodies: list[RankedBody] = []
        for r in members:
            # equal scores share a rank (1, 2, 2, 4)
            rank = bodies[-1].rank if bodies and bodies[-1].score == r.score else len(bodies) + 1
            bodies.append(
                RankedBody(rank=rank, agency=r.agency, report_id=r.report_id, score=r.score, counts=r.counts)
            )
        out.append(RegionRanking(region=list(region), year=year, bodies=bodies))
    return out


# --------------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------------


def _finding(code: AuditCode, message: str, evidence: Iterable[FindingEvidence] = ()) -> Finding:
    return Finding(
        code=code,
        severity=AUDIT_CODES[code].severity,
        message=" ".join(message.split()),  # one line
        evidence=list(evidence),
    )


def _stat(s: _Stored, key: str) -> FindingEvidence:
    """A statistic of a report as evidence: its value and where it was read."""
    ev: Evidence | None = s.report.evidence.get(key)
    where = asdict(ev) if ev is not None else {}
    return FindingEvidence(
        year=s.row.year,
        report_id=s.row.id,
        key=key,
        value=s.report.stats.get(key),
        origin=where.get("origin"),
        section=where.get("section"),
        row_label=where.get("row_label"),
        column_label=where.get("column_label"),
        cell=where.get("cell"),
        page=where.get("page"),
        sentence=where.get("sentence"),
    )


def _text(s: _Stored, text: str, *, section: int | None = None) -> FindingEvidence:
    return FindingEvidence(year=s.row.year, report_id=s.row.id, section=section, text=text)


def _findings(s: _Stored, before: _Stored | None) -> Iterable[Finding]:
    yield from _identities(s)
    if before is not None:
        yield from _carry_over(before, s)
    yield from _application_table(s)
    yield from _edition(s)
    yield from _deadline(s)
    yield from _outline(s)
    if before is not None:
        yield from _section_five(before, s)
        yield from _jumps(before, s)


def _identities(s: _Stored) -> Iterable[Finding]:
    for check in s.report.checks:
        if check.code in _IDENTITY_CODES:
            yield _finding(
                "identity_failed",
                f"{check.code}: {check.message}",
                (_stat(s, k) for k in check.keys if k in s.report.stats),
            )


def _carry_over(before: _Stored, s: _Stored) -> Iterable[Finding]:
    """Last year's 结转下年度继续办理 against this year's 上年结转, per applicant column; the 总计 column
    only when no applicant column already says so."""
    found = False
    for col in (*APPLICANT_COLUMNS, "total"):
        if col == "total" and found:
            break
        fwd_key, over_key = f"applications.carried_forward.{col}", f"applications.carried_over.{col}"
        fwd, over = before.report.stats.get(fwd_key), s.report.stats.get(over_key)
        if fwd is None or over is None or fwd == over:
            continue
        found = True
        yield _finding(
            "carry_over_mismatch",
            f"{_COLUMN_LABELS[col]}: {before.row.year} 结转下年度继续办理 {_fmt(fwd)} ≠ {s.row.year} 上年结转 {_fmt(over)}",
            (_stat(before, fwd_key), _stat(s, over_key)),
        )


def _is_template_year(s: _Stored) -> bool:
    """A report the national template applies to: on 2019 or later, or in its edition."""
    if s.row.year is not None:
        return s.row.year >= 2019
    return s.report.edition in ("2019", "2021")


def _application_table(s: _Stored) -> Iterable[Finding]:
    if not _is_template_year(s):
        return
    from_table = [
        k for k, ev in s.report.evidence.items() if k.startswith("applications.") and ev.origin == "table"
    ]
    if from_table:
        return
    stated = sorted(k for k in s.report.stats if k.startswith("applications."))
    if stated:
        message = f"no table of applications: {len(stated)} application figure(s) come from sentences only"
        evidence = [_stat(s, k) for k in stated[:3]]
    else:
        message = "no table of applications, and no application figure in the text"
        evidence = []
    yield _finding("no_application_table", message, evidence)


def _edition(s: _Stored) -> Iterable[Finding]:
    year, edition = s.row.year, s.report.edition
    basis = s.report.edition_basis or ""
    # an edition decided by the year says nothing of the template the report followed
    if year is None or edition not in _EDITION_ORDER or basis.startswith("report year"):
        return
    required = edition_for_year(year)
    if _EDITION_ORDER[edition] < _EDITION_ORDER[required]:
        yield _finding(
            "template_edition_wrong",
            f"a report on {year} follows the {edition} edition of the template; the {required} edition is required",
            [_text(s, f"edition {edition}: {basis}")],
        )


def deadline(agency: str | None, year: int) -> tuple[date, str]:
    """The day by which a report on ``year`` must be published (条例 第五十条), and whose deadline it is."""
    places = agency_places(agency)
    if places.is_government and not places.is_township:
        return date(year + 1, 3, 31), "a government of county level or above"
    if not places.places and not places.rest:
        return date(year + 1, 3, 31), "a body of unknown kind (the later deadline)"
    return date(year + 1, 1, 31), "a department or township"


def _deadline(s: _Stored) -> Iterable[Finding]:
    year = s.row.year
    if year is None:
        return
    due, whose = deadline(s.row.agency, year)
    if s.report.published is None:
        yield _finding(
            "published_date_unknown",
            f"no publication date on the page or its list: whether it met {due.isoformat()}, the deadline for "
            f"{whose}, is not known",
        )
        return
    published = s.report.published
    if published > due:
        days = (published - due).days
        yield _finding(
            "published_late",
            f"published {published.isoformat()}, {days} day{'s' if days != 1 else ''} after {due.isoformat()}, "
            f"the deadline for {whose} (条例 第五十条)",
            [_text(s, f"published {published.isoformat()} (the date the page or its list gives)")],
        )


def _outline(s: _Stored) -> Iterable[Finding]:
    if not _is_template_year(s) or s.report.edition == "legacy":
        return
    sections = s.report.sections
    numbers = [sec.number for sec in sections]
    for n in sorted(set(_CANONICAL) - set(numbers)):
        yield _finding("section_missing", f"section {_CANONICAL[n]} is not in the report")
    highest = 0
    for sec in sections:
        if sec.number < highest:
            yield _finding(
                "section_out_of_order",
                f"section {_NUMERALS.get(sec.number, sec.number)} comes after section {_NUMERALS.get(highest, highest)}",
                [_text(s, " → ".join(x.heading for x in sections))],
            )
        highest = max(highest, sec.number)
    with_figures = {ev.section for ev in s.report.evidence.values() if ev.section is not None}
    for sec in sections:
        if sec.number in _CANONICAL and not _plain(sec.text) and sec.number not in with_figures:
            yield _finding(
                "section_empty",
                f"section {sec.heading} holds no text and no figure",
                [_text(s, sec.heading, section=sec.number)],
            )


def _section_five(before: _Stored, s: _Stored) -> Iterable[Finding]:
    old, new = _section_text(before, 5), _section_text(s, 5)
    if old is None or new is None:
        return
    a, b = _plain(old), _plain(new)
    if len(a) < REPEATED_MIN_CHARS or len(b) < REPEATED_MIN_CHARS:
        return
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < REPEATED_RATIO or matcher.quick_ratio() < REPEATED_RATIO:
        return
    ratio = matcher.ratio()
    if ratio >= REPEATED_RATIO:
        yield _finding(
            "section_five_repeated",
            f"section 五 is {ratio:.0%} the same text as {before.row.year}'s (difflib ratio {ratio:.2f})",
            [
                _text(before, _first_line(old), section=5),
                _text(s, _first_line(new), section=5),
            ],
        )


def _jumps(before: _Stored, s: _Stored) -> Iterable[Finding]:
    for key in JUMP_KEYS:
        old, new = before.report.stats.get(key), s.report.stats.get(key)
        if old is None or new is None or max(old, new) < JUMP_MIN:
            continue
        low, high = sorted((max(float(old), 1.0), max(float(new), 1.0)))
        if high / low < JUMP_FACTOR:
            continue
        label = _label(key, s) or _label(key, before) or key
        how = f"×{high / low:.1f}" if new > old else f"÷{high / low:.1f}"
        yield _finding(
            "figure_jump",
            f"{label}: {_fmt(old)} in {before.row.year}, {_fmt(new)} in {s.row.year} ({how})",
            (_stat(before, key), _stat(s, key)),
        )


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def _fmt(v: Number) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _plain(text: str) -> str:
    """A section's text without spaces and table rules: what is compared and tested for emptiness."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "|")


def _first_line(text: str, limit: int = 80) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _section_text(s: _Stored, number: int) -> str | None:
    if s.report.edition == "legacy":
        return None  # a legacy outline's 五 is another topic
    return next((sec.text for sec in s.report.sections if sec.number == number), None)


def _label(key: str, s: _Stored) -> str | None:
    """A key as the report printed it (row × column), else as the template names its row."""
    ev = s.report.evidence.get(key)
    if ev is not None and ev.row_label:
        return f"{ev.row_label} × {ev.column_label}" if ev.column_label else ev.row_label
    row = key.rsplit(".", 1)[0]
    if row in _ROW_LABELS:
        return f"{_ROW_LABELS[row]} × {_COLUMN_LABELS.get(key.rsplit('.', 1)[1], '')}"
    return None


def region_text(region: Sequence[str]) -> str:
    return "/".join(region) if region else "(no region)"


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "report_id",
    "url",
    "agency",
    "year",
    "region",
    "region_basis",
    "code",
    "severity",
    "message",
    "evidence",
)


def render_json(result: Audit) -> str:
    return result.model_dump_json(indent=2)


def render_csv(result: Audit) -> str:
    """One row per finding of the chosen reports; the evidence as lines joined by `` | ``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in result.selected:
        for f in r.findings:
            writer.writerow(
                [
                    r.report_id,
                    r.url,
                    r.agency or "",
                    r.year if r.year is not None else "",
                    "/".join(r.region),
                    r.region_basis,
                    f.code,
                    f.severity,
                    f.message,
                    " | ".join(e.line() for e in f.evidence),
                ]
            )
    return buffer.getvalue()


def render(result: Audit, fmt: AuditFormat) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "csv":
        return render_csv(result)
    from .audit_html import render_html

    return render_html(result)


def write(result: Audit, fmt: AuditFormat, output: str | os.PathLike[str] | IO[str] | None) -> None:
    """Write the audit; a path is replaced only when the whole output is written (as ``export``)."""
    from .run import _export_sink

    text = render(result, fmt)
    with _export_sink(output) as fh:
        fh.write(text if text.endswith("\n") else text + "\n")


def format_summary(result: Audit) -> str:
    totals = result.totals()
    n = len(result.selected)
    return (
        f"{n} report{'s' if n != 1 else ''} audited: {totals.get('error', 0)} error(s), "
        f"{totals.get('warning', 0)} warning(s), {totals.get('info', 0)} note(s)"
        + (
            f"; {result.duplicates_skipped} copy(ies) stored twice skipped"
            if result.duplicates_skipped
            else ""
        )
    )
