"""Every fixture extracts to its expected output: exactly the flat statistics, and the checks."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from linhai_scrape import NotAReportError, extract
from linhai_scrape.models import Report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECTED = sorted((FIXTURES / "expected").glob("*.json"))


def _id(path: Path) -> str:
    return path.name[: -len(".json")]


def test_every_input_fixture_has_an_expected_output() -> None:
    inputs = {p.name for p in FIXTURES.iterdir() if p.is_file() and p.name != "README.md"}
    expected = {_id(p) for p in EXPECTED}
    assert inputs <= expected, f"fixtures without expected output: {sorted(inputs - expected)}"
    assert len(expected) >= 14


@pytest.mark.parametrize("expected_path", EXPECTED, ids=_id)
def test_fixture_extracts_as_expected(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = FIXTURES / _id(expected_path)
    if expected["outcome"] == "not_report":
        with pytest.raises(NotAReportError) as info:
            extract(source)
        assert info.value.outcome.reason == expected["reason"]
        if "attachment" in expected:
            assert info.value.outcome.attachment == expected["attachment"]
        return
    report = extract(source)
    assert report.flat() == expected["flat"]
    assert report.year == expected["year"]
    assert report.agency == expected["agency"]
    assert report.edition == expected["edition"]
    assert [s.number for s in report.sections] == expected["sections"]
    assert report.truncated == expected.get("truncated", False)
    codes = set(report.check_codes())
    assert set(expected.get("checks", [])) <= codes, report.checks
    assert not (set(expected.get("absent_checks", [])) & codes), [
        c for c in report.checks if c.code in expected.get("absent_checks", [])
    ]
    # every statistic carries evidence of where it came from
    assert set(report.evidence) == set(report.stats)
    for key, ev in report.evidence.items():
        if ev.origin == "table":
            assert ev.table is not None and ev.row is not None and ev.cell is not None, key
        elif ev.origin == "narrative":
            assert ev.sentence, key
        else:
            assert ev.derived_from, key


@pytest.mark.parametrize("expected_path", EXPECTED, ids=_id)
def test_the_report_built_without_validation_is_the_validated_one(expected_path: Path) -> None:
    """extract_document builds the Report with model_construct (its parts are the reader's own):
    validating the same fields gives an equal report, field for field and as JSON."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    if expected["outcome"] == "not_report":
        return
    report = extract(FIXTURES / _id(expected_path))
    validated = Report(**{name: getattr(report, name) for name in Report.model_fields})
    assert validated == report
    assert validated.model_dump_json() == report.model_dump_json()
    assert Report.model_validate_json(report.model_dump_json()) == report


@pytest.mark.parametrize("expected_path", EXPECTED, ids=_id)
def test_reading_a_fixture_makes_no_reference_cycle(expected_path: Path) -> None:
    """extract holds the cyclic garbage collector off while it reads a page or a text dump, which
    is sound only while reading makes no reference cycle (a collection would free nothing): none is
    left for the collector here. It is left off when it was off, and on when it was on, whether
    the input is a report or not."""
    source = FIXTURES / _id(expected_path)
    gc.collect()
    gc.disable()
    try:
        try:
            extract(source)
        except NotAReportError:
            pass  # not bound to a name: a caught exception held by its own frame is a cycle
        assert not gc.isenabled()
        assert gc.collect() == 0
    finally:
        gc.enable()
    try:
        extract(source)
    except NotAReportError:
        pass
    assert gc.isenabled()
