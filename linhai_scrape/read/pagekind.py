"""Tell an annual report from the pages that are not one: empty and binary input, anti-crawler
challenges, script-only app shells, attachment-only pages, column list pages."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from ..models import NotReport
from .decode import sniff_utf16
from .document import Document, Link
from .page import is_document_link

_CHALLENGE_MARKERS = re.compile(
    r"\$_ts|wzws|__jsl_clearance|_\$[a-zA-Z]{2}|acw_sc__|请开启\s*JavaScript|enable JavaScript|"
    r"JavaScript is (?:disabled|required)|document\.cookie\s*=.*location\.(?:reload|href|replace)",
    re.I | re.S,
)
# Control characters other than tab, newline, form feed and carriage return. Counted as bytes of
# the UTF-8 encoding, where they are exactly the bytes 0x00-0x1f of those values (every byte of a
# multi-byte character is >= 0x80): a C-level delete is several times faster than a regex scan.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
# The same characters as text: nearly every text holds none, which a search for each one tells
# (memchr, in C) at half the cost of encoding the sample to count them
_CONTROL_CHARS = tuple(map(chr, _CONTROL_BYTES))
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"%PDF",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
_REPORT_LINK = re.compile(r"(19|20)\d{2}.*(年度报告|年报)|(年度报告|年报).*(19|20)\d{2}")


def classify_bytes(data: bytes) -> NotReport | None:
    """Inputs that are not text at all."""
    if not data.strip():
        return NotReport(reason="empty", message="the input is empty")
    head = data[:8]
    if head.startswith(_BINARY_MAGIC):
        return NotReport(reason="binary", message="the input is binary data, not a web page or text")
    # UTF-16/32 text (a BOM, or none but NUL bytes on every other byte) is text: decode reads it
    wide_text = head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    if not wide_text and b"\x00" in data[:4096] and sniff_utf16(data) is None:
        return NotReport(reason="binary", message="the input is binary data, not a web page or text")
    return None


def classify_text(text: str, replaced: int) -> NotReport | None:
    """Decoded text that is empty, or mostly undecodable or control characters (binary), is not text."""
    if not text or text.isspace():
        return NotReport(reason="empty", message="the input is empty")
    sample = text[:20000]
    controls = 0
    if any(char in sample for char in _CONTROL_CHARS):
        encoded = sample.encode("utf-8", "surrogatepass")
        controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if (replaced + controls) / len(sample) > 0.05:
        return NotReport(
            reason="binary", message="the input does not decode as text (mostly undecodable bytes)"
        )
    return None


def classify_page(doc: Document, raw_text: str) -> NotReport | None:
    """Pages with too little text to be a report: a challenge or an app shell."""
    signals = doc.signals
    if not signals.markup:
        return None
    if signals.body_text_chars < 200 and _CHALLENGE_MARKERS.search(raw_text):
        return NotReport(
            reason="blocked",
            message="the page is an anti-crawler challenge (it only runs script to set a cookie), not the report",
            title=doc.title,
        )
    if signals.body_text_chars < 50 and signals.script_count > 0:
        return NotReport(
            reason="app_shell",
            message="the page is a script-only app shell: its content is rendered by JavaScript and is not in the HTML",
            title=doc.title,
        )
    return None


_LIST_OF_REPORTS = 3  # links named as reports that make a page a list of them


def classify_sectionless(doc: Document) -> NotReport:
    """A document without section headings or template tables: say what it is instead."""
    attachment = next((link for link in doc.signals.links if _is_attachment(link)), None)
    # a summary of any length beside a file named as the report still leaves the report in the file
    # (one such file: a list of reports names many)
    named = (
        attachment is not None
        and bool(_REPORT_LINK.search(f"{attachment.text} {attachment.href}"))
        and sum(1 for link in doc.signals.links if _REPORT_LINK.search(link.text)) < _LIST_OF_REPORTS
    )
    if attachment is not None and (doc.signals.body_text_chars < 1000 or named):
        target = _attachment_target(attachment)
        return NotReport(
            reason="attachment_only",
            message=f"the page only links to the report as an attachment ({target}); "
            "the attachment itself has to be extracted",
            attachment=target,
            title=doc.title,
        )
    refresh = doc.meta.get("refresh")
    if refresh and doc.signals.body_text_chars < 1000:
        return NotReport(
            reason="redirect",
            message=f"the page only forwards to {refresh} (a meta refresh); extract that page instead",
            target=refresh,
            title=doc.title,
        )
    report_links = [link for link in doc.signals.links if _REPORT_LINK.search(link.text)]
    if len(report_links) >= _LIST_OF_REPORTS or (
        doc.signals.markup and len(doc.signals.links) >= 10 and doc.signals.body_text_chars < 3000
    ):
        return NotReport(
            reason="list_page",
            message=f"the page is a list of {len(doc.signals.links)} links (a column or list page), not a report",
            title=doc.title,
        )
    return NotReport(
        reason="no_sections",
        message="no numbered section headings (一、总体情况 … 六、其他需要报告的事项) and no template tables found",
        title=doc.title,
    )


def _is_attachment(link: Link) -> bool:
    # a file, a pdf.js viewer (…/viewer.html?file=/a/b.pdf) or a download script (downfile.jsp?filename=b.pdf)
    return is_document_link(link.href)


def _attachment_target(link: Link) -> str:
    """The document a link opens: a pdf.js viewer's ``file`` parameter, else the link itself."""
    path, _, query = link.href.partition("?")
    if path.lower().endswith((".html", ".htm")):
        for name, value in parse_qsl(query):
            if name == "file" and is_document_link(value):
                return value
    return link.href
