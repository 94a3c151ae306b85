"""Tests for linhai_scrape.crawl.discover: list pages → report links + pagination; report pages → metadata, attachments."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from linhai_scrape.crawl.discover import (
    canonical_url,
    hanweb_column,
    is_report_title,
    parse_dataproxy,
    parse_metadata,
    parse_report_page,
    report_year,
)
from linhai_scrape.crawl.pagers import hanweb_page_url, parse_list_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("临海市2020年政府信息公开工作年度报告", 2020),
        ("台州市黄岩区发展和改革局2022年政府信息公开工作年度报告", 2022),
        ("2019年度政务信息公开年度报告", 2019),
        ("市财政局2021年政府信息公开年报", 2021),
        ("2018 年 政府信息公开工作年度报告（PDF）", 2018),
        ("二〇一九年政府信息公开工作年度报告", 2019),
        ("临海市２０２１年政府信息公开工作年度报告", 2021),
        ("临海市2020年政府信息公开工作年度...", 2020),  # truncated list text
    ],
)
def test_report_titles(text, year):
    assert is_report_title(text) is None
    assert report_year(text) == year


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("临海市政府信息公开指南", "excluded: 指南"),
        ("临海市政府信息公开目录", "excluded: 目录"),
        ("图解：临海市2022年政府信息公开工作年度报告", "excluded: 图解"),
        ("临海市2022年政府信息公开工作年度报告解读", "excluded: 解读"),
        ("关于做好2022年政府信息公开工作年度报告编制工作的通知", "excluded: 通知"),
        ("政府信息公开工作年度报告", "no year in the title"),
        ("2022年临海市国民经济和社会发展统计公报", "not an annual report title"),
        ("", "no text"),
    ],
)
def test_non_report_titles(text, why):
    assert is_report_title(text) == why


def test_link_pattern_replaces_the_name_test_but_not_the_exclusions():
    assert is_report_title("2022年度工作报告", r"年度工作报告") is None
    assert is_report_title("2022年度工作报告") is not None
    assert is_report_title("政府信息公开指南（年度工作报告）", r"年度工作报告") == "excluded: 指南"
    assert is_report_title("临海市2020年政府信息公开工作年度报告", r"^上海") == "does not match link_pattern"


def test_canonical_url():
    assert canonical_url("HTTP://WWW.Linhai.gov.cn:80/a/b.html#top") == "http://www.linhai.gov.cn/a/b.html"
    assert canonical_url("https://x.cn:443") == "https://x.cn/"
    assert canonical_url("http://127.0.0.1:8001/p?q=1") == "http://127.0.0.1:8001/p?q=1"


def test_trs_list_page_fixture():
    html = (FIXTURES / "list_page.html").read_text(encoding="utf-8")
    base = "http://127.0.0.2:8080/zwgk/xxgknb/index.html"
    page = parse_list_page(html, base, hosts=["127.0.0.2:8080"])
    assert len(page.reports) == 15
    first = page.reports[0]
    assert first.url == "http://127.0.0.2:8080/zwgk/xxgknb/202301/t20230118_4102937.html"
    assert (first.text, first.year, first.date) == (
        "台州市黄岩区2022年政府信息公开工作年度报告",
        2022,
        "2023-01-18",
    )
    # createPageHTML(countPage, currentPage, "index", "html") with the vars set just before.
    assert "trs" in page.styles and page.total_pages == 3
    assert page.next_pages == [
        "http://127.0.0.2:8080/zwgk/xxgknb/index_1.html",
        "http://127.0.0.2:8080/zwgk/xxgknb/index_2.html",
    ]
    assert {s.reason for s in page.skipped} >= {"excluded: 指南"}


def test_create_page_html_variants():
    html = '<script>createPageHTML(4, 2, "index", "shtml");</script>'
    page = parse_list_page(html, "http://a.cn/xxgk/nb/index_2.shtml")
    assert page.next_pages == [
        f"http://a.cn/xxgk/nb/{n}" for n in ("index.shtml", "index_1.shtml", "index_3.shtml")
    ]
    html = "<script>createPageHTML('page_div', 3, 0, 'index', 'html', 45);</script>"
    assert len(parse_list_page(html, "http://a.cn/nb/index.html").next_pages) == 2
    # The function's own definition is not a call.
    html = "<script>function createPageHTML(n, c, name, ext) {}</script>"
    assert parse_list_page(html, "http://a.cn/nb/index.html").next_pages == []


def test_index_n_sequence_is_completed_up_to_the_last_page():
    html = """<ul><li><a href="t1.html">临海市2022年政府信息公开工作年度报告</a></li></ul>
    <div class="page"><a href="index_1.html">2</a> <a href="index_2.html">3</a> <a href="index_9.html">尾页</a>
    <a href="../other/index_1.html">elsewhere</a></div>"""
    page = parse_list_page(html, "http://a.cn/nb/index.html")
    assert page.next_pages == [f"http://a.cn/nb/index_{n}.html" for n in (1, 2, 9, 3, 4, 5, 6, 7, 8)]
    assert page.total_pages == 10 and "index_n" in page.styles


def test_next_links_and_query_pages():
    html = """<div id="list">
      <a href="/art/1.html" title="某某区2021年政府信息公开工作年度报告">某某区2021年政府信息公开工作年度...</a>
      <a href="http://other.example.gov.cn/art/2.html">某某区2020年政府信息公开工作年度报告</a>
      <a href="/art/1.html#x">某某区2021年政府信息公开工作年度报告</a>
    </div>
    <a href="javascript:void(0)">下一页</a>
    <a href="list.jsp?cid=7&amp;page=2">下一页</a> <a href="list.jsp?cid=7&amp;page=3">3</a>
    <a href="list.jsp?cid=8&amp;page=2">another column</a>"""
    page = parse_list_page(html, "http://a.cn/list.jsp?cid=7", hosts=["a.cn"])
    assert [r.url for r in page.reports] == ["http://a.cn/art/1.html"]
    assert page.reports[0].text == "某某区2021年政府信息公开工作年度报告"  # the untruncated title
    assert [(s.url, s.reason) for s in page.skipped] == [
        ("http://other.example.gov.cn/art/2.html", "off-site")
    ]
    assert page.next_pages == ["http://a.cn/list.jsp?cid=7&page=2", "http://a.cn/list.jsp?cid=7&page=3"]
    assert set(page.styles) == {"next_link", "query"}


def test_list_selector_limits_report_links_but_not_pagination():
    html = """<div class="side"><a href="/x.html">某某区2019年政府信息公开工作年度报告</a></div>
    <ul class="list"><li><a href="/y.html">某某区2020年政府信息公开工作年度报告</a></li></ul>
    <a href="index_1.html">下一页</a>"""
    page = parse_list_page(html, "http://a.cn/nb/index.html", list_selector="ul.list")
    assert [r.url for r in page.reports] == ["http://a.cn/y.html"]
    assert page.next_pages == ["http://a.cn/nb/index_1.html"]


def test_base_href_is_honoured():
    html = '<base href="http://a.cn/nb/"><a href="t.html">某某区2020年政府信息公开工作年度报告</a>'
    page = parse_list_page(html, "http://a.cn/somewhere/else.html")
    assert page.reports[0].url == "http://a.cn/nb/t.html"


HANWEB_COLUMN = """<html><body><div id="4467537"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3023&path=/&columnid=1229317620&unitid=5966318&webname=%E4%B8%B4%E6%B5%B7&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2023/1/18/art_1229317620_58925658.html" title="临海市2022年政府信息公开工作年度报告" target="_blank">临海市2022年政府信息公开工作年度报告</a><span>2023-01-18</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2022/1/20/art_1229317620_58800001.html" title="临海市政府信息公开指南">临海市政府信息公开指南</a></li>]]></record>
</recordset></datastore></script>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>var perpage = 5; var totalRecord = 12;</script>
<a href="index_1.html">下一页</a></div></body></html>"""


def test_hanweb_column_page():
    url = "http://www.linhai.gov.cn/col/col1229317620/index.html"
    page = parse_list_page(HANWEB_COLUMN, url)
    assert [r.url for r in page.reports] == [
        "http://www.linhai.gov.cn/art/2023/1/18/art_1229317620_58925658.html"
    ]
    assert [s.reason for s in page.skipped] == ["excluded: 指南"]
    col = page.hanweb
    assert col is not None and "hanweb" in page.styles
    assert col.proxy_url == "http://www.linhai.gov.cn/module/web/jpage/dataproxy.jsp"
    assert (
        col.params["columnid"] == "1229317620" and col.params["webid"] == "3023" and col.params["col"] == "1"
    )
    assert "page" not in col.params
    assert (col.perpage, col.inline_records, col.total_records) == (5, 2, 12)
    # No static index_N guessing on a Hanweb column (index_1.html does not exist there).
    assert page.next_pages == []
    request = hanweb_page_url(col, 1)
    q = parse_qs(urlsplit(request).query)
    assert urlsplit(request).path == "/module/web/jpage/dataproxy.jsp"
    assert (q["startrecord"], q["endrecord"], q["perpage"]) == (["16"], ["30"], ["5"])
    assert q["columnid"] == ["1229317620"] and q["webname"] == ["临海"]


def test_hanweb_defaults_without_a_datastore():
    html = '<script src="/module/web/jpage/jpage.js"></script><script>var webid = "77";</script>'
    col = hanweb_column(html, "http://x.gov.cn/col/col123/index.html")
    assert col is not None and col.params["columnid"] == "123" and col.params["webid"] == "77"
    assert hanweb_column("<p>plain</p>", "http://x.gov.cn/col/col123/index.html") is None


def test_dataproxy_answer():
    xml = """<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>12</totalrecord><totalpage>3</totalpage>
    <recordset><record><![CDATA[<li><a href="/art/2021/1/28/art_1229317620_1.html" title="临海市2020年政府信息公开工作年度报告">临海市2020年政府信息公开工作年度报告</a><span>2021-01-28</span></li>]]></record>
    <record><![CDATA[<li><a href="http://elsewhere.cn/a.html">临海市2019年政府信息公开工作年度报告</a></li>]]></record>
    </recordset></datastore>"""
    page = parse_dataproxy(
        xml,
        "http://www.linhai.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1",
        hosts=["www.linhai.gov.cn"],
    )
    assert [(r.url, r.year, r.date) for r in page.reports] == [
        ("http://www.linhai.gov.cn/art/2021/1/28/art_1229317620_1.html", 2020, "2021-01-28")
    ]
    assert (page.total_records, page.total_pages) == (12, 3)
    assert page.skipped[0].reason == "off-site"


def test_metadata_table_of_the_hanweb_fixture():
    meta = parse_metadata((FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8"))
    assert meta.index_no == "001008003/2023-00014"
    assert meta.publisher == "台州市黄岩区人民政府办公室"
    assert meta.date == date(2023, 1, 18) and meta.category == "政府信息公开年报"
    assert meta.title == "台州市黄岩区2022年政府信息公开工作年度报告"


def test_metadata_variants():
    # 兰山区 style: a single column of "label：value" cells; then an inline line; then meta tags only.
    html = """<table><tr><td>索引号：11371302MB28/2021-00012</td></tr><tr><td>发布机构：兰山区政府办公室</td></tr>
    <tr><td>发布日期：2021年01月29日</td></tr></table>"""
    meta = parse_metadata(html)
    assert (meta.index_no, meta.publisher, meta.date) == (
        "11371302MB28/2021-00012",
        "兰山区政府办公室",
        date(2021, 1, 29),
    )
    meta = parse_metadata("<div class='info'><span>索引号：A-1</span> <span>发文日期：2020/3/5</span></div>")
    assert meta.index_no == "A-1" and meta.date == date(2020, 3, 5)
    meta = parse_metadata(
        '<meta name="PubDate" content="2021-01-28 17:42"><meta name="ContentSource" content="区政府办公室">'
    )
    assert meta.date == date(2021, 1, 28) and meta.publisher == "区政府办公室"
    # A layout table wrapping the metadata table.
    html = "<table><tr><td><table><tr><th>索引号</th><td>X</td><th>发布机构</th><td>Y局</td></tr></table></td></tr></table>"
    assert parse_metadata(html).publisher == "Y局"


def test_attachments_from_the_body():
    html = """<div class="nav"><a href="/guide.pdf">指南.pdf</a><img src="/logo.png"></div>
    <div id="zoom"><p>正文</p>
      <p>附件：<a href="/attach/2023/report.pdf"><img src="/module/jslib/icons/pdf.png">2022年年报.pdf</a></p>
      <p><a href="files/report.docx">年报（Word版）</a> <a href="files/Report.WPS">WPS版</a></p>
      <p><a href="javascript:void(0)" onclick="window.open('/u/scan.pdf')">扫描件</a></p>
      <iframe src="/pdfjs/web/viewer.html?file=%2Fu%2Fviewer.pdf"></iframe>
      <embed src="/u/embedded.pdf"><object data="/u/obj.pdf"></object>
      <p><img src="/u/page1.jpg" alt="第1页"></p>
      <a href="/attach/2023/report.pdf">again</a> <a href="/art/other.html">another page</a>
    </div>"""
    atts = parse_report_page(html, "http://a.cn/art/2023/1/1/x.html").attachments
    assert [(a.url, a.kind) for a in atts] == [
        ("http://a.cn/attach/2023/report.pdf", "pdf"),
        ("http://a.cn/art/2023/1/1/files/report.docx", "docx"),
        ("http://a.cn/art/2023/1/1/files/Report.WPS", "wps"),
        ("http://a.cn/u/scan.pdf", "pdf"),
        ("http://a.cn/pdfjs/web/viewer.html?file=%2Fu%2Fviewer.pdf", "pdf"),
        ("http://a.cn/u/embedded.pdf", "pdf"),
        ("http://a.cn/u/obj.pdf", "pdf"),
        ("http://a.cn/u/page1.jpg", "image"),
    ]
    assert atts[0].text == "2022年年报.pdf" and atts[1].text == "年报（Word版）" and atts[7].text == "第1页"


def test_attachment_only_fixture():
    html = (FIXTURES / "attachment_only.html").read_text(encoding="utf-8")
    page = parse_report_page(html, "http://127.0.0.2:8080/art/2023/1/12/art_1.html")
    assert [(a.url, a.kind) for a in page.attachments] == [
        ("http://127.0.0.2:8080/attach/2023/report.pdf", "pdf")
    ]
    assert page.metadata.publisher == "台州市黄岩区交通运输局"
