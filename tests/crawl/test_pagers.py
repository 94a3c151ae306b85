"""Tests for linhai_scrape.crawl.pagers: one pagination style per class, each against a small list page.

The demo farm's crawl (tests/test_crawl.py) walks every style end to end; the last test here reads
its log lines for the pagers' part.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from linhai_scrape.crawl import crawl
from linhai_scrape.crawl.demo import PortalFarm
from linhai_scrape.crawl.discover import ListPage, ReportLink, read_list_links
from linhai_scrape.crawl.pagers import (
    PAGERS,
    CreatePagePager,
    HanwebPager,
    IndexPager,
    ListAnswer,
    ListRequest,
    NextLinkPager,
    Pager,
    QueryPager,
    SequencePager,
    pagers_for,
    read_list_page,
)
from linhai_scrape.fetch import FetchConfig

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def urls(pager: Pager, html: str, url: str, **kwargs) -> list[str]:
    view = read_list_links(html, url, **kwargs)
    assert pager.applies(view)
    return [r.url for r in pager.requests(view)]


def test_next_link_pager():
    html = """<a href="javascript:void(0)">下一页</a>
    <a href="list_2.html">下一页 &gt;</a> <a href="/other.html" rel="next">more</a>
    <a href="list_3.html">3</a> <a href="index.html">下一页</a>
    <link rel="next" href="list_4.html">"""
    assert urls(NextLinkPager(), html, "http://a.cn/nb/index.html") == [
        "http://a.cn/nb/list_2.html",
        "http://a.cn/other.html",
        "http://a.cn/nb/list_4.html",
    ]  # never the page itself, never javascript:
    assert all(r.form is None for r in NextLinkPager().requests(read_list_links(html, "http://a.cn/nb/")))


def test_index_pager_completes_the_sequence_and_counts_the_pages():
    html = """<div class="page"><a href="index_1.html">2</a> <a href="index_3.html">尾页</a>
    <a href="../other/index_1.html">elsewhere</a> <a href="index_2.html?x=1">query</a></div>"""
    view = read_list_links(html, "http://a.cn/nb/index.html")
    pager = IndexPager()
    assert [r.url for r in pager.requests(view)] == [
        "http://a.cn/nb/index_1.html",
        "http://a.cn/nb/index_3.html",
        "http://a.cn/nb/index.html",
        "http://a.cn/nb/index_1.html",
        "http://a.cn/nb/index_2.html",
        "http://a.cn/nb/index_3.html",
    ]  # read_list_page drops the repeats and the page itself
    assert view.page.total_pages == 4


def test_query_pager_keeps_the_column():
    html = """<a href="list.jsp?cid=7&amp;page=2">2</a> <a href="list.jsp?cid=8&amp;page=2">another column</a>
    <a href="list.jsp?cid=7&amp;page=x">not a number</a> <a href="other.jsp?cid=7&amp;page=3">other path</a>"""
    assert urls(QueryPager(), html, "http://a.cn/list.jsp?cid=7") == ["http://a.cn/list.jsp?cid=7&page=2"]


def test_create_page_pager():
    html = '<script>var countPage = 3; var currentPage = 0; createPageHTML(countPage, currentPage, "index", "html");</script>'
    view = read_list_links(html, "http://a.cn/zwgk/index.html")
    assert [r.url for r in CreatePagePager().requests(view)] == [
        "http://a.cn/zwgk/index.html",
        "http://a.cn/zwgk/index_1.html",
        "http://a.cn/zwgk/index_2.html",
    ]
    assert view.page.total_pages == 3
    definition = "<script>function createPageHTML(n, c, name, ext) {}</script>"
    assert urls(CreatePagePager(), definition, "http://a.cn/zwgk/index.html") == []


HANWEB = """<html><body><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3023&path=/&columnid=42&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2023/1/18/art_42_1.html">临海市2022年政府信息公开工作年度报告</a></li>]]></record>
</recordset></datastore></script>
<script src="/module/web/jpage/jpage.js"></script><script>var perpage = 2; var totalRecord = 14;</script>
<a href="index_1.html">下一页</a></body></html>"""


def answer(*years: int) -> ListAnswer:
    reports = [ReportLink(f"http://x.gov.cn/art/{y}.html", f"{y}年报告", y) for y in years]
    return ListAnswer(ListPage(reports=reports), new=len(years))


def test_hanweb_pager_asks_group_by_group_until_the_total():
    view = read_list_links(HANWEB, "http://x.gov.cn/col/col42/index.html")
    pager = HanwebPager()
    assert pager.applies(view)
    requests = pager.requests(view)
    first = next(requests)
    assert first.label == "dataproxy group 0" and first.data is not None
    assert first.data["columnid"] == "42" and first.data["webid"] == "3023"
    q = parse_qs(urlsplit(first.url).query)
    assert urlsplit(first.url).path == "/module/web/jpage/dataproxy.jsp"
    assert (q["startrecord"], q["endrecord"]) == (["1"], ["6"])  # three pages of two a group
    second = requests.send(answer(2020, 2019))
    assert second.label == "dataproxy group 1" and parse_qs(urlsplit(second.url).query)["startrecord"] == [
        "7"
    ]
    third = requests.send(answer(2018))
    assert third.label == "dataproxy group 2"
    with pytest.raises(StopIteration):  # 3 groups × 6 ≥ 14 records
        requests.send(answer(2017))
    # one column per walk: the pager is spent
    assert not pager.applies(view)


def test_hanweb_pager_stops_at_an_empty_group_and_at_a_repeat():
    view = read_list_links(HANWEB, "http://x.gov.cn/col/col42/index.html")
    requests = HanwebPager().requests(view)
    next(requests)
    with pytest.raises(StopIteration):
        requests.send(ListAnswer(ListPage(), new=0))  # an empty group: the end
    requests = HanwebPager().requests(view)
    next(requests)
    requests.send(answer(2020))  # group 0 adding nothing new would still go on
    with pytest.raises(StopIteration):
        requests.send(ListAnswer(answer(2020).page, new=0))  # the same records again


def test_hanweb_pager_reads_and_describes_its_answers():
    view = read_list_links(HANWEB, "http://x.gov.cn/col/col42/index.html")
    pager = HanwebPager()
    request = next(pager.requests(view))
    xml = """<datastore><totalrecord>14</totalrecord><recordset>
    <record><![CDATA[<li><a href="/art/2022/1/1/art_42_2.html">临海市2021年政府信息公开工作年度报告</a></li>]]></record>
    </recordset></datastore>"""
    page = pager.read(xml, request, link_pattern=None, hosts=["x.gov.cn"])
    assert [r.url for r in page.reports] == ["http://x.gov.cn/art/2022/1/1/art_42_2.html"]
    assert pager.describe(request, ListAnswer(page, 1)) == "dataproxy group 0: 1 links, 1 new (of 14)"


def test_read_list_page_lists_every_styles_pages_once_in_style_order():
    html = """<a href="index_1.html">下一页</a> <a href="index_2.html">3</a>
    <script>createPageHTML(3, 0, "index", "html");</script>"""
    view = read_list_page(html, "http://a.cn/nb/index.html")
    assert view.page.next_pages == ["http://a.cn/nb/index_1.html", "http://a.cn/nb/index_2.html"]
    assert view.page.styles == ["next_link", "index_n", "trs"]
    assert view.page.total_pages == 3


def test_no_static_pages_on_a_hanweb_column():
    view = read_list_page(HANWEB, "http://x.gov.cn/col/col42/index.html")
    # the 下一页 link is seen, but index_1.html does not exist on a Hanweb column
    assert view.page.styles == ["hanweb", "next_link"] and view.page.next_pages == []
    assert not IndexPager().applies(view) and not CreatePagePager().applies(view)
    # cms = "hanweb": no guessing either, even on a page that is not a column
    plain = '<a href="index_1.html">2</a>'
    assert read_list_page(plain, "http://a.cn/nb/index.html", cms="hanweb").page.next_pages == []
    assert read_list_page(plain, "http://a.cn/nb/index.html").page.next_pages == [
        "http://a.cn/nb/index_1.html"
    ]


def test_a_new_style_is_one_class():
    class MoreButton(Pager):
        style = "more_button"

        def requests(self, view):
            for node in view.tree.css("button[data-next]"):
                yield ListRequest(view.base.rsplit("/", 1)[0] + "/" + node.attributes["data-next"])

    html = '<button data-next="p2.html">加载更多</button>'
    view = read_list_page(html, "http://a.cn/nb/p1.html", pagers=[*pagers_for(), MoreButton()])
    assert view.page.next_pages == ["http://a.cn/nb/p2.html"] and view.page.styles == ["more_button"]


def test_every_style_is_listed_once():
    styles = [kind.style for kind in PAGERS]
    assert sorted(styles) == sorted(set(styles)) == ["hanweb", "index_n", "next_link", "query", "trs"]
    assert [type(p) for p in pagers_for()] == list(PAGERS)
    assert [issubclass(kind, SequencePager) for kind in PAGERS] == [False, False, False, False, True]


def test_the_demo_crawl_walks_each_style(tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(FIXTURES / "portal", root)
    fetch = FetchConfig(retries=1, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False)
    out = io.StringIO()
    with PortalFarm(root, fixtures=FIXTURES) as farm:
        summary = crawl(
            farm.sources(), tmp_path / "r.sqlite", dry_run=True, out=out, verbose=True, fetch_config=fetch
        )
    walk = [ln.split(" ", 2)[2] for ln in out.getvalue().splitlines() if "] list " in ln or "dataproxy" in ln]
    assert any(ln.startswith("[hanbin] list ") and ln.endswith("(trs)") for ln in walk)
    assert any(ln.startswith("[yinzhou] list ") and ln.endswith("(next_link)") for ln in walk)
    assert any(ln.startswith("[linhai] list ") and ln.endswith("(hanweb)") for ln in walk)
    groups = [ln for ln in walk if ln.startswith("[linhai] dataproxy group ")]
    assert [g.split(":")[0] for g in groups] == ["[linhai] dataproxy group 0", "[linhai] dataproxy group 1"]
    assert summary.list_pages == len(walk)
