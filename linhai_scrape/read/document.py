"""Text or HTML → ``Document``: the report body as blocks of text and tables as cell grids.

HTML: the report body is found inside the site chrome (CMS content containers first, then the page
body with navigation, scripts and the metadata table removed); tables become grids with rowspan and
colspan expanded. Text dumps: lines of ``a | b |`` cells and lines of a label followed by
space-separated numbers are rebuilt as tables; everything else is paragraphs.

The document stage only structures text. It does not know what a statistic is.
"""

from __future__ import annotations

import html as html_module
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Literal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..models import InputError
from ..template import (
    ACTIVE_HEADER_MARKER,
    ACTIVE_ROW_STARTS,
    APPLICATION_HEADER_GROUPS,
    BODY_NAME_SUFFIXES,
    HEADER_RUN_OPENERS,
    HEADER_WORDS,
    LEGACY_TABLE_ROWS,
    REPORT_TITLE_YEAR_FIRST,
    SECTIONS,
    TABLE_HEADER_WORDS,
    TABLE_ROW_STARTS,
    is_column_label,
    is_cut_column_label,
    normalise_label,
)
from .numbers import fold, parse_cell
from .page import (
    ATTACHMENT_EXTENSIONS,
    CORE_META_LABELS,
    FILE_IN_JS,
    LINKING_ELEMENTS,
    META_LABELS,
    META_TAGS,
    Attachment,
    attachment_links,
    content_root,
    find_page_nodes,
    is_meta_label,
    names_metadata,
    read_metadata,
    resolve_attachments,
)

TableOrigin = Literal["html", "text", "pdf", "docx"]
# How a text dump's end cut its last table row: inside a cell (that cell removed, never read), or
# right after one, the row short of the cells the rows above have
RowCut = Literal["mid_cell", "after_cell", "after_zero"]


@dataclass(eq=False, slots=True)
class Cell:
    """One table cell. A spanning cell is one object placed in every grid slot it covers."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # a <th>
    page: int | None = None  # paginated sources: the page the cell is printed on (tables may span pages)
    table: int | None = None  # a table rejoined from two: the index of the one the cell is printed in
    # the digits of a whole row run together with no separator ("21710000218"): not one number,
    # but cells the table reader may split only where the row's own arithmetic allows one split
    glued: bool = False


_CELL_TEXT = attrgetter("text")


@dataclass(eq=False)
class Table:
    """A table as a grid of cells. HTML grids are rectangular (``None`` where a row is short);
    text grids may be ragged, since a flattened row lost its spans."""

    index: int
    rows: list[list[Cell | None]]
    origin: TableOrigin = "html"
    page: int | None = None
    # the short line printed right above the table (### 行政复议 over a table of results alone)
    caption: str | None = None
    # a text dump that stops inside the table's last row: how (its cells there are the row's first)
    last_row_cut: RowCut | None = None

    def cell_texts(self) -> list[list[str]]:
        return [[c.text if c else "" for c in row] for row in self.rows]

    def all_text(self) -> str:
        # Each cell once, in reading order; a dict keyed by the cells (identity-hashed, eq=False)
        # dedupes a spanning cell in C rather than with a per-slot Python set.
        # filter(None, …) drops the empty slots (a Cell is always true) and attrgetter reads the
        # texts, both in C: no Python step per cell (this runs several times per table)
        return " ".join(map(_CELL_TEXT, filter(None, dict.fromkeys(chain.from_iterable(self.rows)))))


@dataclass(eq=False)
class Paragraph:
    text: str


Block = Paragraph | Table


@dataclass
class Link:
    text: str
    href: str


@dataclass
class PageSignals:
    """Page-level facts used to tell a report from pages that are not one."""

    body_text_chars: int = 0
    script_chars: int = 0
    script_count: int = 0
    links: list[Link] = field(default_factory=list)  # links inside the content area (or page body)
    has_content_root: bool = False
    markup: bool = False
    images: int = 0  # <img> in the content area (tables published as pictures)


@dataclass
class Document:
    blocks: list[Block]
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # metadata table / <meta> facts, label → value
    signals: PageSignals = field(default_factory=PageSignals)
    # The input ends inside a table (a cut-off page or file): what was done about it, for a check.
    truncated: str | None = None
    # A paginated source's text lines outside the tables it found, in reading order: a text dump
    # rendered as a PDF keeps its tables only in these lines (`a | b |`, cells one per line).
    lines: list[str] = field(default_factory=list)
    # A web page's attached files (PDF, DOC, … and the body's images), URLs as written on the page,
    # and its <base href>: :meth:`attachments_at` makes them absolute.
    attachments: list[Attachment] = field(default_factory=list)
    base_href: str | None = None

    def attachments_at(self, url: str) -> list[Attachment]:
        """The page's attachments as absolute, canonical URLs (``url``: where the page was fetched),
        one entry per URL, in page order."""
        return resolve_attachments(self.attachments, url, self.base_href)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """All text, tables included, one block per line (for searching, not for numbers)."""
        return "\n".join(b.text if isinstance(b, Paragraph) else b.all_text() for b in self.blocks)


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

_CHROME_SELECTORS = (
    # not <iframe>: an iframe holds no text of the page, and one showing the report's PDF is the report
    "script, style, noscript, template, nav, header, footer, aside, form, select, button"
)
_CHROME_CLASS = re.compile(
    r"(^|[\s_-])(nav|menu|footer|header|breadcrumb|crumb|share|position|location|sidebar|aside|widget|"
    r"toolbar)|(^|\s)side(\s|$)",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol section article blockquote pre center dd dt dl tr tbody thead caption hr figure".split()
)
# Struck-out text (<del>2780</del>2871: the figure the page corrects) is no part of the page's
_STRUCK_TAGS = frozenset(("del", "s", "strike"))
_SKIP_TAGS = (
    frozenset("script style noscript template iframe select button head title meta link input".split())
    | _STRUCK_TAGS
)
_CHROME_LINE = re.compile(
    r"^(当前位置|您当前的位置|您的位置|打印|关闭|【打印】|【关闭】|打印本页|关闭窗口|字体|分享到|扫一扫)"
)
MAX_SPAN = 200  # rowspan/colspan beyond this are damage, not layout
_SPANNED_CELLS = "td[rowspan], td[colspan]"  # cells whose attributes matter (and every <th>)
_META_PAIR = re.compile(rf"^({'|'.join(META_LABELS)})\s*[:：]\s*(.+)$")
_META_INLINE = re.compile(rf"({'|'.join(META_LABELS)})\s*[:：]\s*(\S+)")


# Elements opened one inside the other this many times in a row: no portal page does that, and the
# HTML parser's time grows with the square of the depth (100,000 levels take 20 s to parse).
_MAX_OPEN_RUN = 500
_DEEP_PAGE = 100_000  # characters: 10,000 nested elements (110 KB) parse in 0.2 s; deeper takes more
# The search for a long run of opened elements costs milliseconds on an ordinary page, so it runs
# only on a page that is mostly tag after tag ("><" once per element of such a run).
_TAG_AFTER_TAG = 20_000
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
_OPEN_RUN = re.compile(rf"(?:<(?!(?:{_VOID})\b)[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>\s*){{{_MAX_OPEN_RUN}}}")


# A page this large is no ordinary report page (those are 50-200 KB): such a page is mostly the markup
# Word and web editors write around the text, a style="…" and a lang="…" on every span and cell, or
# a column's long list of links. The parser keeps each element and attribute as an object of its own,
# many times the size of its text, so the attributes nothing here reads are dropped before a large
# page is parsed: presentation (style, sizes, alignment, colours, fonts), a class that is only Word's
# paragraph style (MsoNormal: no selector here names one), and the title of a link that cannot name
# a file (only an attachment's link text reads a title). Its tree then takes half the memory. The
# readings are the same (tests/read/test_document.py parses every fixture both ways). An ordinary page
# is parsed as it is: on the fixtures the pass costs more instructions (4.4 M a page,
# benchmarks/instructions.py) than the parse saves.
_LARGE_PAGE = 500_000  # characters: 1 MB of Chinese markup
# As UTF-8 bytes (what the parser takes), a megabyte at a time, each piece cut just after a ">": an
# attribute never spans a ">", so every piece reads as it would in the whole page, and no copy of the
# whole page is made on the way (re.sub over the whole keeps every piece between matches alive at once:
# four times the page for Word's markup).
_LEAN_PIECE = 1 << 20
_UNREAD_ATTRIBUTE = re.compile(
    rb"""\s(?:(?:style|lang|width|height|align|valign|bgcolor|background|border|bordercolor|cellpadding|"""
    rb"""cellspacing|face|size|color|nowrap)\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+)"""
    rb"""|class\s*=\s*(?:"Mso[a-z0-9]*"|'Mso[a-z0-9]*'|Mso[a-z0-9]*(?=[\s/>])))(?=[^<>]*>)""",
    re.I,
)
# A link's tag whose attributes are all quoted (so that each is told apart exactly), and each attribute.
_QUOTED_ATTRIBUTE = rb"""(\s+)([a-z_:][-a-z0-9_:.]*)\s*=\s*(?:"[^"<>]*"|'[^'<>]*')"""
_LINK_TAG = re.compile(rb"<a(?:" + _QUOTED_ATTRIBUTE + rb")+\s*>", re.I)
_ATTRIBUTE_IN_TAG = re.compile(_QUOTED_ATTRIBUTE, re.I)
# A link that may name a file (see page.attachment_links): a file's extension anywhere in its tag, or
# an entity or %-escape that could spell one.
_MAY_NAME_A_FILE = re.compile(
    rb"[&%]|\.(?:" + b"|".join(re.escape(x.encode()) for x in ATTACHMENT_EXTENSIONS) + rb")", re.I
)


def _without_title(link: re.Match[bytes]) -> bytes:
    tag = link.group()
    if b"itle" not in tag and b"ITLE" not in tag or _MAY_NAME_A_FILE.search(tag):
        return tag
    kept = [a.group() for a in _ATTRIBUTE_IN_TAG.finditer(tag) if a.group(2).lower() != b"title"]
    return tag[:2] + b"".join(kept) + b">"


def markup_to_parse(
    html: str, utf8: bytes | None = None, *, large: int = _LARGE_PAGE, piece: int = _LEAN_PIECE
) -> str | bytes:
    """What the parser is given: the page's UTF-8 bytes (``utf8``, when the caller has them) or its
    text; a page of ``large`` characters or more as UTF-8 without the attributes nothing here reads
    (each replaced by a space, so that the next attribute stays apart), when that makes it a tenth
    smaller at least (else the copy would cost more than the tree saves)."""
    if len(html) < large:
        return html if utf8 is None else utf8
    pieces: list[bytes] = []
    size = start = 0
    whole: str | bytes = html if utf8 is None else utf8
    end_mark: str | bytes = ">" if utf8 is None else b">"
    raw_text: bytes | None = None  # the element whose text the page is in (script, style, …), if any
    while start < len(whole):
        cut = whole.rfind(end_mark, start, start + piece) + 1  # type: ignore[arg-type]
        if cut <= start:  # no ">" in this piece: up to the next one
            cut = whole.find(end_mark, start + piece) + 1 or len(whole)  # type: ignore[arg-type]
        part = whole[start:cut]
        raw = part.encode("utf-8", "ignore") if isinstance(part, str) else part  # as the parser encodes
        size += len(raw)
        raw_text = _lean_piece(raw, raw_text, pieces)
        start = cut
    lean = b"".join(pieces)
    del pieces
    if len(lean) < 0.9 * size:
        return lean
    return html if utf8 is None else utf8


# Elements whose content is text, not markup, up to their end tag: a script's "<a title=…>" or
# "style=" is the script's own text (its length is read), a title's or a textarea's is read as text.
_RAW_TEXT_START = re.compile(rb"<(script|style|title|textarea|xmp)(?=[\s/>])[^<>]*>", re.I)
_RAW_TEXT_END = {
    name: re.compile(rb"</" + name + rb"(?=[\s/>])", re.I)
    for name in (b"script", b"style", b"title", b"textarea", b"xmp")
}


def _lean_piece(raw: bytes, raw_text: bytes | None, out: list[bytes]) -> bytes | None:
    """``raw`` without its unread attributes onto ``out``, the content of a script, style, title,
    textarea as it is; ``raw_text``: the element the piece starts in. Returns the one it ends in."""
    pos = 0
    while pos < len(raw):
        if raw_text is not None:
            end = _RAW_TEXT_END[raw_text].search(raw, pos)
            stop = end.end() if end else len(raw)
            out.append(raw[pos:stop])
            raw_text = None if end else raw_text
        else:
            start = _RAW_TEXT_START.search(raw, pos)
            stop = start.end() if start else len(raw)
            out.append(_LINK_TAG.sub(_without_title, _UNREAD_ATTRIBUTE.sub(b" ", raw[pos:stop])))
            raw_text = start.group(1).lower() if start else None
        pos = stop
    return raw_text


def _looks_deeply_nested(html: str) -> bool:
    return len(html) >= _DEEP_PAGE and html.count("><") >= _TAG_AFTER_TAG


def html_to_document(html: str | list[str | bytes], utf8: list[bytes] | None = None) -> Document:
    """Parse an HTML page into a ``Document`` holding only the report body. ``utf8``: the page's
    UTF-8 bytes, when the caller has them, as the one item of a list that this empties. ``html``:
    the page's markup, or a list holding it that the caller gives up while the page is parsed: a
    large page's text then waits compressed in the list (:func:`page_text` gives it back), so that
    it is not held beside the page's tree, which takes ten times its size."""
    page = html if isinstance(html, list) else None
    if page is not None:
        html = _text_of(page.pop())
        page.append(html)
    assert isinstance(html, str)
    if _looks_deeply_nested(html) and _OPEN_RUN.search(html):
        raise InputError(
            f"the page opens more than {_MAX_OPEN_RUN} elements one inside another without text between "
            "them: damaged or hostile markup, not a page to read"
        )
    # the caller's bytes, taken from its list: no name then holds them through the parse when the
    # parser gets a leaner copy
    raw = utf8.pop() if utf8 else None
    markup = markup_to_parse(html, raw, large=_LARGE_PAGE, piece=_LEAN_PIECE)
    # what is read of the page's markup once it is parsed: its end, and whether it names 索引号
    tail, probe = html[-_TAIL:], html
    may_hide = _may_hide(html)
    if page is not None and isinstance(markup, bytes) and len(html) >= _LARGE_PAGE:
        probe = _INDEX_LABEL if _INDEX_LABEL in html else ""  # read_metadata looks for the label only
        page[0] = _packed(html if raw is None else raw)
        del html
    del raw
    tree = LexborHTMLParser(markup)
    del markup
    # selectolax keeps the UTF-8 copy of the page it parsed (for clone(), never used here): the
    # caller holds the page's text, so that copy is one page's size of memory held for nothing
    tree.raw_html = b""
    doc = Document(blocks=[], signals=PageSignals(markup=True))
    # the page's facts, read before the walk below takes the tree apart
    nodes = find_page_nodes(tree)
    page_meta = read_metadata(tree, probe, nodes)
    found_root = content_root(tree)
    # One selector pass over the body finds what links to a file (the attachments, read now) and
    # the body's links (read once the removals below are done): each pass costs per node and per
    # selector. Those elements are taken as they are now, all alive; the ones the removals take
    # out themselves (a <br> or a <script> carrying an onclick) are left out here.
    linking = found_root.css(_LINKS_SELECTOR) if found_root is not None else None
    doc.attachments = attachment_links(tree, found_root, linking)
    kept_links = [n for n in linking if n.tag not in _REMOVED_BEFORE_LINKS] if linking is not None else None
    doc.base_href = nodes.base.attributes.get("href") if nodes.base is not None else None
    doc.meta.update(_meta_tags(nodes.metas))
    page_title = _page_title(nodes.title)
    if page_title:
        doc.meta["PageTitle"] = page_title
    heading = _node_text(nodes.heading)
    if heading:
        doc.meta["Heading"] = heading  # a title candidate even when the CMS gives an ArticleTitle
    doc.title = doc.meta.get("ArticleTitle") or heading or page_title
    signals = doc.signals
    for script in nodes.scripts:
        signals.script_count += 1
        signals.script_chars += len(script.text(deep=True) or "")
    for br in nodes.line_breaks:
        br.replace_with("\n")
    body_changed = False
    for table in nodes.tables:
        # cheap text test first: only a table naming two metadata labels is worth a grid; a
        # metadata table is read here and removed, so the walk below never meets it
        if (
            names_metadata((table.text_lexbor() or "")[:400])
            and not (parts := _table_parts(table)).nested
            and not _drop_metadata_tables([_html_grid(table, parts)[0]], doc.meta)
        ):
            body_changed = body_changed or (
                found_root is not None and (_inside(table, found_root) or _inside(found_root, table))
            )
            table.decompose()
    # The body found above, unless a removed table was in it or held it: then it is found again.
    # A table elsewhere changes nothing (and the search, a selector pass each, is not run twice):
    # removing it only shortens the other candidates, and one that held it was a body already (a
    # table is something a body shows), so it could not have lost to the body found.
    root = content_root(tree) if body_changed else found_root
    signals.has_content_root = root is not None
    link_nodes: list[LexborNode] | None = None
    if root is None:
        root = tree.body
        if root is None:
            return doc
        for node in root.css(_CHROME_SELECTORS):
            node.decompose()
        for node in root.css("[class], [id]"):
            attrs = node.attributes
            if _CHROME_CLASS.search(
                f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            ) and node.tag not in ("body", "table"):
                node.decompose()
    else:
        removed = root.css("script, style, noscript, template")
        # a removed element holding elements (a <noscript>'s, parsed without scripting) may take
        # linking elements with it; a <script> or <style> holds text, a <template> its content apart
        holds_elements = any(next(node.iter(), None) is not None for node in removed)
        for node in removed:
            node.decompose()
        if root is found_root and not holds_elements:
            # the body found at first, and nothing removed from it held an element: the linking
            # elements found in it then are the ones it holds now
            link_nodes = kept_links
    if link_nodes is None:
        link_nodes = root.css(_LINKS_SELECTOR)
    anchors, embedded, signals.images = _links_and_embedded_documents(link_nodes)
    signals.links = anchors + embedded
    if may_hide:
        _drop_hidden(root)
    blocks: list[Block] = []
    _walk(root, blocks, [])
    table_chars: list[int] = []  # each kept table's text length (the chrome lines dropped next are no tables)
    doc.blocks = _drop_metadata_tables(blocks, doc.meta, table_chars)
    doc.blocks = [b for b in doc.blocks if not (isinstance(b, Paragraph) and _CHROME_LINE.match(b.text))]
    signals.body_text_chars = sum(len(b.text) for b in doc.blocks if isinstance(b, Paragraph)) + sum(
        table_chars
    )
    _number_tables(doc.blocks)
    doc.truncated = _html_truncation(tail, doc.tables)
    # the metadata table as the page model reads it (the walk's reading fills what it leaves out);
    # the CMS tags as read above
    for label, value in page_meta.items():
        if label in META_TAGS:
            doc.meta.setdefault(label, value)
        else:
            doc.meta[label] = value
    return doc


# Elements a browser does not show (hidden by their style or by the hidden attribute): their text
# is no part of the page's (28<span style="display:none">0</span>71 shows 2871). A selector pass
# over the body costs a third of the page's parse, so it runs only when the markup declares a
# hiding style or a hidden attribute somewhere (a cheap scan of the page's text, _may_hide).
_HIDDEN_ELEMENTS = "[hidden], [style*=display i], [style*=visibility i]"
_HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\b", re.I)
# where the markup may hide something: "display: none", "visibility: hidden", a bare hidden attribute
_HIDING_MARKUP = re.compile(
    r"(?:d|D)(?:isplay|ISPLAY)\s*:\s*(?i:none)|(?:v|V)(?:isibility|ISIBILITY)\s*:\s*(?i:hidden|collapse)"
    r"|\s(?i:hidden)(?=[\s=/>])"
)
# Each word, with a letter of it that a page seldom holds at all (None: every page holds them). A
# page lacks upper-case L or I more often than not, and a search for one character runs at memory
# speed (memchr) where a word's scan costs a quarter of this whole test: it is skipped then.
_HIDING_WORDS = (("isplay", None), ("ISPLAY", "L"), ("idden", None), ("IDDEN", "I"))
_HIDING_REACH = 24  # characters around a word's place in which its declaration is looked for


def _may_hide(html: str) -> bool:
    """The page's markup declares a hiding style or a hidden attribute somewhere. (A scan for the
    words that can start one, then a look at each place: a regular expression that ignores case
    over the whole page costs several times more than the parse.)"""
    for word, rare_letter in _HIDING_WORDS:
        if rare_letter is not None and rare_letter not in html:
            continue  # nor, then, the word
        at = html.find(word)
        while at != -1:
            if _HIDING_MARKUP.search(html, max(at - _HIDING_REACH, 0), at + _HIDING_REACH):
                return True
            at = html.find(word, at + 1)
    return False


def _drop_hidden(root: LexborNode) -> None:
    """Remove the hidden elements inside ``root``. Hidden elements holding most of its text stay: a
    page whose report a script shows (a tab, a folded panel) is read as the script shows it."""
    hidden = [
        node
        for node in root.css(_HIDDEN_ELEMENTS)
        if node.mem_id != root.mem_id
        and ("hidden" in node.attributes or _HIDING_STYLE.search(node.attributes.get("style") or ""))
    ]
    if not hidden:
        return
    # the outermost, all found before any is removed: one inside another goes with it, and its
    # node must not be touched once that is gone
    ids = {node.mem_id for node in hidden}
    outermost = [node for node in hidden if not _inside_any(node.parent, ids)]
    hidden_chars = sum(len(node.text_lexbor() or "") for node in outermost)
    if hidden_chars * 3 > len(root.text_lexbor() or "") * 2:
        return
    for node in outermost:
        node.decompose()


def _inside_any(node: LexborNode | None, ids: set[int]) -> bool:
    """``node`` or an element around it is one of ``ids`` (mem_ids)."""
    while node is not None:
        if node.mem_id in ids:
            return True
        node = node.parent
    return False


# The digits of a <sup> or <sub> are read as superscript or subscript digits, which ``fold`` keeps apart from a
# number they follow (2871<sup>1</sup> is 2871 with a footnote's mark, not 28711).
_RAISED_DIGITS = {
    "sup": str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"),
    "sub": str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"),
}
_MAX_RAISED_DIGITS = 3  # a footnote's number; a longer run in <sup> is no mark


def _raised_text(node: LexborNode) -> str:
    """The text of a <sup> or <sub>: its digits as superscript or subscript digits when it holds
    only a few digits (a footnote's mark), else as it is."""
    text = node.text_lexbor() or ""
    digits = text.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= _MAX_RAISED_DIGITS:
        return digits.translate(_RAISED_DIGITS[node.tag or "sup"])
    return text


_TAIL = 8192  # characters at the page's end in which a cut-off table is looked for
_INDEX_LABEL = "索引号"


def _packed(page: str | bytes) -> bytes:
    """The page's text as compressed UTF-8, a piece at a time (no second copy of the whole)."""
    packer = zlib.compressobj(1)
    out = [
        packer.compress(
            page[i : i + _LEAN_PIECE].encode("utf-8", "surrogatepass")
            if isinstance(page, str)
            else page[i : i + _LEAN_PIECE]
        )
        for i in range(0, len(page), _LEAN_PIECE)
    ]
    out.append(packer.flush())
    return b"".join(out)


def _text_of(item: str | bytes) -> str:
    return item if isinstance(item, str) else zlib.decompress(item).decode("utf-8", "surrogatepass")


def page_text(page: list[str | bytes]) -> str:
    """The page's text from the list :func:`html_to_document` was given."""
    return _text_of(page.pop())


def _last_tag(tail: bytes, *names: bytes) -> int:
    """Position of the last ``<name`` tag (a whole tag name: ``<th`` is not ``<thead``) in ``tail``
    (lower-cased); -1 if none. ``rfind`` scans in C, far cheaper than a regex over the tail."""
    best = -1
    for name in names:
        pos = len(tail)
        while (pos := tail.rfind(name, 0, pos)) > best:
            after = tail[pos + len(name) : pos + len(name) + 1]
            if not after or after in b" \t\r\n>/":
                best = pos
                break
    return best


def _html_truncation(html: str, tables: list[Table]) -> str | None:
    """A page that ends inside a table was cut off: a number in its last cell may be cut short too
    (3156 → 3), so that cell is removed from the grid, never read."""
    # As bytes: tag names are ASCII, and bytes lower-case only ASCII, at memory speed (str.lower
    # looks every CJK character up in the Unicode tables). Lower-casing keeps byte offsets.
    raw_tail = html[-_TAIL:].encode("utf-8", "surrogatepass")
    tail = raw_tail.lower()
    last_open = _last_tag(tail, b"<td", b"<th")
    if last_open > _last_tag(tail, b"</td", b"</th", b"</tr", b"</table"):
        # the cut cell's text as printed: it is the report's own last cell only if the texts agree
        cut_markup = raw_tail[last_open:].decode("utf-8", "surrogatepass")
        cut = fold(html_module.unescape(_TAG.sub("", cut_markup)))
        last = _last_cell(tables[-1]) if tables else None
        if last is not None and last.text == cut:
            _drop_cell(tables[-1], last)
            return (
                f"the page ends inside a table cell (cut off?); the last cell ({cut!r}) of table "
                f"{tables[-1].index} is not read, and anything after it is missing"
            )
        return "the page ends inside a table cell (cut off?); anything after it is missing"
    if _last_tag(tail, b"<table") > _last_tag(tail, b"</table"):
        return "the page ends inside a table (cut off?); rows after its last one are missing"
    return None


def _last_cell(table: Table) -> Cell | None:
    """The last cell in document order: the last row's rightmost cell that starts in that row."""
    for r in range(len(table.rows) - 1, -1, -1):
        for cell in reversed(table.rows[r]):
            if cell is not None and cell.row == r:
                return cell
    return None


def _drop_cell(table: Table, cell: Cell) -> None:
    for r, row in enumerate(table.rows):
        table.rows[r] = [None if x is cell else x for x in row]


_TAG = re.compile(r"<[^>]*>?")


# The body's elements that link: see _links_and_embedded_documents
_LINKS_SELECTOR = f"{LINKING_ELEMENTS}, [onclick]"
# tags the walk removes before the body's links are read (a <br> becomes a line break)
_REMOVED_BEFORE_LINKS = frozenset(("br", "script", "style", "noscript", "template"))


def _links_and_embedded_documents(nodes: list[LexborNode]) -> tuple[list[Link], list[Link], int]:
    """The body's links (<a href>), the documents it shows rather than links to (<iframe>/<embed>/
    <object> sources: a PDF or a pdf.js viewer; files opened by onclick handlers), and its number of
    images, from the body's elements :data:`_LINKS_SELECTOR` finds."""
    anchors: list[Link] = []
    links: list[Link] = []
    images = 0
    for node in nodes:
        attrs = node.attributes
        if node.tag == "a":
            href = attrs.get("href")
            if href:
                anchors.append(Link(fold(node.text(separator="") or ""), href))
            if not attrs.get("onclick"):
                continue  # the rest is about files an onclick handler opens
        onclick = attrs.get("onclick")
        if onclick:
            m = FILE_IN_JS.search(onclick)
            if m:
                links.append(Link(fold(node.text(separator="") or ""), m.group(1)))
        if node.tag == "img":
            images += 1
            continue
        src = attrs.get("src") or attrs.get("data")
        if src and node.tag in ("iframe", "embed", "object"):
            links.append(Link("", src))
    return anchors, links, images


_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s>]+)", re.I)


def _meta_tags(metas: list[LexborNode]) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in metas:
        attrs = meta.attributes
        content = attrs.get("content")
        if not content:
            continue
        name = attrs.get("name") or ""
        if name in ("ArticleTitle", "PubDate", "ContentSource", "ColumnName", "SiteName"):
            out[name] = fold(content)
        elif (attrs.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH_URL.search(content)
            if m:
                out["refresh"] = m.group(1)
    return out


def _node_text(node: LexborNode | None) -> str | None:
    text = fold(node.text(separator="")) if node else ""
    return text or None


def _page_title(node: LexborNode | None) -> str | None:
    title = _node_text(node)
    if title:
        # "临海市2020年…年度报告_政府信息公开年报_临海市人民政府" → the first part
        title = re.split(r"\s*[_|｜]\s*|\s+-\s+", title)[0]
    return title or None


# What the walk does with a node, by kind.
_INLINE, _TEXT, _SKIP, _TABLE, _BLOCK, _RAISED = range(6)
# Lexbor numbers the tags it knows with small fixed ids; a tag it does not know (o:p, st1:chsdate)
# gets a per-document id (an address). Reading ``tag_id`` is cheaper than building the ``tag``
# string, so each known id's kind is learnt once; unknown tags are inline.
_STATIC_TAG_IDS = 1 << 16
_KIND_BY_TAG_ID: dict[int, int] = {}


def _kind_of(node: LexborNode) -> int:
    tag = node.tag
    if tag == "-text":
        kind = _TEXT
    elif tag in _SKIP_TAGS or tag == "-comment" or tag is None:
        kind = _SKIP
    elif tag == "table":
        kind = _TABLE
    elif tag in _BLOCK_TAGS or tag in ("td", "th"):
        kind = _BLOCK
    elif tag in _RAISED_DIGITS:
        kind = _RAISED
    else:
        kind = _INLINE
    if node.tag_id < _STATIC_TAG_IDS:
        _KIND_BY_TAG_ID[node.tag_id] = kind
    return kind


def _walk(node: LexborNode, blocks: list[Block], buf: list[str]) -> None:
    """The node's text into paragraphs and tables, in document order. Iterative, with a stack of
    the open elements' children: markup nested a hundred thousand deep is walked, not a
    RecursionError."""
    kinds = _KIND_BY_TAG_ID
    # each open element: its children still to walk, and whether it is a block (flushed at its end)
    stack: list[tuple[Iterator[LexborNode], bool]] = [(node.iter(include_text=True), False)]
    while stack:
        children, is_block = stack[-1]
        for child in children:
            kind = kinds.get(child.tag_id)
            if kind is None:
                kind = _kind_of(child)
            if kind == _TEXT:
                buf.append(child.text_content or "")
            elif kind == _INLINE:
                stack.append((child.iter(include_text=True), False))
                break
            elif kind == _BLOCK:
                _flush(buf, blocks)
                stack.append((child.iter(include_text=True), True))
                break
            elif kind == _TABLE:
                _walk_table(child, blocks, buf)
            elif kind == _RAISED:
                buf.append(_raised_text(child))
        else:
            stack.pop()
            if is_block:
                _flush(buf, blocks)


def _walk_table(child: LexborNode, blocks: list[Block], buf: list[str]) -> None:
    """A table met in the walk: a data table as a grid, a layout table walked cell by cell."""
    _flush(buf, blocks)
    parts = _table_parts(child)
    if parts.nested:
        if _only_small(parts.nested):
            # a data table with a value wrapped in a one-cell table: the cell reads as its text
            table = _html_grid(child, parts, own_cells_only=True)[0]
            # a grid of short cells; a wrapper of a few cells (a title box) stays layout
            if len(table.rows) >= 2 and len(table.rows[0]) >= _MIN_COLUMNS and not _is_layout_table(table):
                blocks.append(table)
                return
        _walk_layout_table(child, blocks, buf)
        return
    table, longest = _html_grid(child, parts)
    if longest > _MAX_DATA_CELL:  # a layout table: see _is_layout_table
        _walk_layout_table(child, blocks, buf)
    else:
        blocks.append(table)


def _walk_layout_table(table: LexborNode, blocks: list[Block], buf: list[str]) -> None:
    """A table used for page layout: its cells are containers, not data."""
    for cell in table.css("td, th"):
        # only the outermost cells of this table; nested tables are walked from their cell
        parent = cell.parent
        while parent is not None and parent.tag != "table":
            parent = parent.parent
        if parent is not None and parent.mem_id == table.mem_id:
            _flush(buf, blocks)
            _walk(cell, blocks, buf)
            _flush(buf, blocks)


def _inside(node: LexborNode, outer: LexborNode) -> bool:
    """``node`` is ``outer`` or stands inside it."""
    outer_id = outer.mem_id
    at: LexborNode | None = node
    while at is not None:
        if at.mem_id == outer_id:
            return True
        at = at.parent
    return False


_SMALL_TABLE_CELLS = 2
_MIN_COLUMNS = 3  # of a data table that wraps a value in a nested table (a title box has fewer)


def _only_small(nested: list[LexborNode]) -> bool:
    """Every nested table is a cell's wrapper (one or two cells), none a table of its own."""
    return all(len(t.css("td, th")) <= _SMALL_TABLE_CELLS for t in nested)


def _owner_table(node: LexborNode) -> int | None:
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent.mem_id if parent is not None else None


_MAX_DATA_CELL = 400


def _is_layout_table(table: Table) -> bool:
    # A data table's cells are short; a layout table holds paragraphs of prose in a cell.
    return any(len(c.text) > _MAX_DATA_CELL for row in table.rows for c in row if c is not None)


def _flush(buf: list[str], blocks: list[Block]) -> None:
    if not buf:
        return
    for line in "".join(buf).split("\n"):
        text = fold(line)
        if text:
            blocks.append(Paragraph(text))
    buf.clear()


@dataclass(slots=True)
class _TableParts:
    """What the grid reader needs of a table's subtree, found in one walk of it."""

    elements: list[LexborNode]  # its rows and cells (<tr>, <td>, <th>) in document order
    tag_ids: list[int]  # each element's tag id (read once: a property read costs a call)
    broken: set[int | None]  # the cells (mem_id) whose text a block or a line break divides
    nested: list[LexborNode]  # the tables inside it
    # the cells (mem_id) holding struck-out text or a <sup>/<sub>, read by _block_text (not as the
    # DOM's textContent, which joins them to the number: <del>2780</del>2871, 2871<sup>1</sup>)
    marked: set[int | None]


def _table_parts(table: LexborNode) -> _TableParts:
    """The table's rows, cells, divided cells and nested tables, from one walk of its subtree. A
    selector pass costs per node and per selector, so the three passes this replaces (rows and
    cells, blocks, nested tables: eight selectors) cost several times the walk. (Each node is let
    go as the walk moves on: a list of them all costs more, in allocation and garbage collection.)"""
    own = table.mem_id
    elements: list[LexborNode] = []
    tag_ids: list[int] = []
    broken: set[int | None] = set()
    nested: list[LexborNode] = []
    marked: set[int | None] = set()
    for node in table.traverse():  # document order, the table itself first, as a selector finds them
        tag_id = node.tag_id
        if tag_id in _GRID_IDS:
            elements.append(node)
            tag_ids.append(tag_id)
        elif tag_id in _BLOCK_IDS:
            # a cell holding two blocks or a line break (<p>252</p><p>12</p>) keeps the break in
            # its text, so that two numbers never read as one (25212). A paragraph alone in its
            # parent (<td><p>12</p></td>, as a word processor saves every cell) breaks nothing:
            # told here by its two siblings, without the call that asks them again
            alone = tag_id != _BR_ID and node.prev is None and node.next is None
            if not alone and _breaks_its_cell(node):
                broken.add(_owning_cell(node))
        elif tag_id == _TABLE_ID and node.mem_id != own:
            nested.append(node)
        elif tag_id in _MARKED_IDS:
            marked.add(_owning_cell(node))
    return _TableParts(elements, tag_ids, broken, nested, marked)


def _html_table(node: LexborNode, *, own_cells_only: bool = False) -> Table:
    """The grid of a table, spans expanded. A table holding nested tables is read with
    ``own_cells_only`` (its own rows and cells; a nested table is text inside its cell)."""
    return _html_grid(node, _table_parts(node), own_cells_only=own_cells_only)[0]


# A data cell's text other than a bare count is nearly always one of the template's labels,
# printed the same in every report: folded once, not once per table of every report (a layout
# table's long cells are folded as they come, not held)
_fold_label = lru_cache(maxsize=4096)(fold)


def _html_grid(node: LexborNode, parts: _TableParts, *, own_cells_only: bool = False) -> tuple[Table, int]:
    """:func:`_html_table` from the table's ``parts``, and the length of its longest cell's text
    (measured while the cells are read: asking each cell again costs a pass over the grid)."""
    # Reading a node's attributes builds a dict of all of them; most cells carry no span, so only
    # the cells a selector finds with a span attribute (and every <th>) are asked.
    grid: list[list[Cell | None]] = []
    pending: dict[tuple[int, int], Cell] = {}  # slots covered by rowspans from above
    spanned = {n.mem_id for n in node.css(_SPANNED_CELLS)}
    broken, marked = parts.broken, parts.marked
    spanning: list[Cell] = []
    row: list[Cell | None] = []
    r = -1
    elements: Iterable[tuple[LexborNode, int]] = zip(parts.elements, parts.tag_ids, strict=True)
    if own_cells_only:
        elements = [(e, tag_id) for e, tag_id in elements if _owner_table(e) == node.mem_id]
    longest = 0
    for td, tag_id in elements:
        if tag_id == _TR_TAG_ID:
            r += 1
            row = []
            grid.append(row)
            continue
        if r < 0:
            continue  # a cell outside any row (a parser never builds this; be safe)
        c = len(row)
        while pending and (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        cell_id = td.mem_id
        if broken and cell_id in broken:
            text = fold(_block_text(td))
        elif marked and cell_id in marked:
            text = fold(_block_text(td, lines=False))
        else:
            text = td.text_lexbor() or ""  # DOM textContent: text(separator="") at half the cost
            if not (text.isascii() and text.isalnum()):  # a bare count, most cells: nothing to fold
                text = _fold_label(text) if len(text) <= _MAX_DATA_CELL else fold(text)
        if len(text) > longest:
            longest = len(text)
        if cell_id not in spanned and tag_id != _TH_TAG_ID:
            row.append(Cell(text, r, c))
            continue
        attrs = td.attributes
        cell = Cell(
            text,
            r,
            c,
            _span(attrs.get("rowspan"), MAX_SPAN),
            _span(attrs.get("colspan"), MAX_SPAN),
            tag_id == _TH_TAG_ID,
        )
        spanning.append(cell)
        for dc in range(cell.colspan):
            row.append(cell)
            for dr in range(1, cell.rowspan):
                pending[(r + dr, c + dc)] = cell
    for cell in spanning:  # a rowspan reaching past the last row spans only the rows there are
        cell.rowspan = min(cell.rowspan, len(grid) - cell.row)
    if pending:
        for r, row in enumerate(grid):  # slots spanned from above at the end of a row
            while (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
    width = max(map(len, grid), default=0)
    for row in grid:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return Table(index=-1, rows=grid, origin="html"), longest


# The blocks that may break a cell's text in two. A <br> always does (the walk has turned every <br>
# into a line break already; one left here is counted all the same).
_BLOCKS = frozenset({"p", "div", "li", "br"})
_BREAKING_BLOCKS = frozenset({"p", "div"})  # p + p, div + div, p + div, div + p


# Lexbor's fixed ids of those tags, of text and of comments: the checks below run for every block
# in every table, and comparing an id is cheaper than building the tag's name as a string
_SAMPLE_IDS = {
    n.tag: n.tag_id
    for n in LexborHTMLParser("<body>t<!--c--><p></p><div></div><li></li><br></body>").body.iter(  # type: ignore[union-attr]
        include_text=True
    )
}
_TEXT_ID, _COMMENT_ID, _BR_ID = _SAMPLE_IDS["-text"], _SAMPLE_IDS["-comment"], _SAMPLE_IDS["br"]
_BLOCK_IDS = frozenset(_SAMPLE_IDS[t] for t in _BLOCKS)
# struck-out and raised text (see _block_text)
_MARKED_IDS = frozenset(
    n.tag_id
    for n in LexborHTMLParser(
        "<body><del></del><s></s><strike></strike><sup></sup><sub></sub></body>"
    ).body.iter()  # type: ignore[union-attr]
)
_BREAKING_BLOCK_IDS = frozenset(_SAMPLE_IDS[t] for t in _BREAKING_BLOCKS)


def _breaks_its_cell(block: LexborNode) -> bool:
    """The block breaks its cell: a <br>; a block beside text other than white space in the same
    parent, bare or in an inline element (<p>252</p>12, <span>5</span><p>3</p>); or a paragraph or
    div right after another (<p>252</p><p>12</p>, text or comments between them or not). One pass
    over the table finds the blocks; the siblings are asked here (a selector pass per rule cost
    more than the blocks' own checks)."""
    tag_id = block.tag_id
    if tag_id == _BR_ID:
        return True
    before = block.prev
    for sibling in (before, block.next):
        if sibling is None:
            continue
        sibling_id = sibling.tag_id
        if sibling_id in _BLOCK_IDS or sibling_id == _COMMENT_ID:
            continue
        text = sibling.text_content if sibling_id == _TEXT_ID else sibling.text_lexbor()
        if (text or "").strip():
            return True
    if tag_id not in _BREAKING_BLOCK_IDS:
        return False
    while before is not None and before.tag_id in (_TEXT_ID, _COMMENT_ID):
        before = before.prev  # the element before it, as the selector's "+" finds it
    return before is not None and before.tag_id in _BREAKING_BLOCK_IDS


def _owning_cell(node: LexborNode) -> int | None:
    """The mem_id of the td/th a node stands in."""
    parent = node.parent
    while parent is not None and parent.tag not in ("td", "th"):
        parent = parent.parent
    return parent.mem_id if parent is not None else None


def _block_text(cell: LexborNode, *, lines: bool = True) -> str:
    """A cell's text with a line break between its blocks (paragraphs, divs, <br>), not between
    inline pieces (<span>2</span><span>52</span> stays 252), at any depth: blocks inside an inline
    element (<span><p>252</p><p>12</p></span>) keep their break too, and blocks nested a hundred
    thousand deep are walked with a stack, not a RecursionError. Comments are no text, as in the
    DOM's textContent that reads every other cell. Struck-out text is left out and the digits of a
    <sup> or <sub> raised (:func:`_raised_text`). ``lines=False``: no line breaks (a cell no block
    divides, read here for its struck or raised text)."""
    pieces: list[str] = []
    line: list[str] = []

    def end_line() -> None:
        text = "".join(line).strip()
        if text:
            pieces.append(text)
        line.clear()

    # each open element: its children still to walk, and whether it is a block (a line ends with it)
    stack: list[tuple[Iterator[LexborNode], bool]] = [(cell.iter(include_text=True), False)]
    while stack:
        children, is_block = stack[-1]
        for child in children:
            tag = child.tag
            if tag == "-text":
                line.append(child.text_content or "")
            elif tag in _STRUCK_TAGS:
                continue
            elif tag in _RAISED_DIGITS:
                line.append(_raised_text(child))
            elif tag in _BLOCKS and lines:
                end_line()
                if tag != "br":
                    stack.append((child.iter(include_text=True), True))
                    break
            elif tag is not None and not tag.startswith("-"):
                stack.append((child.iter(include_text=True), False))  # inline: its text joins the line
                break
        else:
            stack.pop()
            if is_block:
                end_line()
    end_line()
    return "\n".join(pieces)


# Lexbor's fixed ids of the table's own tags (cheaper to compare than the tag name, which is built
# as a string)
_TABLE_SAMPLE_IDS = {
    n.tag: n.tag_id
    for n in LexborHTMLParser("<table><tr><th></th><td></td></tr></table>").css("table, tr, th, td")
}
_TABLE_ID, _TR_TAG_ID, _TH_TAG_ID = (_TABLE_SAMPLE_IDS[t] for t in ("table", "tr", "th"))
_GRID_IDS = frozenset(_TABLE_SAMPLE_IDS[t] for t in ("tr", "td", "th"))


def _span(value: str | None, limit: int) -> int:
    if not value or value == "1":
        return 1
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return max(1, min(n, limit, MAX_SPAN))


def _drop_metadata_tables(
    blocks: list[Block], meta: dict[str, str], table_chars: list[int] | None = None
) -> list[Block]:
    """The 索引号/发布机构/发文日期 table is page metadata: read it into ``meta`` and drop it.
    ``table_chars``: the length of each kept table's text is added to it (the text is read here
    anyway; the page's signals count it)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            text = block.all_text()
            if names_metadata(text):
                labels = {c.text.rstrip(":：").strip() for row in block.rows for c in row if c is not None}
                if sum(1 for t in labels if is_meta_label(t)) >= 2:
                    _read_metadata(block, meta)
                    continue
            if table_chars is not None:
                table_chars.append(len(text))
        if isinstance(block, Paragraph) and block.text.startswith("索引号"):
            _read_inline_metadata(block.text, meta)
            continue
        out.append(block)
    return out


def _read_metadata(table: Table, meta: dict[str, str]) -> None:
    for row in table.rows:
        cells = [c for i, c in enumerate(row) if c is not None and (i == 0 or row[i - 1] is not c)]
        for i, cell in enumerate(cells):
            label = cell.text.rstrip(":：").strip()
            if is_meta_label(label) and i + 1 < len(cells):
                value = cells[i + 1].text
                if not is_meta_label(value.rstrip(":：").strip()):  # labels over values: no pairs here
                    meta.setdefault(label, value)
            else:
                m = _META_PAIR.match(cell.text)
                if m:
                    meta.setdefault(m.group(1), m.group(2).strip())


def _read_inline_metadata(text: str, meta: dict[str, str]) -> None:
    for m in _META_INLINE.finditer(text):
        meta.setdefault(m.group(1), m.group(2))


def _number_tables(blocks: list[Block]) -> None:
    """Number the tables in document order, and give each the short line right above it."""
    index = 0
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            block.index = index
            index += 1
            above = blocks[i - 1] if i else None
            if isinstance(above, Paragraph) and len(above.text) <= _MAX_CAPTION:
                block.caption = above.text


_MAX_CAPTION = 30  # characters of a line above a table that may name what the table holds


# --------------------------------------------------------------------------------------------------
# Text dumps
# --------------------------------------------------------------------------------------------------

# "四、结转下年度继续办理 0 0 0 0 0 0 0": a label followed by at least two space-separated numbers.
_SPACED_ROW = re.compile(
    r"^(?P<label>.*?[^\d\s.,+\-])?\s*(?P<nums>(?:[+\-]?\d[\d,]*(?:\.\d+)?\s+){1,}[+\-]?\d[\d,]*(?:\.\d+)?)\s*$"
)
# "行政许可 2210": one number after a label; a row only inside a table (after a header or a row),
# since a prose line may end in a number too.
_SINGLE_VALUE_ROW = re.compile(r"^(?P<label>.*?[^\d\s.,+\-])\s+(?P<nums>[+\-]?\d[\d,]*(?:\.\d+)?)$")
_MAX_HEADER_TOKEN = 16
_MAX_WRAPPED_LABEL = 60
_PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)$")


def _cut_after_a_cell(lines: list[str]) -> str | None:
    """A dump that stops right after a cell of its last row ("7.属于行政执法案卷 | 0 | … | 0 |", six of
    the seven cells the rows above have) was cut off there. The row stays as printed: a row one cell
    short is never placed by position (a cell lost in its middle would slide the rest left, and only
    its own arithmetic could say otherwise, which its missing cells cannot), so it is reported."""
    last, above = lines[-1], lines[-2]
    if not above.endswith("|"):
        return None
    width, cells = _cell_count(above), _cell_count(last)
    run = [line for line in lines[-6:-1] if line.endswith("|")]
    if cells >= 2 and cells < width and len(run) >= 3 and all(_cell_count(line) == width for line in run):
        return (
            f"the text ends inside a table row (cut off?): its last row has {cells} of the {width} cells "
            "the rows above have"
        )
    # rows padded with empty cells ("| 0 | 0 | ||") under a header padded otherwise: the numbers
    # of the rows above with numbers, all as many, against the last row's
    counts = [_number_cells(line) for line in run]
    full = [n for n in counts if n]
    numbers = _number_cells(last)
    if len(full) >= 2 and len(set(full)) == 1 and 0 < numbers < full[0]:
        return (
            f"the text ends inside a table row (cut off?): its last row has {numbers} of the {full[0]} "
            "numbers the rows above have"
        )
    return None


def _cut_after_a_rebuilt_cell(table: Table) -> str | None:
    """A dump of one cell per line, each closed by "|" (so an empty cell is printed, as "|"), that
    stops right after a cell of its last row: cut there when the row has fewer cells than the rows
    of its block above it (up to the block's header, a row without values), which all have as many."""
    widths = [_values_in_row(row) for row in table.rows]
    above: list[int] = []
    for width in reversed(widths[:-1]):
        if not width:
            break
        above.append(width)
    if not above or len(set(above)) != 1 or not 0 < widths[-1] < above[0]:
        return None
    return (
        f"the text ends inside a table row (cut off?): its last row has {widths[-1]} of the {above[0]} "
        "cells the rows above have"
    )


def _values_in_row(row: list[Cell | None]) -> int:
    """The cells after a row's labels (numbers, marks and empty cells), 0 for a row of labels."""
    cells = [c for c in row if c is not None]
    while cells and parse_cell(cells[0].text).state == "text":
        cells.pop(0)
    return len(cells) if any(parse_cell(c.text).state == "number" for c in cells) else 0


def _number_cells(line: str) -> int:
    return sum(1 for cell in line.split("|") if parse_cell(cell).state == "number")


_SUB_ROW_NUMBER = re.compile(r"\s*(?P<n>[1-8])\s*[.．、]")


def _cut_next_label(lines: list[str]) -> str | None:
    """A dump of one cell per line that stops at a bare "5" right after a row labelled "4.…" was cut
    inside the next row's label ("5.属于三类内部事务信息"), or ends with that row's last value: the
    row's values say which. After as many values as the row above with values has, the "5" is no
    cell of the row (a template row has no more); after one value fewer it is the row's 总计 only
    where the values before it add up to it. Otherwise it is removed from ``lines``, and the row,
    one value short, is not placed."""
    if len(lines) < 4 or not re.fullmatch(r"\s*[2-9]\s*", lines[-1]):
        return None
    counts: list[int] = []  # values after each label, last row first
    labels: list[str] = []
    run = 0
    for line in reversed(lines[:-1]):
        if parse_cell(line).state == "number":
            run += 1
            continue
        counts.append(run)
        labels.append(line)
        run = 0
        if len(labels) > 3:
            break
    above = next((n for n in counts[1:] if n >= 2), None)
    first = _SUB_ROW_NUMBER.match(labels[0]) if labels else None
    if above is None or first is None or int(first["n"]) + 1 != int(lines[-1]):
        return None
    if counts[0] + 1 == above:
        values = [parse_cell(line).value for line in lines[-above:-1]]
        if sum(v for v in values if isinstance(v, (int, float))) == int(lines[-1]):
            return None  # "4.… 3 0 0 0 2 0 5": the row's own total, ending the text
    elif counts[0] != above:
        return None
    cut = lines.pop().strip()
    return f"the text ends inside a row label ({cut!r}, the next row's number: cut off?); it is not read as a value"


def _cut_last_cell(lines: list[str], *, stops_mid_line: bool) -> tuple[str, RowCut] | None:
    """A dump whose table rows end in "|" but whose last line does not was cut off mid-cell: that
    cell ("…| 3" of "…| 3712 |") is removed from ``lines``, never read as a number. A dump that
    ``stops_mid_line`` right after a cell of a short last row is reported (:func:`_cut_after_a_cell`).
    The message, and how the row was cut."""
    if len(lines) < 2:
        return None
    if lines[-1].endswith("|"):
        # only where the text stops on that very line: a row one cell short anywhere else lost a cell
        after = _cut_after_a_cell(lines) if stops_mid_line else None
        return (after, "after_cell") if after else None
    # the style of the table the text ends in: the run of pipe lines just above the last line
    run: list[str] = []
    for line in reversed(lines[:-1]):
        if "|" not in line:
            break
        run.append(line)
    closed = [line.endswith("|") for line in run[:10]]
    if len(closed) < 2 or sum(closed) < 0.8 * len(closed) or not lines[-2].endswith("|"):
        return None
    last = lines[-1]
    # a dump that pads its counts with zeros ("01 | 00 | 07") may have cut "07" after its 0
    zero_padded = any(_ZERO_PADDED.search(line) for line in run)
    if "|" in last:
        kept, cut = last.rsplit("|", 1)
        if cut.strip() == "0" and not zero_padded:
            return _CUT_AFTER_ZERO, "after_zero"
        lines[-1] = kept + "|"
    elif parse_cell(last).state in ("number", "mark"):  # one cell per line: the line is the cut cell
        cut = last
        if cut.strip() == "0" and not zero_padded:
            return _CUT_AFTER_ZERO, "after_zero"
        lines.pop()
    else:
        return None  # prose after the table (a footer line), not a cut cell
    return (
        f"the text ends inside a table row (cut off?); its last cell ({cut.strip()!r}) is not read",
        "mid_cell",
    )


def _cut_last_number(lines: list[str]) -> str | None:
    """A dump without pipes (a row's numbers spaced, or a sentence) that stops right after a digit may
    have been cut inside that number ("… 0 1 4" of "… 0 1 49"): the number is removed from
    ``lines``, never read. A lone 0 is whole (no count goes on after a leading 0), and so is a
    row's last number that is the sum of the others."""
    if not lines or "|" in lines[-1]:
        return None
    m = _TRAILING_NUMBER.search(lines[-1])
    if m is None or m.group() == "0":
        return None
    numbers = [int(n) for n in re.findall(r"(?<![\d.,])\d+(?![\d.,])", lines[-1])]
    if len(numbers) >= 3 and numbers[-1] == sum(numbers[:-1]):
        # "… 746 12 0 0 10 1 769": a row's 总计, the sum of its cells; a number cut short (76 of
        # 769) is not that sum, where the whole row adds up
        return None
    kept = lines[-1][: m.start()].rstrip()
    if not kept:
        return None  # a number alone on the last line: one cell per line, see _cut_next_label
    lines[-1] = kept
    return f"the text ends right after a number ({m.group()!r}), which may go on (cut off?): it is not read"


_ZERO_PADDED = re.compile(r"(?:^|\|)\s*0\d")
_TRAILING_NUMBER = re.compile(r"(?<![\d.,])\d[\d.,]*$")


# A count goes on after no leading 0, so a cell cut right after a 0 is whole; an amount (0.35 万元)
# may go on, and the table reader leaves it out under an amount column.
_CUT_AFTER_ZERO = (
    "the text ends inside a table row (cut off?), right after a cell '0': read as a whole count, "
    "but not as an amount, which may go on (0.35)"
)


# --- A report saved on one line --------------------------------------------------------------------
# Some crawlers save a report's text on one line: headings, sentences and table rows run together.
# It is broken back into the lines a page would have printed, only where the template's own words
# start something: a section heading after a full stop, a space or a number; a row label after its
# ordinal; a block title or header opener; an item of table 二 right before its number.
_QUOTES = "[“”\"'‘’\\s]?"  # between a row label's characters: quotes, or a space a copy put in
_ORDINAL = r"(?:[（(][一二三四五六七八九十][)）]|[1-9]\s*[.．、]|[一二三四]\s*、)"
_ROW_START = _ORDINAL + r"\s*(?:" + "|".join(_QUOTES.join(map(re.escape, w)) for w in TABLE_ROW_STARTS) + ")"
_HEADING = (
    r"(?<![：:“\"《见])[一二三四五六]\s*、\s*(?:"
    + "|".join(sorted({re.escape(k) for spec in SECTIONS for k in spec.keywords}, key=len, reverse=True))
    + r"|政府信息公开(?!申请))"  # 四、政府信息公开行政法复议… (a typo) still starts a heading
)
# an item right before its number, not before a count in prose ("行政规范性文件698件"), or right
# before a cell's pipe ("规章 | | | | 行政规范性文件 | 4 | 0 | 4 |": prose has no pipes)
_ITEM = (
    r"(?:"
    + "|".join(sorted(map(re.escape, ACTIVE_ROW_STARTS), key=len, reverse=True))
    + r")(?=\s*[-+]?\d(?![\d.]*\s*[件个项条次宗起份年月日%])|\s*\|)"
)
# header openers only where a header follows (信息内容 also names a kind of content in prose)
_OPENER = (
    r"第二十条第[（(][一二三四五六七八九十]{1,2}[)）]项|信息内容(?=\s*(?:本年|上一年|采购|处理))"
    r"|申请人情况|行政复议(?=\s*行政诉讼)"
)
_BREAK = re.compile(f"(?:{_HEADING}|{_ROW_START}|{_OPENER}|{_ITEM})")
_LONG_LINE = 400  # characters: a line this long that holds table rows is a report saved on one line
_MIN_BREAKS = 5  # template words a long line must hold to be broken (one heading in prose is not)


def _unfold(line: str) -> list[str]:
    """The lines of a report saved on one line; any other line as it is."""
    if len(line) < _LONG_LINE:
        return [line]
    starts = [m.start() for m in _BREAK.finditer(line) if m.start() > 0]
    if len(starts) < _MIN_BREAKS:
        return [line]
    bounds = [0, *starts, len(line)]
    parts = (line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False))
    return [_UnfoldedLine(piece) for part in parts if part for piece in _spaced_header(part)]


_DIGIT_RUN = re.compile(r"\d[\d ]*")
_HEADER_PUNCTUATION = frozenset("/／（）()：:、“”\"' ")
_HEADER_WORDS = tuple(sorted({normalise_label(w) for w in HEADER_WORDS}, key=len, reverse=True))


def _spaced_header(part: str) -> list[str]:
    """A header whose labels ran together ("信息内容本年制发件数本年废止件数现行有效件数"): the labels
    spaced out, and the digits glued after the last one ("…尚未审结总计2131700…") on a line of their
    own. A part that is not wholly column labels (and digits) is left as it is."""
    if not part.startswith(_HEADER_STARTS):
        return [part]
    labels: list[str] = []
    i = 0
    while i < len(part) and not part[i].isdigit():
        if part[i] in _HEADER_PUNCTUATION:
            i += 1
            continue
        end = next((e for w in _HEADER_WORDS if (e := _match_word(part, i, w)) is not None), None)
        if end is None:
            return [part]
        if part[end : end + 1] in ("（", "("):  # an annotation after a label: （单位：万元）
            close = min((x for x in (part.find("）", end), part.find(")", end)) if x != -1), default=-1)
            if close != -1 and close - end <= _MAX_HEADER_CELL:
                end = close + 1
        labels.append(part[i:end])
        i = end
    rest = part[i:].strip()
    if len(labels) < 2 or (rest and not _DIGIT_RUN.fullmatch(rest)):
        return [part]
    return [" ".join(labels), rest] if rest else [" ".join(labels)]


def _match_word(text: str, start: int, word: str) -> int | None:
    """Where ``word`` (normalised) ends if it is printed at ``start``, punctuation aside."""
    i = start
    for ch in word:
        while i < len(text) and text[i] in _HEADER_PUNCTUATION:
            i += 1
        if i >= len(text) or normalise_label(text[i]) != ch:
            return None
        i += 1
    return i


_STARTS_WITH_ORDINAL = re.compile(_ORDINAL)
_ROW_START_ANYWHERE = re.compile(_ROW_START)
_MAX_LOOSE_LINES = 6  # short lines a converter may leave between two tables
_MAX_LOOSE_LINE = 40


def _loose_label(blocks: list[Block]) -> str | None:
    """A row of values with no label, right after short lines a converter moved out of the table
    ("（二）部分公开（区分处理的，只计这一情" / "形，不计其他情形）" above "| 2 | 0 | … | 2 |"): those
    lines are its label when, joined, they hold exactly one template row label and nothing else.
    Two labels above one row (5.属于三类… / 1.本机关不掌握…) leave it unlabelled: either may be its.
    The lines are taken out of ``blocks``."""
    run: list[Paragraph] = []
    for block in reversed(blocks):
        if not isinstance(block, Paragraph) or isinstance(block, _Gap) or len(run) == _MAX_LOOSE_LINES:
            break
        if len(block.text) > _MAX_LOOSE_LINE or parse_cell(block.text).state != "text":
            break
        run.insert(0, block)
    for start in range(len(run)):
        joined = "".join(p.text for p in run[start:])
        if _STARTS_WITH_ORDINAL.match(joined) and _ROW_LABEL.match(joined):
            if len(_ROW_START_ANYWHERE.findall("".join(p.text for p in run))) != 1:
                return None  # another row's label stands among these lines too
            del blocks[len(blocks) - (len(run) - start) :]
            return joined
    return None


def _another_label_less_row(lines: list[str], index: int) -> bool:
    """Does another row of values with no label follow the one at ``index`` (a markdown rule line
    between them aside)? Then the label lines above stood over both rows, and which is whose,
    nothing says ("3.补正后申请内容仍不明确" over "| 2 | … | 2 |" and "| 1 | … | 1 |", the label of
    the first lost)."""
    for line in lines[index + 1 : index + 3]:
        if "|" not in line:
            return False
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(_RULE_CELL_TEXT.fullmatch(c) for c in cells if c):
            continue  # |---|---|: a rule, not a row
        return bool(cells) and parse_cell(cells[0]).state == "number"
    return False


_RULE_CELL_TEXT = re.compile(r":?-{3,}:?")
_HEADER_STARTS = ("信息内容", "申请人情况", "行政复议", "自然人")


class _UnfoldedLine(str):
    """A line broken out of a report saved on one line, where cells may have lost their separators."""


class _GluedRun(str):
    """A row's digits printed with no separator between its cells (construction only)."""


# "规章000", "（一）予以公开710000071", "一、本年新收…数量230 000023": a label whose last character is
# not a digit, then one run of digits (spaces inside it are cell boundaries, a decimal only at its end)
_GLUED_ROW = re.compile(
    r"^(?P<label>\S.*?[^\d\s.,+\-])\s*(?P<run>\d[\d ]*\d(?:\.\d+)?|\d(?:\.\d+)?)(?P<unit>万元|元)?$"
)
# only a template row's label: a sentence cut before its unit ("其中自然人申请239") is no row
_ROW_LABEL = re.compile(f"{_ROW_START}|(?:{'|'.join(map(re.escape, ACTIVE_ROW_STARTS))})")
_MIN_GLUED_DIGITS = 3  # a shorter run ("行政许可 12") is a number, read as ever


def _glued_row(line: str) -> list[str] | None:
    """A row whose cells lost their separators, from a report saved on one line: [label, run]."""
    m = _GLUED_ROW.match(line)
    if m is None or len(m.group("label")) > _MAX_WRAPPED_LABEL or not _ROW_LABEL.match(m.group("label")):
        return None
    run = m.group("run").strip()
    tokens = run.split()
    # cells spaced the usual way ("0 1 1 0 2"), or a short number: not glued
    if len(tokens) == 1 and len(run) < _MIN_GLUED_DIGITS:
        return [m.group("label").strip(), run]  # "行政强制0": a number as printed
    # "规范性文件 12 12 203" may have every separator, "…情形）500000 5" only some: the table
    # reader reads it as printed when it holds one number per column, else splits it by arithmetic
    return [m.group("label").strip(), _GluedRun(run + (m.group("unit") or ""))]


def _label_less_row(line: str) -> list[str] | None:
    """A line of values alone, broken out of a report saved on one line after the header it was
    glued to: its cells as printed, or one glued run when separators were lost."""
    if not _DIGIT_RUN.fullmatch(line):
        return None
    return [_GluedRun(line)]  # read as printed where it has a number per column (see _glued_row)


def _spaced_row(line: str, *, continuing: bool) -> list[str] | None:
    """Cells of a line that is a label followed by space-separated numbers, else None."""
    if line and line[-1] in _MARK_ENDS:
        return _marked_row(line)
    if not line or not (line[-1].isdecimal() or line[-1] == ","):
        return None  # testing the last character first spares prose lines the regex backtracking
    m = _SPACED_ROW.match(line) or (_SINGLE_VALUE_ROW.match(line) if continuing else None)
    if m is None:
        return None
    label = (m.group("label") or "").strip()
    if len(label) > 60:
        return None
    return ([label] if label else []) + m.group("nums").split()


_MARK_ENDS = frozenset("—―-－/／")
_MIN_MARKED_VALUES = 3


def _marked_row(line: str) -> list[str] | None:
    """A text layer's row whose values include marks ("1.属于国家秘密 — — — — — — —"): a label, then
    at least three space-separated tokens that are each a number or a mark. Left as prose, such a
    row would glue its label onto the next row's."""
    tokens = line.split()
    values = 0
    for token in reversed(tokens):
        if parse_cell(token).state not in ("number", "mark"):
            break
        values += 1
    label = " ".join(tokens[: len(tokens) - values])
    if values < _MIN_MARKED_VALUES or not label or len(label) > _MAX_WRAPPED_LABEL:
        return None
    return [label, *tokens[len(tokens) - values :]]


def _is_header_line(line: str) -> bool:
    """Short space-separated words and no number: a header line a text layer printed flat."""
    tokens = line.split()
    return (
        len(tokens) >= 2
        and all(len(t) <= _MAX_HEADER_TOKEN for t in tokens)
        and not any(parse_cell(t).state == "number" for t in tokens)
    )


_LEGACY_ROW_WORDS = tuple(word for word, _ in LEGACY_TABLE_ROWS)
_INLINE_META = re.compile(rf"^({'|'.join(CORE_META_LABELS)})\s*[:：]")  # a text dump's metadata line
_TITLE_LINE = re.compile(rf"(政府|政务)?信息公开.*(年度报告|年报)|{REPORT_TITLE_YEAR_FIRST}")
_MAX_TITLE_LINE = 200


# A portal's link to another article, under or beside the report ("上一篇：…", "相关阅读：《…》")
LINK_LINE = re.compile(
    r"\s*[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|相关阅读|相关链接|相关文章|相关信息|推荐阅读|延伸阅读"
    r"|热点推荐|热门推荐|热点新闻|热门文章|热点文章|最新文章|猜你喜欢)"
)
# a list's heading on a line of its own ("热点推荐"): the line after it is the list's first link
_LINK_LIST_HEADING = re.compile(LINK_LINE.pattern + r"\s*[】\]]?\s*[:：]?\s*$")


def paragraphs_marked_own(blocks: Iterable[Block]) -> Iterator[tuple[Paragraph, bool]]:
    """Each paragraph of ``blocks``, and whether it is the page's own text: not a link line
    ("上一篇：某局2021年…年度报告") nor the first link of a list under its heading ("热点推荐" /
    "某局2022年…年度报告"), which name other pages."""
    after_list_heading = False
    for block in blocks:
        if isinstance(block, Paragraph):
            listed, after_list_heading = after_list_heading, bool(_LINK_LIST_HEADING.match(block.text))
            yield block, not listed and not LINK_LINE.match(block.text)


def _cites_a_report(line: str) -> bool:
    """A sentence that names a report only inside 《》 quotes of another report's name."""
    if not any(mark in line for mark in "。，,；;"):
        return False
    ends = [m.start() for m in _REPORT_WORD.finditer(line)]
    return bool(ends) and all(quotes_a_report(line, at) for at in ends)


def quotes_a_report(line: str, at: int) -> bool:
    """Does ``at`` stand inside a 《》 quote that is a report's own name ("《某市2021年政府信息公开
    工作年度报告》"), not a notice about compiling the year's reports ("《…关于做好2021年政府信息公开
    工作年度报告编制工作的通知》", whose year is the report's)?"""
    opened = line.rfind("《", 0, at)
    if opened <= line.rfind("》", 0, at):
        return False
    closed = line.find("》", at)
    quoted = line[opened + 1 : closed if closed >= 0 else len(line)]
    return "关于" not in quoted and _REPORT_WORD.search(quoted[-4:]) is not None


_REPORT_WORD = re.compile("年度报告|年报")


def _without_lost_indent(line: str) -> str:
    """A line opening with "??": the indent of full-width spaces a copy saved in an encoding without
    them turned into question marks ("??一、总体情况"); no line of a report opens with two of them."""
    return line.lstrip("?？") if line.startswith(("??", "？？")) else line


def text_to_document(text: str) -> Document:
    """Parse a text dump (pipes, spaced numbers or prose) into a ``Document``."""
    doc = Document(blocks=[])
    rows: list[list[str]] = []

    def close_table() -> None:
        if rows:
            doc.blocks.append(_text_table(_without_padding_column(rows)))
            rows.clear()

    # whitespace-only lines of a blank-line dump, by the index of the line they stand before: maybe
    # empty cells (_rebuild_vertical_rows decides); a dump with pipes prints its empty cells as pipes
    blank_lines: dict[int, int] = {}
    raw_lines = text.splitlines()
    if "|" not in text and any(raw_lines.count(blank) for blank in _BLANK_LINES):
        parts = _lines_and_blank_lines(raw_lines, blank_lines)
    else:
        parts = [
            part
            for folded in map(_without_lost_indent, map(fold, raw_lines))
            if folded
            for part in _unfold(folded)
        ]
    lines = _join_rows_over_bare_pipes(_join_broken_cells(parts))
    # a text that stops mid-line (no line break at its end) was cut there
    doc.truncated = _cut_next_label(lines)
    row_cut: RowCut | None = None
    stops_mid_line = not text.endswith(("\n", "\r"))
    if doc.truncated is None:
        cut = _cut_last_cell(lines, stops_mid_line=stops_mid_line)
        if cut is not None:
            doc.truncated, row_cut = cut
    if doc.truncated is None and stops_mid_line:
        doc.truncated = _cut_last_number(lines)
    wrapped = ""  # a row label's first line, waiting for the line that carries its numbers
    for index, line in enumerate(lines):
        if blank_lines and not rows and (count := blank_lines.get(index)):
            doc.blocks.extend(_BlankCell.of(1, explicit=True) for _ in range(count))
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
            if cells and cells[0] == "":
                cells = cells[1:]
            if cells and cells[-1] == "":
                cells = cells[:-1]
            filled = [c for c in cells if c]
            if (
                len(filled) >= 2
                or (len(filled) == 1 and rows and _lone_value_row(filled[0], lines, index))
                or (rows and _empty_row(cells))
            ):
                if rows and _starts_another_table(filled, rows):
                    close_table()  # "行政复议 | 行政诉讼 |" right after 三's rows: 四's heading was lost
                if not rows and len(filled) >= 2 and parse_cell(cells[0]).state == "number":
                    label = _loose_label(doc.blocks)  # a converter left the row's label above it
                    if label and not _another_label_less_row(lines, index):
                        cells = [label, *cells]
                rows.append(cells)
            elif len(filled) == 1:
                close_table()
                _text_paragraph(filled[0], doc)
            elif line.count("|") >= 2:
                # "||", "| |||": empty cells of a one-cell-per-line table (kept as a gap until
                # _rebuild_vertical_rows decides whether they sit inside a row)
                close_table()
                doc.blocks.append(_Gap.of(line.count("|") - 1))
            elif _bare_pipe_is_cell(lines, index):
                close_table()
                doc.blocks.append(_Gap.of(1, explicit=True))
            continue  # else a bare "|" closes the line above or the row: not text
        # A spaced row ends in a digit or a thousands comma (\d is exactly str.isdecimal); testing
        # that first spares prose lines the pattern's backtracking over every possible label end.
        row = _glued_row(line) if isinstance(line, _UnfoldedLine) else None
        if row is None and isinstance(line, _UnfoldedLine) and rows:
            row = _label_less_row(line)  # the values right after a header they were glued to
        row = row or _spaced_row(line, continuing=bool(rows))
        if row is not None and any(word in row[0] for word in _LEGACY_ROW_WORDS):
            # a row of the pre-2019 statistics table, glued (不予公开答复数条004): its digits are
            # this year's and the running total run together, which only the sentence reader's
            # rule for that table reads; it stays text
            row = None
        if row is not None:
            if wrapped and parse_cell(row[0]).state == "text":
                # the first half of a label that wrapped onto this line; a group label before a
                # sub-row's own ordinal ("（四）无法提供" / "1.本机关不掌握…") stays a label of its own
                row[0] = wrapped + (" " if _STARTS_WITH_ORDINAL.match(row[0]) else "") + row[0]
            wrapped = ""
            rows.append(row)
            continue
        if rows and _PAGE_NUMBER.match(line):
            continue  # a text layer's page number inside a table that runs over a page break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        next_row = _spaced_row(following, continuing=True) or (
            (_glued_row(following) or _label_less_row(following))
            if isinstance(following, _UnfoldedLine)
            else None
        )
        if (
            rows
            and len(line) <= _MAX_WRAPPED_LABEL
            and next_row
            and parse_cell(next_row[0]).state == "text"
            # a label's first half holds no value: "规章 0 0 0 规" / "范性文件 12 12 203" is a row and
            # the next one's label cut between two characters, not one label
            and _STANDALONE_NUMBER.search(line) is None
        ):
            # "（二）部分公开（区分处理的，只计这一情形，不计" / "其他情形） 1 1 0 0 0 0 2"
            wrapped += line
            continue
        if (
            rows
            and isinstance(line, _UnfoldedLine)
            and len(line) <= _MAX_WRAPPED_LABEL
            and _ROW_LABEL.match(line)
        ):
            # a group label printed again mid-table (三、本年度办理结果 / （四）无法提供) before its
            # sub-rows: it stays in the table, in front of the next row's label
            wrapped += line + " "
            continue
        if wrapped:
            _text_paragraph(wrapped.strip(), doc)  # a label whose row never came: kept as text
            wrapped = ""
        if next_row is not None and not _is_header_line(line):
            # "信息内容本年处理决定数量" above "行政许可 97": a header whose labels ran together is
            # that header when the line is wholly column labels
            spaced = _spaced_header(line)
            if len(spaced) == 1 and spaced[0] != line:
                line = spaced[0]
        if _is_header_line(line) and next_row is not None:
            # "信息内容 本年处理决定数量" above "行政许可 2210": a PDF text layer's header line, with
            # the header lines just above it ("自然人 法人或其他组织 总计" over "商业企业 …")
            close_table()
            while doc.blocks and isinstance(doc.blocks[-1], _BlankCell):
                doc.blocks.pop()  # no cells of a header line's table
            above: list[list[str]] = []
            while (last := doc.blocks[-1] if doc.blocks else None) is not None and (
                isinstance(last, Paragraph) and _is_header_line(last.text)
            ):
                above.insert(0, last.text.split())
                doc.blocks.pop()
            rows.extend([*above, line.split()])
            continue
        close_table()
        _text_paragraph(line, doc)
    close_table()
    if blank_lines and (count := sum(n for at, n in blank_lines.items() if at >= len(lines))):
        doc.blocks.extend(_BlankCell.of(1, explicit=True) for _ in range(count))  # the text's last cells
    fitted: list[bool] = []
    rebuilt = _rebuild_vertical_rows(doc.blocks, fitted)
    if blank_lines and not fitted:  # no table's rows took whitespace lines as cells: read without them
        rebuilt = _rebuild_vertical_rows([b for b in doc.blocks if not isinstance(b, _BlankCell)])
    doc.blocks = _header_over_rows(rebuilt)
    _number_tables(doc.blocks)
    if doc.blocks and isinstance(last := doc.blocks[-1], Table):
        if row_cut is None and doc.truncated is None and stops_mid_line and lines and "|" in lines[-1]:
            # one cell per line ("0  |"): the rows are known once rebuilt
            doc.truncated = _cut_after_a_rebuilt_cell(last)
            row_cut = "after_cell" if doc.truncated else None
        last.last_row_cut = row_cut  # the text stops in the table's last row
    for block, own in paragraphs_marked_own(doc.blocks):
        # a title is a short line; searching a long one would backtrack over every 信息公开 in it
        if (
            own
            and len(block.text) <= _MAX_TITLE_LINE
            and _TITLE_LINE.search(block.text)
            # a sentence citing a report by its name in 《》 ("二是…。公开发布《某署2021年…年度报告》，
            # 通过…", "按照《某市2021年…年度报告》的体例，…") names another one; one presenting this
            # report ("现公布我局2022年…年度报告。") does not quote it
            and not _cites_a_report(block.text)
        ):
            doc.title = _title_from_line(block.text)
            break
    doc.signals.body_text_chars = len(doc.text())
    return doc


# Lines holding only whitespace as a dump that separates its cells with empty lines prints an empty
# cell (a space, a no-break or an ideographic space); looked up whole in the list of lines, in C.
_BLANK_LINES = (" ", "\xa0", "\u3000", "  ", "\t")


def _lines_and_blank_lines(raw_lines: list[str], blank_lines: dict[int, int]) -> list[str]:
    """The text's lines as ``text_to_document`` takes them (folded, empty ones dropped), counting
    into ``blank_lines`` the lines holding only whitespace before each kept line's index."""
    parts: list[str] = []
    for raw in raw_lines:
        folded = _without_lost_indent(fold(raw))
        if folded:
            parts.extend(_unfold(folded))
        elif raw:
            blank_lines[len(parts)] = blank_lines.get(len(parts), 0) + 1
    return parts


def _join_rows_over_bare_pipes(lines: list[str]) -> list[str]:
    """A row whose empty cells a converter printed one per line: "一、本年新收… | 25 |", then bare
    "|" lines, then "| 25 |" (its last cell), and the next row's label. Each bare line is one empty
    cell between the pipes around it, so the run is the row: joined into one line, it is placed
    only where its cells are as many as the header's columns, like any row."""
    if "|" not in lines:  # no bare pipe line (a list lookup, in C)
        return lines
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        j = i + 1
        while j < n and lines[j] == "|":
            j += 1
        if (
            j > i + 1
            and j < n
            and line.endswith("|")
            and not line.startswith("|")
            and parse_cell(line.split("|", 1)[0]).state == "text"
            and _LAST_CELL_LINE.fullmatch(lines[j])
        ):
            out.append(line + "|" * (j - i - 1) + lines[j])
            i = j + 1
            continue
        out.append(line)
        i += 1
    return out


# "| 25 |": one cell between two pipes on its own line
_LAST_CELL_LINE = re.compile(r"\|[^|]*\|")


def _join_broken_cells(lines: list[str]) -> list[str]:
    """Rejoin a table row whose cell text was broken onto the next line ("信息内容 | 本年制发" then
    "件数 | 本年废止件数 | 现行有效件数 |"): in a dump whose rows end with "|", a row line that does
    not, followed by a line that ends one without starting one, when the joined row has as many
    cells as the row below it. The last line is left alone: an unclosed last line is a cut-off dump
    (see ``_cut_last_cell``)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) - 1 else ""
        if (
            out
            and out[-1].endswith("|")
            and "|" in line
            and not line.endswith("|")
            and following.endswith("|")
            and not following.startswith("|")
        ):
            fragment = following.split("|", 1)[0]
            if parse_cell(fragment).state == "text" and _cell_count(line + following) == _cell_count(
                lines[i + 2]
            ):
                out.append(line + following)
            elif _DIGITS_ONLY.match(fragment) and _DIGITS_ONLY.match(line.rsplit("|", 1)[-1]):
                # "…| 16 | 12" then "8 |": a copy folded at a fixed width cut the cell, 128 or a cell
                # of two numbers; which, nothing says: the cell is kept as the two, unreadable
                out.append(f"{line} {following}")
            else:
                out.append(line)
                i += 1
                continue
            i += 2
            continue
        out.append(line)
        i += 1
    return out


_DIGITS_ONLY = re.compile(r"^\s*\d+\s*$")
_STANDALONE_NUMBER = re.compile(r"(?:^|\s)[+\-]?\d+(?:\.\d+)?(?=\s|$)")


def _header_kind(cells: list[str]) -> str | None:
    """The template table whose header row this is (all its words, no number), or None."""
    if any(parse_cell(c).state == "number" for c in cells):
        return None
    joined = "".join(cells)
    return next((kind for kind, words in TABLE_HEADER_WORDS.items() if all(w in joined for w in words)), None)


def _starts_another_table(cells: list[str], rows: list[list[str]]) -> bool:
    """A header row of one template table after data rows of a table that is not that one."""
    kind = _header_kind(cells)
    if kind is None or not any(parse_cell(c).state == "number" for row in rows for c in row):
        return False
    return all(_header_kind([c for c in row if c]) != kind for row in rows)


def _cell_count(line: str) -> int:
    return len(line.strip().strip("|").split("|"))


def _empty_row(cells: list[str]) -> bool:
    """ "规章 | | | |" under a table's header: a template row label and its cells written out empty.
    A row of the table (its cells blank), not a paragraph that would cut the table in two."""
    return (
        len(cells) >= 2
        and bool(cells[0])
        and not any(cells[1:])
        and len(cells[0]) <= _MAX_WRAPPED_LABEL
        and _ROW_LABEL.match(cells[0]) is not None
    )


def _lone_value_row(cell: str, lines: list[str], index: int) -> bool:
    """ "| 2 |" right under a table's rows, and not the first of a one-cell-per-line run: a row whose
    other cells were lost. It stays in the table, where its value is reported as unplaced, rather
    than becoming a paragraph that says nothing."""
    if parse_cell(cell).state != "number":
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return "|" not in following or sum(1 for c in following.split("|") if c.strip()) >= 2


@dataclass(eq=False)
class _Gap(Paragraph):
    """Empty cells written as a run of pipes on a line of their own (construction only: a paragraph
    with no text until _rebuild_vertical_rows puts them in a row or drops them)."""

    count: int = 1
    # a bare "|" between a row's cells: an empty cell for certain, even at the row's end
    explicit: bool = False

    @classmethod
    def of(cls, count: int, *, explicit: bool = False) -> _Gap:
        return cls("", count, explicit)


@dataclass(eq=False)
class _BlankCell(_Gap):
    """A line holding only whitespace in a blank-line dump: an empty cell only where taking every
    such line of a table as one makes each of its rows as many cells as its header has columns."""


def _bare_pipe_is_cell(lines: list[str], index: int) -> bool:
    """One-cell-per-line dumps close every cell with "|", so a bare "|" line is an empty cell only
    between cells of a row: not right after a line that lacks its own closing pipe (it closes that
    cell), and not before a label or the text's end (it closes the row)."""
    before = lines[index - 1] if index else ""
    after = lines[index + 1] if index + 1 < len(lines) else ""
    if not before or "|" not in before:
        return False
    following = after.split("|", 1)[0].strip()
    if "|" not in after:
        return False  # prose or a heading: the row ended
    return not following or parse_cell(following).state in ("number", "mark", "empty")


_MAX_VERTICAL_LABEL = 60
_MAX_VERTICAL_VALUE = 20


def _is_vertical_value(block: object) -> bool:
    if isinstance(block, _Gap):
        return True
    return (
        isinstance(block, Paragraph)
        and len(block.text) <= _MAX_VERTICAL_VALUE
        and parse_cell(block.text).state in ("number", "mark")
    )


def _is_vertical_label(block: object) -> bool:
    return (
        isinstance(block, Paragraph)
        and len(_without_note(block.text)) <= _MAX_VERTICAL_LABEL
        and parse_cell(block.text).state == "text"
    )


def _without_note(text: str) -> str:
    """A template label a provincial form follows with a note in brackets ("规范性文件(行政机关制定发布的
    决定、公告…)", "上一年项目数量 (指2019年事项数)"): the label, whose length is a cell's; else the text."""
    bracket = _NOTE_OPENS.search(text)
    if bracket is None or bracket.start() == 0 or not text.rstrip(" |").endswith((")", "）")):
        return text
    head = text[: bracket.start()].strip()
    return head if normalise_label(head) in _LABELS_WITH_NOTES or is_column_label(head) else text


_NOTE_OPENS = re.compile(r"\s*[（(]")
_LABELS_WITH_NOTES = frozenset(normalise_label(label) for label in ACTIVE_ROW_STARTS)


def _rebuild_vertical_rows(blocks: list, fitted: list[bool] | None = None) -> list[Block]:  # type: ignore[type-arg]
    """Tables dumped one cell per line: up to two short label lines followed by a run of number
    (or mark, or empty-cell) lines form a row; consecutive rows form a table. A run with fewer than
    two numbers stays text, unless it is one number among written-out empty cells after a label."""
    out: list[Block] = []
    rows: list[list[str]] = []
    # whitespace lines taken as empty cells (_BlankCell) in the open table: where it began in
    # ``blocks``, its header's leaf columns (0: no header) and each row's value cells
    start, columns, blank_cells = 0, 0, False
    widths: list[int] = []

    def close(end: int) -> None:
        nonlocal blank_cells
        if blank_cells and not (columns and all(width == columns for width in widths)):
            # the whitespace lines do not give every row the header's cells: they are no cells
            out.extend(
                _rebuild_vertical_rows([b for b in blocks[start:end] if not isinstance(b, _BlankCell)])
            )
        elif rows:
            out.append(_text_table(rows))
            if blank_cells and fitted is not None:
                fitted.append(True)
        rows.clear()
        widths.clear()
        blank_cells = False

    i, n = 0, len(blocks)
    while i < n:
        header, j = _header_run(blocks, i)
        if header:
            # 信息内容 | 本年制发件数 | … one per line: the header row of the rows that follow
            close(i)
            rows.append(header)
            start, columns = i, _leaf_columns(header)
            i = j
            continue
        j = i
        labels: list[str] = []
        while j < n and len(labels) < 2 and _is_vertical_label(blocks[j]):
            labels.append(blocks[j].text)
            j += 1
        values: list[str] = []
        explicit: dict[int, bool] = {}  # value index → an empty cell a bare "|" stated
        blanks = 0
        while j < n and _is_vertical_value(blocks[j]):
            block = blocks[j]
            if isinstance(block, _Gap):
                if block.explicit:
                    explicit[len(values)] = True
                values.extend([""] * block.count)
                blanks += isinstance(block, _BlankCell)
            else:
                values.append(block.text)
            j += 1
        filled = sum(1 for v in values if v)
        # A row with one value is a row when its empty cells are written out ("（一）予以公开 |",
        # "||" × 6, "9 |": only 总计 filled): the gaps say where the value sits.
        # ... and inside a table already open (under its header), a label and its one value are a
        # row: 行政许可 / 0 under 信息内容 / 本年处理决定数量
        # ... and under a header, a label and whitespace lines alone: a row of empty cells, if they
        # are cells (see close)
        if (
            filled >= 2
            or (filled == 1 and labels and (len(values) > filled or bool(rows)))
            or (not filled and labels and columns and rows and blanks == len(values) > 0)
        ):
            while values and not values[-1] and not explicit.get(len(values) - 1, False):
                values.pop()  # trailing pipes close the last cell, they are not cells
            if not rows:
                start, columns = i, 0
            rows.append(labels + values)
            widths.append(len(values) if len(labels) == 1 else 0)
            blank_cells = blank_cells or blanks > 0
            i = j
            continue
        block = blocks[i]
        if not isinstance(block, _Gap):  # a stray run of pipes outside a row is padding
            close(i)
            out.append(block)
        i += 1
    close(n)
    return out


def _leaf_columns(header: list[str]) -> int:
    """The value columns under a header printed one cell per line: its cells but the corner
    (信息内容, 申请人情况) and the group over other columns (法人或其他组织)."""
    return sum(1 for cell in header if normalise_label(cell) not in _NOT_LEAF_HEADER_CELLS)


_NOT_LEAF_HEADER_CELLS = frozenset(
    normalise_label(w) for w in (ACTIVE_HEADER_MARKER, *APPLICATION_HEADER_GROUPS)
)


_MAX_HEADER_CELL = 30  # characters of one header cell printed on its own line


def _header_run(blocks: list, i: int) -> tuple[list[str], int]:  # type: ignore[type-arg]
    """A template table's header printed one cell per line from ``blocks[i]``: an opening word
    (信息内容, 申请人情况, 行政复议 …), then column labels, a label wrapped over two lines joined
    (本年新 / 制作数量), padding pipes skipped. ([], i) when there is none: at least two labels."""
    n = len(blocks)
    first = blocks[i]
    if not isinstance(first, Paragraph) or normalise_label(first.text) not in _HEADER_OPENERS:
        return [], i
    cells: list[str] = []
    j = i
    while j < n:
        block = blocks[j]
        if isinstance(block, _Gap):
            j += 1
            continue
        if not isinstance(block, Paragraph) or len(_without_note(block.text)) > _MAX_HEADER_CELL:
            break
        if is_column_label(block.text):
            cells.append(block.text)
            j += 1
            continue
        following = blocks[j + 1] if j + 1 < n else None
        if (
            isinstance(following, Paragraph)
            and len(following.text) <= _MAX_HEADER_CELL
            and parse_cell(block.text).state == parse_cell(following.text).state == "text"
            and is_column_label(block.text + following.text)
        ):
            cells.append(block.text + following.text)  # a label wrapped over two lines
            j += 2
            continue
        if cells and is_cut_column_label(block.text):
            cells.append(block.text)  # a label cut short (本年新): the table reader places it
            j += 1
            continue
        break
    return (cells, j) if len(cells) >= 2 else ([], i)


_HEADER_OPENERS = frozenset(normalise_label(w) for w in HEADER_RUN_OPENERS)


def _header_over_rows(blocks: list[Block]) -> list[Block]:
    """A header printed in one layout over rows printed in another (a `a | b |` header line, then
    one cell per line; a header one cell per line, then `a | b |` rows) came out as two tables: a
    table of labels alone right before a table whose first row holds numbers is its header."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Table)
            and isinstance(prev, Table)
            and prev.rows
            and block.rows
            and not any(_holds_number(row) for row in prev.rows)
            and _holds_number(block.rows[0])
        ):
            rows = [*prev.rows, *block.rows]
            for r, row in enumerate(rows):  # the cells as they are (a glued run stays one), rows renumbered
                for cell in row:
                    if cell is not None:
                        cell.row = r
            out[-1] = Table(index=-1, rows=rows, origin="text")
            continue
        out.append(block)
    return out


def _holds_number(row: list[Cell | None]) -> bool:
    return any(c is not None and parse_cell(c.text).state == "number" for c in row)


def _text_paragraph(line: str, doc: Document) -> None:
    if _INLINE_META.match(line):
        _read_inline_metadata(line, doc.meta)
    if _CHROME_LINE.match(line) and len(line) < _LONG_LINE and not isinstance(line, _UnfoldedLine):
        return  # a long line that starts with a breadcrumb is a page saved on one line: keep it
    doc.blocks.append(Paragraph(line))


# "临海市2022年…年度报告", and "临海市民政局 2022年…" (a space only after a body's name)
_TITLE_IN_LINE = re.compile(
    rf"(?:\S*(?:{'|'.join(sorted(BODY_NAME_SUFFIXES, key=len, reverse=True))})\s)?"
    rf"\S*?(?:(19|20)\d{{2}}年度?\S*?信息公开\S*?(年度报告|年报)|{REPORT_TITLE_YEAR_FIRST})"
)


def _title_from_line(line: str) -> str:
    m = _TITLE_IN_LINE.search(line)
    return m.group(0) if m else line[:80]


def _without_padding_column(rows: list[list[str]]) -> list[list[str]]:
    """A dump whose every row ends in an empty cell ("| （一）予以公开 | 3 | … | 3 | |") pads its
    rows with a column nothing fills: a cell of no column. Kept, it would stand as a blank last
    value, and a row that lost a cell would look as wide as a whole one and be placed by position.
    A row of values that ends in more empty cells than one (a page's run of "||||||||" after its
    first value) is drawn some other way: which of them pads, nothing says."""
    if len(rows) < 2 or any(not row or row[-1] for row in rows):
        return rows
    if any(len(row) < 2 or not row[-2] for row in rows if any(parse_cell(c).state == "number" for c in row)):
        return rows
    return [row[:-1] for row in rows]


def _text_table(rows: list[list[str]]) -> Table:
    grid: list[list[Cell | None]] = [
        [Cell(str(text), r, c, glued=isinstance(text, _GluedRun)) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    return Table(index=-1, rows=grid, origin="text")


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------

_HTML_SNIFF = re.compile(r"<(!doctype html|html|head|body|table|div|p)[\s>]", re.I)


def looks_like_html(text: str) -> bool:
    """True when the text is markup rather than a text dump (sniffed from its start)."""
    head = text[:2048].lstrip()
    return head.startswith("<") and bool(_HTML_SNIFF.search(text[:20000]))


def parse_document(text: str | list[str | bytes], utf8: list[bytes] | None = None) -> Document:
    """HTML or text → ``Document``, choosing the parser by sniffing the content. ``utf8``: the
    text's UTF-8 bytes when the caller holds them (the parser reads UTF-8: encoding again is a
    copy of the whole page), as the one item of a list that the parse empties. ``text``: or a list
    holding the text, which a large page's parse holds compressed meanwhile (see
    :func:`html_to_document`; :func:`page_text` takes the text back)."""
    first = text[0] if isinstance(text, list) else text
    assert isinstance(first, str)
    if not looks_like_html(first):
        return text_to_document(first)
    del first  # the list's text is given up: no name here holds it
    return html_to_document(text, utf8)
