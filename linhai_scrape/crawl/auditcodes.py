"""The registry of audit finding codes: what ``linhai-scrape audit`` can say about a stored report, the
severity it says it with, and what a reviewer reads in one line.

An audit finding is not a check: checks say how a document was *read* (``read/checkcodes.py``);
findings say what a reviewer of the *published* report flags (its own sums, last year's report,
the deadline, the template, the outline). The audit turns the failing identities among the checks
into findings; everything else it finds itself, across the store.

README's table of findings is generated from ``AUDIT_CODES``::

    python -m linhai_scrape.crawl.auditcodes --markdown        # print the table
    python -m linhai_scrape.crawl.auditcodes --update-readme   # rewrite README.md's table in place

tests/crawl/test_audit.py fails when a code is registered but never raised by its fixtures, or README's
table is not the generated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..models import Severity
from ..read.checkcodes import table_main

AuditCode = Literal[
    "identity_failed",
    "carry_over_mismatch",
    "no_application_table",
    "template_edition_wrong",
    "published_late",
    "published_date_unknown",
    "section_missing",
    "section_out_of_order",
    "section_empty",
    "section_five_repeated",
    "figure_jump",
]

#: What a finding's severity weighs in a body's score (severe ones weigh more; notes weigh nothing).
SEVERITY_WEIGHTS: dict[Severity, int] = {"error": 3, "warning": 1, "info": 0}
SCORE_FORMULA = "score = 3 × errors + 1 × warnings (notes count 0)"


@dataclass(frozen=True, slots=True)
class AuditCodeSpec:
    severity: Severity
    title: str  # a few words, for the page's filter and legend
    description: str  # one line: what the finding says


# In the order of README's table and of the page's legend: the figures, the template, the deadline,
# the outline, then across years.
AUDIT_CODES: dict[AuditCode, AuditCodeSpec] = {
    "identity_failed": AuditCodeSpec(
        "error",
        "figures do not add up",
        "the report's own figures break one of the template's identities (a row, a group, （七）总计, "
        "the balance, a review or lawsuit total): the cells involved are named",
    ),
    "carry_over_mismatch": AuditCodeSpec(
        "error",
        "carry-over differs from last year",
        "last year's 结转下年度继续办理 differs from this year's 上年结转 for an applicant column of the same body",
    ),
    "no_application_table": AuditCodeSpec(
        "error",
        "no application table",
        "a report on 2019 or later without the template's table of applications (section 三): its "
        "figures, if any, come from sentences",
    ),
    "template_edition_wrong": AuditCodeSpec(
        "error",
        "wrong template edition",
        "the tables follow an edition older than the one required for the report's year (the 2021 "
        "edition from the reports on 2021, the 2019 edition from those on 2019)",
    ),
    "published_late": AuditCodeSpec(
        "warning",
        "published late",
        "published after the deadline of 条例 第五十条: 31 January for a department, 31 March for a "
        "government of county level or above, of the year after the report's",
    ),
    "published_date_unknown": AuditCodeSpec(
        "info",
        "publication date unknown",
        "neither the page nor its list gives a publication date: whether it was late cannot be said",
    ),
    "section_missing": AuditCodeSpec(
        "warning", "section missing", "a section of the national outline (一 to 六) is not in the report"
    ),
    "section_out_of_order": AuditCodeSpec(
        "warning", "sections out of order", "a section comes after a section numbered after it"
    ),
    "section_empty": AuditCodeSpec(
        "warning",
        "section empty",
        "a section holds its heading and nothing else: no text, and no figure read in it",
    ),
    "section_five_repeated": AuditCodeSpec(
        "warning",
        "section 五 copied from last year",
        "section 五 (problems and improvements) is nearly the same text as the same body's previous year's "
        "(difflib similarity of 0.9 or more)",
    ),
    "figure_jump": AuditCodeSpec(
        "warning",
        "figure jumps between years",
        "a main figure is 5 times or a fifth of the same body's previous year's (the larger at least 10)",
    ),
}

_HEADER = ("| finding | severity | what it says |", "|---|---|---|")


def markdown_table() -> str:
    """README's table of audit findings, one row per code in registry order."""
    rows = [f"| `{code}` | {spec.severity} | {spec.description} |" for code, spec in AUDIT_CODES.items()]
    return "\n".join((*_HEADER, *rows)) + "\n"


def main(argv: list[str] | None = None) -> int:
    return table_main(
        argv,
        prog="python -m linhai_scrape.crawl.auditcodes",
        description=__doc__,
        what="audit findings",
        header=_HEADER[0],
        render=markdown_table,
    )


if __name__ == "__main__":
    raise SystemExit(main())
