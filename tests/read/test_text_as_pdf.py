"""A text dump printed to PDF is read as the text is: its lines, not its layout, hold the tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from attachment_builders import text_as_pdf

from linhai_scrape import extract_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(
    ("name", "least"),
    [
        ("text_2021.txt", 1.0),  # one row per line, pipes
        ("flat_mixed_2019.txt", 1.0),  # mixed layouts
        ("md_converter_2021.txt", 0.9),
        ("flat_cells_2021.txt", 0.6),  # one cell per line: a cell at a page's edge may be taken for furniture
        ("oneline_spaced_2019.txt", 0.9),  # a report on one line, wrapped by the print
    ],
)
def test_a_text_dump_printed_to_pdf_gives_the_texts_numbers(name: str, least: float) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    as_text = extract_bytes(text.encode("utf-8"), kind="file", location=name).flat()
    as_pdf = extract_bytes(text_as_pdf(text), kind="file", location=name.replace(".txt", ".pdf")).flat()
    assert {k: v for k, v in as_pdf.items() if as_text.get(k) != v} == {}  # never a different number
    assert len(as_pdf) >= least * len(as_text)
