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


# --------------------------------------------------------------------------------------------------
# One page model: the extractor's Document and the crawl's discovery read a page alike
# --------------------------------------------------------------------------------------------------

_REPORT_BODY = "".join(
    f"<p>{h}</p><p>本年度依法公开政府信息，相关情况说明如下，共计若干条。</p>"
    for h in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
)


def _page(container: str) -> str:
    """A report page whose body is only found by the selector ``container`` (``.x`` or ``#x``)."""
    attr = f"class='{container[1:]}'" if container.startswith(".") else f"id='{container[1:]}'"
    return (
        "<html><head><meta name='PubDate' content='2024-01-20 09:30'></head><body>"
        "<div class='nav'><a href='/guide.pdf'>指南.pdf</a></div>"
        "<table><tr><td>索引号：</td><td>A-1/2024-0001</td><td>发布机构：</td><td>某区民政局</td></tr>"
        "<tr><td>生成日期：</td><td>2024-01-20</td><td>公开方式：</td><td>主动公开</td></tr></table>"
        f"<div {attr}>{_REPORT_BODY}"
        "<p>附件：<a href='files/report.pdf'>2023年年报.pdf</a></p>"
        "<iframe src='/pdfjs/web/viewer.html?file=%2Fu%2Fviewer.pdf'></iframe></div>"
        "<div class='footer'><a href='/rules.docx'>网站规则</a></div></body></html>"
    )


@pytest.mark.parametrize("container", [".art_con", ".article", "#zoomcon", "#article-content", ".TRS_Editor"])
def test_extractor_and_discovery_read_a_page_alike(container: str) -> None:
    """Every content selector is the extractor's and the crawl's: a body only one of them knew is
    found by both, with the same attachments (none from the nav or the footer) and metadata."""
    from linhai_scrape.crawl.discover import parse_metadata, parse_report_page
    from linhai_scrape.read.document import html_to_document
    from linhai_scrape.read.page import CONTENT_SELECTORS, Metadata

    assert container in CONTENT_SELECTORS
    html = _page(container)
    url = "http://a.cn/art/2024/1/20/x.html"
    doc = html_to_document(html)
    page = parse_report_page(html, url)
    assert doc.signals.has_content_root
    assert doc.attachments_at(url) == page.attachments
    assert [a.url for a in page.attachments] == [
        "http://a.cn/art/2024/1/20/files/report.pdf",
        "http://a.cn/pdfjs/web/viewer.html?file=%2Fu%2Fviewer.pdf",
    ]
    # the Document's metadata holds every label the discovery reads (生成日期, 公开方式 included)
    assert parse_metadata(html).fields.items() <= doc.meta.items()
    meta = Metadata(doc.meta)
    assert (meta.index_no, meta.publisher, str(meta.date)) == ("A-1/2024-0001", "某区民政局", "2024-01-20")
    assert doc.meta["公开方式"] == "主动公开"
    assert "附件" in doc.text() and "指南" not in doc.text()


def test_the_documents_metadata_is_the_page_models_reading() -> None:
    """Document.meta holds the labels as the crawl always read them (spaces folded away), and a row
    of labels over a row of values pairs no label with another label."""
    from linhai_scrape.crawl.discover import parse_metadata
    from linhai_scrape.read.document import html_to_document

    html = (
        "<table><tr><td>索引号</td><td>发布机构</td><td>发文日期</td></tr>"
        "<tr><td>A-1</td><td>某区 民政局</td><td>2024-01-20</td></tr></table>"
        "<table><tr><td>发布机构：</td><td>某区 民政局</td><td>成文日期：</td><td>2024年1月18日</td></tr></table>"
        f"<div id='zoom'>{_REPORT_BODY}</div>"
    )
    doc = html_to_document(html)
    assert "发文日期" not in doc.meta.values() and "发布机构" not in doc.meta.values()
    assert parse_metadata(html).fields.items() <= doc.meta.items()
    assert doc.meta["发布机构"] == "某区民政局"


def test_one_attachment_test_for_the_page_kind_and_the_crawl() -> None:
    """The page-kind stage's "links to a file" is the crawl's attachment kind (not an image)."""
    from linhai_scrape.read.document import Link
    from linhai_scrape.read.page import attachment_kind
    from linhai_scrape.read.pagekind import _is_attachment

    for href in (
        "/a/b.PDF",
        "/down.jsp?filename=r.docx",
        "/v/viewer.html?file=%2Fa.pdf",
        "/a.et",
        "/x.jpg",
        "/a.html",
    ):
        assert _is_attachment(Link("", href)) == (attachment_kind(href) not in (None, "image")), href


# --------------------------------------------------------------------------------------------------
# The crawl reads a report page once
# --------------------------------------------------------------------------------------------------


def test_a_crawl_parses_each_report_page_once(tmp_path, monkeypatch) -> None:
    """A real crawl of the demo portal farm: every report page's HTML is parsed once (by the
    extractor), and its metadata and attachments come from that reading."""
    import shutil
    from collections import Counter
    from pathlib import Path

    from selectolax.lexbor import LexborHTMLParser

    import linhai_scrape.crawl.discover as discover_mod
    import linhai_scrape.read.document as document_mod
    from linhai_scrape.crawl import crawl
    from linhai_scrape.crawl.demo import PortalFarm
    from linhai_scrape.crawl.store import Store
    from linhai_scrape.fetch import FetchConfig

    parses: Counter[str] = Counter()

    class CountingParser(LexborHTMLParser):
        def __init__(self, html: str, *args: object, **kwargs: object) -> None:
            if isinstance(html, str) and "主动公开政府信息情况" in html:  # a report page, not a list
                parses[html] += 1
            super().__init__(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document_mod, "LexborHTMLParser", CountingParser)
    monkeypatch.setattr(discover_mod, "LexborHTMLParser", CountingParser)
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    root = tmp_path / "portal"
    shutil.copytree(fixtures / "portal", root)
    fetch = FetchConfig(retries=2, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False)
    db = tmp_path / "c.sqlite"
    with PortalFarm(root, fixtures=fixtures) as farm:
        # one worker: the pages are read in this process, where the parser is counted
        summary = crawl(farm.sources(), db, fetch_config=fetch, out=None, workers=1)
    assert summary.new >= 10 and parses, "the crawl read no report pages"
    assert max(parses.values()) == 1, [text[:80] for text, n in parses.items() if n > 1]
    with Store(db, readonly=True) as store:  # the attachments stored are the Document's
        assert any(store.attachments(row.url) for row in store.iter_reports())
