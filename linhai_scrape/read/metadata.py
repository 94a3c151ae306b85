"""A report's facts outside the tables: title, issuing body, year, period, publication date, edition."""

from __future__ import annotations

import re
from datetime import date

from ..models import Period
from ..template import (
    BODY_NAME_SUFFIXES,
    EDITION_MARKERS,
    OUTLINE_PARTS_AS_LISTED,
    OVERVIEW_FIRST_ITEMS,
    OVERVIEW_ITEM_SUBJECT,
    PERIOD_SENTENCE_WORDS,
    REPORT_TITLE_YEAR_FIRST,
    SITE_WORDS,
    Edition,
    edition_for_year,
    normalise_label,
)
from .document import Document, Paragraph, paragraphs_marked_own, quotes_a_report
from .numbers import fold

# The parts around the year are bounded: an unbounded lazy prefix made the search quadratic in the
# length of a line without spaces or punctuation (100 k characters took minutes).
_BODY_END = "|".join(sorted(BODY_NAME_SUFFIXES, key=len, reverse=True))
# the body, then the year; a space or colon between them only after a body's name ("临海市民政局
# 2022年…"), never after a label ("标题：2022年…", "附件1 2022年…")
# the year may stand bare before the report's name ("2022政府信息公开工作年度报告")
_TITLE = re.compile(
    rf"(?P<pre>[^\s,，。:：|()（）]{{0,60}}?(?:(?:{_BODY_END})(?:\s*[:：])?\s*)?)(?P<year>(?:19|20)\d{{2}})\s*(?:年度?|(?=(?:政府|政务)信息公开))(?P<mid>[^\s,，。|]{{0,60}}?)"
    r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_DATE = r"(?P<{p}y>(?:19|20)\d{{2}})\s*[年./-]\s*(?P<{p}m>\d{{1,2}})\s*[月./-]\s*(?P<{p}d>\d{{1,2}})\s*日?"
# "…1月1日至…12月31日", "自…1月1日起至…12月31日止", and an end date without its year ("至12月31日")
_END_DATE = r"(?:(?P<ey>(?:19|20)\d{2})\s*[年./-]\s*)?(?P<em>\d{1,2})\s*[月./-]\s*(?P<ed>\d{1,2})\s*日?"
_PERIOD = re.compile(_DATE.format(p="s") + r"\s*起?\s*(?:至|到|—|-|~|－)\s*" + _END_DATE)
# a label that starts its line or follows a separator ("发布时间：… | 来源：…"): "上线日期：" in a
# sentence is some other date
_PUBLISHED_LABEL = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|(?:^|[\s|｜【\[（(；;，,])日期)\s*[:：]\s*" + _DATE.format(p="p")
)
_PUBLISHED_LABEL_STRICT = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期)\s*[:：]\s*" + _DATE.format(p="p")
)
_ANY_DATE = re.compile(_DATE.format(p="p"))
# normalise_label's cache is for labels. A document's whole text never repeats: cached, every
# report read would stay in memory (16,384 of them) for no hit.
_normalise_text = normalise_label.__wrapped__


# A title line with no year ("某区审计局政府信息公开工作年度报告"): only a whole line that names a
# body (ends in 市, 局, 委员会 …) counts, so that a sentence citing the 年度报告格式 never does.
_TITLE_NO_YEAR = re.compile(
    rf"(?P<pre>[^\s,，。:：|()（）《》“”]{{2,30}}?(?:{_BODY_END}))(?:政府|政务)?信息公开(?:工作)?"
    r"(?:(?P<inner_year>(?:19|20)\d{2})\s*)?年度报告"  # "…信息公开工作2022年度报告"
    r"(?:\s*[（(](?P<year>(?:19|20)\d{2})\s*年度?[)）])?"  # "…年度报告（2022年度）"
)
# 二〇二二年 → 2022年 (digit for digit, so positions in the title do not move)
_CN_YEAR = re.compile(
    r"(?=[0-9〇○Oo零一二三四五六七八九]*[〇○零一二三四五六七八九])[0-9〇○Oo零一二三四五六七八九]{4}(?=\s*年)"
)
_CN_DIGIT = str.maketrans("〇○Oo零一二三四五六七八九", "00000123456789")  # 二0二二, 二○二二 too
# A masked issuer in an archived copy ("***局", "XX市XX区审计局") is no agency.
_MASKED = re.compile(r"[*＊×]|XX|xx|ＸＸ|某")
# "…办公室关于公布测试区审计局2022年…的通知": the report's body is the one after 关于 (and its verb)
_NOTICE_VERB = re.compile(r"^(?:公布|印发|发布|转发|公开)")
# What a title may carry before the body's name: 《, quotes, 【转载】, a document number
# (临政办〔2023〕1号), 转发.
_AGENCY_PREFIX = re.compile(
    r"^(?:[《「『]|【[^】]{0,10}】|\[[^\]]{0,10}\]|[^〔\[]{0,12}[〔\[]\d{4}[〕\]]\d{1,4}号|转发|转载|现将|现就|现把)+"
)


_TITLE_SPAN = 300


def _arabic_year(text: str) -> str:
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGIT), text)


def find_title(doc: Document) -> str | None:
    """The report's title: the page's own title when it names a report, else the first line that does."""
    # the page's heading first; then the CMS's own fields (an <h1> may be the site's logo)
    page_fields = [
        doc.title,
        doc.meta.get("ArticleTitle"),
        doc.meta.get("Heading"),
        doc.meta.get("PageTitle"),
        doc.meta.get("信息名称"),
        doc.meta.get("标题"),
    ]
    # the body's own lines only before its first section: a sentence further on may cite another
    # year's report ("针对2021年政府信息公开工作年度报告中指出的问题")
    opening: list[str] = []
    for block, own in paragraphs_marked_own(doc.blocks[:30]):
        if _FIRST_SECTION.match(block.text):
            break
        if own:
            opening.append(block.text)
    # a title printed on two lines, the body's name (and year) over the report's bare name
    # ("2023年上海市黄浦区…街道办事处" / "政府信息公开工作年度报告"); one of the two lines dates it:
    # a line that is only a body's name over the bare name may be the portal's ("测试县人民政府"),
    # and a byline's date ("测试县审计局 2023年01月20日") is when it was published
    two_lines = [
        fold(above).strip() + fold(line).strip()
        for above, line in zip(opening, opening[1:], strict=False)
        if _BARE_REPORT_NAME.fullmatch(fold(line).strip())
        and len(above) <= _MAX_NAME_LINE
        and not _is_sentence(fold(above))
        and _DAY.search(above) is None
        and (_YEAR.search(above) is not None or _YEAR.search(line) is not None)
    ]
    texts = [
        fold(text[:_TITLE_SPAN]) for text in (*page_fields, *two_lines, *opening) if text
    ]  # a title is short
    for text in texts:  # a title with its year first, wherever it stands
        m = _TITLE.search(_arabic_year(text))
        if m and _is_sentence(text) and quotes_a_report(text, m.start("year")):
            continue  # "按照《某市2021年…年度报告》的体例，…": a sentence quoting another report
        if m:
            title = text[m.start() : m.end()].strip()
            if m.start() == 0 and not m.group("pre"):
                return _with_agency_line(title, opening)
            return title
    for text in texts:
        if _TITLE_NO_YEAR.fullmatch(text) and not _is_sentence(text):
            return text
    return None if doc.title is None or _is_sentence(doc.title) else doc.title


def _with_agency_line(title: str, opening: list[str]) -> str:
    """A title that names no body, printed under a line that is only the body's name ("甘谷县人民政府
    办公室" / "2024年政府信息公开工作年度报告"): the two lines are the title."""
    for above, line in zip(opening, opening[1:], strict=False):
        if fold(line) == title and _AGENCY_LINE.fullmatch(fold(above)):
            return fold(above) + title
    return title


def _is_sentence(text: str) -> bool:
    """A sentence, not a title: it has clauses, or cites what it was written by ("根据《…》…")."""
    return _IS_SENTENCE.search(text) is not None or text.startswith(_CITING_OPENINGS)


_CITING_OPENINGS = ("根据", "按照", "依据", "依照", "编制说明")


_FIRST_SECTION = re.compile(r"^\s*一\s*[、.．]")
# the report's name with no body before it: the second line of a title printed on two
_BARE_REPORT_NAME = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:(?:19|20)\d{2})?年度?(?:工作)?报告")
_MAX_NAME_LINE = 40
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
# a line that is only a body's name (the title's first line, when the title wraps after it)
_AGENCY_LINE = re.compile(rf"[^\s,，。:：|()（）《》\d]{{2,40}}(?:{_BODY_END})")


# What a title names when it is an information-disclosure annual report, and the words that make it
# something else about one (a guide, a catalogue, an explanation of the report).
_REPORT_TITLE = re.compile(rf"(?:政府|政务)?信息公开.{{0,12}}?(?:年度报告|年报)|{REPORT_TITLE_YEAR_FIRST}")
_NOT_THE_REPORT = re.compile(r"指南|目录|解读|图解|解答|问答")
# An opening that presents the report: it cites the template notice it was written to (…工作年度报告
# 格式) or says it publishes this report (现公布…年度政府信息公开工作报告).
_REPORT_OPENING = re.compile(
    # 第五十条 is the Regulation's article on the annual report: "依据《…条例》第五十条规定，编制本报告"
    r"第五十条[^。；]{0,12}?编制本(?:年度)?报告|"
    # the Regulation's own annual report: "根据《中华人民共和国政府信息公开条例》…等有关规定和要求，编制本年度报告"
    r"政府信息公开条例》[^。；]{0,60}?编制本(?:年度)?报告|"
    r"信息公开工作年度报告(?:格式|有关事项|发布|编制|报送)|(?:本|现将|现公布|现予公布|特发布|现向社会公布|向社会公布|编制)[^。；]{0,40}?(?:年度)?(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告"
)


def names_the_report(title: str | None, opening: str = "") -> bool:
    """The title, or the text before the first section, presents an information-disclosure annual
    report itself (not its guide, catalogue or reading)."""
    if title is not None and _is_sentence(title):
        title = None  # a sentence taken for the title ("…通知公告9条,…信息公开指南1条") is no title
    if title is not None and _REPORT_TITLE.search(title):
        return not _NOT_THE_REPORT.search(title)
    head = opening[:_OPENING_SPAN]
    presents = _REPORT_OPENING.search(head) is not None or (
        # "本报告…从总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况…6个方面": it names
        # the template's own parts
        _THIS_REPORT.search(head) is not None
        and sum(part in head for part in OUTLINE_PARTS_AS_LISTED) >= _PARTS_NAMED
    )
    return presents and not (title and _NOT_THE_REPORT.search(title))


def laid_out_as_the_overview(title: str | None, preamble: str, overview: str) -> bool:
    """A page without a title whose section 一 is laid out under the template's own first items, each
    opening its paragraph in order ("（一）主动公开…" then "（二）依申请公开…"): the report's overview, cut
    from its page without the title. A title decides by itself (``names_the_report``), and so does a
    line above 一 that is not a sentence: it may be the title of another kind of text
    ("某街道2023年政务公开工作总结")."""
    if title is not None and not _is_sentence(title):
        return False
    if any(line.strip() and not _is_sentence(line) for line in preamble.splitlines()):
        return False
    if _ANOTHER_KIND_OF_TEXT.search(preamble):
        return False  # "现将我街道2023年度政务公开工作自查情况报告如下": it says what else it is
    first = _OVERVIEW_ITEM[0].search(overview)
    return first is not None and _OVERVIEW_ITEM[1].search(overview, first.end()) is not None


# an opening presenting a text that is not the annual report, laid out like its overview ("现将…
# 自查情况报告如下", "…工作总结如下"); 工作要点 or 自查 named as work done presents nothing
_ANOTHER_KIND_OF_TEXT = re.compile(r"(?:自查|总结|整改|评估|述职|汇报|工作计划|工作要点)[^。；;]{0,12}?如下")
# an item opening its paragraph: a line's start, past the blanks or "??" a lost no-break space leaves
_OVERVIEW_ITEM = tuple(
    re.compile(rf"(?:^|\n)[\s?？]*[（(]{numeral}[）)]\s*(?:{OVERVIEW_ITEM_SUBJECT})?{item}", re.M)
    for numeral, item in zip("一二", OVERVIEW_FIRST_ITEMS, strict=True)
)

_PARTS_NAMED = 4
# what the opening calls the report whose parts it lists ("本报告", "本年度报告…年报由…六个部分组成")
_THIS_REPORT = re.compile(r"本(?:年度)?报告|年报由")


_OPENING_SPAN = 600  # characters of the opening that may present the report
_IS_SENTENCE = re.compile(r"[。，,；;]")  # what a title never holds


def agency_and_year(title: str | None) -> tuple[str | None, int | None]:
    """'临海市2020年政府信息公开工作年度报告' → ('临海市', 2020); the body may also follow the year,
    the year may be in Chinese numerals (二〇二二年), and a title may have no year at all."""
    if not title:
        return None, None
    year: int | None
    m = _TITLE.search(_arabic_year(title))
    if m:
        pre = (m.group("pre") or "").rstrip(" :：")  # "临海市民政局：2022年…"
        if any(word in pre for word in SITE_WORDS):
            pre = ""  # "黄岩区人民政府门户网站 2022年台州市黄岩区…": the site, then the title
        agency, year = (pre or m.group("mid") or "").strip(), int(m.group("year"))
    else:
        m = _TITLE_NO_YEAR.fullmatch(title)
        if not m:
            return None, None
        stated = m.group("year") or m.group("inner_year")
        agency, year = m.group("pre"), int(stated) if stated else None
    agency = _AGENCY_PREFIX.sub("", agency)
    if "关于" in agency:
        # "某办公室关于公布某局…" names the report's body after 关于; "某局关于…" before it
        before, after = agency.rsplit("关于", 1)
        agency = _NOTICE_VERB.sub("", after) or before
    if not agency and m.re is _TITLE:
        agency = (m.group("mid") or "").strip()  # "关于公布2022年临海市民政局…": the body after the year
    if _MASKED.search(agency):
        agency = ""
    return _body_name(agency), year


# A verb a sentence puts before or after the body's name ("现公布哈尔滨市商务局2022年…",
# "特向社会公布螺洋街道…", "…办公室编制了清江浦区人民政府…", "…管委会国土规划住建局向社会公布…"):
# the name is what stands after the last such verb, without a trailing one.
_VERB_BEFORE_NAME = re.compile(
    # (not 编制 of 机构编制委员会, the body that sets up offices; not 发布 of a 信息发布中心)
    r"^.*?(?:现予公布|予以公布|向社会公布|公开发布|现公布|现发布|编制了|编制(?!委员会)|撰写|公布|发布(?!中心))(?:了|我局)?"
)
# words after which the name that follows is another body's (whose format, notice or report is
# followed), not the report's: anywhere in the text before the year, or 转发 after a name
_NAMES_ANOTHER_BODY = re.compile(r"依据|根据|按照|参照|.转发")
_VERB_AFTER_NAME = re.compile(r"(?:向社会公布|现公布|公布|发布|编制了?)$")
# not a body: a first-person word, a bare kind of body, a verb left from a sentence
_NOT_A_BODY = re.compile(
    r"(?:我|本)(?:局|单位|委|办|厅|中心|部门|镇|乡|街道)?|(?:人民)?政府|办公室|做好|认真做好"
)


def _body_name(agency: str) -> str | None:
    """The body's name in what stands before the report's name in a title or sentence: never a
    verb, a quoted document's issuer ("根据《…条例》和《某办公室…" names the notice's), or a
    first-person word; a name that does not end as a body's name does is no name."""
    if not agency or "《" in agency or "》" in agency or agency.startswith(_CITING_OPENINGS):
        return None
    if _NAMES_ANOTHER_BODY.search(agency):
        return None  # "本局依据测试市人民政府…", "某办公室转发测试省…": the report's body is not named
    agency = _VERB_BEFORE_NAME.sub("", _VERB_AFTER_NAME.sub("", agency)).strip()
    if not agency or _NOT_A_BODY.fullmatch(agency) or not _ENDS_AS_BODY.search(agency):
        return None
    return agency


_ENDS_AS_BODY = re.compile(rf"(?:{_BODY_END})[)）]?$")


def _make_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_period(text: str) -> Period:
    """The statistics period as stated ('统计期限为2020年1月1日至2020年12月31日').

    Only a date range in a sentence about the report's data counts: the text is full of other
    ranges (campaigns, consultation windows) that say nothing about what the numbers cover.
    """
    for m in _PERIOD.finditer(text):
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。\n；") + 1
        ends = [i for i in (text.find(ch, m.end()) for ch in "。\n；") if i >= 0]
        sentence = text[sentence_start : min(ends, default=len(text)) + 1].strip()
        if any(word in sentence for word in PERIOD_SENTENCE_WORDS):
            if m.group("ey") is None and (int(m.group("em")), int(m.group("ed"))) != (12, 31):
                continue  # "2023年3月1日至6月30日" is a campaign; only "…至12月31日" is a year's period
            start = _make_date(m.group("sy"), m.group("sm"), m.group("sd"))
            end = _make_date(m.group("ey") or m.group("sy"), m.group("em"), m.group("ed"))
            return Period(start=start, end=end, text=sentence)
    return Period()


def find_published(doc: Document) -> date | None:
    """The publication date the page gives: its metadata, or a 发布日期 line."""
    for key in ("PubDate", "发文日期", "发布日期", "成文日期"):
        value = doc.meta.get(key)
        if value:
            m = _ANY_DATE.search(fold(value))
            if m:
                return _make_date(m.group("py"), m.group("pm"), m.group("pd"))
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            m = _PUBLISHED_LABEL.search(block.text)
            if m:
                return _make_date(m.group("py"), m.group("pm"), m.group("pd"))
    for table in doc.tables:
        # a text dump turns "发布时间：… | 来源：… |" into a table row; a bare 日期 there is a navbar's
        m = _PUBLISHED_LABEL_STRICT.search(table.all_text())
        if m:
            return _make_date(m.group("py"), m.group("pm"), m.group("pd"))
    return None


# A closing signature: the body's name on its own line, then the date ("临海市民政局" / "2023年1月20日").
_SIGNATURE_BODY = re.compile(rf"[\u4e00-\u9fff（）()]{{2,30}}(?:{_BODY_END})")  # 办事处, 管委会 end in 处, 会
_SIGNATURE_DATE = re.compile(_DATE.format(p="p"))
_SIGNATURE_LINES = 4  # how far from the end a signature may stand (attachments may follow)


def find_signature(doc: Document) -> tuple[str | None, date | None]:
    """The body and date a report is signed with at its end, when it is: (None, None) otherwise."""
    tail = [b.text.strip() for b in doc.blocks[-_SIGNATURE_LINES - 1 :] if isinstance(b, Paragraph)]
    for body, when in zip(tail, tail[1:], strict=False):
        m = _SIGNATURE_DATE.fullmatch(when)
        if m and _SIGNATURE_BODY.fullmatch(body) and not _MASKED.search(body):
            return body, _make_date(m.group("py"), m.group("pm"), m.group("pd"))
    return None, None


def detect_edition(table_editions: set[Edition], text: str, year: int | None) -> tuple[Edition, str]:
    """Which national template the document follows, and why (labels first, then the year)."""
    if len(table_editions) == 1:
        edition = next(iter(table_editions))
        return edition, f"table labels of the {edition} edition"
    # Without tables, the year decides: the text may cite the other edition's notice or labels
    # ("2021年起将按照国办公开办函〔2021〕30号…" in a 2020 report); its labels decide only when
    # there is no year.
    if year is not None:
        edition = edition_for_year(year)
        reasons = {
            "2021": "report year ≥ 2021",
            "2019": "report year 2019-2020",
            "legacy": "report year before 2019",
        }
        return edition, reasons[edition]
    norm = _normalise_text(text)
    marked = [e for e, markers in EDITION_MARKERS.items() if any(m in norm for m in markers)]
    if len(marked) == 1:
        return marked[0], f"labels or notice of the {marked[0]} edition"
    return "unknown", "no edition labels and no year"


# A sentence presenting this report and its year where no title survives: "现将我办2022年度政府信息公开
# 情况报告如下", "汇报我镇2023年政府信息公开工作", "市科委编制了2024年度政务公开工作报告". A report
# never presents another year's work with these verbs; one that cites another report quotes it in 《》.
_PRESENTS_THE_YEAR = re.compile(
    r"(?:现将|汇报|编制了?)[^。；;，,《》\n]{0,16}?(?P<year>(?:19|20)\d{2})\s*年度?"
    r"[^。；;，,《》\n]{0,8}?(?:政府信息公开|政务公开|政务信息公开)"
)
# The overview opens with the year it reports on: "一、总体情况" / "2022年，区政府办公室认真贯彻…",
# "2019年我局政府信息公开工作运行良好", "（一）主动公开。2023年，全区主动公开…". Only its first line,
# and only the year standing first (after its first item's name), before a comma or the body
# ("2020年以来", "2020年底" and "2020年1月" are other spans of time).
_OVERVIEW_YEAR = re.compile(
    r"^\s*(?:[（(]一[)）][^。\n\d]{1,12}[。．.：:]\s*)?(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:[，,]|[我全本])"
)


def stated_year(preamble: str, overview: str) -> int | None:
    """The report's year as the text states it outside a title: a sentence of the opening or the
    overview that presents this year's report, else the year the overview's first line opens with."""
    for text in (preamble, overview):
        m = _PRESENTS_THE_YEAR.search(fold(text))
        if m:
            return int(m.group("year"))
    m = _OVERVIEW_YEAR.match(fold(overview))
    return int(m.group("year")) if m else None
