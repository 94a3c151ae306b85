"""Which kind of file the bytes are: sniffed from the content first, the file name (and a
Content-Type, when there is one) only breaks ties. The one sniffer: the fetch stage's
``classify_kind`` names its binary kinds from :func:`detect_format`."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

AttachmentFormat = Literal["pdf", "docx", "doc", "wps", "image", "html", "rtf", "ofd", "unknown"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF
    b"MM\x00*",
)
_KINGSOFT = "Kingsoft".encode("utf-16-le")  # WPS Office's name in a file's property streams
_HTML = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|p|table)[\s>]",
    re.I | re.S,
)
_EXT = re.compile(r"\.([A-Za-z0-9]{2,5})$")


def _extension(filename: str | None) -> str:
    if not filename:
        return ""
    name = filename.split("?")[0].split("#")[0].rstrip("/")
    m = _EXT.search(name)
    return m.group(1).lower() if m else ""


def is_container(data: bytes) -> bool:
    """A ZIP or OLE2 container: a binary file even when :func:`detect_format` cannot name it
    (a spreadsheet, a presentation, an archive)."""
    return data.startswith((b"PK\x03\x04", _OLE))


def detect_format(
    data: bytes, filename: str | None = None, content_type: str | None = None
) -> AttachmentFormat:
    """Sniff an attachment's format.

    ``pdf``, ``docx`` (Office Open XML word processing), ``doc`` (Word 97–2003 binary), ``wps``
    (Kingsoft WPS binary), ``image`` (JPEG/PNG/GIF/TIFF/BMP/WebP: a scan at best), ``html`` (a page
    served under a .doc/.pdf name, e.g. Word's "save as web page" or an error page), ``rtf``, ``ofd``
    (the Chinese fixed-layout format), else ``unknown``. The name (or URL) only decides between
    formats the bytes cannot tell apart (a WPS file in Word's binary container), and so does a
    ``content_type`` (a media type: ``application/msword``, a ``…wps…`` type).
    """
    head = data[:2048]
    ext = _extension(filename)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    # Some generators put junk before the header; readers accept %PDF- within the first 1 KB.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, ext)
    if head.startswith(_OLE):
        return _ole_format(data, ext, mime)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if (
        any(head.startswith(m) for m in _IMAGE_MAGIC)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or (head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00")  # BMP: its reserved bytes, not text
    ):
        return "image"
    text_head = head.lstrip(b"\xef\xbb\xbf")
    if text_head.startswith(b"MIME-Version:") or _HTML.match(text_head):
        return "html"
    if text_head.startswith(b"\xff\xfe<\x00") or text_head.startswith(b"\xfe\xff\x00<"):
        return "html"
    return "unknown"


def _zip_format(data: bytes, ext: str) -> AttachmentFormat:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A truncated download still opens with the local header: trust the name, or a part's name
        return "docx" if ext == "docx" or b"word/document.xml" in data[:65536] else "unknown"
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "unknown"


def _ole_format(data: bytes, ext: str, mime: str) -> AttachmentFormat:
    # Directory entry names are UTF-16LE; a plain search is enough to tell the families apart.
    if ext == "wps" or "wps" in mime or "WpsContent".encode("utf-16-le") in data:
        return "wps"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if _KINGSOFT in data[:65536]:
        return "wps"
    if ext in ("doc", "dot") or mime == "application/msword":
        return "doc"
    return "unknown"  # spreadsheets (Workbook), presentations, MSI…
