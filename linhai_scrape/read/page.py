"""A report page's own facts, read one way for the extractor and the crawl alike.

The page model's lists live here once: where the CMS families in PORTALS.md put the report body
(:data:`CONTENT_SELECTORS`), the labels of the 信息公开目录 metadata table (:data:`META_LABELS`),
the CMS ``<meta>`` tags, and which linked files are attachments (:func:`attachment_kind`).
:func:`~linhai_scrape.read.document.html_to_document` reads a page with them, and its ``Document``
carries the page's metadata (``meta``) and attachments; the crawl takes them from that Document.

*Metadata* (:func:`read_metadata`): label cells followed by value cells, ``索引号：…`` inline (in a
cell, or a ``<li>/<p>/<span>`` line), and the ``<meta>`` tags (ArticleTitle, PubDate, ContentSource).
*Attachments* (:func:`attachment_links`): .pdf/.doc/.docx/.wps/.xls/.ofd and image files linked from
the body (``<a>``, ``<iframe>/<embed>/<object>``, pdf.js ``?file=``, ``onclick``/``window.open``
targets), and ``<img>`` inside a recognised body container, with their link text, as written on the
page: :func:`resolve_attachments` makes them absolute against the page's URL.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Content containers of the CMS families in PORTALS.md, most specific first. A page may nest them
# (#zoom around .TRS_Editor): the outer one comes first, so that files linked below the editor's
# text are in the body too.
CONTENT_SELECTORS: tuple[str, ...] = (
    "#zoom",
    ".TRS_Editor",
    ".TRS_UEDITOR",
    ".Custom_UnionStyle",
    "#UCAP-CONTENT",
    ".article-content",
    "#article-content",
    ".article_content",
    ".art_con",
    ".xxgk_content",
    ".zw-content",
    "#zoomcon",
    ".bt-article",
    "#content",
    ".content",
    ".main-content",
    ".article",
    "article",
)
# A container is the body when it holds this much text, or something a body shows.
_MIN_BODY_TEXT = 20
_BODY_CONTENT = "table, a, img, iframe, embed, object"

# The labels of the 信息公开目录 metadata table. The first five are the ones nearly every such table
# prints: a table naming two of them is worth reading as metadata.
META_LABELS: tuple[str, ...] = (
    "索引号",
    "发布机构",
    "发文日期",
    "发布日期",
    "成文日期",
    "文号",
    "主题分类",
    "组配分类",
    "分类",
    "发文机关",
    "信息名称",
    "标题",
    "体裁分类",
    "公开目录",
    "发文机构",
    "公开主体",
    "生成日期",
    "公开日期",
    "发文字号",
    "发布文号",
    "有效性",
    "关键词",
    "信息来源",
    "主题导航",
    "名称",
    "内容概述",
    "公开方式",
    "公开范围",
)
CORE_META_LABELS = META_LABELS[:5]
_META_LABEL_SET = frozenset(META_LABELS)
# Labels whose presence in the raw page makes its tables worth a look.
_LABEL_PROBES = (
    "索引号",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "发布日期",
    "生成日期",
    "组配分类",
    "主题分类",
)
# The CMS <meta name=…> tags a report page's facts come from.
META_TAGS = ("ArticleTitle", "PubDate", "ContentSource", "ColumnName", "SiteName")
# Labels printed inline ("索引号：…  发布机构：…") with their values.
_INLINE_LABELS = (*_LABEL_PROBES, "分类", "文号", "发文字号")
_INLINE_META = re.compile(
    rf"({'|'.join(_INLINE_LABELS)})\s*[:：]\s*([^\s:：|]+(?:\s\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)"
)

# Linked files: extension → kind.
_ATTACHMENT_KINDS = {
    "pdf": "pdf",
    "doc": "doc",
    "docx": "docx",
    "wps": "wps",
    "xls": "xls",
    "xlsx": "xlsx",
    "et": "xls",
    "ofd": "ofd",
    "jpg": "image",
    "jpeg": "image",
    "png": "image",
    "gif": "image",
    "bmp": "image",
    "tif": "image",
    "tiff": "image",
    "webp": "image",
}
ATTACHMENT_EXTENSIONS = tuple(_ATTACHMENT_KINDS)
# A document file named in script: window.open('/a/b.pdf'), location.href="…docx", onclick handlers
FILE_IN_JS = re.compile(r"""['"]([^'"\s]+?\.(?:pdf|docx?|wps|xlsx?|ofd)(?:\?[^'"]*)?)['"]""", re.I)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "#")
_DATE_NEAR = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


@dataclass(frozen=True)
class Attachment:
    url: str
    text: str
    kind: str  # pdf, doc, docx, wps, xls, xlsx, ofd, image


@dataclass(frozen=True)
class Metadata:
    fields: dict[str, str]  # label → value, as printed (labels folded: no spaces, no colon)

    @property
    def index_no(self) -> str | None:
        return self._first("索引号")

    @property
    def publisher(self) -> str | None:
        return self._first(
            "发布机构", "发文机关", "发文机构", "公开主体", "ContentSource", "信息来源", "来源"
        )

    @property
    def category(self) -> str | None:
        return self._first("分类", "组配分类", "主题分类", "公开目录", "ColumnName")

    @property
    def title(self) -> str | None:
        return self._first("名称", "标题", "信息名称", "ArticleTitle")

    @property
    def date_text(self) -> str | None:
        return self._first("发文日期", "成文日期", "发布日期", "生成日期", "公开日期", "PubDate", "日期")

    @property
    def date(self) -> date | None:
        return parse_date(self.date_text)

    def _first(self, *labels: str) -> str | None:
        for label in labels:
            value = self.fields.get(label)
            if value:
                return value
        return None


# --------------------------------------------------------------------------------------------------
# Dates and URLs
# --------------------------------------------------------------------------------------------------


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE_NEAR.search(unicodedata.normalize("NFKC", text))
    return safe_date(m.group(1), m.group(2), m.group(3)) if m else None


def safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def date_near(text: str) -> date | None:
    """The first date (2023-1-18, 2023/01/18, 2023年1月18日) in ``text``."""
    m = _DATE_NEAR.search(text)
    return safe_date(m.group(1), m.group(2), m.group(3)) if m else None


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, ``/`` for an empty path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def resolve_url(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base`` and canonical; None for script, mail and other
    non-web targets."""
    if not href:
        return None
    href = href.strip().replace("\\", "/")
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return canonical_url(url)
    except ValueError:
        return None


def base_href(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("base[href]")
    return node.attributes.get("href") if node is not None else None


def base_url(url: str, href: str | None) -> str:
    """The URL a page's links resolve against: its ``<base href>`` (``href``) when that resolves."""
    return resolve_url(url, href) or url


def fold_label(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u3000\xa0]+", "", text)


def link_text(anchor: LexborNode) -> str:
    """An anchor's text, or its ``title`` when that is fuller (lists truncate names with …)."""
    text = re.sub(r"\s+", " ", anchor.text(deep=True)).strip()
    title = (anchor.attributes.get("title") or "").strip()
    if title and (len(title) > len(text) or text.endswith(("...", "…", ".."))):
        return title
    return text or title


def attachment_kind(url: str) -> str | None:
    """``pdf``, ``doc``, ``docx``, ``wps``, ``xls``, ``image``, … from the URL's path, or from a file
    its query names (a pdf.js ``?file=``, a download script's ``?filename=``)."""
    parts = urlsplit(url)
    candidates = [parts.path]
    candidates.extend(unquote(value).split("?")[0] for _, value in parse_qsl(parts.query))
    for path in candidates:
        name = path.rsplit("/", 1)[-1]
        if "." in name:
            kind = _ATTACHMENT_KINDS.get(name.rsplit(".", 1)[-1].lower())
            if kind:
                return kind
    return None


def is_document_link(href: str) -> bool:
    """A link to a file that may hold the report (an attachment other than an image)."""
    return attachment_kind(href) not in (None, "image")


# --------------------------------------------------------------------------------------------------
# The body, the metadata, the attachments
# --------------------------------------------------------------------------------------------------


def content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The report body's container: the first of :data:`CONTENT_SELECTORS` that holds text or
    something a body shows (the longest such node when a selector matches several)."""
    for selector in CONTENT_SELECTORS:
        best: LexborNode | None = None
        best_len = 0
        for node in tree.css(selector):
            # DOM textContent: the same text as text(separator=""), read in one piece, at a fraction
            # of the cost (the body's text is long)
            length = len(node.text_lexbor() or "")
            if best is None or length > best_len:
                best, best_len = node, length
        if best is not None and (best_len >= _MIN_BODY_TEXT or best.css_first(_BODY_CONTENT)):
            return best
    return None


def names_metadata(text: str) -> bool:
    """Two of the core metadata labels (索引号, 发布机构, dates) appear in the text."""
    return sum(label in text for label in CORE_META_LABELS) >= 2


def is_meta_label(text: str) -> bool:
    return text in _META_LABEL_SET


@dataclass(frozen=True)
class PageNodes:
    """The elements of the whole page that the page model and the document walk ask for, found in
    one selector pass: each pass walks the whole tree, and seven of them cost more than the rest of
    the page model's reading."""

    tables: list[LexborNode]
    metas: list[LexborNode]
    scripts: list[LexborNode]
    line_breaks: list[LexborNode]
    base: LexborNode | None  # the first <base href>
    heading: LexborNode | None  # the first <h1>
    title: LexborNode | None  # the first <title>


def find_page_nodes(tree: LexborHTMLParser) -> PageNodes:
    # Each tag's elements in document order from lexbor's own search by tag name, which compares
    # one name per element: the selector engine asked seven selectors of every element, at twice
    # the cost of the seven searches
    bases = [node for node in tree.tags("base") if "href" in node.attributes]
    headings = tree.tags("h1")
    titles = tree.tags("title")
    return PageNodes(
        tables=tree.tags("table"),
        metas=tree.tags("meta"),
        scripts=tree.tags("script"),
        line_breaks=tree.tags("br"),
        base=bases[0] if bases else None,
        heading=headings[0] if headings else None,
        title=titles[0] if titles else None,
    )


def read_metadata(
    tree: LexborHTMLParser, html: str | None = None, nodes: PageNodes | None = None
) -> dict[str, str]:
    """The 信息公开目录 metadata (索引号, 发布机构, 发文日期, …) and the CMS meta tags of a page.
    ``html``: the page's markup when the caller has it (serialising the tree again costs more than
    the rest of this reading); ``nodes``: the page's elements when the caller has found them."""
    fields: dict[str, str] = {}
    raw = html if html is not None else (tree.html or "")
    if nodes is not None:
        tables = nodes.tables  # found already: each table's own text is probed below
    else:
        # a scan of the page for the labels is cheaper than a selector pass over its tables
        tables = tree.css("table") if any(label in raw for label in _LABEL_PROBES) else []
    for i, table in enumerate(tables):
        if i + 1 < len(tables) and _contains(table, tables[i + 1]):
            continue  # a layout table (the next table in page order is inside it): visit the inner ones
        text = table.text_lexbor() or ""  # the labels are text: no need to serialise the table
        if not any(label in text for label in _LABEL_PROBES):
            continue  # the report's own tables: no metadata label anywhere
        labelled = 0
        pairs: list[tuple[str, str]] = []
        for row in table.css("tr"):
            cells = [c for c in row.iter() if c.tag in ("td", "th")]
            texts = [_cell_text(c) for c in cells]
            i = 0
            while i < len(texts):
                label = texts[i].rstrip(":：")
                if label in _META_LABEL_SET:
                    labelled += 1
                    value = (
                        texts[i + 1]
                        if i + 1 < len(texts) and texts[i + 1].rstrip(":：") not in _META_LABEL_SET
                        else ""
                    )
                    pairs.append((label, value))
                    i += 2 if value else 1
                    continue
                for m in _INLINE_META.finditer(texts[i]):
                    labelled += 1
                    pairs.append((m.group(1), m.group(2)))
                i += 1
        if labelled >= 2:
            for label, value in pairs:
                if value:
                    fields.setdefault(label, value)
    if "索引号" not in fields and "索引号" in raw:
        for node in tree.css("li, p, span, div.info, div.xxgk_info, dl, dd"):
            text = node.text(deep=True)
            if "索引号" in text and len(text) < 400:
                for m in _INLINE_META.finditer(unicodedata.normalize("NFKC", text)):
                    fields.setdefault(m.group(1), m.group(2))
                break
    for node in nodes.metas if nodes is not None else tree.css("meta[name]"):
        name = node.attributes.get("name") or ""
        content = (node.attributes.get("content") or "").strip()
        if name in META_TAGS and content:
            fields.setdefault(name, content)
    return fields


def _contains(outer: LexborNode, node: LexborNode) -> bool:
    """``node`` stands inside ``outer``."""
    outer_id = outer.mem_id
    parent = node.parent
    while parent is not None:
        if parent.mem_id == outer_id:
            return True
        parent = parent.parent
    return False


def _cell_text(cell: LexborNode) -> str:
    return fold_label(cell.text(deep=True)).replace("：", ":").rstrip(":") if cell.text(deep=True) else ""


def _body(tree: LexborHTMLParser) -> tuple[LexborNode | None, bool]:
    """The report body container (and whether it was recognised, rather than the whole <body>)."""
    root = content_root(tree)
    return (root, True) if root is not None else (tree.body, False)


# The elements that can link to a file: an attachment's link, or a document the body shows.
LINKING_ELEMENTS = "a, iframe, embed, object, img"
_LINKING_TAGS = frozenset(("a", "iframe", "embed", "object", "img"))


def attachment_links(
    tree: LexborHTMLParser,
    root: LexborNode | None | Literal["find"] = "find",
    found: list[LexborNode] | None = None,
) -> list[Attachment]:
    """Files linked from the report body, in page order, with the URLs as written on the page
    (a link may name a file twice: :func:`resolve_attachments` keeps one entry per URL).
    ``root``: the page's :func:`content_root` when the caller has found it; ``found``: the
    elements a selector pass over that body found, when the caller has made one that names
    :data:`LINKING_ELEMENTS` among others (those others are left out here)."""
    if isinstance(root, str):  # not ``root == "find"``: a node compared with a string serialises itself
        body, recognised = _body(tree)
    else:
        body, recognised = (root, True) if root is not None else (tree.body, False)
    if body is None:
        return []
    if found is None:
        nodes = body.css(LINKING_ELEMENTS)
    else:
        # a pass with several selectors reports an element once per selector it matches (a link
        # with an onclick, twice): each element once, as a pass of these selectors alone finds it
        nodes = [node for node in {n.mem_id: n for n in found}.values() if node.tag in _LINKING_TAGS]
    out: list[Attachment] = []

    def add(target: str | None, text: str) -> None:
        if not target:
            return
        kind = attachment_kind(target)
        if kind is not None:
            out.append(Attachment(target, text, kind))

    for node in nodes:
        tag = node.tag
        attrs = node.attributes
        if tag == "a":
            text = link_text(node)
            add(attrs.get("href"), text)
            for attr in ("onclick", "data-href", "data-url"):
                value = attrs.get(attr)
                if value:
                    for m in FILE_IN_JS.finditer(value):
                        add(m.group(1), text)
            href = attrs.get("href") or ""
            if href.lower().startswith("javascript:"):
                for m in FILE_IN_JS.finditer(href):
                    add(m.group(1), text)
        elif tag in ("iframe", "embed"):
            add(attrs.get("src"), attrs.get("title") or "")
        elif tag == "object":
            add(attrs.get("data"), attrs.get("title") or "")
        elif tag == "img" and recognised:
            src = attrs.get("src")
            parent = node.parent
            if parent is not None and parent.tag == "a":  # an icon inside an attachment link
                continue
            if src and "/icons/" not in src and "/icon/" not in src:
                add(src, attrs.get("alt") or attrs.get("title") or "")
    return out


def resolve_attachments(links: list[Attachment], url: str, base: str | None = None) -> list[Attachment]:
    """Attachments as written on the page at ``url`` (``base``: its ``<base href>``) → absolute,
    canonical URLs, one entry per URL, in page order; unnamed ones named by their file name."""
    page = base_url(canonical_url(url), base)
    out: dict[str, Attachment] = {}
    for link in links:
        target = resolve_url(page, link.url)
        if target is None or target in out:
            continue
        kind = attachment_kind(target)
        if kind is None:
            continue
        text = link.text.strip() or unquote(urlsplit(target).path.rsplit("/", 1)[-1])
        out[target] = Attachment(target, text, kind)
    return list(out.values())


def find_attachments(tree: LexborHTMLParser, url: str) -> list[Attachment]:
    """Files linked from the report body of the page at ``url``, absolute, one entry per URL."""
    return resolve_attachments(attachment_links(tree), url, base_href(tree))


# An article split over several pages: its parts are the page's own name with _1, _2 … (TRS and
# many CMSs), linked from a 下一页 / 第2页 pager inside the article, or written by createPageHTML.
_CREATE_PAGE = re.compile(
    r"""createPageHTML\s*\(\s*(?:['"][^'"]*['"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]"""
)
_MAX_PARTS = 20  # parts of one article followed at the most


def article_part_urls(url: str, hrefs: list[str], html: str = "") -> list[str]:
    """The further pages of the article at ``url``, in order: links (``hrefs``, from the article's
    body) to the page's own name with ``_N`` before its extension, and the parts a createPageHTML
    call in the page names after the page's own name. Nothing else: a 下一页 to another article or
    to a list page is not a part of this one."""
    path = urlsplit(url).path
    stem, dot, ext = path.rpartition("/")[2].rpartition(".")
    if not dot or not stem:
        return []
    own = re.compile(rf"{re.escape(stem)}_(\d{{1,2}})\.{re.escape(ext)}$")
    found: dict[int, str] = {}
    for href in hrefs:
        target = resolve_url(url, href)
        if target is None or urlsplit(target).netloc != urlsplit(url).netloc:
            continue
        m = own.search(urlsplit(target).path)
        if m and 1 <= int(m.group(1)) <= _MAX_PARTS:
            found.setdefault(int(m.group(1)), canonical_url(target))
    for m in _CREATE_PAGE.finditer(html):
        total, name, kind = int(m.group(1)), m.group(3), m.group(4)
        if name != stem or kind != ext:
            continue  # a list page's pager (index, html), not this article's
        for n in range(1, min(total, _MAX_PARTS + 1)):
            part = resolve_url(url, f"{stem}_{n}.{ext}")
            if part is not None:
                found.setdefault(n, canonical_url(part))
    return [found[n] for n in sorted(found)]


# A page whose article is only a string in a script (let content = "<p>…<table …>…"): portals that
# render the article in the browser, and the script files such pages load.
_SCRIPT_STRING = re.compile(
    r'"((?:[^"\\\n]|\\.){2000,})"'
)  # a double-quoted literal of 2,000 characters or more
_MARKUP = re.compile(r"<(?:p|table|div)[\s>]", re.I)


def markup_in_script(text: str) -> str | None:
    """The longest double-quoted string in ``text`` that holds markup (paragraphs or a table),
    with the script's escapes undone (\\" \\n \\uXXXX), or None."""
    best: str | None = None
    for m in _SCRIPT_STRING.finditer(text):
        body = m.group(1)
        if not _MARKUP.search(body):
            continue
        try:  # a script string is a JSON string but for tabs in it and \\' escapes
            markup = json.loads(f'"{body.replace(chr(92) + chr(39), chr(39))}"', strict=False)
        except ValueError:
            continue
        if best is None or len(markup) > len(best):
            best = markup
    return best
