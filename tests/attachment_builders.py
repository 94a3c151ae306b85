"""Test documents for the attachment stage, generated at test time (no binary files are committed).

Every PDF and DOCX here is rendered from a ``Document`` parsed from one of our HTML fixtures, so the
attachment versions carry exactly the numbers, labels and spans of the HTML version:

- PDFs are drawn with reportlab's canvas and its built-in CJK CID font ``STSong-Light`` (no font file
  needed). Tables are laid out by hand so that a test can choose where a table breaks across pages,
  whether the header rows repeat, whether rules are stroked lines or thin filled rectangles (as Word's
  PDF export draws them) or absent (a borderless table), and what a merged cell split by a page break
  looks like (its text on the first part, an empty box on the next page, as Word prints it).
- DOCX files are written with python-docx; merged cells become ``gridSpan`` / ``vMerge``.
- The image-only PDF holds only pictures; the broken PDF is a good PDF whose font encoding is
  rewritten to ``Identity-H`` (what a PDF without a ``/ToUnicode`` map gives a reader).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from linhai_scrape.read.decode import decode_bytes
from linhai_scrape.read.document import Cell, Document, Paragraph, Table, parse_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FONT = "STSong-Light"
_NUMERIC = re.compile(r"^[+\-－—]{0,2}\d[\d,]*(\.\d+)?(万元|元)?$")


def fixture_document(name: str) -> Document:
    """The ``Document`` of an HTML fixture, parsed the way the HTML pipeline parses it."""
    data = (FIXTURES / name).read_bytes()
    return parse_document(decode_bytes(data).text)


def unique_cells(table: Table) -> list[Cell]:
    seen: set[int] = set()
    out: list[Cell] = []
    for row in table.rows:
        for c in row:
            if c is not None and id(c) not in seen:
                seen.add(id(c))
                out.append(c)
    return out


EMBEDDED_TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_CURRENT = [FONT]


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return _CURRENT[0]


def embedded_font() -> str | None:
    """A TrueType font reportlab embeds (subset, with a ToUnicode map), when the system has one.
    It has no Chinese glyphs: Chinese prints as empty boxes but keeps its text layer."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not EMBEDDED_TTF.exists():
        return None
    if "Embedded" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Embedded", str(EMBEDDED_TTF)))
    return "Embedded"


def _fitting(line: str, width: float, size: float = 9) -> int:
    """How many of ``line``'s first characters fit in ``width`` points at ``size``."""
    total = 0.0
    for i, ch in enumerate(line):
        total += _width(ch, size)
        if total > width:
            return max(i, 1)
    return len(line)


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, _font(), size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Wrap like a word processor: CJK breaks anywhere, runs of ASCII letters/digits stay whole."""
    tokens = re.findall(r"[A-Za-z0-9.,%+\-]+|\s+|.", text)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if line and _width(line + tok, size) > width:
            lines.append(line.rstrip())
            line = tok.lstrip()
        else:
            line += tok
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def cell_lines(text: str, width: float, size: float) -> list[str]:
    """A cell's lines: a space between two Chinese characters was a line break (<br>) in the HTML."""
    out: list[str] = []
    for part in re.split(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", text):
        if part:
            out.extend(wrap(part, width, size))
    return out


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------


@dataclass
class PdfStyle:
    ruled: bool = True
    # "line": stroked lines; "rect": thin filled rectangles (Word's export); "three-line": only a rule
    # above, one under the header and one below (三线表)
    rule_style: str = "line"
    page_width: float = 595.28
    page_height: float = 841.89
    margin_x: float = 72.0
    margin_top: float = 80.0
    margin_bottom: float = 80.0
    body_size: float = 12.0
    title_size: float = 16.0
    table_size: float = 9.0
    cell_pad: float = 3.0
    header_text: str | None = "政府信息公开工作年度报告"
    page_numbers: bool = True
    repeat_header: bool = True
    # table index → rows to force onto a new page (before each of these rows)
    break_before: dict[int, list[int]] = field(default_factory=dict)
    # table index → a row that a page break cuts in two, as Word does by default ("allow row to break
    # across pages"): the first lines of its labels and its values on one page, the rest on the next
    split_row: dict[int, int] = field(default_factory=dict)
    # print a table's header rows and first row of data where the previous block ends even when they
    # run past the bottom margin, over the page number (as no word processor does)
    header_past_margin: bool = False


class PdfBuilder:
    """Render a ``Document`` as a paginated PDF."""

    def __init__(self, style: PdfStyle | None = None) -> None:
        from reportlab.pdfgen import canvas

        self.style = style or PdfStyle()
        self.buf = io.BytesIO()
        self.canvas = canvas.Canvas(self.buf, pagesize=(self.style.page_width, self.style.page_height))
        self.canvas.setAuthor("linhai-scrape tests")
        self.page = 1
        self.y = self.style.page_height - self.style.margin_top
        _font()

    # page furniture ------------------------------------------------------------------------------
    def _furniture(self) -> None:
        s, c = self.style, self.canvas
        if s.header_text:
            c.setFont(_font(), 9)
            c.drawCentredString(s.page_width / 2, s.page_height - 40, s.header_text)
        if s.page_numbers:
            c.setFont(_font(), 10.5)
            c.drawCentredString(s.page_width / 2, 40, f"- {self.page} -")

    def new_page(self) -> None:
        self._furniture()
        self.canvas.showPage()
        self.page += 1
        self.y = self.style.page_height - self.style.margin_top

    @property
    def bottom(self) -> float:
        return self.style.margin_bottom

    # text ----------------------------------------------------------------------------------------
    def paragraph(
        self, text: str, *, size: float | None = None, indent: bool = True, center: bool = False
    ) -> None:
        s, c = self.style, self.canvas
        size = size or s.body_size
        leading = size * 1.6
        width = s.page_width - 2 * s.margin_x
        first_indent = 2 * size if indent and not center else 0.0
        lines = wrap(text, width - first_indent, size)
        if len(lines) > 1:  # rewrap the rest at full width
            rest = wrap(text[len(lines[0]) :].lstrip(), width, size)
            lines = [lines[0], *rest]
        for i, line in enumerate(lines):
            if self.y - leading < self.bottom:
                self.new_page()
            self.y -= leading
            c.setFont(_font(), size)
            if center:
                c.drawCentredString(s.page_width / 2, self.y, line)
            else:
                c.drawString(s.margin_x + (first_indent if i == 0 else 0.0), self.y, line)
        self.y -= size * 0.4

    # tables --------------------------------------------------------------------------------------
    def table(self, table: Table, index: int) -> None:
        s = self.style
        size, pad = s.table_size, s.cell_pad
        leading = size * 1.35
        grid = table.rows
        nrows, ncols = len(grid), len(grid[0])
        cells = unique_cells(table)
        avail = s.page_width - 2 * s.margin_x
        natural = [26.0] * ncols
        for cell in cells:
            if cell.colspan == 1:
                natural[cell.col] = max(natural[cell.col], min(_width(cell.text, size), 110.0) + 2 * pad + 1)
        total = sum(natural)
        widths = [w * avail / total for w in natural]
        xs = [s.margin_x]
        for w in widths:
            xs.append(xs[-1] + w)

        def span_width(cell: Cell) -> float:
            return xs[cell.col + cell.colspan] - xs[cell.col]

        lines_of = {id(cell): cell_lines(cell.text, span_width(cell) - 2 * pad, size) for cell in cells}
        forced = set(s.break_before.get(index, []))
        split = s.split_row.get(index)
        if split is not None:
            grid, cells, lines_of = _split_row(grid, split, lines_of)
            nrows = len(grid)
            forced.add(split + 1)
        heights = [leading + 2 * pad] * nrows
        for cell in cells:
            if cell.rowspan == 1:
                heights[cell.row] = max(heights[cell.row], len(lines_of[id(cell)]) * leading + 2 * pad)
        for cell in cells:
            if cell.rowspan > 1:
                need = len(lines_of[id(cell)]) * leading + 2 * pad
                have = sum(heights[cell.row : cell.row + cell.rowspan])
                if need > have:
                    heights[cell.row + cell.rowspan - 1] += need - have

        header_rows = next(
            (r for r, row in enumerate(grid) if any(c is not None and _NUMERIC.match(c.text) for c in row)), 0
        )
        header_rows = header_rows if header_rows <= 4 else 0
        # a word processor keeps the header rows with the first row of data and moves them to the next
        # page together when they do not fit (they never run past the bottom margin, over the footer)
        opening = sum(heights[: header_rows + 1])
        top_of_page = s.page_height - s.margin_top
        if (
            not s.header_past_margin
            and self.y - 4 - opening < self.bottom
            and self.y < top_of_page
            and opening <= top_of_page - self.bottom
        ):
            self.new_page()
        # place rows onto pages: a list of (page rows, row tops)
        pages: list[list[int]] = [[]]
        tops: list[dict[int, float]] = [{}]
        y = self.y - 4
        r = 0
        while r < nrows:
            fits = y - heights[r] >= self.bottom
            if (not fits or r in forced) and pages[-1] and any(x >= header_rows for x in pages[-1]):
                pages.append([])
                tops.append({})
                y = s.page_height - s.margin_top
                if s.repeat_header and header_rows and r >= header_rows:
                    for h in range(header_rows):
                        pages[-1].append(h)
                        tops[-1][h] = y
                        y -= heights[h]
            pages[-1].append(r)
            tops[-1][r] = y
            y -= heights[r]
            r += 1
        for p, rows_here in enumerate(pages):
            if p > 0:
                self.new_page()
            self._draw_table_page(grid, cells, rows_here, tops[p], heights, xs, lines_of, size, leading, pad)
            last = rows_here[-1]
            self.y = tops[p][last] - heights[last] - size

    def _draw_table_page(
        self, grid, cells, rows_here, tops, heights, xs, lines_of, size, leading, pad
    ) -> None:
        c = self.canvas
        here = set(rows_here)
        if self.style.ruled and self.style.rule_style == "three-line":
            # 三线表: a rule above the table, one under the header rows, one below the table
            first, last = rows_here[0], rows_here[-1]
            header_end = next(
                (r for r in rows_here if any(x is not None and _NUMERIC.match(x.text) for x in grid[r])),
                first,
            )
            c.setLineWidth(0.75)
            for y in (tops[first], tops[header_end], tops[last] - heights[last]):
                c.line(xs[0], y, xs[-1], y)
        for cell in cells:
            rows = [r for r in range(cell.row, cell.row + cell.rowspan) if r in here]
            if not rows:
                continue
            top = tops[rows[0]]
            bottom = tops[rows[-1]] - heights[rows[-1]]
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            if self.style.ruled and self.style.rule_style != "three-line":
                self._box(x0, bottom, x1, top)
            # a merged cell split by a page break prints its text on its first part only
            if cell.row in here and cell.row == rows[0]:
                lines = lines_of[id(cell)]
                block = len(lines) * leading
                ty = (top + bottom) / 2 + block / 2
                c.setFont(_font(), size)
                for i, line in enumerate(lines):
                    base = ty - (i + 1) * leading + (leading - size) / 2 + size * 0.12
                    c.drawCentredString((x0 + x1) / 2, base, line)

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        c = self.canvas
        if self.style.rule_style == "rect":
            t = 0.5
            c.setFillGray(0)
            for rx, ry, rw, rh in (
                (x0, y0, x1 - x0, t),
                (x0, y1 - t, x1 - x0, t),
                (x0, y0, t, y1 - y0),
                (x1 - t, y0, t, y1 - y0),
            ):
                c.rect(rx, ry, rw, rh, stroke=0, fill=1)
        else:
            c.setLineWidth(0.75)
            c.line(x0, y0, x1, y0)
            c.line(x0, y1, x1, y1)
            c.line(x0, y0, x0, y1)
            c.line(x1, y0, x1, y1)

    # document ------------------------------------------------------------------------------------
    def build(self, doc: Document) -> bytes:
        if doc.title:
            self.paragraph(doc.title, size=self.style.title_size, center=True)
        for i, block in enumerate(doc.blocks):
            if isinstance(block, Paragraph):
                self.paragraph(block.text)
            else:
                self.table(block, block.index if block.index >= 0 else i)
        self._furniture()
        self.canvas.showPage()
        self.canvas.save()
        return self.buf.getvalue()


def _split_row(
    grid: list[list[Cell | None]], r: int, lines_of: dict[int, list[str]]
) -> tuple[list[list[Cell | None]], list[Cell], dict[int, list[str]]]:
    """Row ``r`` as two rows: labels' first half of lines and every value above, the rest below.
    Works on copies: the ``Document`` rendered is not touched."""
    copies: dict[int, Cell] = {}
    lines: dict[int, list[str]] = {}

    def copy(c: Cell) -> Cell:
        if id(c) not in copies:
            new = Cell(c.text, c.row, c.col, c.rowspan, c.colspan)
            copies[id(c)] = new
            lines[id(new)] = lines_of[id(c)]
        return copies[id(c)]

    out: list[list[Cell | None]] = []
    halves: dict[int, tuple[Cell, Cell]] = {}
    for i, row in enumerate(grid):
        if i != r:
            out.append([copy(c) if c is not None else None for c in row])
            continue
        top: list[Cell | None] = []
        bottom: list[Cell | None] = []
        for c in row:
            assert c is not None
            if c.rowspan > 1:  # a merged cell over the row simply grows by one row
                top.append(copy(c))
                bottom.append(copy(c))
                continue
            if id(c) not in halves:
                parts = lines_of[id(c)]
                k = len(parts) if _NUMERIC.match(c.text) else (len(parts) + 1) // 2
                first, rest = (
                    Cell("".join(parts[:k]), r, c.col, 1, c.colspan),
                    Cell("".join(parts[k:]), r, c.col),
                )
                rest.colspan = c.colspan
                lines[id(first)], lines[id(rest)] = parts[:k], parts[k:]
                halves[id(c)] = (first, rest)
            top.append(halves[id(c)][0])
            bottom.append(halves[id(c)][1])
        out += [top, bottom]
    cells: list[Cell] = []
    for i, row in enumerate(out):
        for c in row:
            if c is not None and all(c is not x for x in cells):
                c.row = i
                c.rowspan = sum(1 for other in out if any(x is c for x in other))
                cells.append(c)
    return out, cells, lines


def join_text_cjk(parts: list[str]) -> str:
    return "".join(parts)


def build_pdf(doc: Document, *, font: str | None = None, **style: object) -> bytes:
    """``font``: a registered font name to set everything in (default: the CID font STSong-Light)."""
    _font()
    _CURRENT[0] = font or FONT
    try:
        return PdfBuilder(PdfStyle(**style)).build(doc)  # type: ignore[arg-type]
    finally:
        _CURRENT[0] = FONT


def section3_break_rows(doc: Document, at_label: str = "4.保护第三方合法权益") -> dict[int, list[int]]:
    """Force the section-三 table onto a second page at the row whose leaf label is ``at_label``
    (inside the （三）不予公开 group, so two merged label cells continue across the break)."""
    for t in doc.tables:
        for r, row in enumerate(t.rows):
            if row and row[-1] is not None and any(c is not None and c.text == at_label for c in row):
                return {t.index: [r]}
    raise AssertionError(f"no row labelled {at_label}")


def build_image_only_pdf(pages: int = 2) -> bytes:
    """A scan: each page is one picture of grey text-like bars, and no text at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, 841.89))
    for p in range(pages):
        img = Image.new("L", (620, 877), 255)
        draw = ImageDraw.Draw(img)
        for i in range(30):
            y = 60 + i * 25
            draw.rectangle((70, y, 70 + 400 + (i * 37 + p * 11) % 80, y + 10), fill=40)
        reader = ImageReader(img)
        c.drawImage(reader, 0, 0, width=595.28, height=841.89)
        c.showPage()
    c.save()
    return buf.getvalue()


def break_text_mapping(pdf: bytes) -> bytes:
    """Rewrite the CID font's encoding to Identity-H: glyph codes without a Unicode map (offsets kept)."""
    old, new = b"/UniGB-UCS2-H", b"/Identity-H  "
    assert old in pdf, "the PDF does not use the UniGB-UCS2-H CMap"
    return pdf.replace(old, new)


def damaged_pdf(doc: Document, page: int = 3) -> bytes:
    """A PDF of ``doc`` (the section-三 table broken across pages 2 and 3) whose content stream for
    ``page`` is damaged mid-way, as a bad download or a careless archive leaves it: pdfminer inflates
    what it can of the stream ("Data-loss while decompressing corrupted data") and the rest of that
    page, with the table's second part, is lost. Streams are written as plain Flate (reportlab wraps
    them in ASCII85 by default, where a damaged byte fails the whole file instead)."""
    from reportlab import rl_config

    use_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        pdf = build_pdf(doc, break_before=section3_break_rows(doc))
    finally:
        rl_config.useA85 = use_a85
    contents = [
        m
        for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S)
        if b"FlateDecode" in pdf[max(0, m.start() - 200) : m.start()]
    ]
    body = contents[page - 1]
    middle = (body.start(1) + body.end(1)) // 2
    damaged = bytearray(pdf)
    for i in range(middle, middle + 4):
        damaged[i] ^= 0x55
    return bytes(damaged)


def long_document(doc: Document, copies: int) -> Document:
    """``copies`` repetitions of a report's blocks (for page-count benchmarks)."""
    blocks = []
    for _ in range(copies):
        blocks.extend(doc.blocks)
    return Document(blocks=blocks, title=doc.title)


# --------------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------------


def build_docx(doc: Document, *, header_text: str | None = "政府信息公开工作年度报告") -> bytes:
    """Render a ``Document`` as DOCX; spanning cells become real merges (gridSpan / vMerge)."""
    import docx
    from docx.shared import Pt

    out = docx.Document()
    if header_text:
        out.sections[0].header.paragraphs[0].text = header_text
    if doc.title:
        out.add_heading(doc.title, level=1)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.add_paragraph(block.text)
            continue
        grid = block.rows
        table = out.add_table(rows=len(grid), cols=len(grid[0]))
        table.style = "Table Grid"
        # python-docx's table.cell() rescans the table on every call: take every cell once, up front
        # (merging one region never touches another region's cells)
        slots = [list(row.cells) for row in table.rows]
        for cell in unique_cells(block):
            target = slots[cell.row][cell.col]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(slots[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
            # headers like "商业 企业" were two lines in the HTML (<br>): keep them as two paragraphs
            parts = cell.text.split(" ") if not _NUMERIC.match(cell.text.replace(" ", "")) else [cell.text]
            target.text = parts[0]
            for part in parts[1:]:
                target.add_paragraph(part)
            for para in target.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# Small hand-made pages for the traps
# --------------------------------------------------------------------------------------------------


@dataclass
class Text:
    x: float  # left edge, points from the page's left
    y: float  # baseline, points from the page's top
    text: str
    size: float = 9.0
    char_space: float = 0.0
    font: str = FONT


def build_page(
    texts: list[Text],
    *,
    v_rules: list[tuple[float, float, float]] = (),  # (x, top, bottom)
    h_rules: list[tuple[float, float, float]] = (),  # (y, left, right)
    height: float = 841.89,
) -> bytes:
    """One page with text placed exactly where a test wants it (e.g. a number across a rule)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, height))
    c.setLineWidth(0.75)
    for x, top, bottom in v_rules:
        c.line(x, height - top, x, height - bottom)
    for y, left, right in h_rules:
        c.line(left, height - y, right, height - y)
    for t in texts:
        if t.font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(t.font))
        obj = c.beginText(t.x, height - t.y)
        obj.setFont(t.font, t.size)
        obj.setCharSpace(t.char_space)
        obj.textOut(t.text)
        c.drawText(obj)
    c.showPage()
    c.save()
    return buf.getvalue()


def grid_rules(xs: list[float], ys: list[float]) -> dict[str, list[tuple[float, float, float]]]:
    """Full rules of a plain grid (column edges ``xs``, row edges ``ys``, from the page's top)."""
    return {
        "v_rules": [(x, ys[0], ys[-1]) for x in xs],
        "h_rules": [(y, xs[0], xs[-1]) for y in ys],
    }


def build_pdf_with_note(doc: Document, note: str, font: str = "MSung-Light") -> bytes:
    """The report followed by a note set in another CID font. reportlab writes MSung-Light (an
    Adobe-CNS1 font) with a GB code map, so a reader decodes that note to garbage: one broken font in
    an otherwise good file."""
    builder = PdfBuilder(PdfStyle())
    builder_doc = Document(blocks=list(doc.blocks), title=doc.title)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    if builder_doc.title:
        builder.paragraph(builder_doc.title, size=builder.style.title_size, center=True)
    for i, block in enumerate(builder_doc.blocks):
        if isinstance(block, Paragraph):
            builder.paragraph(block.text)
        else:
            builder.table(block, block.index if block.index >= 0 else i)
    c = builder.canvas
    builder.y -= 30
    c.setFont(font, 10)
    c.drawString(builder.style.margin_x, builder.y, note)
    builder._furniture()
    c.showPage()
    c.save()
    return builder.buf.getvalue()


def text_as_pdf(text: str, *, wrap: int = 90, width: float | None = None) -> bytes:
    """Each line of ``text`` drawn as a line of a PDF page, lines longer than ``wrap`` characters
    (or, given ``width``, wider than that many points) wrapped at a space, else where they reach it,
    as a print of the text file would."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for line in text.splitlines():
        while True:
            limit = wrap if width is None else _fitting(line, width)
            cut = line.rfind(" ", 0, limit) if len(line) > limit else len(line)
            cut = cut if cut > 0 else min(limit, len(line))
            chunk, line = line[:cut], line[cut:].lstrip(" ")
            page.setFont(font, 9)
            page.drawString(30, y, chunk)
            y -= 12
            if y < 40:
                page.showPage()
                y = 800
            if not line:
                break
    page.save()
    return buf.getvalue()
