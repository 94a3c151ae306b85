"""Which kind of file the bytes are: sniffed from the content first, the file name only breaks ties."""

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
    b"BM",
)
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


def detect_format(data: bytes, filename: str | None = None) -> AttachmentFormat:
    """Sniff an attachment's format.

    ``pdf``, ``docx`` (Office Open XML word processing), ``doc`` (Word 97–2003 binary), ``wps``
    (Kingsoft WPS binary), ``image`` (JPEG/PNG/GIF/TIFF/BMP/WebP: a scan at best), ``html`` (a page
    served under a .doc/.pdf name, e.g. Word's "save as web page" or an error page), ``rtf``, ``ofd``
    (the Chinese fixed-layout format), else ``unknown``. The name (or URL) only decides between
    formats the bytes cannot tell apart (a WPS file in Word's binary container).
    """
    head = data[:2048]
    ext = _extension(filename)
    # Some generators put junk before the header; readers accept %PDF- within the first 1 KB.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, ext)
    if head.startswith(_OLE):
        return _ole_format(data, ext)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if any(head.startswith(m) for m in _IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
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
        # A truncated download still opens with the local header: trust the name.
        return "docx" if ext == "docx" else "unknown"
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "unknown"


def _ole_format(data: bytes, ext: str) -> AttachmentFormat:
    # Directory entry names are UTF-16LE; a plain search is enough to tell the families apart.
    if ext == "wps" or "WpsContent".encode("utf-16-le") in data:
        return "wps"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if ext in ("doc", "dot"):
        return "doc"
    return "unknown"  # spreadsheets (Workbook), presentations, MSI…
