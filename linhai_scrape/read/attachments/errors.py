"""Errors of the attachment stage. Each carries a stable ``reason`` code for the report outcome."""

from __future__ import annotations


class AttachmentError(Exception):
    """An attachment could not be turned into a ``Document``; ``reason`` says why, in one stable word."""

    reason: str = "attachment_error"

    def __init__(self, message: str, *, format: str | None = None, pages: list[int] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.format = format
        self.pages = pages or []  # 1-based page numbers concerned, where known


class UnsupportedFormatError(AttachmentError):
    """A format we detect but do not read (DOC/WPS without a converter, OFD, RTF, spreadsheets…)."""

    reason = "unsupported_format"


class ImageOnlyError(AttachmentError):
    """A PDF (or an image) with no text layer: a scan. Numbers are never guessed from pixels."""

    reason = "image_only"


class BrokenTextError(AttachmentError):
    """A PDF whose text layer does not decode to real text (missing ToUnicode, CID garbage)."""

    reason = "broken_text_layer"


class DamagedFileError(AttachmentError):
    """The bytes claim a format but cannot be opened (truncated download, HTML error page, encryption)."""

    reason = "damaged_file"
