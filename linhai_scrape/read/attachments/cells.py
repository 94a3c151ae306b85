"""The ``Cell`` and ``Paragraph`` of a paginated source: with the page (and box) they are printed on."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Cell, Paragraph


@dataclass(eq=False)
class PdfCell(Cell):
    """A table cell read from a PDF: besides ``Cell.page`` (the page it is printed on), its box
    (x0, top, x1, bottom in points from the page's top-left), and a note when its text could not be
    placed confidently (the text is then kept raw, so that the value reads as unreadable instead of
    as a wrong number)."""

    bbox: tuple[float, float, float, float] | None = None
    note: str | None = None


@dataclass(eq=False)
class PdfParagraph(Paragraph):
    page: int | None = None
