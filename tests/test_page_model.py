"""One page model, one sniffer: the extractor and the crawl read a page's facts the same way."""

from __future__ import annotations

import io
import zipfile

import pytest

from linhai_scrape.fetch import classify_kind
from linhai_scrape.read.attachments import detect_format

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("body", "url"),
    [
        (b"%PDF-1.7\n1 0 obj<<>>endobj\n", "/a"),
        (b"\r\n\x00junk%PDF-1.4\n", "/a.bin"),  # junk before the header
        (_zip("[Content_Types].xml", "word/document.xml"), "/a"),
        (_zip("OFD.xml"), "/a.ofd"),
        (_zip("xl/workbook.xml"), "/a.xlsx"),
        (_OLE + "WordDocument".encode("utf-16-le"), "/a"),
        (_OLE + "WpsContent".encode("utf-16-le"), "/a"),
        (_OLE + "Workbook".encode("utf-16-le"), "/a.xls"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "/a"),
        (b"BM" + bytes(20), "/a"),
    ],
)
def test_fetch_kind_is_the_sniffed_format(body: bytes, url: str) -> None:
    """The fetch stage's kind of a binary file is the attachment stage's format (one sniffer)."""
    fmt = detect_format(body, url)
    kind = classify_kind(body, "application/octet-stream", "http://h" + url)
    assert kind == {"ofd": "other", "unknown": "other"}.get(fmt, fmt)


def test_bmp_magic_needs_its_reserved_bytes() -> None:
    assert detect_format(b"BMW annual text") == "unknown"
    assert classify_kind(b"BMW annual text", "text/plain", "http://h/a.txt") == "text"
