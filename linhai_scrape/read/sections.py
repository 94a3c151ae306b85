"""``Document`` → the numbered sections of a report (the six national ones, or a legacy outline).

A heading is a Chinese numeral, a separator (、 . ．) and one of the template's heading keywords.
Headings are found inside paragraphs too, because scraped text often runs a whole report into one
line. Table rows are never headings: the row 四、结转下年度继续办理 lives in a table block, and a
numeral not followed by a section keyword is not a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from ..template import LEGACY_SECTION_KEYWORDS, SECTIONS, normalise_label
from .document import Document, Paragraph, Table
from .numbers import chinese_to_int

Outline = Literal["national", "legacy"]


class _Numbering(NamedTuple):
    """A way of numbering the sections. A number counts only where it starts the text or follows
    white space or one of ``after`` (a break: 。 ； : > |); that is tested on each match, not in
    the pattern: a look-behind before the numerals is tried at every character of the text, while
    a pattern that opens with them lets the regex engine skip to them (half the cost of a pass)."""

    pattern: re.Pattern[str]
    after: str

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for m in self.pattern.finditer(text):
            start = m.start()
            # a match refused here hides no other: every character inside it is a numeral, a
            # bracket, a mark or white space, and no number opens at one of those but a numeral,
            # which follows a numeral or a bracket there
            if start == 0 or text[start - 1] in self.after or text[start - 1].isspace():
                yield m


_CANDIDATE = _Numbering(re.compile(r"([一二三四五六七八九十]{1,2})\s*[、.．]\s*"), "。；;：:>|)）")
# Other numberings some reports use for the six sections ("一 总体情况", "1、", "（一）", "第一部分"):
# tried only when the usual one finds no outline, since (一) and 1. number sub-parts in most reports.
_OTHER_NUMBERING = _Numbering(
    re.compile(
        r"(?:第([一二三四五六七八九十]{1,2})部分\s*|([一二三四五六七八九十]{1,2})[\s,，]+"
        r"|[（(]([一二三四五六七八九十]{1,2})[）)]\s*|([1-9])\s*[、.．]\s*)"
    ),
    "。；;：:>|",
)
_ARABIC_NUMERAL = dict(zip("123456789", "一二三四五六七八九", strict=True))
_MIN_OUTLINE = 3  # sections that make an outline
_HEADING_END = re.compile(r"[\s。：:；;]")
_SPEC_BY_NUMERAL = {spec.numeral: spec for spec in SECTIONS}


@dataclass
class SectionSpan:
    number: int
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class SectionSplit:
    """The sections found, in document order, and what was wrong with their order."""

    preamble: SectionSpan
    sections: list[SectionSpan]
    out_of_order: list[int] = field(default_factory=list)
    # Numbered sections that start again at 一 after a full set: a page holding several reports
    # (年报汇总). Only one report is split; this counts the ones left unread.
    further_reports: int = 0
    # which of them is read (0: the first): the one the page's title names, where the first's own
    # title names another year (last year's report quoted in full before this year's)
    report_read: int = 0
    # the body's own outline, mapped to the six topics by its headings' words (二、工作机制保障 …)
    own_outline: bool = False

    def get(self, number: int) -> SectionSpan | None:
        return next((s for s in self.sections if s.number == number), None)

    def all_spans(self) -> list[SectionSpan]:
        return [self.preamble, *self.sections]


@dataclass
class _Heading:
    block: int
    start: int
    end: int
    number: int
    text: str


def split_sections(doc: Document, outline: Outline = "national", year: int | None = None) -> SectionSplit:
    """Split ``doc`` into sections. Each section number is taken at its first heading. Of several
    reports on the page, the first is read, or the one whose own title names ``year`` (the page
    title's) where the first's names another year."""
    headings = _find_headings(doc, outline, _CANDIDATE)
    if len({h.number for h in headings}) < _MIN_OUTLINE:
        other = _find_headings(doc, outline, _OTHER_NUMBERING)
        if len({h.number for h in other}) >= _MIN_OUTLINE:
            headings = other
    own_outline = False
    if outline == "national" and len({h.number for h in headings}) < _MIN_OUTLINE:
        own = _topic_headings(doc)
        if len({h.number for h in own}) >= _MIN_OUTLINE:
            headings, own_outline = own, True
    runs = _heading_runs(headings)
    while len(runs) > 1 and (
        _is_table_of_contents(doc, headings[runs[0] : runs[1]], headings[runs[1]])
        or _is_outline_only(doc, headings[runs[0]], headings[runs[1]])
    ):
        headings, runs = headings[runs[1] :], [r - runs[1] for r in runs[1:]]  # a 目录 before the body
    stop: tuple[int, int] | None = None  # (block, offset) where the next report starts
    skip: tuple[_Heading, _Heading] | None = None  # the reports before the one read: from, to
    restarts = runs[1:]
    read = _report_of_year(doc, headings, runs, year) if restarts else 0
    if read:
        skip = (headings[runs[0]], headings[runs[read]])
    if restarts:
        end = runs[read + 1] if read + 1 < len(runs) else len(headings)
        if end < len(headings):
            stop = (headings[end].block, headings[end].start)
        headings = headings[runs[read] : end]
    accepted = _one_heading_per_number(headings)
    out_of_order = [
        h.number for i, h in enumerate(accepted) if any(prev.number > h.number for prev in accepted[:i])
    ]
    preamble = SectionSpan(0, "")
    spans: list[SectionSpan] = []
    current = preamble
    by_block: dict[int, list[_Heading]] = {}
    for h in accepted:
        by_block.setdefault(h.block, []).append(h)
    for index, block in enumerate(doc.blocks):
        if stop is not None and index > stop[0]:
            break
        pos = 0
        if skip is not None and skip[0].block <= index <= skip[1].block:
            if skip[0].block < index < skip[1].block or isinstance(block, Table):
                continue  # a block of a report not read
            if index == skip[0].block and (kept := block.text[: skip[0].start].strip()):
                current.paragraphs.append(kept)
            if index < skip[1].block:
                continue
            pos = skip[1].start
        if isinstance(block, Table):
            current.tables.append(block)
            continue
        text = block.text if stop is None or index < stop[0] else block.text[: stop[1]]
        for h in by_block.get(index, []):
            before = text[pos : h.start].strip()
            if before:
                current.paragraphs.append(before)
            current = SectionSpan(h.number, h.text)
            spans.append(current)
            pos = h.end
        rest = text[pos:].strip()
        if rest:
            current.paragraphs.append(rest)
    return SectionSplit(
        preamble,
        spans,
        out_of_order,
        further_reports=len(restarts),
        report_read=read,
        own_outline=own_outline,
    )


# A report's own title standing right before its first heading: "…2022年政府信息公开工作年度报告"
_REPORT_TITLE_YEAR = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年度?[^。；;\n]{0,30}?(?:政府信息公开|政务公开)[^。；;\n]{0,12}?(?:年度报告|年报)\s*(?:[（(][^）)]{0,16}[)）])?\s*$"
)


def _report_of_year(doc: Document, headings: list[_Heading], runs: list[int], year: int | None) -> int:
    """Which report of a page holding several to read: the first, unless its own title names another
    year than ``year`` and a later one's title names ``year``."""
    if year is None:
        return 0
    titled = [_title_year_before(doc, headings[run]) for run in runs]
    if titled[0] is None or titled[0] == year:
        return 0
    return next((k for k, title_year in enumerate(titled) if title_year == year), 0)


def _title_year_before(doc: Document, heading: _Heading) -> int | None:
    """The year of the report title printed right before ``heading`` (in its block, or the block
    before it), if one is."""
    block = doc.blocks[heading.block]
    before = block.text[: heading.start].strip() if isinstance(block, Paragraph) else ""
    if not before and heading.block > 0 and isinstance(previous := doc.blocks[heading.block - 1], Paragraph):
        before = previous.text.strip()
    m = _REPORT_TITLE_YEAR.search(before[-80:])
    return int(m.group("year")) if m else None


def _one_heading_per_number(headings: list[_Heading]) -> list[_Heading]:
    """Each section's heading, in document order. A number named twice ("具体数据见：三、收到和处理
    政府信息公开申请情况。" inside 一, then 三 itself) takes the first occurrence after the lower
    sections' headings; a number named once keeps it, even out of order (that is reported)."""
    chosen: dict[int, int] = {}  # number → index into headings
    for number in sorted({h.number for h in headings}):
        at = [i for i, h in enumerate(headings) if h.number == number]
        after = max(chosen.values(), default=-1)
        chosen[number] = next((i for i in at if i > after), at[0])
    return [headings[i] for i in sorted(chosen.values())]


# A restart at 一 counts only after one of the last sections (五, 六), and only when a whole set
# follows it (三 at least): 一 quoted inside a section is not a new report.
_LAST_SECTIONS = 5
_FULL_SET = 3
# The most a table of contents (目录) puts between two headings: page numbers, leader dots.
_TOC_GAP = 20


def _heading_runs(headings: list[_Heading]) -> list[int]:
    """Indices where a set of numbered headings starts: the first heading, then each 一 that follows
    a 五/六 and is followed by at least 一, 二, 三 of its own set."""
    starts = [0] if headings else []
    for i, h in enumerate(headings):
        if i == 0 or h.number != 1:
            continue
        if not any(prev.number >= _LAST_SECTIONS for prev in headings[starts[-1] : i]):
            continue
        nxt = next((j for j in range(i + 1, len(headings)) if headings[j].number == 1), len(headings))
        if len({x.number for x in headings[i:nxt]}) >= _FULL_SET:
            starts.append(i)
    return starts


def _is_table_of_contents(doc: Document, run: list[_Heading], next_start: _Heading) -> bool:
    """Headings listed with nothing between them but page numbers or leader dots (no sentence),
    before the body's own headings: a 目录."""
    for a, b in zip(run, [*run[1:], next_start], strict=True):
        if a.block == b.block:
            gap = doc.blocks[a.block].text[a.end : b.start]  # type: ignore[union-attr]
        else:
            parts = [doc.blocks[a.block].text[a.end :]]  # type: ignore[union-attr]
            parts += [x.text if isinstance(x, Paragraph) else "。" for x in doc.blocks[a.block + 1 : b.block]]
            parts.append(doc.blocks[b.block].text[: b.start])  # type: ignore[union-attr]
            gap = "".join(parts)
        if "。" in gap or len(gap.strip()) > _TOC_GAP:
            return False
    return True


_OUTLINE_ONLY_CHARS = 400  # a 目录 with an intro line, sub-entries or a repeated title stays below this


def _is_outline_only(doc: Document, first: _Heading, next_start: _Heading) -> bool:
    """A first set of headings with next to nothing under them and no table, before a set that has
    more: a 目录 (with an intro line, sub-entries or the title again) or an intro that lists the
    sections ("本报告包括：一、总体情况；二、…"), not a report of its own."""
    content = 0
    for index in range(first.block, next_start.block + 1):
        block = doc.blocks[index]
        if isinstance(block, Table):
            return False
        start = first.end if index == first.block else 0
        end = next_start.start if index == next_start.block else len(block.text)
        content += max(0, end - start)
    if content >= _OUTLINE_ONLY_CHARS:
        return False
    rest = sum(
        len(b.text) if isinstance(b, Paragraph) else _OUTLINE_ONLY_CHARS
        for b in doc.blocks[next_start.block :]
    )
    return rest > content


def _find_headings(doc: Document, outline: Outline, numbering: _Numbering) -> list[_Heading]:
    found: list[_Heading] = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        for m in numbering.finditer(text):
            numeral = next(g for g in m.groups() if g)
            numeral = _ARABIC_NUMERAL.get(numeral, numeral)
            following = normalise_label(text[m.end() : m.end() + 40])
            number = _heading_number(numeral, following, outline)
            if number is None:
                continue
            end = _heading_end(text, m.end(), following, outline)
            found.append(_Heading(index, m.start(), end, number, text[m.start() : end].strip()))
    return found


# A body's own outline (二、工作机制保障 三、主动公开工作情况 四、政府信息公开申请情况 …): the words
# that say which of the six topics a heading is about, whatever its numeral.
_TOPIC_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("总体情况", "概述", "基本情况")),
    (2, ("主动公开",)),
    (3, ("依申请公开", "政府信息公开申请", "收到和处理")),
    (4, ("行政复议", "行政诉讼")),
    (5, ("存在的主要问题", "存在问题", "主要问题")),
    (6, ("其他需要报告", "其他需报告")),
)
_TOPIC_SPAN = 16  # characters of a heading that may name its topic


def _topic_headings(doc: Document) -> list[_Heading]:
    """Headings of a body's own outline, each taken for the topic its words name, in document
    order: numerals rising, each topic once, topics rising. A heading naming no topic (工作机制保障)
    belongs to none and its text stays with the section before it."""
    found: list[_Heading] = []
    last_numeral = 0
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        m = _CANDIDATE.pattern.match(block.text)  # at the text's start: no character before it
        if m is None or m.start() != 0:
            continue
        numeral = chinese_to_int(m.group(1))
        following = normalise_label(block.text[m.end() : m.end() + 40])
        if numeral is None:
            continue
        head = following[:_TOPIC_SPAN]
        topics = [number for number, words in _TOPIC_WORDS if any(w in head for w in words)]
        # numerals rise, or start again at 一 once the body's own outline reached its last sections
        # (五, 六): the template's tables as an appendix (一、主动公开政府信息情况 … 三、政府信息公开
        # 行政复议、行政诉讼情况). A 一 sooner is a sub-point (一、主动公开方面 under 一、总体情况).
        if numeral <= last_numeral and not (numeral == 1 and last_numeral >= _LAST_SECTIONS):
            continue
        last_numeral = numeral
        if len(topics) != 1 or (found and topics[0] <= found[-1].number):
            continue
        end = _heading_end(block.text, m.end(), following, "legacy")
        found.append(_Heading(index, m.start(), end, topics[0], block.text[m.start() : end].strip()))
    return found


def _heading_number(numeral: str, following: str, outline: Outline) -> int | None:
    if outline == "national":
        spec = _SPEC_BY_NUMERAL.get(numeral)
        if spec and any(following.startswith(k) for k in spec.keywords):
            return spec.number
        return None
    head = following[:24]
    if any(k in head for k in LEGACY_SECTION_KEYWORDS) or any(
        any(following.startswith(k) for k in spec.keywords) for spec in SECTIONS
    ):
        return chinese_to_int(numeral)
    return None


_HEADING_CLOSERS = ("情况", "措施", "事项", "概述")
# every section keyword, the longest first: the alternative that matches is the longest keyword the
# text starts with (one match in C, where a loop over the keywords asked each in Python)
_LONGEST_KEYWORD_FIRST = re.compile(
    "|".join(
        map(re.escape, sorted({k for spec in SECTIONS for k in spec.keywords}, key=lambda k: (-len(k), k)))
    )
)


def _heading_end(text: str, start: int, following: str, outline: Outline) -> int:
    """End of the heading: past the keyword, up to the next break (space, 。, colon) or line end."""
    keyword_len = 4
    if outline == "national" and (longest := _LONGEST_KEYWORD_FIRST.match(following)) is not None:
        keyword_len = len(longest.group())
    covered, pos = 0, start
    while pos < len(text) and covered < keyword_len:
        covered += len(normalise_label(text[pos]))
        pos += 1
    m = _HEADING_END.search(text, pos)
    end = min(m.start() if m else len(text), start + 40)
    # a copy saved on one line runs the heading into its first sentence ("四、因政府信息公开申请行政
    # 复议、提起行政诉讼的情况2017年未收到…"): a heading ends with its closing word
    closing = min((i + len(w) for w in _HEADING_CLOSERS if 0 <= (i := text.find(w, start, end))), default=end)
    return min(end, closing)
