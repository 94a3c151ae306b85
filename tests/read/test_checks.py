"""Derived totals and identity checks (read/checks)."""

from __future__ import annotations

from dataclasses import asdict, fields

from stage_helpers import _ev

from linhai_scrape.models import Evidence
from linhai_scrape.read.checks import _confirmed_blank, complete, verify


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
    evidence = {k: _ev() for k in stats}
    notes = complete(stats, evidence, {f"{row}.commercial": _ev()}, "2021")
    assert stats[f"{row}.commercial"] == 0 and evidence[f"{row}.commercial"].origin == "derived"
    assert notes == []
    stats[f"{row}.total"] = 5  # now the stated terms do not add up: the blank stays absent
    del stats[f"{row}.commercial"]
    notes = complete(stats, evidence, {f"{row}.commercial": _ev()}, "2021")
    assert f"{row}.commercial" not in stats
    assert [n.code for n in notes] == ["blank_cell"]


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
