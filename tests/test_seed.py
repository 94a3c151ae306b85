"""The report the project was created from: Linhai (临海市) 2020, tables lost, numbers in sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from linhai_scrape import Report, extract

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed_linhai_2020.txt"


@pytest.fixture(scope="module")
def report() -> Report:
    return extract(SEED)


def test_seed_application_numbers(report: Report) -> None:
    flat = report.flat()
    expected = {
        "applications.new_received.natural_person": 239,
        "applications.new_received.commercial": 2,
        "applications.new_received.research": 2,
        "applications.new_received.legal_service": 1,
        "applications.new_received.other_org": 4,
        "applications.new_received.total": 248,
        "applications.granted.total": 115,
        "applications.partially_granted.total": 33,
        "applications.denied.total": 11,
        "applications.unavailable.total": 64,
        "applications.not_processed.total": 7,
        "applications.other.total": 8,
        "applications.carried_forward.total": 10,
    }
    assert {k: flat.get(k) for k in expected} == expected
    for key in expected:
        assert report.evidence[key].origin == "narrative"
        assert "件" in (report.evidence[key].sentence or "")
    # not stated → absent, never 0
    assert "applications.carried_over.total" not in flat
    assert "applications.new_received.public_interest" not in flat


def test_seed_metadata(report: Report) -> None:
    assert report.year == 2020
    assert report.agency == "临海市"
    assert report.title == "临海市2020年政府信息公开工作年度报告"
    assert report.edition == "2019"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.sections[0].heading == "一、总体情况"
    assert report.sections[5].text == "无。"
    assert str(report.period.start) == "2020-01-01" and str(report.period.end) == "2019-12-31"
    assert "统计期限" in (report.period.text or "")


def test_seed_checks(report: Report) -> None:
    codes = report.check_codes()
    assert "period_end_before_start" in codes
    unverifiable = [c for c in report.checks if c.code == "identity_unverifiable" and c.severity == "info"]
    assert any("applications.carried_over.total" in c.message for c in unverifiable)
    # outcome_total is derived from the six stated outcome groups, and says so
    assert report.stats["applications.outcome_total.total"] == 238
    assert report.evidence["applications.outcome_total.total"].origin == "derived"


def test_seed_source(report: Report) -> None:
    assert report.source is not None
    assert report.source.encoding == "utf-8"
    assert len(report.source.sha256 or "") == 64
