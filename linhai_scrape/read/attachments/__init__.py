"""Attachments (PDF, DOCX; DOC/WPS through an optional converter) → ``Document``.

The attachment stage turns a report published as a file into the same ``Document`` (paragraphs and
cell grids) that the HTML stage produces, so the rest of the pipeline does not care where a table
came from. It only structures text; it never reads a statistic.

    fmt = detect_format(data, filename)          # "pdf", "docx", "doc", "wps", "image", …
    doc = attachment_to_document(data, filename)  # or pdf_to_document / docx_to_document

Errors carry a stable ``reason``: ``UnsupportedFormatError`` ("unsupported_format"),
``ImageOnlyError`` ("image_only"), ``BrokenTextError`` ("broken_text_layer"),
``DamagedFileError`` ("damaged_file"); all derive from ``AttachmentError``.
"""

from __future__ import annotations

from ..document import Document
from .errors import AttachmentError, BrokenTextError, DamagedFileError, ImageOnlyError, UnsupportedFormatError
from .sniff import AttachmentFormat, detect_format

__all__ = [
    "AttachmentError",
    "AttachmentFormat",
    "BrokenTextError",
    "DamagedFileError",
    "ImageOnlyError",
    "UnsupportedFormatError",
    "attachment_to_document",
    "detect_format",
    "docx_to_document",
    "is_attachment",
    "pdf_to_document",
]

ATTACHMENT_FORMATS: frozenset[str] = frozenset({"pdf", "docx", "doc", "wps", "image", "rtf", "ofd"})


def is_attachment(data: bytes, filename: str | None = None) -> bool:
    """True when the bytes are a file this stage owns (not a web page or a text dump)."""
    return detect_format(data, filename) in ATTACHMENT_FORMATS


def pdf_to_document(data: bytes, *, password: str | None = None, engine: str = "pdfplumber") -> Document:
    """PDF bytes → ``Document`` (see ``attachments.pdf``); ``engine``: "pdfplumber" (default), "pdfium", "auto"."""
    from .pdf import pdf_to_document as _pdf

    return _pdf(data, password=password, engine=engine)  # type: ignore[arg-type]


def docx_to_document(data: bytes) -> Document:
    """DOCX bytes → ``Document`` (see ``attachments.docx``)."""
    from .docx import docx_to_document as _docx

    return _docx(data)


def attachment_to_document(
    data: bytes, filename: str | None = None, *, convert_legacy: bool | None = None
) -> Document:
    """Any supported attachment → ``Document``, chosen by sniffing.

    DOC and WPS files are converted to DOCX by LibreOffice when ``convert_legacy`` is true (or, when
    it is None, when the environment variable ``LINHAI_CONVERT_LEGACY=1`` is set) and ``soffice`` is
    installed; otherwise they raise ``UnsupportedFormatError``.
    """
    fmt = detect_format(data, filename)
    if fmt == "pdf":
        return pdf_to_document(data)
    if fmt == "docx":
        return docx_to_document(data)
    if fmt in ("doc", "wps"):
        from .legacy import convert_legacy_to_docx

        return docx_to_document(convert_legacy_to_docx(data, fmt, enabled=convert_legacy))
    if fmt == "image":
        raise ImageOnlyError(
            "the attachment is an image (a scan): numbers are not read from images", format=fmt
        )
    if fmt == "html":
        raise UnsupportedFormatError(
            "the attachment is a web page (HTML saved under a file name): read it as a page, not an attachment",
            format=fmt,
        )
    names = {
        "rtf": "an RTF file",
        "ofd": "an OFD file (the Chinese fixed-layout format)",
        "unknown": "a file of unknown type",
    }
    raise UnsupportedFormatError(f"the attachment is {names.get(fmt, fmt)}, which is not read", format=fmt)
