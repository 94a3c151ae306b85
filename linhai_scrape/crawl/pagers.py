"""Pagination: how a column spreads its list of reports over several list requests, one class per style.

A :class:`Pager` reads one list page (a :class:`~linhai_scrape.crawl.discover.ListView`) and yields
the :class:`ListRequest` s it leads to. The styles, as these portals write them:

- :class:`NextLinkPager`: ``下一页`` / ``下页`` / ``rel="next"`` links;
- :class:`IndexPager`: ``index_1.html … index_N.html`` sequences: page links, completed up to the
  highest (尾页) one;
- :class:`QueryPager`: ``?page=N`` / ``pageNum=N`` query links to the same path (JSP/ASP lists,
  Hanweb ``uid`` lists);
- :class:`CreatePagePager`: TRS ``createPageHTML(total, current, "index", "html")`` scripts
  (literals or ``var`` names), which write the pager at run time: page 0 is ``index.html``, page k
  is ``index_k.html``;
- :class:`HanwebPager`: Hanweb (大汉) jcms columns, whose records after the page's inline
  ``<datastore>`` come from ``/module/web/jpage/dataproxy.jsp``, asked group by group with a POST of
  the column's fields. There the static ``index_1.html`` does not exist, so no ``index_N`` pages
  are guessed (or followed) on Hanweb columns.

The first four are *link* pagers: every page they name is known from the page itself, and the crawl
walks them breadth-first, all styles together (:func:`read_list_page` lists them as
``ListPage.next_pages``). A :class:`SequencePager` (Hanweb) asks one request at a time: each answer
(read by the pager itself) decides whether there is a next one, so its :meth:`~Pager.requests` is a
generator driven with ``send(ListAnswer)``.

A new style is one more class here, listed in :data:`PAGERS`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..read.page import canonical_url, fold_label, resolve_url
from .discover import (
    HanwebColumn,
    ListPage,
    ListView,
    parse_dataproxy,
    read_list_links,
)

__all__ = [
    "PAGERS",
    "CreatePagePager",
    "HanwebPager",
    "IndexPager",
    "ListAnswer",
    "ListRequest",
    "NextLinkPager",
    "Pager",
    "QueryPager",
    "SequencePager",
    "hanweb_page_url",
    "pagers_for",
    "parse_list_page",
    "read_list_page",
]


@dataclass(frozen=True)
class ListRequest:
    """One list request: a page to GET, or (``form`` set) fields to POST to ``url``."""

    url: str
    form: tuple[tuple[str, str], ...] | None = None
    label: str = ""  # how log lines name it ("dataproxy group 2"); the URL when empty

    @property
    def data(self) -> dict[str, str] | None:
        """The form as the fetcher takes it."""
        return dict(self.form) if self.form is not None else None


@dataclass(frozen=True)
class ListAnswer:
    """What the answer to a sequence pager's request brought: its links, and how many were new to the walk."""

    page: ListPage
    new: int


class Pager(ABC):
    """One pagination style."""

    style: ClassVar[str]  # as ``ListPage.styles`` names it

    def applies(self, view: ListView) -> bool:
        """Whether this style is read on ``view`` at all."""
        return True

    @abstractmethod
    def requests(self, view: ListView) -> Iterator[ListRequest]:
        """The list requests ``view`` leads to in this style, in page order."""

    def excludes(self, view: ListView, url: str) -> bool:
        """Whether a page another style found on ``view`` cannot exist (it is then not followed)."""
        return False


class SequencePager(Pager):
    """A style asked one request at a time, each answer deciding the next (``requests`` is driven
    with ``send(ListAnswer)`` after each request; sending ``None`` ends it)."""

    @abstractmethod
    def requests(self, view: ListView) -> Generator[ListRequest, ListAnswer | None, None]:
        """The requests, one per ``send`` of the previous one's answer."""

    @abstractmethod
    def read(
        self,
        text: str,
        request: ListRequest,
        *,
        link_pattern: re.Pattern[str] | str | None,
        hosts: Iterable[str] | None,
    ) -> ListPage:
        """The report links of an answer to one of this pager's requests."""

    @abstractmethod
    def describe(self, request: ListRequest, answer: ListAnswer) -> str:
        """The log line for an answer (after the source's name)."""


def _static_pages_exist(view: ListView) -> bool:
    """Guessed static pages do not exist on a Hanweb column (its records come from dataproxy.jsp)."""
    return view.page.hanweb is None and view.cms != "hanweb"


# --------------------------------------------------------------------------------------------------
# Link pagers
# --------------------------------------------------------------------------------------------------

_NEXT_TEXTS = frozenset(
    {"下一页", "下页", "后一页", "下一頁", "nextpage", "next", "next»", "下一页>", "下一页»", ">", "›", "»"}
)
_INDEX_N = re.compile(
    r"^(?P<stem>.*/)(?P<prefix>index|default|list|List|more)(?:_(?P<n>\d+))?\.(?P<ext>s?html?|jsp|asp|aspx|php)$"
)
_PAGE_PARAMS = ("page", "pagenum", "pageno", "pageindex", "curpage", "currentpage", "p", "pn", "cp")
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^)]*)\)")


class NextLinkPager(Pager):
    """``下一页`` / ``下页`` / ``rel="next"`` links (``<a>`` and ``<link>``)."""

    style = "next_link"

    def requests(self, view: ListView) -> Iterator[ListRequest]:
        tree, base, url = view.tree, view.base, view.url
        for anchor, target in view.anchors:
            if not target or target == url:
                continue
            text = fold_label(anchor.text(deep=True)).lower()
            rel = (anchor.attributes.get("rel") or "").lower()
            if text in _NEXT_TEXTS or "下一页" in text or rel == "next":
                yield ListRequest(target)
        for link in tree.css("link[rel=next][href]"):
            target = resolve_url(base, link.attributes.get("href"))
            if target:
                yield ListRequest(target)


class IndexPager(Pager):
    """``index_1.html`` … links of the same directory; completed up to the highest one (尾页)."""

    style = "index_n"

    def applies(self, view: ListView) -> bool:
        return _static_pages_exist(view)

    def requests(self, view: ListView) -> Iterator[ListRequest]:
        url, page = view.url, view.page
        here = urlsplit(url)
        here_m = _INDEX_N.match(here.path)
        highest: dict[tuple[str, str, str], int] = {}
        for _anchor, target in view.anchors:
            if not target:
                continue
            parts = urlsplit(target)
            m = _INDEX_N.match(parts.path)
            if not m or parts.netloc != here.netloc or parts.query:
                continue
            if m.group("stem") != (here_m.group("stem") if here_m else here.path.rsplit("/", 1)[0] + "/"):
                continue
            if m.group("n") is None and not (here_m and here_m.group("prefix") == m.group("prefix")):
                continue
            key = (m.group("stem"), m.group("prefix"), m.group("ext"))
            n = int(m.group("n") or 0)
            highest[key] = max(highest.get(key, 0), n)
            yield ListRequest(target)
        for (stem, prefix, ext), top in highest.items():
            for n in range(0, top + 1):
                name = f"{prefix}.{ext}" if n == 0 else f"{prefix}_{n}.{ext}"
                yield ListRequest(canonical_url(urlunsplit((here.scheme, here.netloc, stem + name, "", ""))))
            page.total_pages = max(page.total_pages or 0, top + 1)


class QueryPager(Pager):
    """``list.jsp?cid=1&page=3``: same path, same other parameters, a numeric page parameter."""

    style = "query"

    def applies(self, view: ListView) -> bool:
        return _static_pages_exist(view)

    def requests(self, view: ListView) -> Iterator[ListRequest]:
        here = urlsplit(view.url)
        here_q = {k.lower(): v for k, v in parse_qsl(here.query)}
        for _anchor, target in view.anchors:
            if not target:
                continue
            parts = urlsplit(target)
            if parts.netloc != here.netloc or parts.path != here.path or not parts.query:
                continue
            q = {k.lower(): v for k, v in parse_qsl(parts.query)}
            keys = [k for k in q if k in _PAGE_PARAMS and q[k].isdigit()]
            if not keys:
                continue
            rest = {k: v for k, v in q.items() if k not in keys}
            if rest != {k: v for k, v in here_q.items() if k not in keys}:
                continue
            yield ListRequest(target)


class CreatePagePager(Pager):
    """TRS ``createPageHTML(total, current, "index", "html")``: page 0 is ``index.html``, page k
    ``index_k.html``."""

    style = "trs"

    def applies(self, view: ListView) -> bool:
        return _static_pages_exist(view)

    def requests(self, view: ListView) -> Iterator[ListRequest]:
        html, url, page = view.html, view.url, view.page
        for m in _CREATE_PAGE.finditer(html):
            args = _js_args(m.group(1), html[: m.start()])
            if args is None:
                continue
            total, current, prefix, ext = args
            if total < 1 or total > 10_000:
                continue
            page.total_pages = max(page.total_pages or 0, total)
            for k in range(total):
                name = f"{prefix}.{ext}" if k == 0 else f"{prefix}_{k}.{ext}"
                yield ListRequest(canonical_url(urljoin(url, name)))


def _js_args(raw: str, before: str) -> tuple[int, int, str, str] | None:
    """``createPageHTML(3, 0, "index", "html")``, ``createPageHTML('pager', 3, 0, 'index', 'html', 40)``
    or ``createPageHTML(countPage, currentPage, "index", "html")`` with the ``var``s set earlier."""
    items = [a.strip() for a in raw.split(",")]
    values: list[int | str] = []
    for item in items:
        if not item:
            return None
        if item[0] in "'\"" and item[-1] == item[0]:
            values.append(item[1:-1])
        elif item.isdigit():
            values.append(int(item))
        elif re.fullmatch(r"[A-Za-z_$][\w$]*", item):
            found = re.findall(rf"\b{re.escape(item)}\s*=\s*['\"]?(\d+)['\"]?", before)
            if not found:
                return None  # the function's own definition, or a value we cannot know
            values.append(int(found[-1]))
        else:
            return None
    while values and isinstance(values[0], str):  # a container id first
        values.pop(0)
    if len(values) < 4 or not all(isinstance(v, int) for v in values[:2]):
        return None
    total, current, prefix, ext = values[:4]
    if not isinstance(prefix, str) or not isinstance(ext, str) or not re.fullmatch(r"[\w.-]+", prefix + ext):
        return None
    return int(total), int(current), prefix, ext


# --------------------------------------------------------------------------------------------------
# Hanweb jcms: dataproxy.jsp
# --------------------------------------------------------------------------------------------------


def hanweb_page_url(column: HanwebColumn, group: int, *, groupsize: int = 3) -> str:
    """The dataproxy URL for one group of records (jpage asks ``groupsize`` pages at a time).

    The crawl POSTs ``column.params`` to it as the column's script does; the URL carries them too,
    so that each group has one stable URL in the store (``dataproxy.jsp`` reads servlet parameters,
    which a JSP takes from the query string and the form body alike).
    """
    per = column.perpage * groupsize
    start = group * per + 1
    query = {"startrecord": str(start), "endrecord": str(start + per - 1), "perpage": str(column.perpage)}
    query |= column.params
    parts = urlsplit(column.proxy_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class HanwebPager(SequencePager):
    """A Hanweb column's records, group by group from its dataproxy.jsp (the first Hanweb column a
    walk meets; a pager serves one walk). It stops at an empty group, at the column's total, or at a
    group that adds nothing new (a server ignoring ``startrecord``)."""

    style = "hanweb"

    def __init__(self) -> None:
        self._column: HanwebColumn | None = None

    def applies(self, view: ListView) -> bool:
        return view.page.hanweb is not None and self._column is None

    def excludes(self, view: ListView, url: str) -> bool:
        # the records come from dataproxy.jsp; a static index_N.html does not exist there
        return view.page.hanweb is not None and bool(_INDEX_N.match(urlsplit(url).path))

    def requests(self, view: ListView) -> Generator[ListRequest, ListAnswer | None, None]:
        column = view.page.hanweb
        if column is None or self._column is not None:
            return
        self._column = column
        per_group = column.perpage * 3
        group = 0
        while True:
            # asked as the column's own script asks: a POST of the column's fields
            answer = yield ListRequest(
                hanweb_page_url(column, group),
                form=tuple(column.params.items()),
                label=f"dataproxy group {group}",
            )
            if answer is None:
                return
            dp = answer.page
            total = dp.total_records if dp.total_records is not None else column.total_records
            if not dp.reports and not dp.skipped:
                return  # an empty group: the end
            if total is not None and (group + 1) * per_group >= total:
                return
            if answer.new == 0 and group > 0:
                return  # the same records again: a server ignoring startrecord
            group += 1

    def read(
        self,
        text: str,
        request: ListRequest,
        *,
        link_pattern: re.Pattern[str] | str | None,
        hosts: Iterable[str] | None,
    ) -> ListPage:
        return parse_dataproxy(text, request.url, link_pattern=link_pattern, hosts=hosts)

    def describe(self, request: ListRequest, answer: ListAnswer) -> str:
        dp = answer.page
        known = self._column.total_records if self._column is not None else None
        total = dp.total_records if dp.total_records is not None else known
        return f"{request.label}: {len(dp.reports)} links, {answer.new} new (of {total})"


# --------------------------------------------------------------------------------------------------
# All styles
# --------------------------------------------------------------------------------------------------

# Every style, in the order a page's styles and further pages are listed.
PAGERS: tuple[type[Pager], ...] = (NextLinkPager, IndexPager, QueryPager, CreatePagePager, HanwebPager)


def pagers_for() -> list[Pager]:
    """Fresh pagers for one walk, one per style (a sequence pager keeps the state of its walk).
    Which styles a page is read for is each pager's :meth:`Pager.applies`, from the page's view and
    the source's ``cms`` (``auto``, ``trs``, ``generic``: every style; ``hanweb``: no guessed static
    pages)."""
    return [kind() for kind in PAGERS]


def read_list_page(
    html: str,
    url: str,
    *,
    list_selector: str | None = None,
    link_pattern: re.Pattern[str] | str | None = None,
    hosts: Iterable[str] | None = None,
    cms: str = "auto",
    pagers: Iterable[Pager] | None = None,
) -> ListView:
    """One list page: its report links (:func:`~linhai_scrape.crawl.discover.read_list_links`) and,
    in ``page.next_pages``, the further pages every link pager finds on it, in style order.

    ``list_selector`` limits report links, never pagination (read from the whole page).
    """
    view = read_list_links(
        html, url, list_selector=list_selector, link_pattern=link_pattern, hosts=hosts, cms=cms
    )
    page = view.page
    every = list(pagers) if pagers is not None else pagers_for()
    next_pages: list[str] = []
    for pager in every:
        if isinstance(pager, SequencePager) or not pager.applies(view):
            continue  # a sequence is asked by the walk, one request at a time
        for request in pager.requests(view):
            if request.url not in next_pages:
                next_pages.append(request.url)
            if pager.style not in page.styles:
                page.styles.append(pager.style)
    next_pages = [u for u in next_pages if not any(p.excludes(view, u) for p in every)]
    page.next_pages = [u for u in next_pages if u != view.url]
    return view


def parse_list_page(
    html: str,
    url: str,
    *,
    list_selector: str | None = None,
    link_pattern: re.Pattern[str] | str | None = None,
    hosts: Iterable[str] | None = None,
    cms: str = "auto",
) -> ListPage:
    """Report links and further list pages on one list page (:func:`read_list_page`'s ``page``)."""
    return read_list_page(
        html, url, list_selector=list_selector, link_pattern=link_pattern, hosts=hosts, cms=cms
    ).page
