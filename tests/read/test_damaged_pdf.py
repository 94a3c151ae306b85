"""A damaged PDF: what the PDF library could not read is said in the report, naming its pages, and
the library's own complaints stay off stderr unless ``-v`` asks for them."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from attachment_builders import damaged_pdf, fixture_document  # noqa: E402

from linhai_scrape import extract_bytes  # noqa: E402
from linhai_scrape.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def damaged() -> bytes:
    return damaged_pdf(fixture_document("html_2021_utf8.html"), page=3)


def test_a_damaged_pdf_is_a_warning_that_names_its_pages_and_tables(damaged: bytes) -> None:
    report = extract_bytes(damaged, kind="file", location="report.pdf")
    (check,) = [c for c in report.checks if c.code == "file_damaged"]
    assert check.severity == "warning"
    assert "page 3" in check.message and "Data-loss while decompressing corrupted data" in check.message
    # the section-三 table starts on page 2 and ran on to the damaged page: it is named, with its page
    assert "the applications table (page 2)" in check.message
    # what was read is kept: the tables on the good pages give their numbers
    assert report.stats["applications.new_received.total"] > 0


def test_the_library_warnings_do_not_reach_stderr_in_process(
    damaged: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    extract_bytes(damaged, kind="file", location="report.pdf")
    assert capsys.readouterr().err == ""


def test_the_library_warnings_go_through_our_logger(damaged: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="linhai_scrape"):
        extract_bytes(damaged, kind="file", location="report.pdf")
    routed = [r for r in caplog.records if r.name.startswith("pdfminer")]
    assert routed and any("Data-loss" in r.getMessage() for r in routed)


def _cli(tmp_path: Path, damaged: bytes, *flags: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(damaged)
    return subprocess.run(
        [sys.executable, "-m", "linhai_scrape", "extract", str(path), "--format", "flat", *flags],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_is_quiet_about_them_by_default(tmp_path: Path, damaged: bytes) -> None:
    done = _cli(tmp_path, damaged)
    assert done.returncode == 0 and done.stderr == ""


def test_the_cli_shows_them_with_v_one_line_each(tmp_path: Path, damaged: bytes) -> None:
    done = _cli(tmp_path, damaged, "-v")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert any(
        line == "linhai-scrape: pdfminer.pdftypes: Data-loss while decompressing corrupted data"
        for line in lines
    )
    assert all(line.startswith("linhai-scrape: ") for line in lines)


def test_main_v_shows_them_too(tmp_path: Path, damaged: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(damaged)
    assert main(["extract", str(path), "--format", "flat"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["extract", str(path), "--format", "flat", "-v"]) == 0
    assert "Data-loss while decompressing corrupted data" in capsys.readouterr().err
    assert main(["extract", str(path), "--format", "flat"]) == 0  # -v lasts for its own command only
    assert capsys.readouterr().err == ""


def test_a_recognised_table_of_a_pdf_that_cannot_be_read_names_its_pages() -> None:
    from linhai_scrape import extract_document
    from linhai_scrape.read.document import Cell, Document, Paragraph, Table

    texts = [["信息内容", "第二十条"], ["甲", "1"], ["乙", "2"]]
    pages = [4, 5, 5]
    rows: list[list[Cell | None]] = [
        [Cell(text, r, c, page=pages[r]) for c, text in enumerate(row)] for r, row in enumerate(texts)
    ]
    headings = ["一、总体情况", "二、主动公开政府信息情况"]
    later = ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    doc = Document(
        blocks=[
            *map(Paragraph, headings),
            Table(index=0, rows=rows, origin="pdf", page=4),
            *map(Paragraph, later),
        ],
        title="某县2022年政府信息公开工作年度报告",
    )
    (check,) = [c for c in extract_document(doc).checks if c.code == "table_unread"]
    assert check.severity == "error" and check.message.endswith("(pages 4–5)")
