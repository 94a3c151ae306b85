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
    Text,
    break_text_mapping,
    build_docx,
    build_image_only_pdf,
    build_page,
    build_pdf,
    build_pdf_with_note,
    fixture_document,
    grid_rules,
    section3_break_rows,
    unique_cells,
)

from linhai_scrape.read.attachments import (  # noqa: E402
    AttachmentError,
    BrokenTextError,
    ImageOnlyError,
    UnsupportedFormatError,
    attachment_to_document,
    detect_format,
    docx_to_document,
    pdf_to_document,
)
from linhai_scrape.read.document import Document, Paragraph, Table  # noqa: E402
from linhai_scrape.template import normalise_label  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
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


# --------------------------------------------------------------------------------------------------
# digits are never split or merged
# --------------------------------------------------------------------------------------------------


def _cell_texts(doc: Document) -> list[list[str]]:
    return doc.tables[0].cell_texts()


def test_numbers_are_read_whole_in_narrow_ruled_cells() -> None:
    """Values set tight against their rules, and letter-spaced digits, stay one number per cell."""
    xs, ys = [72, 160, 180, 200, 230], [100, 118, 136]
    digit = 4.5  # width of a digit at 9 pt
    texts = [
        Text(76, 112, "行政许可"),
        Text(161, 112, "20"),  # left-aligned, 1 pt from the rule on its left
        Text(200 - 1 - 2 * digit, 112, "10"),  # right-aligned, 1 pt from the rule on its right
        Text(203, 112, "20", char_space=2.5),  # letter-spaced
        Text(76, 130, "行政处罚"),
        Text(180 - 1 - 3 * digit, 130, "108"),  # as wide as its cell allows
        Text(181, 130, "7"),
        Text(202, 130, "3156"),
    ]
    doc = pdf_to_document(build_page(texts, **grid_rules(xs, ys)))
    assert _cell_texts(doc) == [["行政许可", "20", "10", "20"], ["行政处罚", "108", "7", "3156"]]
    assert all(c.note is None for row in doc.tables[0].rows for c in row)


def test_a_number_across_a_rule_is_kept_whole_and_flagged() -> None:
    """ "1234" printed across the rule between two cells: never "12" | "34", never 1234 in one cell."""
    xs, ys = [72, 160, 190, 230], [100, 118]
    texts = [Text(76, 112, "行政许可"), Text(180, 112, "1234"), Text(215, 112, "5")]
    doc = pdf_to_document(build_page(texts, **grid_rules(xs, ys)))
    cells = doc.tables[0].rows[0]
    assert cells[1].text == "12 34"  # the rule ran between 2 and 3: visibly not one number
    assert cells[2].text == "5"
    assert cells[1].note and cells[2].note
    from linhai_scrape.read.numbers import parse_cell

    assert parse_cell(cells[1].text).state == "text"


def test_borderless_columns_never_cut_or_join_numbers() -> None:
    """Numbers of different widths and alignments in close columns: one value per column."""
    rows = [("一、本年新收", ["10", "1", "120", "2", "0"]), ("二、上年结转", ["9", "10", "1", "20", "100"])]
    texts = []
    for r, (label, values) in enumerate(rows):
        y = 120 + 20 * r
        texts.append(Text(72, y, label))
        for k, v in enumerate(values):
            right = 220 + 28 * k  # right-aligned columns 28 pt apart
            texts.append(Text(right - 4.5 * len(v), y, v))
    doc = pdf_to_document(build_page(texts))
    table = doc.tables[0]
    assert [[c.text for c in row[1:]] for row in table.rows] == [values for _, values in rows]


# --------------------------------------------------------------------------------------------------
# one broken font, damaged files
# --------------------------------------------------------------------------------------------------


def test_one_broken_font_is_blanked_not_read(html_docs) -> None:
    """A note in a font that decodes to garbage: its glyphs become U+FFFD (no garbage text, no
    numbers from it), the font is named in ``meta``, and the report still reads in full."""
    name = REPORTS[0]
    note = "本年度工作总体情况说明及其他有关事项的补充说明文字共计四十余字本年度工作总体情况说明"
    doc = pdf_to_document(build_pdf_with_note(html_docs[name], note))
    assert "MSung" in doc.meta["broken_fonts"]
    assert doc.meta["broken_text_pages"]
    last = [b for b in doc.blocks if isinstance(b, Paragraph)][-1].text
    assert set(last) == {"\ufffd"}
    assert extract_flat(doc) == expected_flat(name)


def test_damaged_files_are_named() -> None:
    from linhai_scrape.read.attachments import DamagedFileError

    with pytest.raises(DamagedFileError) as err:
        pdf_to_document(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    assert err.value.reason == "damaged_file"
    with pytest.raises(DamagedFileError):
        docx_to_document(b"PK\x03\x04 truncated")
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("secret", canPrint=1))
    c.drawString(72, 700, "2022 report 123")
    c.showPage()
    c.save()
    with pytest.raises(DamagedFileError, match="encrypted"):
        pdf_to_document(buf.getvalue())
    assert pdf_to_document(buf.getvalue(), password="secret").blocks[0].text == "2022 report 123"


# --------------------------------------------------------------------------------------------------
# DOCX merges written by hand (gridBefore, vMerge restart/continue, legacy hMerge)
# --------------------------------------------------------------------------------------------------


def _docx_with_table_xml(rows_xml: str, grid_cols: int) -> bytes:
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid_cols))
    tbl = parse_xml(f"<w:tbl {ns}><w:tblGrid>{grid}</w:tblGrid>{rows_xml}</w:tbl>")
    out = docx.Document()
    out.add_paragraph("三、收到和处理政府信息公开申请情况")
    out.element.body.insert(1, tbl)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_docx_merges_written_by_hand() -> None:
    rows = (
        "<w:tr>"
        + _tc("三、本年度办理结果", '<w:vMerge w:val="restart"/>')
        + _tc("(一)予以公开", '<w:gridSpan w:val="2"/>')
        + _tc("98")
        + "</w:tr><w:tr>"
        + _tc("", "<w:vMerge/>")
        + _tc("(三)不予公开", '<w:hMerge w:val="restart"/>')
        + _tc("", "<w:hMerge/>")
        + _tc("0")
        + '</w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + _tc("合计", '<w:gridSpan w:val="2"/>')
        + _tc("98")
        + "</w:tr>"
    )
    doc = docx_to_document(_docx_with_table_xml(rows, 4))
    table = doc.tables[0]
    assert table.cell_texts() == [
        ["三、本年度办理结果", "(一)予以公开", "(一)予以公开", "98"],
        ["三、本年度办理结果", "(三)不予公开", "(三)不予公开", "0"],
        ["", "合计", "合计", "98"],
    ]
    first = table.rows[0][0]
    assert first is table.rows[1][0] and first.rowspan == 2
    merged = table.rows[1][1]
    assert merged is table.rows[1][2] and merged.colspan == 2
    assert table.rows[2][0] is None


# --------------------------------------------------------------------------------------------------
# DOC / WPS through a converter (a stand-in for LibreOffice)
# --------------------------------------------------------------------------------------------------


def _fake_soffice(tmp_path: Path, docx_bytes: bytes, *, sleep: float = 0.0) -> Path:
    """A script that behaves like ``soffice --convert-to docx --outdir DIR FILE``."""
    source = tmp_path / "converted.docx"
    source.write_bytes(docx_bytes)
    script = tmp_path / "soffice"
    script.write_text(
        "#!/usr/bin/env python3\n"
        "import shutil, sys, time\n"
        f"time.sleep({sleep})\n"
        "args = sys.argv[1:]\n"
        "out = args[args.index('--outdir') + 1]\n"
        "stem = args[-1].rsplit('/', 1)[-1].rsplit('.', 1)[0]\n"
        f"shutil.copy({str(source)!r}, out + '/' + stem + '.docx')\n"
    )
    script.chmod(0o755)
    return script


def test_doc_and_wps_convert_when_enabled(tmp_path, monkeypatch, docx_files, html_docs) -> None:
    name = REPORTS[0]
    monkeypatch.setenv("LINHAI_SOFFICE", str(_fake_soffice(tmp_path, docx_files[name])))
    monkeypatch.delenv("LINHAI_CONVERT_LEGACY", raising=False)
    with pytest.raises(UnsupportedFormatError, match="LINHAI_CONVERT_LEGACY"):
        attachment_to_document(_ole("WordDocument"), "report.doc")  # off by default
    doc = attachment_to_document(_ole("WordDocument"), "report.wps", convert_legacy=True)
    for h, d in zip(html_docs[name].tables, doc.tables, strict=True):
        assert_same_grid(h, d)
    monkeypatch.setenv("LINHAI_CONVERT_LEGACY", "1")
    assert extract_flat(attachment_to_document(_ole("WordDocument"), "report.doc")) == expected_flat(name)


def test_doc_conversion_failures_are_unsupported_format(tmp_path, monkeypatch) -> None:
    from linhai_scrape.read.attachments.legacy import convert_legacy_to_docx

    monkeypatch.setenv("LINHAI_SOFFICE", str(tmp_path / "missing-soffice"))
    with pytest.raises(UnsupportedFormatError):
        convert_legacy_to_docx(_ole("WordDocument"), "doc", enabled=True)
    monkeypatch.setenv("LINHAI_SOFFICE", str(_fake_soffice(tmp_path, b"PK", sleep=5)))
    with pytest.raises(UnsupportedFormatError, match="did not finish"):
        convert_legacy_to_docx(_ole("WordDocument"), "doc", enabled=True, timeout=0.5)


# --------------------------------------------------------------------------------------------------
# the two PDF engines
# --------------------------------------------------------------------------------------------------


def test_engines_read_the_same_rules(ruled_pdfs) -> None:
    from linhai_scrape.read.attachments.readers import read_pdf

    data = ruled_pdfs[REPORTS[0]]
    plumber, _ = read_pdf(data, "pdfplumber")
    pdfium, _ = read_pdf(data, "pdfium")
    for a, b in zip(plumber, pdfium, strict=True):
        ra = sorted((r.horizontal, r.pos, r.start, r.end) for r in a.rules)
        rb = sorted((r.horizontal, r.pos, r.start, r.end) for r in b.rules)
        assert len(ra) == len(rb)
        for x, y in zip(ra, rb, strict=True):
            assert x[0] == y[0] and all(abs(p - q) < 1.0 for p, q in zip(x[1:], y[1:], strict=True))


def test_auto_engine_falls_back_when_pdfium_cannot_measure_glyphs(ruled_pdfs, html_docs) -> None:
    """STSong-Light is not embedded: where no CJK font is installed PDFium drops glyphs, and "auto"
    must notice and read the file with pdfplumber. Either way the grids are the HTML's."""
    name = REPORTS[0]
    doc = pdf_to_document(ruled_pdfs[name], engine="auto")
    assert doc.meta["pdf_engine"] in ("pdfium", "pdfplumber")
    for h, p in zip(html_docs[name].tables, doc.tables, strict=True):
        assert_same_grid(h, p)


@pytest.mark.parametrize("name", REPORTS)
def test_three_line_tables_read_by_alignment(name, html_docs) -> None:
    """三线表: only horizontal rules (above, under the header, below): no grid, so the columns come
    from the text's alignment, as for a borderless table."""
    html = html_docs[name]
    doc = pdf_to_document(build_pdf(html, rule_style="three-line", break_before=section3_break_rows(html)))
    assert len(doc.tables) == 3
    assert extract_flat(doc) == expected_flat(name)


def test_hidden_and_rotated_text_is_not_read() -> None:
    """White text and a diagonal watermark are not part of the report."""
    from attachment_builders import _font
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, 841.89))
    c.setFont(_font(), 12)
    c.drawString(72, 700, "全年共收到政府信息公开申请258件，其中本年新收248件、上年结转10件。")
    c.setFillGray(1)
    c.drawString(72, 680, "隐藏文字 999")
    c.setFillGray(0.5)
    c.saveState()
    c.translate(300, 400)
    c.rotate(45)
    c.drawString(0, 0, "内部资料 仅供参考 12345")
    c.restoreState()
    c.showPage()
    c.save()
    doc = pdf_to_document(buf.getvalue())
    assert [b.text for b in doc.blocks] == [
        "全年共收到政府信息公开申请258件,其中本年新收248件、上年结转10件。"
    ]


# --------------------------------------------------------------------------------------------------
# end to end: extract(path), extract(URL), the CLI
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_extract_file_end_to_end(kind, tmp_path, ruled_pdfs, docx_files) -> None:
    from linhai_scrape.extract import extract

    name = REPORTS[0]
    path = tmp_path / f"report.{kind}"
    path.write_bytes(ruled_pdfs[name] if kind == "pdf" else docx_files[name])
    report = extract(str(path))
    assert report.flat() == expected_flat(name)
    ev = report.evidence["applications.carried_forward.total"]
    assert ev.origin == "table" and ev.table == 1 and ev.cell == "8" and ev.row == 27 and ev.column == 9
    if kind == "pdf":
        assert ev.page is not None


def test_pdf_evidence_names_the_cells_own_page(tmp_path, ruled_pdfs, pdf_docs) -> None:
    from linhai_scrape.extract import extract

    name = REPORTS[0]
    path = tmp_path / "report.pdf"
    path.write_bytes(ruled_pdfs[name])
    cell_page = pdf_docs[name].tables[1].rows[-1][-1].page
    assert extract(str(path)).evidence["applications.carried_forward.total"].page == cell_page


def test_extract_url_of_a_pdf(httpserver, ruled_pdfs) -> None:
    from linhai_scrape.extract import extract_url
    from linhai_scrape.fetch import FetchConfig

    fast = FetchConfig(
        per_host_delay=0, backoff_base=0.01, backoff_max=0.05, read_timeout=2, total_timeout=10
    )
    name = REPORTS[1]
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/attach/2021/report.pdf").respond_with_data(
        ruled_pdfs[name], content_type="application/pdf"
    )
    report = extract_url(httpserver.url_for("/attach/2021/report.pdf"), fast)
    assert report.flat() == expected_flat(name)


def test_extract_image_only_pdf_is_a_named_outcome(tmp_path) -> None:
    from linhai_scrape import NotAReportError
    from linhai_scrape.extract import extract

    path = tmp_path / "scan.pdf"
    path.write_bytes(build_image_only_pdf(pages=1))
    with pytest.raises(NotAReportError) as err:
        extract(str(path))
    assert err.value.outcome.reason == "image_only"


# --------------------------------------------------------------------------------------------------
# a row cut by a page break (Word's "allow row to break across pages")
# --------------------------------------------------------------------------------------------------


def _row_starting(table: Table, prefix: str) -> int:
    return next(
        i for i, row in enumerate(table.rows) if any(c is not None and c.text.startswith(prefix) for c in row)
    )


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("repeat_header", [True, False], ids=["repeated-header", "no-header"])
def test_a_row_cut_by_a_page_break_is_one_row(name, repeat_header, html_docs) -> None:
    html = html_docs[name]
    table = html.tables[1]
    r = _row_starting(table, "5.要求行政机关确认" if name.endswith("gbk.html") else "1.申请人无正当理由")
    doc = pdf_to_document(build_pdf(html, split_row={1: r}, repeat_header=repeat_header))
    assert_same_grid(table, doc.tables[1])
    assert extract_flat(doc) == expected_flat(name)


def test_a_blank_numbered_row_after_a_break_stays_a_row() -> None:
    """A row whose values are all blank and whose label opens with its number is a row of its own,
    even at the top of a page."""
    html = fixture_document(REPORTS[0])  # a fresh copy: its cells are edited below
    table = html.tables[1]
    r = _row_starting(table, "2.重复申请")
    for c in table.rows[r][3:]:
        c.text = ""
    doc = pdf_to_document(build_pdf(html, break_before={1: [r]}))
    assert_same_grid(table, doc.tables[1])


def test_rotated_landscape_pages_read_upright() -> None:
    """A page stored portrait with /Rotate 90 and its content drawn turned: read as displayed, and
    its page number (at the displayed bottom) removed."""
    from attachment_builders import _font
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, 841.89))
    for n in (1, 2):
        c.setPageRotation(90)
        c.saveState()
        c.translate(595.28, 0)
        c.rotate(90)
        c.setFont(_font(), 12)
        c.drawString(72, 500, f"第{n}页正文:全年共收到政府信息公开申请258件。")
        c.setFont(_font(), 10)
        c.drawCentredString(420, 30, f"- {n} -")
        c.restoreState()
        c.showPage()
    c.save()
    text = pdf_to_document(buf.getvalue()).text()
    assert "第1页正文:全年共收到政府信息公开申请258件。" in text and "第2页正文" in text
    assert not re.search(r"-\s*\d\s*-", text)
