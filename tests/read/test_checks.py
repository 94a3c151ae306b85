"""Derived totals (read/derive) and identity checks (read/checks)."""

from __future__ import annotations

from dataclasses import asdict, fields

from stage_helpers import _ev

from linhai_scrape.models import Evidence
from linhai_scrape.read.checks import check_blanks, verify
from linhai_scrape.read.derive import _confirmed_blank, derive_totals


def test_blank_becomes_zero_only_when_a_stated_total_confirms_it() -> None:
    row = "applications.granted"
    stats = {
        f"{row}.natural_person": 3,
        f"{row}.research": 0,
        f"{row}.public_interest": 0,
        f"{row}.legal_service": 0,
        f"{row}.other_org": 0,
        f"{row}.total": 3,
    }
    blanks = {f"{row}.commercial": _ev()}
    before = dict(stats)
    derived = derive_totals(stats, blanks, "2021")
    assert stats == before  # deriving returns what it adds, and changes nothing it is given
    assert derived.stats == {f"{row}.commercial": 0}
    assert derived.evidence[f"{row}.commercial"].origin == "derived"
    assert check_blanks(stats | derived.stats, blanks) == []
    stats[f"{row}.total"] = 5  # now the stated terms do not add up: the blank stays absent
    derived = derive_totals(stats, blanks, "2021")
    assert derived.stats == {}
    assert [n.code for n in check_blanks(stats, blanks)] == ["blank_cell"]


def test_an_absent_total_is_derived_from_all_its_terms() -> None:
    row = "applications.granted"
    columns = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")
    stats = {f"{row}.{c}": 1 for c in columns}
    derived = derive_totals(stats, {}, "2021")
    assert derived.stats[f"{row}.total"] == 6
    assert derived.evidence[f"{row}.total"].derived_from == [f"{row}.{c}" for c in columns]
    assert f"{row}.total" not in stats


def test_a_total_whose_row_is_printed_but_unread_is_never_derived() -> None:
    row = "applications.granted"
    columns = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")
    stats = {f"{row}.{c}": 1 for c in columns}
    derived = derive_totals(stats, {}, "2021", unread_rows={row})
    assert f"{row}.total" not in derived.stats
    assert derived.withheld[f"{row}.total"][0] == 6
    # another row's absence changes nothing
    assert derive_totals(stats, {}, "2021", unread_rows={"applications.other"}).stats[f"{row}.total"] == 6


def test_confirmed_blank_keeps_everything_its_cell_says() -> None:
    # every field marked with its own name (a dataclass does not validate), so a field added to
    # Evidence later and not carried over by _confirmed_blank fails here
    blank = Evidence(**{f.name: f"v-{f.name}" for f in fields(Evidence)})
    confirmed = _confirmed_blank(blank, ["a", "b"], "note")
    assert asdict(confirmed) == asdict(blank) | {
        "origin": "derived",
        "derived_from": ["a", "b"],
        "note": "note",
    }


def test_failed_identity_never_changes_a_number() -> None:
    stats = {
        "review_litigation.review.upheld": 1,
        "review_litigation.review.corrected": 0,
        "review_litigation.review.other": 0,
        "review_litigation.review.pending": 0,
        "review_litigation.review.total": 2,
    }
    before = dict(stats)
    checks = verify(stats, "2021")
    assert stats == before
    assert [c.code for c in checks] == ["review_sum_mismatch"]
    assert "review_litigation.review.total" in checks[0].keys
    assert checks[0].message.endswith(": 1 + 0 + 0 + 0 = 1, but the stated total is 2")


def test_terms_that_already_exceed_the_total_fail_whatever_is_missing() -> None:
    # 1 + (blank) + 3 + 4 > 7: counts are never negative, so the blank cannot make it add up
    stats = {
        "review_litigation.review.upheld": 1,
        "review_litigation.review.other": 3,
        "review_litigation.review.pending": 4,
        "review_litigation.review.total": 7,
    }
    (check,) = [c for c in verify(stats, "2021") if c.code != "identity_unverifiable"]
    assert check.code == "review_sum_mismatch" and check.severity == "warning"
    assert "the stated terms 1 + 3 + 4 = 8 already exceed 7" in check.message
    # terms that stay within the total are only unverifiable
    stats["review_litigation.review.total"] = 9
    assert [c.code for c in verify(stats, "2021")] == ["identity_unverifiable"]
