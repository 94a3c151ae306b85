"""Reading a PDF's pages: characters with their boxes, the rules drawn, the pictures.

Two engines give the same ``PageData``:

- ``pdfium`` (pypdfium2, PDFium's C++ text engine): about ten times faster than pdfminer on report
  pages (see ``benchmarks/attachments.py``); the default.
- ``pdfplumber`` (pdfminer): pure Python; used when PDFium cannot open a file, and kept as a second
  opinion in the tests.

Coordinates are points from the page's top-left corner.
"""

from __future__ import annotations

import ctypes
import io
import math
from dataclasses import dataclass, field
from typing import Literal

from ..numbers import fold
from .errors import DamagedFileError
from .geometry import REPLACEMENT, Char
from .liblog import LibraryNotes, noting
from .ruled import Rule, rule_from_box, rules_from_objects

Engine = Literal["pdfium", "pdfplumber"]


@dataclass
class PageData:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]
    images: int
    meta: dict[str, str] = field(default_factory=dict)


class PdfiumUnreliable(Exception):
    """PDFium could not measure some glyphs (a font neither embedded nor installed): its text page
    drops such characters, so the page must be read by pdfminer, which uses the PDF's own widths."""


def read_pdf(
    data: bytes, engine: Engine = "pdfium", password: str | None = None, *, strict: bool = False
) -> tuple[list[PageData], dict[str, str]]:
    """All pages of a PDF, and the document's metadata (``pdf_title``, ``pdf_producer``…).

    With ``strict``, the PDFium engine raises ``PdfiumUnreliable`` when a page holds text it could not
    measure, instead of returning a page that may miss characters."""
    if engine == "pdfium":
        return _read_pdfium(data, password, strict)
    return _read_pdfplumber(data, password)


class _Dedup:
    """Drops "fake bold": the same glyph drawn twice at (almost) the same place."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, int, int]] = set()

    def keep(self, text: str, x0: float, top: float) -> bool:
        key = (text, round(x0 * 2), round(top * 2))
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


# --------------------------------------------------------------------------------------------------
# PDFium
# --------------------------------------------------------------------------------------------------


def _read_pdfium(data: bytes, password: str | None, strict: bool) -> tuple[list[PageData], dict[str, str]]:
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as exc:  # pragma: no cover - the "pdf" extra is not installed
        raise ImportError(
            "reading PDF needs pdfplumber (a dependency of linhai-scrape): pip install pdfplumber"
        ) from exc
    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        raise DamagedFileError(f"the PDF cannot be opened: {exc}", format="pdf") from None
    meta: dict[str, str] = {}
    try:
        with noting() as noted:
            for key, value in (pdf.get_metadata_dict(skip_empty=True) or {}).items():
                if (
                    key in ("Title", "Author", "Producer", "Creator")
                    and isinstance(value, str)
                    and value.strip()
                ):
                    meta[f"pdf_{key.lower()}"] = fold(value)
            pages = []
            for i in range(len(pdf)):
                noted.page = i + 1
                pages.append(_pdfium_page(pdf, i, raw, strict))
            noted.page = None
            _note_damage(noted, meta)
    finally:
        pdf.close()
    return pages, meta


def _note_damage(noted: LibraryNotes, meta: dict[str, str]) -> None:
    """What the library reported wrong with the file while reading it, for the report to say:
    ``damage`` (its first messages) and ``damaged_pages`` (the pages it was reading then)."""
    if noted.notes:
        meta["damage"] = "; ".join(noted.messages())
        if noted.pages():
            meta["damaged_pages"] = ",".join(str(page) for page in noted.pages())


def _pdfium_page(pdf, index: int, raw, strict: bool) -> PageData:  # noqa: ANN001 - pypdfium2 objects
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_mediabox()
        width, height = right - left, top - bottom
        rules, images, unmeasured = _pdfium_graphics(page, raw, left, top)
        if unmeasured and strict:
            raise PdfiumUnreliable(f"page {index + 1}: {unmeasured} text object(s) without measurable glyphs")
        chars = _pdfium_chars(page, raw, left, top)
    finally:
        page.close()
    return PageData(index + 1, float(width), float(height), chars, rules, images)


def _pdfium_chars(page, raw, left: float, top: float) -> list[Char]:  # noqa: ANN001
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count)
        rect = raw.FS_RECTF()
        chars: list[Char] = []
        dedup = _Dedup()
        fonts: dict[int, str] = {}
        name_buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        last_obj = None
        font_name = ""
        for k in range(min(count, len(text))):
            ch = text[k]
            if ch in "\r\n" or raw.FPDFText_IsGenerated(tp, k):
                continue
            angle = raw.FPDFText_GetCharAngle(tp, k)
            if angle > 0.05 and abs(angle - 2 * math.pi) > 0.05:
                continue  # rotated text: watermarks and stamps, not the report's text
            if not raw.FPDFText_GetLooseCharBox(tp, k, ctypes.byref(rect)):
                continue
            obj = raw.FPDFText_GetTextObject(tp, k)
            obj_id = ctypes.cast(obj, ctypes.c_void_p).value or 0
            if obj_id != last_obj:
                last_obj = obj_id
                font = raw.FPDFTextObj_GetFont(obj) if obj else None
                font_id = ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0
                font_name = fonts.get(font_id, "")
                if font_id and font_id not in fonts:
                    n = raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf)) if font else 0
                    base = name_buf.value.decode("latin-1", "replace") if n else ""
                    font_name = fonts[font_id] = f"{base}#{font_id:x}"
            if ch in "\ufffe\uffff\x00":
                ch = REPLACEMENT
            x0, x1 = rect.left - left, rect.right - left
            t, b = top - rect.top, top - rect.bottom
            if x1 < x0:
                x0, x1 = x1, x0
            if not dedup.keep(ch, x0, t):
                continue
            size = raw.FPDFText_GetFontSize(tp, k) or (b - t)
            chars.append(Char(ch, x0, x1, t, b, float(size), font_name))
        del flags
        return chars
    finally:
        textpage.close()


def _pdfium_graphics(page, raw, left: float, top: float) -> tuple[list[Rule], int, int]:  # noqa: ANN001
    """Rules and the number of images; and the number of text objects PDFium could not measure."""
    rules: list[Rule] = []
    images = 0
    unmeasured = 0
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = raw.FS_MATRIX()
    forms: list[tuple[int, tuple[float, ...]]] = []  # (level, matrix) of enclosing form objects
    for obj in page.get_objects(max_depth=4):
        while forms and forms[-1][0] >= obj.level:
            forms.pop()
        kind = obj.type
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            x0, y0, x1, y1 = obj.get_bounds()
            if x1 - x0 < 0.01 or y1 - y0 < 0.01:
                unmeasured += 1
            continue
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if kind == raw.FPDF_PAGEOBJ_FORM:
            m = obj.get_matrix()
            forms.append((obj.level, (m.a, m.b, m.c, m.d, m.e, m.f)))
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        handle = obj.raw
        if not raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill_mode), ctypes.byref(stroke)):
            continue
        stroked = bool(stroke.value) and _pdfium_visible(raw.FPDFPageObj_GetStrokeColor, handle, r, g, b, a)
        filled = bool(fill_mode.value) and _pdfium_visible(raw.FPDFPageObj_GetFillColor, handle, r, g, b, a)
        if not (stroked or filled):
            continue
        raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(matrix))
        chain = [(matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)] + [
            m for _, m in reversed(forms)
        ]

        def to_page(px: float, py: float, chain=chain) -> tuple[float, float]:  # noqa: ANN001
            for ma, mb, mc, md, me, mf in chain:
                px, py = ma * px + mc * py + me, mb * px + md * py + mf
            return px - left, top - py

        subpaths: list[tuple[list[tuple[float, float]], bool]] = []
        points: list[tuple[float, float]] = []
        closed = False
        for i in range(raw.FPDFPath_CountSegments(handle)):
            seg = raw.FPDFPath_GetPathSegment(handle, i)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            kind_seg = raw.FPDFPathSegment_GetType(seg)
            if kind_seg == raw.FPDF_SEGMENT_MOVETO:
                if points:
                    subpaths.append((points, closed))
                points, closed = [to_page(x.value, y.value)], False
                continue
            points.append(to_page(x.value, y.value))
            if raw.FPDFPathSegment_GetClose(seg):
                closed = True
        if points:
            subpaths.append((points, closed))
        for pts, is_closed in subpaths:
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            box = (min(xs), min(ys), max(xs), max(ys))
            thin = (box[3] - box[1]) <= 2.0 or (box[2] - box[0]) <= 2.0
            if thin and (filled or stroked):
                rule = rule_from_box(*box)
                if rule is not None:
                    rules.append(rule)
                continue
            if not stroked:
                continue  # a filled area (cell shading): no rule
            ring = pts + [pts[0]] if is_closed or (len(pts) == 5 and pts[0] == pts[-1]) else pts
            for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
                if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                    rule = rule_from_box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
                    if rule is not None:
                        rules.append(rule)
    return rules, images, unmeasured


def _pdfium_visible(getter, handle, r, g, b, a) -> bool:  # noqa: ANN001
    if not getter(handle, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True
    if a.value == 0:
        return False
    return min(r.value, g.value, b.value) < 243  # white (or nearly) is invisible on paper


# --------------------------------------------------------------------------------------------------
# pdfplumber (pdfminer)
# --------------------------------------------------------------------------------------------------


def _read_pdfplumber(data: bytes, password: str | None) -> tuple[list[PageData], dict[str, str]]:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:  # pragma: no cover - the "pdf" extra is not installed
        raise ImportError(
            "reading PDF needs pdfplumber (a dependency of linhai-scrape): pip install pdfplumber"
        ) from exc
    pages: list[PageData] = []
    meta: dict[str, str] = {}
    try:
        with noting() as noted, pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            for key in ("Title", "Author", "Producer", "Creator"):
                value = pdf.metadata.get(key)
                if isinstance(value, str) and value.strip():
                    meta[f"pdf_{key.lower()}"] = fold(value)
            for page in pdf.pages:
                noted.page = page.page_number  # pdfminer reads a page's content when it is asked for it
                pages.append(_plumber_page(page))
                page.close()  # drop pdfplumber's per-page caches: memory stays flat on long files
                noted.page = None
            _note_damage(noted, meta)
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect, ValueError, KeyError, TypeError) as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__cause__
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(cause, PDFPasswordIncorrect):
            raise DamagedFileError(
                "the PDF is encrypted with an open password; it cannot be read without it", format="pdf"
            ) from None
        raise DamagedFileError(
            f"the PDF cannot be opened: {exc.__class__.__name__}: {exc}", format="pdf"
        ) from None
    except Exception as exc:  # pdfminer raises bare exceptions on some damaged files
        if exc.__class__.__module__.startswith(("pdfminer", "pdfplumber")):
            raise DamagedFileError(f"the PDF cannot be opened: {exc}", format="pdf") from None
        raise
    return pages, meta


def _white(color) -> bool:  # noqa: ANN001 - a pdfplumber colour: number, tuple or pattern name
    if color is None or isinstance(color, str):
        return False
    values = (color,) if isinstance(color, (int, float)) else tuple(color)
    try:
        vals = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        return False
    if len(vals) in (1, 3):
        return min(vals) >= 0.97
    if len(vals) == 4:
        return max(vals) <= 0.03
    return False


def _plumber_page(page) -> PageData:  # noqa: ANN001 - a pdfplumber Page
    objects = page.objects
    chars: list[Char] = []
    dedup = _Dedup()
    for o in objects.get("char", ()):
        matrix = o.get("matrix") or (1, 0, 0, 1)
        if not o.get("upright", True) or abs(matrix[1]) > 0.05 * max(abs(matrix[0]), abs(matrix[3]), 1e-9):
            continue  # rotated text: watermarks and stamps, not the report's text (italic skew is kept)
        if _white(o.get("non_stroking_color")):
            continue  # white text: invisible on paper (hidden keywords, a page's white-out)
        text = o.get("text") or ""
        if not text:
            continue
        if text.startswith("(cid:"):
            text = REPLACEMENT
        if not dedup.keep(text, o["x0"], o["top"]):
            continue
        size = o.get("size") or (o["bottom"] - o["top"])
        chars.append(Char(text, o["x0"], o["x1"], o["top"], o["bottom"], size, o.get("fontname") or ""))
    rules = rules_from_objects({k: objects.get(k, []) for k in ("line", "rect", "curve")})
    width, height = float(page.width), float(page.height)
    if int(getattr(page, "rotation", 0) or 0) % 180 == 90:
        width, height = height, width  # pdfminer lays a /Rotate 90 page out as it is displayed
    return PageData(page.page_number, width, height, chars, rules, len(objects.get("image", ())))
