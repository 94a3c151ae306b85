"""Attachments (PDF, DOCX, DOC/WPS, scans) → ``Document``, checked against the HTML fixtures.

Every PDF and DOCX is generated here from the ``Document`` of an HTML fixture (see
``attachment_builders``), so the attachment must give back the HTML version's grids cell for cell
and, through the extractor, exactly the HTML fixture's expected statistics.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")
pytest.importorskip("docx")

from attachment_builders import (  # noqa: E402
    break_text_mapping,
    build_docx,
    build_image_only_pdf,
    build_pdf,
    fixture_document,
    section3_break_rows,
    unique_cells,
)

from linhai_scrape.attachments import (  # noqa: E402
    AttachmentError,
    BrokenTextError,
    ImageOnlyError,
    UnsupportedFormatError,
    attachment_to_document,
    detect_format,
    docx_to_document,
    pdf_to_document,
)
from linhai_scrape.document import Document, Paragraph, Table  # noqa: E402
from linhai_scrape.template import normalise_label  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORTS = ["html_2021_utf8.html", "html_2019_gbk.html"]
_NUMBER = re.compile(r"^[+\-]{0,2}\d[\d,]*(\.\d+)?(万元|元)?$")


def expected_flat(name: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))["flat"]


@pytest.fixture(scope="module")
def html_docs() -> dict[str, Document]:
    return {name: fixture_document(name) for name in REPORTS}


@pytest.fixture(scope="module")
def ruled_pdfs(html_docs) -> dict[str, bytes]:
    """Ruled PDFs; section 三 is forced across a page break inside its （三） group, header repeated."""
    return {name: build_pdf(doc, break_before=section3_break_rows(doc)) for name, doc in html_docs.items()}


@pytest.fixture(scope="module")
def docx_files(html_docs) -> dict[str, bytes]:
    return {name: build_docx(doc) for name, doc in html_docs.items()}


@pytest.fixture(scope="module")
def pdf_docs(ruled_pdfs) -> dict[str, Document]:
    return {name: pdf_to_document(data) for name, data in ruled_pdfs.items()}


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def grid_signature(table: Table) -> list[list[tuple[str, int, int] | None]]:
    """Cell text (labels normalised, numbers exact) and spans, slot by slot."""
    out = []
    for row in table.rows:
        sig = []
        for c in row:
            if c is None:
                sig.append(None)
                continue
            text = c.text if _NUMBER.match(c.text) else normalise_label(c.text)
            sig.append((text, c.rowspan, c.colspan))
        out.append(sig)
    return out


def assert_same_grid(html: Table, other: Table) -> None:
    a, b = grid_signature(html), grid_signature(other)
    assert len(a) == len(b), f"table {html.index}: {len(a)} rows in HTML, {len(b)} here"
    for r, (ra, rb) in enumerate(zip(a, b, strict=True)):
        assert ra == rb, f"table {html.index} row {r}:\n html {ra}\n here {rb}"
    # one object per merged cell, exactly like the HTML grid
    assert len(unique_cells(html)) == len(unique_cells(other))


def paragraphs(doc: Document) -> list[str]:
    return [normalise_label(b.text) for b in doc.blocks if isinstance(b, Paragraph)]


def extract_flat(doc: Document) -> dict:
    extract = pytest.importorskip("linhai_scrape.extract")
    return extract.extract_document(doc).flat()


# --------------------------------------------------------------------------------------------------
# format detection
# --------------------------------------------------------------------------------------------------


def _ole(name: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + name.encode("utf-16-le") + b"\x00" * 64


def test_detect_format(ruled_pdfs, docx_files) -> None:
    pdf = ruled_pdfs[REPORTS[0]]
    assert detect_format(pdf) == "pdf"
    assert detect_format(b"\r\n\x00junk" + pdf, "a.bin") == "pdf"  # junk before the header
    assert detect_format(docx_files[REPORTS[0]]) == "docx"
    assert detect_format(_ole("WordDocument"), "report.doc") == "doc"
    assert detect_format(_ole("WordDocument"), "https://x.gov.cn/a/report.wps?id=1") == "wps"
    assert detect_format(_ole("WordDocument")) == "doc"
    assert detect_format(_ole("Workbook"), "a.xls") == "unknown"
    assert detect_format(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40) == "image"
    assert detect_format(b"\xff\xd8\xff\xe0" + b"\x00" * 40, "scan.jpg") == "image"
    assert detect_format(b"{\\rtf1\\ansi ...}", "report.doc") == "rtf"
    assert detect_format(b"<html><body><p>x</p></body></html>", "report.doc") == "html"
    assert detect_format(b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "report.doc") == "html"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    assert detect_format(buf.getvalue(), "r.ofd") == "ofd"
    assert detect_format(b"plain text") == "unknown"


def test_unsupported_formats_are_named() -> None:
    for data, name, fmt in [
        (_ole("WordDocument"), "r.doc", "doc"),
        (_ole("WordDocument"), "r.wps", "wps"),
        (b"{\\rtf1 x}", "r.rtf", "rtf"),
        (b"\x00\x01\x02", None, "unknown"),
    ]:
        with pytest.raises(UnsupportedFormatError) as err:
            attachment_to_document(data, name, convert_legacy=False)
        assert err.value.reason == "unsupported_format"
        assert err.value.format == fmt
    with pytest.raises(ImageOnlyError) as img:
        attachment_to_document(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert img.value.reason == "image_only"


# --------------------------------------------------------------------------------------------------
# ruled PDF
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REPORTS)
def test_ruled_pdf_grids_equal_html(name, html_docs, pdf_docs) -> None:
    html, pdf = html_docs[name], pdf_docs[name]
    assert len(pdf.tables) == len(html.tables) == 3
    for h, p in zip(html.tables, pdf.tables, strict=True):
        assert p.origin == "pdf"
        assert_same_grid(h, p)


@pytest.mark.parametrize("name", REPORTS)
def test_section3_table_spans_two_pages_and_is_one_grid(name, pdf_docs) -> None:
    table = pdf_docs[name].tables[1]
    pages = {c.page for row in table.rows for c in row if c is not None}
    assert pages == {table.page, table.page + 1}
    # the merged label cells cut by the page break continue on the next page
    outcome = next(c for row in table.rows for c in row if c is not None and c.text == "三、本年度办理结果")
    assert outcome.rowspan == (22 if name.endswith("2021_utf8.html") else 20)
    denied = next(c for row in table.rows for c in row if c is not None and c.text == "(三)不予公开")
    assert denied.rowspan == 8
    assert {c.page for row in table.rows[denied.row : denied.row + 8] for c in row[2:3]} == {
        table.page,
        table.page + 1,
    }


@pytest.mark.parametrize("name", REPORTS)
def test_ruled_pdf_text_is_the_html_text_without_page_furniture(name, html_docs, pdf_docs) -> None:
    pdf = pdf_docs[name]
    assert paragraphs(pdf)[1:] == paragraphs(html_docs[name])  # [0] is the title line
    assert pdf.title == html_docs[name].title
    text = pdf.text()
    assert "政府信息公开工作年度报告" not in [b.text for b in pdf.blocks if isinstance(b, Paragraph)][1:]
    assert not re.search(r"-\s*\d+\s*-", text)
    assert pdf.meta["pages"] == str(max(b.page for b in pdf.blocks if isinstance(b, Paragraph)))


@pytest.mark.parametrize("name", REPORTS)
def test_ruled_pdf_statistics_equal_html(name, pdf_docs) -> None:
    assert extract_flat(pdf_docs[name]) == expected_flat(name)


def test_pdf_cells_name_their_page(pdf_docs) -> None:
    table = pdf_docs[REPORTS[0]].tables[1]
    last = table.rows[-1][-1]
    assert last.text == "8" and last.page == table.page + 1 and last.bbox is not None


# --------------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REPORTS)
def test_docx_grids_equal_html(name, html_docs, docx_files) -> None:
    doc = docx_to_document(docx_files[name])
    assert [t.origin for t in doc.tables] == ["docx"] * 3
    for h, d in zip(html_docs[name].tables, doc.tables, strict=True):
        assert_same_grid(h, d)
    assert paragraphs(doc)[1:] == paragraphs(html_docs[name])  # [0] is the title heading
    assert doc.title == html_docs[name].title
    assert "政府信息公开工作年度报告" not in [b.text for b in doc.blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("name", REPORTS)
def test_docx_statistics_equal_html(name, docx_files) -> None:
    doc = attachment_to_document(docx_files[name], "report.docx")
    assert extract_flat(doc) == expected_flat(name)


# --------------------------------------------------------------------------------------------------
# scans and broken text
# --------------------------------------------------------------------------------------------------


def test_image_only_pdf_is_refused() -> None:
    with pytest.raises(ImageOnlyError) as err:
        pdf_to_document(build_image_only_pdf(pages=2))
    assert err.value.reason == "image_only"
    assert err.value.pages == [1, 2]


def test_broken_text_mapping_is_detected(ruled_pdfs) -> None:
    broken = break_text_mapping(ruled_pdfs[REPORTS[0]])
    with pytest.raises(BrokenTextError) as err:
        pdf_to_document(broken)
    assert err.value.reason == "broken_text_layer"
    assert isinstance(err.value, AttachmentError)


@pytest.mark.parametrize(
    "style",
    [
        {"rule_style": "rect"},  # borders as thin filled rectangles, as Word's PDF export draws them
        {"repeat_header": False},  # the continuation page starts straight with data rows
        {"header_text": None, "page_numbers": False},
    ],
    ids=["rect-rules", "no-repeated-header", "no-furniture"],
)
def test_ruled_pdf_variants(style, html_docs) -> None:
    name = REPORTS[0]
    html = html_docs[name]
    doc = pdf_to_document(build_pdf(html, break_before=section3_break_rows(html), **style))
    for h, p in zip(html.tables, doc.tables, strict=True):
        assert_same_grid(h, p)
    assert paragraphs(doc)[1:] == paragraphs(html)
    assert extract_flat(doc) == expected_flat(name)


# --------------------------------------------------------------------------------------------------
# borderless tables
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def borderless_docs(html_docs) -> dict[str, Document]:
    return {
        name: pdf_to_document(build_pdf(doc, ruled=False, break_before=section3_break_rows(doc)))
        for name, doc in html_docs.items()
    }


def value_rows(table: Table) -> list[list[str]]:
    """The rows holding numbers, as their value cells' texts (labels dropped)."""
    out = []
    for row in table.rows:
        cells = [c.text for c in row if c is not None]
        if any(_NUMBER.match(t) for t in cells):
            while cells and not _NUMBER.match(cells[0]) and cells[0] != "":
                cells.pop(0)
            out.append(cells)
    return out


@pytest.mark.parametrize("name", REPORTS)
def test_borderless_section3_values_equal_html(name, html_docs, borderless_docs) -> None:
    """Section 三 without rules: every row's seven value cells, blanks in place, digits never split."""
    html = html_docs[name].tables[1]
    expected = [[c.text for c in row[3:]] for row in html.rows if any(_NUMBER.match(c.text) for c in row[3:])]
    table = borderless_docs[name].tables[1]
    assert value_rows(table) == expected
    assert {c.page for row in table.rows for c in row if c is not None} == {table.page, table.page + 1}


@pytest.mark.parametrize("name", REPORTS)
def test_borderless_section4_single_row(name, html_docs, borderless_docs) -> None:
    html = html_docs[name].tables[2]
    assert value_rows(borderless_docs[name].tables[2]) == [[c.text for c in html.rows[-1]]]


@pytest.mark.parametrize("name", REPORTS)
def test_borderless_statistics_equal_html(name, borderless_docs) -> None:
    doc = borderless_docs[name]
    assert [t.origin for t in doc.tables] == ["pdf"] * 3
    assert paragraphs(doc)[1:] == paragraphs(fixture_document(name)), "table text leaked into paragraphs"
    assert extract_flat(doc) == expected_flat(name)
