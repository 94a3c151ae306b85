"""PDF → ``Document``: text in reading order, ruled and borderless tables as cell grids.

What happens, page by page (``readers.py`` gives characters with their boxes, the rules drawn and
the number of pictures; pdfminer through pdfplumber by default, PDFium on request):

1. Characters whose font does not decode to real text (no ``/ToUnicode`` map, glyph ids read as
   codes) are replaced by U+FFFD, and a document that is mostly such garbage is refused
   (``BrokenTextError``); one with no text at all is a scan (``ImageOnlyError``).
2. Ruled tables are found from the rules (``ruled.py``): merged cells become one ``Cell`` placed in
   every slot it covers, as HTML rowspan/colspan do.
3. The remaining characters form lines. Page headers, footers and page numbers ("- 3 -", "第3页",
   text repeated at the same place on most pages) are removed.
4. Runs of lines whose numbers line up in columns become borderless tables (``borderless.py``).
5. Lines become paragraphs (indentation, short last lines and vertical gaps end a paragraph; a
   paragraph may continue on the next page), and a table that ends one page and starts the next is
   joined into one grid (a repeated header is dropped; merged label cells continue).

Cells are ``PdfCell`` (a ``Cell`` with ``page``, ``bbox`` and ``note``) and paragraphs
``PdfParagraph`` (with ``page``), so evidence can name the page of every value.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ...template import ITEM_NUMBER
from ..document import Cell, Document, PageSignals, Paragraph, Table
from ..numbers import fold
from .borderless import find_borderless
from .cells import PdfCell, PdfParagraph
from .errors import BrokenTextError, DamagedFileError, ImageOnlyError
from .geometry import REPLACEMENT, Char, Line, group_lines, join_text
from .quality import text_quality
from .readers import Engine, PdfiumUnreliable, read_pdf
from .ruled import Rule, RuledTable, fill_table, find_tables

# a page number by its words (第3页, 3/12, page 3); a bare number (5, — 5 —) is one only in sequence
_WORDED_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.I,
)
_NUMERIC_CELL = re.compile(r"^[+\-－—]{0,2}\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|%)?$")
_ORDINAL = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]")
_BARE_NUMBER = re.compile(r"^[-—–－‐一_~·•\s]*(?P<n>\d{1,4})[-—–－‐一_~·•\s]*$")
_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
FURNITURE_ZONE = 0.1  # fraction of the page height at the top and at the bottom
_RUNNING_DRIFT = 6.0  # points a running header or footer may move from page to page


@dataclass
class _Page:
    number: int
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]
    images: int
    lines: list[Line] = field(default_factory=list)
    tables: list[tuple[RuledTable, Table]] = field(default_factory=list)
    borderless: list[tuple[Table, list[float]]] = field(default_factory=list)


def pdf_to_document(
    data: bytes, *, password: str | None = None, engine: Engine | Literal["auto"] = "pdfplumber"
) -> Document:
    """Read a PDF's text and tables into a ``Document``.

    ``engine`` picks the reader of characters and rules. ``"pdfplumber"`` (pdfminer; the default)
    places glyphs by the PDF's own width tables. ``"pdfium"`` is about ten times faster but measures
    glyphs with the fonts it can load: with a CJK font neither embedded nor installed it drops
    characters, and with a subset font missing glyphs it shifts them (both seen in the tests), so it
    is not the default. ``"auto"`` reads with PDFium unless a page holds text PDFium could not
    measure. ``meta["pdf_engine"]`` says which engine read the file.

    Raises ``ImageOnlyError`` for a PDF without a text layer, ``BrokenTextError`` when most of its
    text does not decode to real characters, and ``DamagedFileError`` when it cannot be opened.
    """
    used: str = engine
    if engine == "auto":
        try:
            read, meta = read_pdf(data, "pdfium", password, strict=True)
            used = "pdfium"
        except (DamagedFileError, PdfiumUnreliable):
            used = "pdfplumber"
            read, meta = read_pdf(data, "pdfplumber", password)
    else:
        read, meta = read_pdf(data, engine, password)
    meta["pdf_engine"] = used
    pages = [_Page(p.number, p.width, p.height, p.chars, p.rules, p.images) for p in read]
    meta = {"format": "pdf", **meta, "pages": str(len(pages))}
    _check_text_layer(pages, meta)
    for page in pages:
        _layout_page(page)
    _remove_furniture(pages)
    printed = _printed_text_lines(pages)
    carry = None
    for page in pages:
        page.borderless, page.lines, carry = find_borderless(page.lines, page.number, carry)
    doc = _assemble(pages)
    doc.meta.update(meta)
    if printed is not None:
        doc.lines, doc.meta["printed_text"] = printed, "yes"
    else:
        doc.lines = [fold(line.text) for page in pages for line in page.lines]
    return doc


# A plain text file printed to PDF: (nearly) every line starts at one left edge in one type size, and
# no ruled table. A report's own PDF indents its paragraphs, centres its title in a larger size and
# rules its tables.
_PRINTED_SHARE = 0.95
# The printer cut lines at a fixed number of characters: at least this many lines are exactly as long
# as the longest, and that length is a page's width of text, not a short text's longest line.
_PRINTED_CUTS = 3
_PRINTED_WIDTH = 40
_FULL_LINE = 0.8  # of the page's width: where a line the printer cut ends, at the least


def _printed_text_lines(pages: list[_Page]) -> list[str] | None:
    """The lines of a plain text file printed to PDF, as the file had them. ``None`` for any other PDF.

    The printer cut lines longer than its width (a number of characters, or of points), and the
    cuts are undone where they are certain: a line without a space (a printer cuts at a space where
    the line has one) that fills the width — as many characters as the longest line, or reaching
    within a character of the right edge the longest lines reach — was cut inside a word, and runs
    on into the next with nothing between. A report saved on one line (its headings run on inside
    the lines) was cut at spaces too: there a line runs on into the next with a space where the next
    line's first word could not have fitted on it."""
    if any(page.tables for page in pages):
        return None
    lines = [ln for page in pages for ln in sorted(page.lines, key=lambda ln: ln.top)]
    if not lines:
        return None
    need = _PRINTED_SHARE * len(lines)
    if Counter(round(ln.x0) for ln in lines).most_common(1)[0][1] < need:
        return None
    if Counter(round(ln.size) for ln in lines).most_common(1)[0][1] < need:
        return None
    texts = [ln.text for ln in lines]
    count = max(map(len, texts))
    right = max(ln.x1 for ln in lines)
    # a line the printer cut fills the page's width: a text whose own lines are all as long as each
    # other (a converter's copy of a justified page) ends them well short of it
    width = {page.number: page.width for page in pages}
    full = [ln.x1 >= _FULL_LINE * width[ln.page] and " " not in ln.text for ln in lines]
    by_count = [f and len(text) == count for f, text in zip(full, texts, strict=True)]
    by_width = [f and ln.x1 >= right - ln.size for f, ln in zip(full, lines, strict=True)]
    cut = [False] * len(lines)
    if count >= _PRINTED_WIDTH and sum(by_count) >= _PRINTED_CUTS:
        cut = by_count
    if sum(by_width) >= _PRINTED_CUTS:
        cut = [a or b for a, b in zip(cut, by_width, strict=True)]
    cut = _not_at_cells(texts, cut)
    joined = _join_cuts(texts, cut, [False] * len(texts)) if any(cut) else texts
    if sum(len(_INLINE_SECTION.findall(text)) for text in joined) >= _ONE_LINE_HEADINGS:
        # every break in a report saved on one line is the printer's: a line without a space that
        # reaches the right edge the longest lines reach was cut inside a word, however narrow the
        # printer's width was against the page's
        narrow = _not_at_cells(texts, [" " not in ln.text and ln.x1 >= right - ln.size for ln in lines])
        if sum(narrow) >= _PRINTED_CUTS:
            cut = [a or b for a, b in zip(cut, narrow, strict=True)]
        wrapped = [
            not cut[i] and i + 1 < len(lines) and _next_word_did_not_fit(lines[i], lines[i + 1], count, right)
            for i in range(len(lines))
        ]
        joined = _join_cuts(texts, cut, wrapped)
    return [fold(text) for text in joined]


def _not_at_cells(texts: list[str], cut: list[bool]) -> list[bool]:
    """``cut`` without the lines at a cell's edge: a line that ends a cell (`…|申请人情况|`), or one
    before a line that opens one, may end where the page does by chance; joined to the next, a
    header's cells would shift every column after them."""
    return [
        c and not texts[i].endswith("|") and not (i + 1 < len(texts) and texts[i + 1].startswith("|"))
        for i, c in enumerate(cut)
    ]


# A report saved on one line: the text, its cuts undone, runs on into at least this many of the
# template's section headings (a list of measures "：一、…。二、…" in a sentence is no such thing)
_ONE_LINE_HEADINGS = 2
_INLINE_SECTION = re.compile(
    r"[。；;）)\d]\s*[一二三四五六]、\s*(?:总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)"
)


def _next_word_did_not_fit(line: Line, following: Line, count: int, right: float) -> bool:
    """Would ``following``'s first word, after a space, have run past the printer's width on
    ``line`` — counted in characters, or measured in points?"""
    space = following.text.find(" ")
    word = len(following.text) if space < 0 else space
    if len(line.text) + 1 + word >= count:
        return True
    word_end = next((c.x0 for c in following.chars if c.space and c.x0 > following.x0), following.x1)
    return line.x1 + 0.25 * line.size + (word_end - following.x0) > right


def _join_cuts(texts: list[str], cut: list[bool], wrapped: list[bool]) -> list[str]:
    out: list[str] = []
    glue: str | None = None
    for i, text in enumerate(texts):
        if glue is not None and out:
            out[-1] += glue + text
        else:
            out.append(text)
        glue = "" if cut[i] else " " if wrapped[i] else None
    return out


# --------------------------------------------------------------------------------------------------
# Reading pages
# --------------------------------------------------------------------------------------------------


def _check_text_layer(pages: list[_Page], meta: dict[str, str]) -> None:
    """Refuse scans and garbage text; replace the glyphs of fonts that decode to garbage."""
    ink = [c for p in pages for c in p.chars if not c.space]
    with_images = [p.number for p in pages if p.images]
    if not ink or (len(ink) < 5 * len(pages) and with_images):
        if with_images:
            raise ImageOnlyError(
                f"no text layer: {len(pages)} page(s) hold only images (a scan); numbers are not read from images",
                format="pdf",
                pages=with_images,
            )
        raise ImageOnlyError(
            f"no text layer: {len(pages)} page(s) without characters (text drawn as outlines or images)",
            format="pdf",
            pages=[p.number for p in pages],
        )
    by_font: dict[str, list[Char]] = {}
    for c in ink:
        by_font.setdefault(c.font, []).append(c)
    broken_fonts = []
    for font, chars in by_font.items():
        q = text_quality("".join(c.text for c in chars))
        if q.broken:
            broken_fonts.append((font, q))
    bad = sum(len(by_font[f]) for f, _ in broken_fonts) + sum(1 for c in ink if c.text == REPLACEMENT)
    overall = text_quality("".join(c.text for c in ink))
    if bad * 2 >= len(ink) or overall.broken:
        pages_hit = sorted(
            {p.number for p in pages for c in p.chars if c.font in {f for f, _ in broken_fonts}}
        )
        detail = "; ".join(f"font {f or '?'}: {q.describe()}" for f, q in broken_fonts) or overall.describe()
        raise BrokenTextError(
            "the text layer does not decode to real text (a font without a usable /ToUnicode map): " + detail,
            format="pdf",
            pages=pages_hit or [p.number for p in pages],
        )
    if broken_fonts:
        names = {f for f, _ in broken_fonts}
        meta["broken_fonts"] = ", ".join(sorted(names))
        hit = set()
        for p in pages:
            for c in p.chars:
                if c.font in names and not c.space:
                    c.text = REPLACEMENT
                    hit.add(p.number)
        meta["broken_text_pages"] = ",".join(str(n) for n in sorted(hit))
    image_pages = [p.number for p in pages if p.images and sum(1 for c in p.chars if not c.space) < 5]
    if image_pages:
        meta["image_only_pages"] = ",".join(str(n) for n in image_pages)


def _layout_page(page: _Page) -> None:
    chars = page.chars
    for ruled in find_tables(page.rules):
        if len(ruled.xs) < 3:
            continue  # one column: a box around text (a frame, a note), not a table
        rest = fill_table(ruled, chars)
        if len(rest) == len(chars):
            continue  # nothing printed in it: a drawing, a signature line
        chars = rest
        page.tables.append((ruled, _to_table(ruled, page.number)))
    page.lines = group_lines(chars, page.number)
    page.chars = []
    page.rules = []


def _to_table(ruled: RuledTable, page: int) -> Table:
    made: dict[int, PdfCell] = {}
    rows: list[list[Cell | None]] = []
    for row in ruled.grid:
        out: list[Cell | None] = []
        for g in row:
            cell = made.get(id(g))
            if cell is None:
                cell = PdfCell(
                    fold(g.text), g.row, g.col, g.rowspan, g.colspan, page=page, bbox=g.bbox, note=g.note
                )
                made[id(g)] = cell
            out.append(cell)
        rows.append(out)
    return Table(index=-1, rows=rows, origin="pdf", page=page)


@dataclass
class _Columns:
    """Column positions of the tables being assembled (rules; value-column centres if borderless)."""

    xs: dict[int, list[float]] = field(default_factory=dict)
    borderless: set[int] = field(default_factory=set)


# --------------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _remove_furniture(pages: list[_Page]) -> None:
    """Drop page numbers in the top/bottom zone, and text repeated there on most pages.

    A bare number ("5", "— 5 —") is a page number only where the pages' bare numbers go up with the
    pages (the same offset from the page's place on most of them): a text dump printed one cell per
    line has cells ("0", "|") at every page's edge, and they are the table's, not the page's."""
    zone_lines: dict[int, list[Line]] = {}
    # where each text stands in the zones, once per page: a running header or footer is printed at
    # one place on every page, a table's header repeated over several tables is not
    places: dict[str, dict[int, float]] = {}
    for p in pages:
        zl = [
            ln
            for ln in p.lines
            if ln.bottom <= p.height * FURNITURE_ZONE or ln.top >= p.height * (1 - FURNITURE_ZONE)
        ]
        zone_lines[p.number] = zl
        for ln in zl:
            places.setdefault(_furniture_key(ln.text), {}).setdefault(p.number, ln.top)
    need = max(2, (len(pages) + 1) // 2)
    running = {
        key
        for key, tops in places.items()
        if len(tops) >= need and max(tops.values()) - min(tops.values()) <= _RUNNING_DRIFT
    }
    page_numbers = _page_number_lines(pages, zone_lines, need)
    for p in pages:
        drop = set()
        for ln in zone_lines[p.number]:
            text = ln.text.strip()
            if id(ln) in page_numbers or _WORDED_PAGE_NUMBER.match(text):
                drop.add(id(ln))
            elif (
                len(pages) >= 2
                and _furniture_key(text) in running
                and _WORDS.search(text)
                and "|" not in text
            ):
                # (a text dump's table header, cells between pipes, may open two pages alike)
                drop.add(id(ln))  # a running header or footer (a title, the body's name)
        if drop:
            p.lines = [ln for ln in p.lines if id(ln) not in drop]


def _page_number_lines(pages: list[_Page], zone_lines: dict[int, list[Line]], need: int) -> set[int]:
    """The bare numbers of the top/bottom zones that number the pages: each the page's place plus
    one offset, the offset most pages share (a single page: its number is 1)."""
    candidates: list[tuple[int, int, Line]] = []  # (place, number, line)
    for place, p in enumerate(pages):
        for ln in zone_lines[p.number]:
            m = _BARE_NUMBER.match(ln.text.strip())
            if m is not None and int(m.group("n")) >= 1:  # no page is numbered 0: a table's cell is
                candidates.append((place, int(m.group("n")), ln))
    # each page counts once for an offset, however many of its lines give it
    offsets = Counter(offset for _, offset in {(place, number - place) for place, number, _ in candidates})
    if not offsets:
        return set()
    offset, pages_with_it = offsets.most_common(1)[0]
    if len(pages) == 1:
        offset, pages_with_it = 1, need
    if pages_with_it < need:
        return set()
    return {id(ln) for place, number, ln in candidates if number - place == offset}


# --------------------------------------------------------------------------------------------------
# Assembly: paragraphs, tables, joins across pages
# --------------------------------------------------------------------------------------------------


@dataclass
class _Item:
    page: int
    top: float
    line: Line | None = None
    table: Table | None = None
    bottom: float = 0.0


def _assemble(pages: list[_Page]) -> Document:
    items: list[_Item] = []
    cols = _Columns()
    for p in pages:
        page_items = [_Item(p.number, ln.top, line=ln, bottom=ln.bottom) for ln in p.lines]
        for r, t in p.tables:
            cols.xs[id(t)] = list(r.xs)
            page_items.append(_Item(p.number, r.top, table=t, bottom=r.bottom))
        for t, centres in p.borderless:
            cols.xs[id(t)] = centres
            cols.borderless.add(id(t))
            page_items.append(_Item(p.number, _table_top(t), table=t, bottom=0.0))
        page_items.sort(key=lambda it: it.top)
        items.extend(page_items)
    left, right = _body_edges([it.line for it in items if it.line is not None])
    blocks: list[Paragraph | Table] = []
    para: list[Line] = []
    sizes: Counter[float] = Counter()

    def flush() -> None:
        if para:
            text = fold(join_text([ln.text for ln in para]))
            if text:
                blocks.append(PdfParagraph(text, page=para[0].page))
            para.clear()

    prev_item: _Item | None = None
    for it in items:
        if it.table is not None:
            flush()
            last = blocks[-1] if blocks else None
            if (
                isinstance(last, Table)
                and prev_item is not None
                and prev_item.table is last
                and it.page == prev_item.page + 1
                and it.table.origin == last.origin
            ):
                joined = (
                    _join_borderless(last, it.table, cols)
                    if id(last) in cols.borderless and id(it.table) in cols.borderless
                    else None
                    if id(last) in cols.borderless or id(it.table) in cols.borderless
                    else _join_tables(last, it.table, cols)
                )
                if joined is not None:
                    blocks[-1] = joined
                    prev_item = _Item(it.page, it.top, table=joined, bottom=it.bottom)
                    continue
            blocks.append(it.table)
            prev_item = it
            continue
        ln = it.line
        assert ln is not None
        sizes[round(ln.size)] += len(ln.text)
        if para and _breaks(para[-1], ln, left, right):
            flush()
        para.append(ln)
        prev_item = it
    flush()
    for i, t in enumerate(b for b in blocks if isinstance(b, Table)):
        t.index = i
    doc = Document(blocks=blocks, signals=PageSignals(markup=False))
    doc.title = _title(pages, blocks, sizes)
    doc.signals.body_text_chars = sum(len(b.text) for b in blocks if isinstance(b, Paragraph)) + sum(
        len(t.all_text()) for t in blocks if isinstance(t, Table)
    )
    return doc


def _table_top(t: Table) -> float:
    tops = [c.bbox[1] for row in t.rows for c in row if isinstance(c, PdfCell) and c.bbox]
    return min(tops) if tops else 0.0


def _body_edges(lines: list[Line]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    lefts = Counter(round(ln.x0) for ln in lines)
    left = float(lefts.most_common(1)[0][0])
    rights = sorted(ln.x1 for ln in lines)
    right = rights[int(len(rights) * 0.9)]
    return left, right


def _breaks(prev: Line, ln: Line, left: float, right: float) -> bool:
    """Does ``ln`` start a new paragraph after ``prev``?"""
    size = max(prev.size, ln.size, 1.0)
    if abs(prev.size - ln.size) > 1.0:
        return True
    if ln.x0 > left + 0.9 * size:  # indented first line, or centred text
        return True
    if prev.x1 < right - 1.5 * size and not _runs_on(prev, ln, left, right):
        return True  # the previous line stopped short: its paragraph ended
    if prev.x0 > left + 4 * size:  # the previous line was centred (a title)
        return True
    if ln.page == prev.page and ln.top - prev.bottom > 1.2 * size:
        return True
    return False


# What opens a new paragraph: a heading's or an item's number (一、 （一） 1. 第一).
_OPENS_ITEM = re.compile(rf"\s*(?:{ITEM_NUMBER}|第[一二三四五六七八九十]+)")


def _runs_on(prev: Line, ln: Line, left: float, right: float) -> bool:
    """A long line stopping mid-sentence ("…受理依申请公开57件,结转上") runs on into the next,
    although it stops short of the right edge: a line of wide and narrow characters wraps short of it
    by more than a character. Never before a heading's or an item's number, never after a short line."""
    text, following = prev.text, ln.text
    return (
        bool(text and following)
        # cut inside a word ("结转上" / "年1件"): never beside a number, which may end a cell
        and "\u4e00" <= text[-1] <= "\u9fff"
        and "\u4e00" <= following[0] <= "\u9fff"
        # prose, not a table's cells printed as text (cells stand apart with spaces)
        and any(mark in text for mark in _PROSE_MARKS)
        and text.count(" ") + following.count(" ") <= _PROSE_SPACES
        # a report saved on one line and printed wrapped: its headings run inside the lines, and the
        # reader breaks that text back at them line by line
        and _INLINE_HEADING.search(text) is None
        and _INLINE_HEADING.search(following) is None
        and prev.x1 >= left + 0.75 * (right - left)
        and _OPENS_ITEM.match(following) is None
    )


_PROSE_MARKS = ("，", ",", "。", "；")
_PROSE_SPACES = 2
_INLINE_HEADING = re.compile(r"[。；;）)]\s*[一二三四五六七八九十]{1,2}、")


def _title(pages: list[_Page], blocks: list[Paragraph | Table], sizes: Counter[float]) -> str | None:
    body = sizes.most_common(1)[0][0] if sizes else 0
    if not pages:
        return None
    first = [b for b in blocks[:8] if isinstance(b, PdfParagraph) and b.page == pages[0].number]
    big = [ln for ln in pages[0].lines if round(ln.size) > body]
    if big:
        top_size = max(ln.size for ln in big)
        title_lines = [ln for ln in big if abs(ln.size - top_size) < 0.5]
        text = fold(join_text([ln.text for ln in sorted(title_lines, key=lambda ln: ln.top)]))
        if text:
            return text
    for b in first:
        if re.search(r"(年度报告|年报)", b.text) and len(b.text) <= 80:
            return b.text
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _join_tables(a: Table, b: Table, cols: _Columns) -> Table | None:
    """``b`` continues ``a`` on the next page: same columns. Drop a repeated header; a merged label
    cell cut by the page break (an empty box at the top of ``b``) continues ``a``'s cell."""
    if not a.rows or not b.rows:
        return None
    xa, xb = cols.xs.get(id(a)), cols.xs.get(id(b))
    if xa and xb:
        # The same table's columns: equal rule positions, or one side's rules a subset of the other's
        # (a continuation whose rows all span some columns draws fewer column rules).
        if abs(xa[0] - xb[0]) > 3.0 or abs(xa[-1] - xb[-1]) > 3.0:
            return None
        in_a = all(any(abs(x - y) <= 3.0 for y in xa) for x in xb)
        in_b = all(any(abs(x - y) <= 3.0 for y in xb) for x in xa)
        if not (in_a or in_b):
            return None
        if in_a and len(xb) < len(xa):
            _regrid(b, xb, xa)
        elif in_b and len(xa) < len(xb):
            _regrid(a, xa, xb)
            xa = xb
    width = len(a.rows[0])
    if len(b.rows[0]) != width:
        return None
    texts_a = [[_norm(c.text) if c else "" for c in row] for row in a.rows]
    texts_b = [[_norm(c.text) if c else "" for c in row] for row in b.rows]
    repeated = 0
    for k in range(min(len(a.rows), len(b.rows) - 1), 0, -1):
        if texts_a[:k] == texts_b[:k] and any(t for row in texts_b[:k] for t in row):
            repeated = k
            break
    rest = b.rows[repeated:]
    offset = len(a.rows)
    label_cols = _label_columns(a, rest)
    last = a.rows[-1]
    replace: dict[int, Cell] = {}
    if rest:
        for c in range(width):
            if c not in label_cols:
                continue
            top = rest[0][c]
            above = last[c]
            if (
                top is None
                or above is None
                or id(top) in replace
                or top.text
                or not above.text
                or top.col != above.col
                or top.colspan != above.colspan
                or top.row != repeated
            ):
                continue
            above.rowspan += top.rowspan
            replace[id(top)] = above
    cut = _row_cut_by_break(last, rest[0], label_cols, replace) if rest else False
    if cut:
        # the first row here is the rest of the previous page's last row (a row allowed to break
        # across pages): its label text completes that row's labels, and the row itself goes
        for c in sorted(label_cols):
            cell, target = rest[0][c], last[c]
            if cell is None or target is None or id(cell) in replace or cell.col != c or not cell.text:
                continue
            target.text = fold(join_text([target.text, cell.text]))
        for cell in {id(x): x for x in rest[0] if x is not None}.values():
            owner = replace.get(id(cell), cell)
            owner.rowspan -= 1
        rest = rest[1:]
        repeated += 1
    rows: list[list[Cell | None]] = [list(r) for r in a.rows]
    renumbered: set[int] = set()
    for row in rest:
        out: list[Cell | None] = []
        for cell in row:
            if cell is not None and id(cell) in replace:
                out.append(replace[id(cell)])
                continue
            if cell is not None and id(cell) not in renumbered:
                renumbered.add(id(cell))
                cell.row = cell.row - repeated + offset
            out.append(cell)
        rows.append(out)
    joined = Table(index=a.index, rows=rows, origin=a.origin, page=a.page)
    cols.xs[id(joined)] = xa or []
    return joined


def _row_cut_by_break(
    last: list[Cell | None], first: list[Cell | None], label_cols: set[int], replace: dict[int, Cell]
) -> bool:
    """Is ``first`` (the continuation's first row) the rest of ``last`` (the previous part's last row)?
    Yes when it holds label text only, in cells of its own, none opening with an item number
    ("1." "（二）" "三、"), while ``last`` has numbers: a new row would start with its number."""
    own = [c for c in first if c is not None and id(c) not in replace]
    if not own or any(c.rowspan != 1 for c in own):
        return False
    values = [c for k, c in enumerate(first) if k not in label_cols and c is not None]
    if any(c.text for c in values):
        return False
    labels = [c for k, c in enumerate(first) if k in label_cols and c is not None and id(c) not in replace]
    if not any(c.text for c in labels) or any(_ORDINAL.match(c.text) for c in labels if c.text):
        return False
    return any(
        c is not None and k not in label_cols and _NUMERIC_CELL.match(c.text.strip())
        for k, c in enumerate(last)
    ) and all(
        cell is not None and cell.rowspan == 1
        for cell in (last[k] for k in range(len(first)) if first[k] in labels)
    )


def _join_borderless(a: Table, b: Table, cols: _Columns) -> Table | None:
    """A borderless table continued on the next page: the same value columns; a repeated header
    (rows before the first row with a number) is dropped."""
    ca, cb = cols.xs.get(id(a)) or [], cols.xs.get(id(b)) or []
    if len(ca) != len(cb) or any(abs(p - q) > 6.0 for p, q in zip(ca, cb, strict=True)):
        return None

    def head(t: Table) -> list[list[str]]:
        out = []
        for row in t.rows:
            if any(c is not None and _NUMERIC_CELL.match(c.text.strip()) for c in row):
                break
            out.append([_norm(c.text) for c in row if c is not None])
        return out

    ha, hb = head(a), head(b)
    skip = 0  # the longest run of header rows that repeats the table's first rows
    while skip < min(len(ha), len(hb)) and ha[skip] == hb[skip]:
        skip += 1
    rows = [list(r) for r in a.rows]
    for row in b.rows[skip:]:
        for c in row:
            if c is not None:
                c.row = len(rows)
        rows.append(list(row))
    joined = Table(index=a.index, rows=rows, origin=a.origin, page=a.page)
    cols.xs[id(joined)] = ca
    cols.borderless.add(id(joined))
    return joined


def _regrid(table: Table, old: list[float], new: list[float]) -> None:
    """Lay ``table`` (column rules ``old``) on the finer column rules ``new``: cells widen their spans."""
    index = [min(range(len(new)), key=lambda k: abs(new[k] - x)) for x in old]
    width = len(new) - 1
    moved: set[int] = set()
    rows: list[list[Cell | None]] = []
    for row in table.rows:
        out: list[Cell | None] = [None] * width
        for j, cell in enumerate(row):
            if cell is None:
                continue
            if id(cell) not in moved:
                moved.add(id(cell))
                start, end = index[cell.col], index[cell.col + cell.colspan]
                cell.col, cell.colspan = start, max(1, end - start)
            if j == 0 or row[j - 1] is not cell:
                for k in range(cell.col, cell.col + cell.colspan):
                    out[k] = cell
        rows.append(out)
    table.rows = rows


def _label_columns(a: Table, rest: list[list[Cell | None]]) -> set[int]:
    """Leading columns that hold no number in any row: the row-label columns."""
    width = len(a.rows[0])
    first_value = width
    for row in [*a.rows, *rest]:
        for c, cell in enumerate(row):
            if (
                cell is not None
                and cell.col == c
                and cell.colspan == 1
                and _NUMERIC_CELL.match(cell.text.strip())
            ):
                first_value = min(first_value, c)
    return set(range(first_value))
