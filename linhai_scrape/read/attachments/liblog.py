"""The PDF libraries' own logging, routed through ours, and noted page by page while a file is read.

pdfminer (under pdfplumber) and pypdfium2 log what they find wrong in a file as warnings, one per
operator they cannot use: 212 lines for one damaged report. Left alone, Python's last-resort handler
prints them on stderr around the command's one-line error or its JSON. Here they go to the
``linhai_scrape.pdf`` logger instead (keeping their own logger's name on the record), which the
package leaves silent unless the application configures logging; the CLI shows them with ``-v``.

While a PDF is read, :func:`noting` also keeps each warning with the page being read, so that the
report can say the file is damaged and where (``file_damaged``), instead of losing numbers quietly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2")
log = logging.getLogger("linhai_scrape.pdf")

# Warnings that say nothing about the text: a page-label style we never use, a font descriptor
# without a bounding box (common in good files; the glyph widths still place the text).
_HARMLESS = ("Unknown page label style", "Could not get FontBBox")


@dataclass
class LibraryNotes:
    """The libraries' warnings while one file is read: (page number or None for the file, message)."""

    page: int | None = None
    notes: list[tuple[int | None, str]] = field(default_factory=list)

    def pages(self) -> list[int]:
        return sorted({page for page, _ in self.notes if page is not None})

    def messages(self, limit: int = 3) -> list[str]:
        """The first ``limit`` distinct messages, each cut to one short line: what went wrong, not
        the operands it quotes (bytes of the damaged stream)."""
        short = (" ".join(message.split(" because ")[0].split())[:100] for _, message in self.notes)
        return list(dict.fromkeys(short))[:limit]


_NOTING: ContextVar[LibraryNotes | None] = ContextVar("linhai_scrape_pdf_notes", default=None)


class _Route(logging.Handler):
    """Hands a library's record to our logger, and notes a warning for the file being read."""

    def emit(self, record: logging.LogRecord) -> None:
        notes = _NOTING.get()
        if notes is not None and record.levelno >= logging.WARNING:
            message = record.getMessage()
            if not message.startswith(_HARMLESS):
                notes.notes.append((notes.page, message))
        log.handle(record)


_ROUTE = _Route()


def route_library_logs() -> None:
    """Send the PDF libraries' records through ``linhai_scrape.pdf`` (once; later calls do nothing)."""
    for name in LIBRARIES:
        library = logging.getLogger(name)
        if _ROUTE not in library.handlers:
            library.addHandler(_ROUTE)
            library.propagate = False  # ours propagates them on, to the application's own handlers


@contextmanager
def noting() -> Iterator[LibraryNotes]:
    """Note the libraries' warnings while the block reads a file (set ``.page`` as pages are read).
    Per thread and per task: concurrent readings keep their notes apart."""
    route_library_logs()
    notes = LibraryNotes()
    token = _NOTING.set(notes)
    try:
        yield notes
    finally:
        _NOTING.reset(token)
