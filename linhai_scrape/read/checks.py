"""The template's identities and other sanity rules over a report's statistics.

Every function here only checks: it returns checks and changes nothing it is given. What the
template's sums determine (blanks confirmed as 0, absent totals) is derived first, by
``read/derive.derive_totals``; then

- ``check_blanks``: a blank or marked cell that the derivation did not confirm is a ``blank_cell`` note;
- ``verify``: every identity whose terms are all present is checked; one with some terms absent is
  reported as ``identity_unverifiable`` (info), never passed silently — one check per identity
  stated on both sides, and one summary check for identities of which only one side is stated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from ..models import Check, Evidence, Number, Period
from ..template import APPLICATION_COLUMNS, EDITIONS, IDENTITIES, SECTIONS, Edition, Identity
from .derive import TOLERANCE as _TOLERANCE
from .narrative import NarrativeStat


def _applies(identity: Identity, edition: Edition) -> bool:
    return edition in identity.editions


class _Rule(NamedTuple):
    """An identity with its keys as sets, so that "which of these are stated" is one set test."""

    identity: Identity
    left: frozenset[str]
    right: frozenset[str]
    keys: frozenset[str]
    requires: frozenset[str]


# Every report checks every identity of its edition: the sets are built once, per edition.
_RULES: dict[Edition, tuple[_Rule, ...]] = {
    edition: tuple(
        _Rule(i, frozenset(i.left), frozenset(i.right), frozenset((*i.left, *i.right)), frozenset(i.requires))
        for i in IDENTITIES
        if _applies(i, edition)
    )
    for edition in EDITIONS
}
# every key the identities of an edition name (their terms, totals and required keys)
_NAMED: dict[Edition, frozenset[str]] = {
    edition: frozenset().union(*(rule.keys | rule.requires for rule in rules))
    for edition, rules in _RULES.items()
}


def check_blanks(stats: Mapping[str, Number], blanks: Mapping[str, Evidence]) -> list[Check]:
    """A ``blank_cell`` note for each blank that no identity confirmed (it stays absent); ``stats``
    holds the derived values too."""
    notes = []
    for key, ev in blanks.items():
        if key not in stats:
            notes.append(
                Check(
                    code="blank_cell",
                    severity="info",
                    message=f"{key}: the cell is {'empty' if not ev.cell else repr(ev.cell)} and no stated total "
                    "confirms it as 0, so it is left absent",
                    keys=[key],
                )
            )
    return notes


def verify(stats: Mapping[str, Number], edition: Edition) -> list[Check]:
    """Check every identity that applies to ``edition``."""
    out: list[Check] = []
    one_sided: list[Identity] = []
    # The keys the identities name that the report does not state, found once: whether an
    # identity's keys are stated is then a test between two small sets, where asking the report's
    # statistics cost a lookup per key for each of the three questions below.
    absent = _NAMED[edition].difference(stats)
    value_of = stats.__getitem__
    for identity, left_keys, right_keys, all_keys, requires in _RULES[edition]:
        if requires and not requires.isdisjoint(absent):
            continue
        has_left = not left_keys <= absent
        has_right = not right_keys <= absent
        if not (has_left or has_right):
            continue  # nothing of it is stated: there is nothing to verify
        if not (has_left and has_right):
            one_sided.append(identity)  # a total without its breakdown, or the reverse
            continue
        if not all_keys.isdisjoint(absent):
            keys = [*identity.left, *identity.right]
            missing = [k for k in keys if k not in stats]
            exceeded = _exceeded(stats, identity, missing)
            if exceeded is not None:
                out.append(Check(code=identity.code, severity="warning", message=exceeded, keys=keys))
                continue
            out.append(
                Check(
                    code="identity_unverifiable",
                    severity="info",
                    message=f"cannot verify {identity.description}: {', '.join(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} not stated",
                    keys=keys,
                )
            )
            continue
        left = sum(map(value_of, identity.left))
        right = sum(map(value_of, identity.right))
        if abs(left - right) > _TOLERANCE:
            keys = [*identity.left, *identity.right]
            if len(identity.right) == 1:
                but = f"but the stated total is {_fmt(right)}"
            else:
                but = f"but {' + '.join(_fmt(stats[k]) for k in identity.right)} = {_fmt(right)}"
            out.append(
                Check(
                    code=identity.code,
                    severity="warning",
                    message=f"{identity.description}: {' + '.join(_fmt(stats[k]) for k in identity.left)} = {_fmt(left)}, {but}",
                    keys=keys,
                )
            )
    if one_sided:
        # One note, not one per identity: a sentence-only report states many totals without breakdowns.
        out.append(
            Check(
                code="identity_unverifiable",
                severity="info",
                message=f"{len(one_sided)} identities cannot be verified because only one side is stated: "
                + "; ".join(i.description for i in one_sided),
                keys=sorted({k for i in one_sided for k in (*i.left, *i.right) if k in stats}),
            )
        )
    return out


def _exceeded(stats: Mapping[str, Number], identity: Identity, missing: list[str]) -> str | None:
    """Counts are never negative, so when one side is wholly stated and the terms stated on the other
    side already add up to more, the identity fails whatever the missing terms are."""
    for whole, partial in ((identity.right, identity.left), (identity.left, identity.right)):
        if any(k not in stats for k in whole):
            continue
        known = [k for k in partial if k in stats]
        if not known or any(stats[k] < 0 for k in (*whole, *known)):
            continue
        total, part = sum(stats[k] for k in whole), sum(stats[k] for k in known)
        if part > total + _TOLERANCE:
            return (
                f"{identity.description}: the stated terms {' + '.join(_fmt(stats[k]) for k in known)} = "
                f"{_fmt(part)} already exceed {_fmt(total)}, whatever the missing "
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'}"
            )
    return None


def check_period(period: Period, year: int | None) -> list[Check]:
    """The stated period: its end before its start, or a year other than the report's."""
    out: list[Check] = []
    if period.start and period.end and period.end < period.start:
        out.append(
            Check(
                code="period_end_before_start",
                severity="warning",
                message=f"the stated period ends ({period.end}) before it starts ({period.start}): {period.text}",
                keys=[],
            )
        )
    if year is not None:
        years = {d.year for d in (period.start, period.end) if isinstance(d, date)}
        if years and years != {year}:
            out.append(
                Check(
                    code="period_year_mismatch",
                    severity="warning",
                    message=f"the stated period ({period.text}) is not the report's year {year}",
                    keys=[],
                )
            )
    return out


def check_published(published: date | None, year: int | None) -> list[Check]:
    """A report on year Y is published in Y+1: a date before Y ends, or years later, puts the year
    (or the date) in doubt (a "上一篇" link or a quoted older report may have given the year)."""
    if published is None or year is None or published.year == year + 1:
        return []
    return [
        Check(
            code="published_year_mismatch",
            severity="warning",
            message=f"the page was published on {published}, but the report's year is {year} "
            f"(a report on {year} is published in {year + 1})",
            keys=[],
        )
    ]


def check_sections(numbers: list[int], out_of_order: list[int], national: bool) -> list[Check]:
    """Missing and out-of-order headings of the six national sections."""
    out: list[Check] = []
    if national:
        for spec in SECTIONS:
            if spec.number not in numbers:
                out.append(
                    Check(
                        code="section_missing",
                        severity="warning",
                        message=f"section {spec.canonical} was not found",
                        keys=[],
                    )
                )
    for number in out_of_order:
        out.append(
            Check(
                code="section_out_of_order",
                severity="warning",
                message=f"section {number} appears after a later-numbered section",
                keys=[],
            )
        )
    return out


def table_narrative_mismatch(
    key: str, table_value: Number, sentence_value: Number, sentence: str | None
) -> Check:
    """A table and a sentence state different values for one key (the table's value is kept)."""
    return Check(
        code="table_narrative_mismatch",
        severity="warning",
        message=f"{key}: the table says {_fmt(table_value)}, a sentence says {_fmt(sentence_value)} "
        f"(the table's value is kept): {sentence or ''}",
        keys=[key],
    )


def narrative_conflict(key: str, used: NarrativeStat | None, differing: list[NarrativeStat]) -> Check:
    """Sentences state different values for one key; ``used`` is the one kept (None: none is)."""
    stated = "; ".join(f"{_fmt(o.value)} in: {o.evidence.sentence or ''}" for o in differing)
    if used is None:
        message = f"{key}: sentences of equal standing disagree, so none is kept ({stated})"
    else:
        message = (
            f"{key}: sentences disagree; {_fmt(used.value)} is kept from: {used.evidence.sentence or ''} "
            f"(also stated: {stated})"
        )
    return Check(code="narrative_conflict", severity="warning", message=message, keys=[key])


def carry_over_checks(older: dict[str, float], newer: dict[str, float], newer_year: int) -> list[Check]:
    """Across years, for one agency: last year's 结转下年度 against this year's 上年结转, column by column.

    A mismatch is a ``carry_over_mismatch`` warning; a side that is not stated, ``carry_over_unverified``.
    """
    mismatched: list[str] = []
    missing: list[str] = []
    compared = 0
    for col in APPLICATION_COLUMNS:
        fwd = older.get(f"applications.carried_forward.{col}")
        over = newer.get(f"applications.carried_over.{col}")
        if fwd is None and over is None:
            continue
        if fwd is None or over is None:
            missing.append(col)
            continue
        compared += 1
        if fwd != over:
            mismatched.append(
                f"{col}: {newer_year - 1} 结转下年度 {_fmt(fwd)} ≠ {newer_year} 上年结转 {_fmt(over)}"
            )
    out: list[Check] = []
    if mismatched:
        out.append(
            Check(
                code="carry_over_mismatch",
                severity="warning",
                message="last year's carried_forward differs from this year's carried_over — "
                + "; ".join(mismatched),
                keys=[f"applications.carried_over.{m.split(':')[0]}" for m in mismatched],
            )
        )
    if missing and (not compared or "total" in missing):
        out.append(
            Check(
                code="carry_over_unverified",
                severity="info",
                message=f"the {newer_year - 1} and {newer_year} reports are both stored, but the carry-over "
                f"cannot be compared for: {', '.join(missing)}",
                keys=[f"applications.carried_over.{c}" for c in missing],
            )
        )
    return out


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def compare_with_attachment(page: Mapping[str, Number], attached: Mapping[str, Number], url: str) -> Check:
    """A report page against the copy of the report attached to it (a PDF or Word file).

    The page's numbers stay the report's; the file is evidence for or against them.
    """
    shared = [k for k in page if k in attached]
    differing = [k for k in shared if abs(page[k] - attached[k]) > _TOLERANCE]
    if differing:
        shown = "; ".join(f"{k}: page {_fmt(page[k])}, file {_fmt(attached[k])}" for k in differing[:10])
        more = f" (and {len(differing) - 10} more)" if len(differing) > 10 else ""
        return Check(
            code="attachment_mismatch",
            severity="warning",
            message=f"the attached file {url} states {len(differing)} of {len(shared)} shared statistics "
            f"differently: {shown}{more}",
            keys=differing,
        )
    return Check(
        code="attachment_agrees",
        severity="info",
        message=f"the attached file {url} states the same values for all {len(shared)} statistics both give",
        keys=[],
    )
