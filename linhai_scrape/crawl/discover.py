"""Discovery: from a column's list pages to report links, pagination and attachments.

Pure functions over text already fetched and decoded, plus the URL it came from; no I/O. The crawl
fetches, these functions read.

List pages (:func:`read_list_links`)
    *Report links*: anchors whose text (or ``title``, which list pages use for the untruncated name)
    names 政府信息公开/政务信息公开 + 年度报告/年报 + a year, or matches the source's ``link_pattern``
    instead. Guides (指南), catalogues (目录), interpretations (解读), notices (通知) and the like are
    skipped. URLs are resolved against the page (``<base href>`` honoured) and fragments dropped.
    *Pagination* is the pagers' part (:mod:`linhai_scrape.crawl.pagers`, one class per style); this
    module reads what they page through: Hanweb (大汉) jcms columns, whose first records sit in a
    ``<script type="text/xml"><datastore>`` block and the rest come from
    ``/module/web/jpage/dataproxy.jsp`` (XML ``<record>`` CDATA ``<li>`` links,
    ``<totalrecord>``/``<totalpage>``): :func:`hanweb_column` reads the parameters,
    :func:`parse_dataproxy` reads an answer.

Report pages (:func:`parse_report_page`): the page model's reading (:mod:`linhai_scrape.read.page`),
the same that the extractor's ``Document`` carries (the crawl takes it from there)
    *Metadata*: the 信息公开目录 table (索引号 / 分类 / 发布机构 / 发文日期 / 文号 …, as label cells
    followed by value cells, or ``索引号：…`` inline) and the CMS ``<meta>`` tags (ArticleTitle,
    PubDate, ContentSource). *Attachments*: .pdf/.doc/.docx/.wps/.xls/.ofd and image files linked
    from the body (``<a>``, ``<iframe>/<embed>/<object>``, pdf.js ``?file=``, ``onclick``/
    ``window.open`` targets), and ``<img>`` inside a recognised body container, with their link text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..read.page import (
    Attachment,
    Metadata,
    attachment_kind,
    base_href,
    base_url,
    canonical_url,
    date_near,
    fold_label,
    link_text,
    read_metadata,
    resolve_url,
)
from ..read.page import find_attachments as _find_attachments

__all__ = [
    "Attachment",
    "HanwebColumn",
    "ListPage",
    "ListView",
    "Metadata",
    "ReportLink",
    "ReportPage",
    "attachment_kind",
    "canonical_url",
    "hanweb_column",
    "host_of",
    "is_report_title",
    "parse_dataproxy",
    "parse_metadata",
    "parse_report_page",
    "read_list_links",
    "report_year",
]

# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLink:
    url: str
    text: str  # the fuller of the anchor's text and title
    year: int | None  # the year named in the text (the year the report covers)
    date: str | None = None  # a date printed next to the link on the list (YYYY-MM-DD)


@dataclass(frozen=True)
class Skipped:
    url: str
    text: str
    reason: str  # "off-site", "excluded: 指南", …


@dataclass(frozen=True)
class HanwebColumn:
    """How to ask a Hanweb jcms column for its records."""

    proxy_url: str  # absolute …/module/web/jpage/dataproxy.jsp
    params: dict[
        str, str
    ]  # col, appid, webid, path, columnid, sourceContentType, unitid, webname, permissiontype
    perpage: int = 15
    inline_records: int = 0  # records already present in the page's <datastore>
    total_records: int | None = None


@dataclass
class ListPage:
    reports: list[ReportLink] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)  # further list pages to GET
    skipped: list[Skipped] = field(default_factory=list)
    styles: list[str] = field(
        default_factory=list
    )  # pagination styles seen: next_link, index_n, query, trs, hanweb
    hanweb: HanwebColumn | None = None
    total_pages: int | None = None
    total_records: int | None = None


@dataclass(frozen=True)
class ReportPage:
    metadata: Metadata
    attachments: list[Attachment]


# --------------------------------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4"}
_CN_DIGITS |= {"五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([二][〇零○Ｏ一二三四五六七八九]{3})年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*年?")
_NAMES_REPORT = re.compile(
    r"(?:政府|政务)信息公开.{0,8}?(?:年度报告|年报|年度工作报告)|信息公开年报|信息公开工作报告"
)
_TRUNCATED = re.compile(r"(?:政府|政务)信息公开.{0,12}(?:\.\.\.|…|\.\.)$")
_EXCLUDE = (
    "指南",
    "目录",
    "解读",
    "图解",
    "通知",
    "说明会",
    "发布会",
    "征集",
    "考核",
    "评议",
    "统计表",
    "工作要点",
    "制度",
    "意见箱",
)


def report_year(text: str) -> int | None:
    """The year a title names (the year the report covers): '…2020年政府信息公开…' → 2020."""
    folded = fold_label(text)
    m = _YEAR.search(folded)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(folded)
    if m:
        return int("".join(_CN_DIGITS[c] for c in m.group(1)))
    return None


def is_report_title(text: str, pattern: re.Pattern[str] | str | None = None) -> str | None:
    """Why ``text`` is *not* a report title (``None`` when it is one).

    With ``pattern`` (a source's ``link_pattern``) the pattern replaces the built-in name test;
    the exclusions (指南, 目录, 解读, 通知, …) apply either way.
    """
    folded = fold_label(text)
    if not folded:
        return "no text"
    for word in _EXCLUDE:
        if word in folded:
            return f"excluded: {word}"
    if pattern is not None:
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        return None if regex.search(folded) or regex.search(text) else "does not match link_pattern"
    if not (_NAMES_REPORT.search(folded) or _TRUNCATED.search(folded)):
        return "not an annual report title"
    if report_year(folded) is None:
        return "no year in the title"
    return None


# --------------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------------

# Three of the national outline's headings on one page: the page is a report, not a list of them.
_REPORT_HEADINGS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议")
_REPORT_HEADINGS_NEEDED = 3


def looks_like_report(text: str) -> bool:
    """A start URL may be a report itself rather than a column listing reports."""
    return sum(heading in text for heading in _REPORT_HEADINGS) >= _REPORT_HEADINGS_NEEDED


def host_of(url: str) -> str:
    """``host[:port]`` as :func:`canonical_url` writes it (the unit of "same site")."""
    return urlsplit(canonical_url(url)).netloc


# --------------------------------------------------------------------------------------------------
# List pages
# --------------------------------------------------------------------------------------------------

_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
_CDATA_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_TOTAL_PAGE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.I)
_JS_TOTAL_RECORD = re.compile(r"totalRecord\s*[=:]\s*['\"]?(\d+)", re.I)
_JS_PERPAGE = re.compile(r"\bperpage\s*[=:]\s*['\"]?(\d+)", re.I)
_COL_URL = re.compile(r"/col/col(\d+)/")


@dataclass(frozen=True)
class ListView:
    """One list page read: its links (``page``) and what the pagers read its pagination from."""

    url: str  # canonical
    html: str
    tree: LexborHTMLParser
    base: str  # the URL links resolve against (``<base href>`` honoured)
    page: ListPage
    cms: str  # the source's ``cms`` setting

    @cached_property
    def anchors(self) -> list[tuple[LexborNode, str | None]]:
        """Every ``<a href>`` on the page, in document order, with the URL it resolves to (None: no
        web address). Each link pager reads them all: resolved once, not once per pager."""
        return [(a, resolve_url(self.base, a.attributes.get("href"))) for a in self.tree.css("a[href]")]


def read_list_links(
    html: str,
    url: str,
    *,
    list_selector: str | None = None,
    link_pattern: re.Pattern[str] | str | None = None,
    hosts: Iterable[str] | None = None,
    cms: str = "auto",
) -> ListView:
    """Report links on one list page (its pagination is the pagers' part: ``pagers.read_list_page``).

    ``hosts``: the hosts a report may live on (``host[:port]``); links elsewhere are skipped.
    ``list_selector``: only anchors inside matching elements are report candidates. ``cms``: ``auto``
    and ``hanweb`` look for a Hanweb column (its first records sit in the page's ``<datastore>``).
    """
    url = canonical_url(url)
    tree = LexborHTMLParser(html)
    base = base_url(url, base_href(tree))
    allowed = {h.lower() for h in hosts} if hosts is not None else None
    page = ListPage()

    # Hanweb: the inline <datastore> holds the first records; the dataproxy the rest.
    hanweb = hanweb_column(html, url) if cms in ("auto", "hanweb") else None
    containers: list[LexborNode]
    if list_selector:
        containers = tree.css(list_selector)
    else:
        containers = [tree.body] if tree.body is not None else []
    seen: set[str] = set()
    for container in containers:
        _collect_reports(container.css("a[href]"), base, link_pattern, allowed, page, seen)
    if hanweb is not None:
        page.hanweb = hanweb
        page.styles.append("hanweb")
        page.total_records = hanweb.total_records
        m = _DATASTORE.search(html)
        records = "".join(_CDATA_RECORD.findall(m.group(1))) if m else ""
        if records:
            sub = LexborHTMLParser(f"<ul>{records}</ul>")
            _collect_reports(sub.css("a[href]"), base, link_pattern, allowed, page, seen)
    return ListView(url, html, tree, base, page, cms)


def _collect_reports(
    anchors: Iterable[LexborNode],
    base: str,
    pattern: re.Pattern[str] | str | None,
    allowed: set[str] | None,
    page: ListPage,
    seen: set[str],
) -> None:
    for anchor in anchors:
        target = resolve_url(base, anchor.attributes.get("href"))
        if not target:
            continue
        text = link_text(anchor)
        why = is_report_title(text, pattern)
        if why is not None:
            if why.startswith("excluded") and target not in seen:
                page.skipped.append(Skipped(target, text, why))
                seen.add(target)
            continue
        if target in seen:
            continue
        seen.add(target)
        if allowed is not None and host_of(target) not in allowed:
            page.skipped.append(Skipped(target, text, "off-site"))
            continue
        page.reports.append(ReportLink(target, text, report_year(text), _date_near(anchor)))


def _date_near(anchor: LexborNode) -> str | None:
    parent = anchor.parent
    if parent is None:
        return None
    d = date_near(parent.text(deep=True).replace(anchor.text(deep=True), " "))
    return d.isoformat() if d else None


# --------------------------------------------------------------------------------------------------
# Hanweb jcms
# --------------------------------------------------------------------------------------------------

_HANWEB_DEFAULTS = {"col": "1", "appid": "1", "path": "/", "sourceContentType": "1", "permissiontype": "0"}
_HANWEB_KEYS = (
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourceContentType",
    "unitid",
    "webname",
    "permissiontype",
)


def hanweb_column(html: str, url: str) -> HanwebColumn | None:
    """The dataproxy parameters of a Hanweb column page, or ``None`` when the page is not one.

    Read from the ``<nextgroup>`` link of the inline ``<datastore>`` (it carries every parameter);
    a ``/col/col<id>/`` page that loads ``jpage`` without one gets the usual defaults.
    """
    m = _DATASTORE.search(html)
    uses_jpage = "dataproxy.jsp" in html or "/module/web/jpage/" in html
    if m is None and not uses_jpage:
        return None
    params: dict[str, str] = {}
    proxy = urljoin(url, "/module/web/jpage/dataproxy.jsp")
    inline = 0
    total = None
    if m is not None:
        store = m.group(1)
        inline = len(_CDATA_RECORD.findall(store))
        ng = _NEXTGROUP.search(store)
        if ng:
            href = re.search(r"href\s*=\s*['\"]([^'\"]+)['\"]", ng.group(1))
            if href:
                target = urljoin(url, href.group(1).replace("&amp;", "&"))
                parts = urlsplit(target)
                proxy = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
                params = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        t = _TOTAL_RECORD.search(store)
        total = int(t.group(1)) if t else None
    if total is None:
        t = _JS_TOTAL_RECORD.search(html)
        total = int(t.group(1)) if t else None
    col = _COL_URL.search(urlsplit(url).path)
    if "columnid" not in params:
        if not col:
            return None
        params["columnid"] = col.group(1)
    for key, value in _HANWEB_DEFAULTS.items():
        params.setdefault(key, value)
    for key in ("webid", "unitid"):
        if key not in params:
            found = re.search(rf"\b{key}\s*[=:]\s*['\"]?(\d+)", html, re.I)
            if found:
                params[key] = found.group(1)
    js_perpage = _JS_PERPAGE.search(html)
    perpage = params.pop("perpage", None) or (js_perpage.group(1) if js_perpage else None)
    params.pop("page", None)
    for key in ("startrecord", "endrecord"):
        params.pop(key, None)
    ordered = {k: params[k] for k in _HANWEB_KEYS if k in params} | {
        k: v for k, v in params.items() if k not in _HANWEB_KEYS
    }
    return HanwebColumn(
        proxy_url=canonical_url(proxy),
        params=ordered,
        perpage=int(perpage) if perpage and perpage.isdigit() and int(perpage) > 0 else 15,
        inline_records=inline,
        total_records=total,
    )


def parse_dataproxy(
    xml: str,
    url: str,
    *,
    link_pattern: re.Pattern[str] | str | None = None,
    hosts: Iterable[str] | None = None,
) -> ListPage:
    """The answer of ``dataproxy.jsp``: report links from the ``<record>`` CDATA, totals."""
    page = ListPage(styles=["hanweb"])
    records = "".join(_CDATA_RECORD.findall(xml))
    allowed = {h.lower() for h in hosts} if hosts is not None else None
    if records:
        tree = LexborHTMLParser(f"<ul>{records}</ul>")
        _collect_reports(tree.css("a[href]"), canonical_url(url), link_pattern, allowed, page, set())
    t = _TOTAL_RECORD.search(xml)
    page.total_records = int(t.group(1)) if t else None
    p = _TOTAL_PAGE.search(xml)
    page.total_pages = int(p.group(1)) if p else None
    return page


# --------------------------------------------------------------------------------------------------
# Report pages: metadata and attachments (the page model's reading, read.page)
# --------------------------------------------------------------------------------------------------


def parse_metadata(html: str | LexborHTMLParser) -> Metadata:
    """The 信息公开目录 metadata (索引号, 发布机构, 发文日期, …) and the CMS meta tags of a report page."""
    return Metadata(read_metadata(html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)))


def find_attachments(html: str | LexborHTMLParser, url: str) -> list[Attachment]:
    """Files linked from the report body, in page order, one entry per URL."""
    return _find_attachments(html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html), url)


def parse_report_page(html: str, url: str) -> ReportPage:
    tree = LexborHTMLParser(html)
    return ReportPage(parse_metadata(tree), find_attachments(tree, url))
