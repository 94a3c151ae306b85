"""The national report templates as data: editions, sections, labels, canonical keys, identities.

This module is the single home of template knowledge. Every other stage asks it what a label means;
none of them carries its own list of labels. Labels are matched after :func:`normalise_label`, so the
variants below are written in their normalised form (no spaces or punctuation, half-width digits).

Sources: ``../shared/TEMPLATES.md`` (国办公开办函〔2019〕60号 and 〔2021〕30号) and ``SCHEMA.md``. What each
canonical key means, for users, is :func:`describe_keys` (``linhai-scrape keys``, ``docs/keys.md``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final, Literal

Edition = Literal["2021", "2019", "legacy", "unknown"]
EDITIONS: tuple[Edition, ...] = ("2021", "2019", "legacy", "unknown")
# The first report year each edition is required for: the 2019 edition (国办公开办函〔2019〕60号) from
# the reports on 2019, the 2021 edition (国办公开办函〔2021〕30号) from the reports on 2021. Before
# 2019 each body wrote its own outline (legacy).
EDITION_REQUIRED_FROM: dict[Edition, int] = {"2021": 2021, "2019": 2019}


def edition_for_year(year: int) -> Edition:
    """The edition of the template a report on ``year`` must follow."""
    for edition, first in sorted(EDITION_REQUIRED_FROM.items(), key=lambda e: -e[1]):
        if year >= first:
            return edition
    return "legacy"


# --------------------------------------------------------------------------------------------------
# Label normalisation
# --------------------------------------------------------------------------------------------------

# Archived copies insert pinyin after characters: 數(shù)量. Strip "(latin letters)" runs.
_PINYIN = re.compile(r"[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\s]+[)）]")
# In running text only an annotation with a tone mark is pinyin: "(PDF)" stays
_TONED_PINYIN = re.compile(
    r"[（(][a-zA-Zü\s]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\s]*[)）]"
)


def drop_pinyin(text: str) -> str:
    """Running text without the pinyin an archive inserted after characters (认(rèn)真 → 认真)."""
    return _TONED_PINYIN.sub("", text) if "(" in text or "（" in text else text


_BRACKETED_YEAR = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年?度?\s*[)）]")
_DROP = re.compile(r"[\s\u3000\xa0,，、.．。:：;；\"'“”‘’「」『』〔〕（）()\[\]【】<>《》/／|\-—–_]+")


@lru_cache(maxsize=16384)
def normalise_label(text: str) -> str:
    """Fold a label for matching: NFKC (full-width → half-width), drop pinyin, a year in brackets
    ("本年(2023)制发件数": the 本年 the label names already), spaces and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = _PINYIN.sub("", text)
    text = _BRACKETED_YEAR.sub("", text)
    return _DROP.sub("", text)


# --------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------

# The numbers the outline puts before its headings and items ("一、", "（三）", "2."): a line opening
# with one starts a section, a sub-section or an item, never the rest of the sentence before it.
ITEM_NUMBER = r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])"


@dataclass(frozen=True)
class SectionSpec:
    number: int
    numeral: str
    # Keywords (normalised) of which at least one must follow the numeral for a heading to count.
    keywords: tuple[str, ...]
    canonical: str


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        1,
        "一",
        ("总体情况", "概述", "基本情况", "总体概况", "政府信息公开工作总体情况", "信息公开工作总体情况"),
        "一、总体情况",
    ),
    SectionSpec(
        2,
        "二",
        # 行政机关…: the 2008 regulation's wording, which some bodies kept
        ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况", "行政机关主动公开政府信息情况"),
        "二、主动公开政府信息情况",
    ),
    SectionSpec(
        3,
        "三",
        (
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请",
            "行政机关收到和处理政府信息公开申请情况",
            "依申请公开政府信息情况",
            "依申请公开情况",
            "政府信息公开申请办理情况",
            "政府信息公开申请情况",
        ),
        "三、收到和处理政府信息公开申请情况",
    ),
    SectionSpec(
        4,
        "四",
        (
            "政府信息公开行政复议行政诉讼情况",
            "政府信息公开行政复议",
            "因政府信息公开工作被申请行政复议",
            "因政府信息公开申请行政复议",
            "因政府信息公开被申请行政复议",
            "行政复议行政诉讼情况",
        ),
        "四、政府信息公开行政复议、行政诉讼情况",
    ),
    SectionSpec(
        5,
        "五",
        (
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题",
            "存在问题及改进情况",
            "存在的主要问题",
            "主要问题及改进",
            "存在的问题及改进",
            "存在问题及改进",
        ),
        "五、存在的主要问题及改进情况",
    ),
    SectionSpec(
        6, "六", ("其他需要报告的事项", "其他需要报告事项", "其他需报告的事项"), "六、其他需要报告的事项"
    ),
)

# The six parts of the national outline as a report's opening lists them ("本报告…从总体情况、主动公开
# 政府信息情况、收到和处理政府信息公开申请情况…6个方面"): an opening naming most of them presents the report.
OUTLINE_PARTS_AS_LISTED: tuple[str, ...] = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议",
    "存在的主要问题",
    "其他需要报告的事项",
)

# Section 一's first two items as the 2021 template numbers them, each opening its own paragraph:
# "（一）主动公开" then "（二）依申请公开" (…情况, …方面 after them). A page cut to begin at 一、总体情况,
# with no title, is the report's overview when it is laid out under these two in this order.
OVERVIEW_FIRST_ITEMS: tuple[str, str] = ("主动公开", "依申请公开")
# ... printed with their subject first by some: "（一）政府信息主动公开情况", "（二）政府信息依申请公开情况"
OVERVIEW_ITEM_SUBJECT = "政府信息"

# A title that names the annual report with the year first and 年度 before the topic, without
# 年度报告 or 年报: "2022年度政府信息公开工作报告".
REPORT_TITLE_YEAR_FIRST = r"(?:19|20)\d{2}\s*年度(?:政府|政务)?信息公开(?:工作)?报告"

# Legacy (2008-2018) outlines number their parts freely; these keywords identify them.
LEGACY_SECTION_KEYWORDS: tuple[str, ...] = (
    "概述",
    "主动公开政府信息情况",
    "依申请公开政府信息情况",
    "依申请公开工作情况",
    "不予公开",
    "收费及减免情况",
    "行政复议",
    "存在的主要问题",
    "需要说明的事项",
    "其他需要报告的事项",
)

CHINESE_SECTION_NUMERALS = "一二三四五六七八九十"

# --------------------------------------------------------------------------------------------------
# Section 三: applications
# --------------------------------------------------------------------------------------------------

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other_org",
)
APPLICATION_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, "total")


@dataclass(frozen=True)
class ColumnSpec:
    key: str | None  # None: a recognised column that maps to no key (the 法人或其他组织 subtotal)
    labels: tuple[str, ...]  # normalised; matched exactly against the column's leaf label
    printed: str = ""  # the header path as the template prints it (申请人情况 › 法人或其他组织 › 其他)


APPLICATION_COLUMN_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural_person", ("自然人",), "申请人情况 › 自然人"),
    ColumnSpec("commercial", ("商业企业",), "申请人情况 › 法人或其他组织 › 商业企业"),
    ColumnSpec("research", ("科研机构",), "申请人情况 › 法人或其他组织 › 科研机构"),
    ColumnSpec("public_interest", ("社会公益组织",), "申请人情况 › 法人或其他组织 › 社会公益组织"),
    ColumnSpec("legal_service", ("法律服务机构",), "申请人情况 › 法人或其他组织 › 法律服务机构"),
    ColumnSpec("other_org", ("其他", "其它"), "申请人情况 › 法人或其他组织 › 其他"),
    ColumnSpec("total", ("总计", "合计"), "申请人情况 › 总计"),
    ColumnSpec(None, ("小计", "法人或其他组织小计", "法人或其他组织合计")),
)
# Header cells that group leaf columns; never a value column themselves (unless marked 小计).
APPLICATION_HEADER_GROUPS: tuple[str, ...] = ("申请人情况", "法人或其他组织", "法人或者其他组织")


@dataclass(frozen=True)
class RowSpec:
    key: str  # the row part of applications.<row>.<column>
    # Normalised label fragments; a row label matches when it *starts with* (after its ordinal is
    # stripped) one of these. Ordinals such as 一、 （三） 1. are stripped before matching.
    labels: tuple[str, ...]
    group: str | None = None  # parent group key for sub-rows
    editions: tuple[Edition, ...] = ("2019", "2021")
    printed: str = ""  # the label as the template prints it, ordinal and full-width punctuation kept


# fmt: off
APPLICATION_ROWS: tuple[RowSpec, ...] = (
    RowSpec("new_received", ("本年新收政府信息公开申请数量", "本年新收政府信息公开申请", "本年新收"), printed="一、本年新收政府信息公开申请数量"),
    RowSpec("carried_over", ("上年结转政府信息公开申请数量", "上年结转政府信息公开申请", "上年结转"), printed="二、上年结转政府信息公开申请数量"),
    RowSpec("granted", ("予以公开",), printed="（一）予以公开"),
    RowSpec("partially_granted", ("部分公开",), printed="（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    RowSpec("denied.state_secret", ("属于国家秘密",), "denied", printed="1.属于国家秘密"),
    RowSpec("denied.prohibited_by_law", ("其他法律行政法规禁止公开",), "denied", printed="2.其他法律行政法规禁止公开"),
    RowSpec("denied.security_stability", ("危及三安全一稳定",), "denied", printed="3.危及“三安全一稳定”"),
    RowSpec("denied.third_party", ("保护第三方合法权益",), "denied", printed="4.保护第三方合法权益"),
    RowSpec("denied.internal_affairs", ("属于三类内部事务信息",), "denied", printed="5.属于三类内部事务信息"),
    RowSpec("denied.process_info", ("属于四类过程性信息",), "denied", printed="6.属于四类过程性信息"),
    RowSpec("denied.enforcement_files", ("属于行政执法案卷",), "denied", printed="7.属于行政执法案卷"),
    RowSpec("denied.query_matters", ("属于行政查询事项",), "denied", printed="8.属于行政查询事项"),
    RowSpec("unavailable.not_held", ("本机关不掌握相关政府信息",), "unavailable", printed="1.本机关不掌握相关政府信息"),
    RowSpec("unavailable.needs_creation", ("没有现成信息需要另行制作",), "unavailable", printed="2.没有现成信息需要另行制作"),
    RowSpec("unavailable.unclear", ("补正后申请内容仍不明确",), "unavailable", printed="3.补正后申请内容仍不明确"),
    RowSpec("not_processed.petition", ("信访举报投诉类申请",), "not_processed", printed="1.信访举报投诉类申请"),
    RowSpec("not_processed.duplicate", ("重复申请",), "not_processed", printed="2.重复申请"),
    RowSpec("not_processed.publication", ("要求提供公开出版物",), "not_processed", printed="3.要求提供公开出版物"),
    RowSpec("not_processed.excessive", ("无正当理由大量反复申请",), "not_processed", printed="4.无正当理由大量反复申请"),
    RowSpec("not_processed.confirmation", ("要求行政机关确认或重新出具已获取信息",), "not_processed", printed="5.要求行政机关确认或重新出具已获取信息"),
    RowSpec("other.no_correction", ("申请人无正当理由逾期不补正",), "other", ("2021",), printed="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    RowSpec("other.no_fee", ("申请人逾期未按收费通知要求缴纳费用",), "other", ("2021",), printed="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    # "3.其他" only means other.misc directly under （六）其他处理; the parser passes the group context.
    RowSpec("other.misc", ("其他",), "other", ("2021",), printed="3.其他"),
    # Group rows: a label that names the group itself (2019's single （六）其他处理 row, or a
    # label cell that only opens a rowspan group).
    RowSpec("denied", ("不予公开",), printed="（三）不予公开"),
    RowSpec("unavailable", ("无法提供",), printed="（四）无法提供"),
    RowSpec("not_processed", ("不予处理",), printed="（五）不予处理"),
    RowSpec("other", ("其他处理",), printed="（六）其他处理"),
    RowSpec("outcome_total", ("总计",), printed="（七）总计"),
    RowSpec("carried_forward", ("结转下年度继续办理", "结转下年度"), printed="四、结转下年度继续办理"),
)
# fmt: on
APPLICATION_ROW_KEYS: tuple[str, ...] = tuple(r.key for r in APPLICATION_ROWS)
APPLICATION_GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(r.key for r in APPLICATION_ROWS if r.group == group)
    for group in ("denied", "unavailable", "not_processed", "other")
}
# The six outcome terms that add up to （七）总计.
OUTCOME_TERMS: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "denied",
    "unavailable",
    "not_processed",
    "other",
)
# Labels of the level-1 rowspan cell that merely opens the outcome block (not a row of its own).
APPLICATION_ROW_CONTAINERS: tuple[str, ...] = ("本年度办理结果",)
APPLICATION_OUTCOME_BLOCK_PRINTED = "三、本年度办理结果"  # printed over the outcome rows, （一） to （七）

# Markers that identify the section-三 table among a document's tables.
APPLICATION_TABLE_MARKERS: tuple[str, ...] = ("本年新收", "予以公开", "本年度办理结果", "结转下年度")

# --------------------------------------------------------------------------------------------------
# Section 四: administrative review and litigation
# --------------------------------------------------------------------------------------------------

REVIEW_KINDS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
REVIEW_RESULTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_RESULT_LABELS: dict[str, tuple[str, ...]] = {
    "upheld": ("结果维持", "维持"),
    "corrected": ("结果纠正", "纠正"),
    "other": ("其他结果", "其它结果"),
    "pending": ("尚未审结", "未审结"),
    "total": ("总计", "合计"),
}
# Section 四's header as printed over each kind's five result columns (the results print as the first
# label of REVIEW_RESULT_LABELS). ``litigation`` is no column: a sentence's count of all 行政诉讼.
REVIEW_KIND_PRINTED: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼 › 未经复议直接起诉",
    "litigation_after_review": "行政诉讼 › 复议后起诉",
    "litigation": "行政诉讼",
}
# Header fragments naming each kind; the most specific wins (复议后起诉 before 行政复议).
# Variants: 未经复议直接提起诉讼, 经复议后提起诉讼 (未经复议 names no after-review column).
REVIEW_KIND_LABELS: tuple[tuple[str, str], ...] = (
    ("litigation_after_review", "复议后起诉"),
    ("litigation_after_review", "复议后提起"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_direct", "直接起诉"),
    ("litigation_direct", "直接提起"),
    ("litigation_direct", "未经复议"),
    ("review", "行政复议"),
)
REVIEW_TABLE_MARKERS: tuple[str, ...] = ("结果维持", "尚未审结", "复议后起诉")
# The template's own column order, used only when a flattened table lost its header alignment.
REVIEW_TEMPLATE_ORDER: tuple[tuple[str, str], ...] = tuple(
    (kind, result) for kind in REVIEW_KINDS for result in REVIEW_RESULTS
)

# --------------------------------------------------------------------------------------------------
# Section 二: proactive disclosure
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveItem:
    key: str  # active.<key>.<field>
    labels: tuple[str, ...]  # normalised row labels (exact match after normalisation, or prefix); the
    # first is also the label as printed
    article: str  # the block's title row as printed: the provision of the regulation it reports under


# Units of the statistics, as the keys' documentation names them: documents, applications, decisions
# and cases are counted in 件, the items (项目) of a licensing or fee catalogue in 项, money in 万元.
UNIT_COUNT = "件"
UNIT_ITEMS = "项"
MONEY_UNIT_WAN = "万元"  # the unit of every amount in the output


@dataclass(frozen=True)
class ActiveField:
    key: str
    labels: tuple[str, ...]  # normalised header labels (prefix match: headers carry annotations)
    money: bool = False
    signed: bool = False
    unit: str = UNIT_COUNT
    printed: str = ""  # the header as printed, where punctuation makes it differ from labels[0]

    @property
    def printed_label(self) -> str:
        return self.printed or self.labels[0]


ACTIVE_ITEMS: dict[Edition, tuple[ActiveItem, ...]] = {
    "2021": (
        ActiveItem("rules", ("规章",), "第二十条第（一）项"),
        ActiveItem("normative_docs", ("行政规范性文件", "规范性文件"), "第二十条第（一）项"),
        ActiveItem("licensing", ("行政许可",), "第二十条第（五）项"),
        ActiveItem("penalty", ("行政处罚",), "第二十条第（六）项"),
        ActiveItem("coercion", ("行政强制",), "第二十条第（六）项"),
        ActiveItem("fees", ("行政事业性收费",), "第二十条第（八）项"),
    ),
    "2019": (
        ActiveItem("rules", ("规章",), "第二十条第（一）项"),
        ActiveItem("normative_docs", ("规范性文件", "行政规范性文件"), "第二十条第（一）项"),
        ActiveItem("licensing", ("行政许可",), "第二十条第（五）项"),
        ActiveItem("other_services", ("其他对外管理服务事项",), "第二十条第（五）项"),
        ActiveItem("penalty", ("行政处罚",), "第二十条第（六）项"),
        ActiveItem("coercion", ("行政强制",), "第二十条第（六）项"),
        ActiveItem("fees", ("行政事业性收费",), "第二十条第（八）项"),
        ActiveItem("procurement", ("政府集中采购",), "第二十条第（九）项"),
    ),
}

ACTIVE_FIELDS: dict[Edition, tuple[ActiveField, ...]] = {
    "2021": (
        ActiveField("issued", ("本年制发件数", "本年制发")),
        ActiveField("repealed", ("本年废止件数", "本年废止")),
        ActiveField("in_force", ("现行有效件数", "现行有效")),
        ActiveField("decisions", ("本年处理决定数量", "处理决定数量")),
        ActiveField(
            "amount", ("本年收费金额",), money=True, unit=MONEY_UNIT_WAN, printed="本年收费金额（单位：万元）"
        ),
    ),
    "2019": (
        ActiveField("made", ("本年新制作数量", "本年新制作")),
        ActiveField("published", ("本年新公开数量", "本年新公开")),
        ActiveField("total", ("对外公开总数量", "对外公开总数")),
        ActiveField("prev_items", ("上一年项目数量", "上一年项目"), unit=UNIT_ITEMS),
        ActiveField("change", ("本年增减", "本年增"), signed=True, unit=UNIT_ITEMS, printed="本年增/减"),
        ActiveField("decisions", ("处理决定数量", "本年处理决定数量")),
        ActiveField("items", ("采购项目数量",), unit=UNIT_ITEMS),
        ActiveField("amount", ("采购总金额",), money=True, unit=MONEY_UNIT_WAN),
    ),
}
# The column blocks of table 二, in order, per edition (第二十条第（一）项 …): where a header printed
# with a label cut short (本年新 | 本年新 | 对外公开总数量) is still the template's.
ACTIVE_BLOCKS: dict[Edition, tuple[tuple[str, ...], ...]] = {
    "2021": (("issued", "repealed", "in_force"), ("decisions",), ("amount",)),
    "2019": (
        ("made", "published", "total"),
        ("prev_items", "change", "decisions"),
        ("prev_items", "change"),
        ("items", "amount"),
    ),
}
# Which (item, field) pairs exist per edition: the canonical active.* keys.
ACTIVE_KEYS: dict[Edition, tuple[str, ...]] = {
    "2021": (
        "active.rules.issued",
        "active.rules.repealed",
        "active.rules.in_force",
        "active.normative_docs.issued",
        "active.normative_docs.repealed",
        "active.normative_docs.in_force",
        "active.licensing.decisions",
        "active.penalty.decisions",
        "active.coercion.decisions",
        "active.fees.amount",
    ),
    "2019": (
        "active.rules.made",
        "active.rules.published",
        "active.rules.total",
        "active.normative_docs.made",
        "active.normative_docs.published",
        "active.normative_docs.total",
        *(
            f"active.{item}.{f}"
            for item in ("licensing", "other_services", "penalty", "coercion")
            for f in ("prev_items", "change", "decisions")
        ),
        "active.fees.prev_items",
        "active.fees.change",
        "active.procurement.items",
        "active.procurement.amount",
    ),
}
ACTIVE_HEADER_MARKER = "信息内容"
# Each block of table 二 is titled by the article it reports under (第二十条第（一）项 …).
ACTIVE_BLOCK_MARKER = "第二十条"
ACTIVE_TABLE_MARKERS: tuple[str, ...] = (
    "信息内容",
    "第二十条",
    "规章",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "采购项目数量",
    "本年收费金额",
)
# How the name of a body ends (临海市, 测试区审计局, 某街道办事处): a title's word before the year or
# 信息公开 is the body only when it ends so.
BODY_NAME_SUFFIXES: tuple[str, ...] = (
    "省",
    "市",
    "区",
    "县",
    "旗",
    "州",
    "盟",
    "镇",
    "乡",
    "街道",
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "厅",
    "院",
    "府",
    "中心",
    "署",
    "所",
    "站",
    "队",
    "处",
    "室",
    "部",
    "会",
)
# The header row that starts each template table: all its words in one row with no number. In a
# text dump whose section heading was lost, such a row after another table's data starts a table.
TABLE_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "active": ("信息内容",),
    "applications": ("自然人",),
    "review": ("行政复议", "行政诉讼"),
}
# How a template table's rows start, as printed (with their ordinals): where a report saved on one
# line is broken back into rows. Row labels of section 三 (after an ordinal such as （一）, 1. or 一、),
# and section 二's items (only right before a number: 规章 also starts prose).
TABLE_ROW_STARTS: tuple[str, ...] = (
    "本年新收", "上年结转", "本年度办理结果", "予以公开", "部分公开", "不予公开", "属于国家秘密",
    "其他法律行政法规", "危及", "保护第三方", "属于三类内部", "属于四类过程", "属于行政执法", "属于行政查询",
    "无法提供", "本机关不掌握", "没有现成信息", "补正后申请", "不予处理", "信访举报", "重复申请",
    "要求提供公开出版物", "无正当理由大量", "要求行政机关确认", "其他处理", "申请人无正当理由", "申请人逾期未按",
    "其他", "其它", "总计", "合计", "结转下年度",
)  # fmt: skip
ACTIVE_ROW_STARTS: tuple[str, ...] = tuple(
    dict.fromkeys(label for items in ACTIVE_ITEMS.values() for item in items for label in item.labels)
)

# Words that open a template table's header when its cells are printed one per line (信息内容 over
# section 二's columns, 申请人情况 or 自然人 over section 三's, 行政复议 over section 四's).
HEADER_RUN_OPENERS: tuple[str, ...] = ("信息内容", "申请人情况", "自然人", "行政复议", "行政诉讼")


def is_column_label(text: str) -> bool:
    """A header cell of a template table: a column label or column group of any edition (prefix for
    section 二's fields, which carry annotations such as 现行有效件数（历史累计）)."""
    norm = normalise_label(text)
    return bool(norm) and (norm in _COLUMN_WORDS or norm.startswith(_ACTIVE_FIELD_LABELS))


_ACTIVE_FIELD_LABELS = tuple(
    dict.fromkeys(label for fields in ACTIVE_FIELDS.values() for fld in fields for label in fld.labels)
)
# Every word a template table's header prints: openers, column labels and groups of all three tables.
HEADER_WORDS: tuple[str, ...] = (
    *HEADER_RUN_OPENERS,
    *(label for spec in APPLICATION_COLUMN_SPECS for label in spec.labels),
    *APPLICATION_HEADER_GROUPS,
    *(label for labels in REVIEW_RESULT_LABELS.values() for label in labels),
    *(fragment for _, fragment in REVIEW_KIND_LABELS),
    *_ACTIVE_FIELD_LABELS,
)
_COLUMN_WORDS = frozenset(normalise_label(w) for w in HEADER_WORDS[: -len(_ACTIVE_FIELD_LABELS)])
_HEADER_WORDS_NORMALISED = tuple({normalise_label(w) for w in HEADER_WORDS})


def is_cut_column_label(text: str) -> bool:
    """The start of a column label, cut short by a copy (本年新, 本年增/): two characters or more; or
    a label that lost characters from its middle (本年发件 for 本年制发件数)."""
    norm = normalise_label(text)
    return len(norm) >= 2 and any(
        word.startswith(norm) or lost_characters(norm, word) for word in _HEADER_WORDS_NORMALISED
    )


def lost_characters(printed: str, label: str) -> bool:
    """``printed`` is ``label`` with a few characters lost after its first two, the rest kept in
    order (本年发件 of 本年制发件数): it keeps two thirds of the label at least."""
    if printed[:2] != label[:2] or len(printed) >= len(label) or 3 * len(printed) < 2 * len(label):
        return False
    rest = iter(label[2:])
    return all(char in rest for char in printed[2:])  # each found after the one before it


# Words that name a website, not a body ("本网", "黄岩区人民政府门户网站"): never an agency.
SITE_WORDS: tuple[str, ...] = ("本网", "本站", "网站", "门户")
# 元 per unit, for the units a header or cell may print. Header matching takes the first unit found
# in the header's text, so every unit comes before any unit it contains (百万元, 十万元 before 万元).
MONEY_UNITS: dict[str, int] = {
    "千万元": 10_000_000,
    "百万元": 1_000_000,
    "十万元": 100_000,
    "亿元": 100_000_000,
    "万元": 10_000,
    "千元": 1_000,
    "百元": 100,
    "元": 1,
}

# Labels that tell the editions apart (normalised), strongest evidence first.
EDITION_MARKERS: dict[Edition, tuple[str, ...]] = {
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "申请人无正当理由逾期不补正",
        "国办公开办函202130号",
    ),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购总金额",
        "国办公开办函201960号",
    ),
}

# --------------------------------------------------------------------------------------------------
# Canonical keys
# --------------------------------------------------------------------------------------------------


def application_keys() -> tuple[str, ...]:
    """Every ``applications.<row>.<column>`` key, group totals included."""
    rows = [*APPLICATION_ROW_KEYS]
    return tuple(f"applications.{row}.{col}" for row in rows for col in APPLICATION_COLUMNS)


def review_keys() -> tuple[str, ...]:
    """Every ``review_litigation.<kind>.<result>`` key, the unsplit ``litigation`` kind included."""
    kinds = (*REVIEW_KINDS, "litigation")
    return tuple(f"review_litigation.{k}.{r}" for k in kinds for r in REVIEW_RESULTS)


@lru_cache(maxsize=1)
def canonical_keys() -> tuple[str, ...]:
    """All canonical keys, in a stable order (the CSV column order)."""
    active: list[str] = []
    for edition in ("2021", "2019"):
        for key in ACTIVE_KEYS[edition]:
            if key not in active:
                active.append(key)
    return (*active, *application_keys(), *review_keys())


@dataclass(frozen=True)
class KeyDoc:
    """What one canonical key means: where the template prints it, its unit and the editions that have it.

    ``row`` and ``column`` are the template's labels as printed, outer label first, joined by " › "
    (section 四's table has one row of numbers: its ``row`` is empty). ``editions`` are the template
    editions whose tables print the cell; a key no table prints (``review_litigation.litigation.*``)
    has none. Legacy and unknown-edition reports fill the same keys from their sentences.
    """

    key: str
    section: str  # the section heading as the national outline prints it
    row: str
    column: str
    unit: str
    editions: tuple[Edition, ...]
    note: str = ""


_GROUP_TOTAL_NOTE = "the group's total: the sum of its sub-rows, or a count a sentence states"
_KEY_NOTES: dict[str, str] = {
    "applications.other": "2019 edition: one printed row; 2021 edition: the sum of its three sub-rows",
    "applications.denied": _GROUP_TOTAL_NOTE,
    "applications.unavailable": _GROUP_TOTAL_NOTE,
    "applications.not_processed": _GROUP_TOTAL_NOTE,
    "applications.outcome_total": "（一） to （六） add up to it",
    "applications.carried_forward": "next year's 上年结转 should equal it (checked across years in the store)",
    "review_litigation.litigation": "no table prints it: a sentence's count of all 行政诉讼 without the split "
    "into 未经复议直接起诉 and 复议后起诉 (= their sum)",
}


def describe_keys() -> tuple[KeyDoc, ...]:
    """Every canonical key, documented, in :func:`canonical_keys` order (``linhai-scrape keys``)."""
    sections = {spec.number: spec.canonical for spec in SECTIONS}
    docs: dict[str, KeyDoc] = {}
    for edition in ("2021", "2019"):
        fields = {f.key: f for f in ACTIVE_FIELDS[edition]}
        items = {i.key: i for i in ACTIVE_ITEMS[edition]}
        for key in ACTIVE_KEYS[edition]:
            _, item_key, field_key = key.split(".")
            item, fld = items[item_key], fields[field_key]
            if key in docs:  # a cell of both editions (处理决定数量): each edition's header named
                first = docs[key]
                column = first.column
                if fld.printed_label != column:
                    column = f"{column} ({first.editions[0]}), {fld.printed_label} ({edition})"
                docs[key] = replace(first, column=column, editions=(edition, *first.editions))
                continue
            note = "signed: an increase or a decrease" if fld.signed else ""
            if fld.money:
                note = f"an amount in {MONEY_UNIT_WAN}, a decimal; a cell in 元 or another unit is converted"
            docs[key] = KeyDoc(
                key,
                sections[2],
                f"{item.article} › {item.labels[0]}",
                fld.printed_label,
                fld.unit,
                (edition,),
                note,
            )
    rows = {spec.key: spec for spec in APPLICATION_ROWS}
    columns = {spec.key: spec for spec in APPLICATION_COLUMN_SPECS if spec.key is not None}
    for row_key, spec in rows.items():
        path = [spec.printed]
        if spec.group is not None:
            path.insert(0, rows[spec.group].printed)
        if row_key not in ("new_received", "carried_over", "carried_forward"):
            path.insert(0, APPLICATION_OUTCOME_BLOCK_PRINTED)
        group_note = _KEY_NOTES.get(f"applications.{row_key}", "")
        for col in APPLICATION_COLUMNS:
            key = f"applications.{row_key}.{col}"
            note = group_note or ("the six applicant columns add up to it" if col == "total" else "")
            docs[key] = KeyDoc(
                key, sections[3], " › ".join(path), columns[col].printed, UNIT_COUNT, spec.editions, note
            )
    for kind in (*REVIEW_KINDS, "litigation"):
        editions: tuple[Edition, ...] = () if kind == "litigation" else ("2019", "2021")
        for result in REVIEW_RESULTS:
            key = f"review_litigation.{kind}.{result}"
            column = f"{REVIEW_KIND_PRINTED[kind]} › {REVIEW_RESULT_LABELS[result][0]}"
            note = _KEY_NOTES.get(f"review_litigation.{kind}", "")
            docs[key] = KeyDoc(key, sections[4], "", column, UNIT_COUNT, editions, note)
    return tuple(docs[key] for key in canonical_keys())


@lru_cache(maxsize=1)
def canonical_key_order() -> dict[str, int]:
    """Each canonical key's place in :func:`canonical_keys` (a report's keys are sorted by it)."""
    return {key: i for i, key in enumerate(canonical_keys())}


# --------------------------------------------------------------------------------------------------
# Identities
# --------------------------------------------------------------------------------------------------

IdentityCode = Literal[
    "row_sum_mismatch",
    "group_sum_mismatch",
    "outcome_total_mismatch",
    "balance_mismatch",
    "review_sum_mismatch",
]


@dataclass(frozen=True)
class Identity:
    """``sum(left) == sum(right)``; ``derivable`` says whether ``right[0]`` may be derived from ``left``."""

    code: IdentityCode
    left: tuple[str, ...]
    right: tuple[str, ...]
    description: str
    derivable: bool = True
    # Checked only when these keys are stated (an optional total that sentences alone give).
    requires: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = ("2019", "2021", "legacy", "unknown")


def _identities() -> tuple[Identity, ...]:
    out: list[Identity] = []
    for row in APPLICATION_ROW_KEYS:
        out.append(
            Identity(
                "row_sum_mismatch",
                tuple(f"applications.{row}.{c}" for c in APPLICANT_COLUMNS),
                (f"applications.{row}.total",),
                f"{row}: the six applicant columns add up to the 总计 column",
            )
        )
    for col in APPLICATION_COLUMNS:
        for group, members in APPLICATION_GROUPS.items():
            editions: tuple[Edition, ...] = (
                ("2021",) if group == "other" else ("2019", "2021", "legacy", "unknown")
            )
            out.append(
                Identity(
                    "group_sum_mismatch",
                    tuple(f"applications.{m}.{col}" for m in members),
                    (f"applications.{group}.{col}",),
                    f"{group} ({col}): the sub-rows add up to the group",
                    editions=editions,
                )
            )
        out.append(
            Identity(
                "outcome_total_mismatch",
                tuple(f"applications.{t}.{col}" for t in OUTCOME_TERMS),
                (f"applications.outcome_total.{col}",),
                f"（七）总计 ({col}) = 予以公开 + 部分公开 + 不予公开 + 无法提供 + 不予处理 + 其他处理",
            )
        )
        out.append(
            Identity(
                "balance_mismatch",
                (f"applications.new_received.{col}", f"applications.carried_over.{col}"),
                (f"applications.outcome_total.{col}", f"applications.carried_forward.{col}"),
                f"({col}) 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理",
                derivable=False,
            )
        )
    for kind in REVIEW_KINDS:
        out.append(
            Identity(
                "review_sum_mismatch",
                tuple(f"review_litigation.{kind}.{r}" for r in ("upheld", "corrected", "other", "pending")),
                (f"review_litigation.{kind}.total",),
                f"{kind}: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计",
            )
        )
    out.append(
        Identity(
            "review_sum_mismatch",
            ("review_litigation.litigation_direct.total", "review_litigation.litigation_after_review.total"),
            ("review_litigation.litigation.total",),
            "行政诉讼 = 未经复议直接起诉 + 复议后起诉",
            derivable=False,  # ``litigation`` is only what a sentence states without the split
            requires=("review_litigation.litigation.total",),
        )
    )
    return tuple(out)


IDENTITIES: tuple[Identity, ...] = _identities()

# --------------------------------------------------------------------------------------------------
# Sentences: the vocabulary that maps a stated count to a key
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NarrativeTerm:
    """A phrase that, directly followed by a count, states a statistic.

    ``context`` says which kind of sentence it belongs to: ``application`` terms only count in a
    sentence about disclosure applications, ``applicant`` terms only inside an applicant breakdown,
    ``review`` terms anywhere.
    """

    key: str
    phrases: tuple[str, ...]
    context: Literal["application", "applicant", "review"]


def _narrative_terms() -> tuple[NarrativeTerm, ...]:
    a: Final = "application"
    p: Final = "applicant"
    r: Final = "review"
    return (
        NarrativeTerm("applications.new_received.natural_person", ("自然人",), p),
        NarrativeTerm("applications.new_received.commercial", ("商业企业", "企业"), p),
        NarrativeTerm("applications.new_received.research", ("科研机构",), p),
        NarrativeTerm("applications.new_received.public_interest", ("社会公益组织",), p),
        NarrativeTerm("applications.new_received.legal_service", ("法律服务机构",), p),
        NarrativeTerm("applications.new_received.other_org", ("其他组织", "其他", "其它"), p),
        NarrativeTerm(
            "applications.new_received.total", ("本年新收", "本年度新收", "新收", "本年度新接收", "新接收"), a
        ),
        NarrativeTerm(
            "applications.carried_over.total",
            # "结转上年1件": the same words the other way round (结转下年 is the forward count)
            (
                "上年结转",
                "上年度结转",
                "上一年度结转",
                "上年度未办结",
                "结转上年",
                "结转上年度",
                "结转上一年度",
            ),
            a,
        ),
        NarrativeTerm(
            "applications.carried_forward.total",
            (
                "结转下年度继续办理",
                "结转下年度",
                "结转至下年度",
                "结转下一年度",
                "转入下年度",
                "转入下一年度",
                # "结转至下一年(答复)1件", "转下一年度办理答复的有1件"
                "结转至下一年",
                "结转下一年",
                "结转到下一年",
                # "结转次年办理1件": the year after the report's
                "结转至次年",
                "结转到次年",
                "结转次年",
                "转下一年度",
                "转下年度",
                # "按照《条例》顺延到下年度答复72件"
                "顺延到下年度",
                "顺延至下年度",
                "顺延到下一年度",
                "顺延至下一年度",
                "顺延到下一年",
                "顺延至下一年",
                "顺延至下年",
                "顺延到下年",
                "结转下年",
                "结转至下年",
                "转下一年",
            ),
            a,
        ),
        NarrativeTerm(
            "applications.outcome_total.total",
            # 已办理 is done; 办理 alone is not ("共办理8件…，其中新收5件，上年度未办结3件": the caseload)
            ("已办结", "办结", "已答复", "予以答复", "答复", "办理完毕", "已办理"),
            a,
        ),
        # legacy forms count answers by kind: "同意公开答复数12件" is granted, not outcome_total
        NarrativeTerm(
            "applications.partially_granted.total",
            ("同意部分公开", "部分公开", "部分予以公开", "同意部分公开答复"),
            a,
        ),
        NarrativeTerm(
            "applications.granted.total", ("予以公开", "完整公开", "同意公开", "全部公开", "同意公开答复"), a
        ),
        NarrativeTerm(
            "applications.denied.total",
            ("不予公开", "不予以公开", "不同意公开", "否决公开", "不同意公开答复", "否决公开答复"),
            a,
        ),
        NarrativeTerm("applications.unavailable.total", ("无法提供",), a),
        NarrativeTerm(
            "applications.unavailable.not_held.total",
            (
                "信息不存在",
                "非本机关政府信息",
                "非本机关掌握",
                "非本部门掌握",
                "本机关不掌握",
                "本机关不掌握相关政府信息",
                "不掌握相关政府信息",  # "本办不掌握相关政府信息2件"
                "不掌握信息",  # "予以公开2件，不掌握信息2件": 不掌握 names no other row
                "不掌握相关信息",
            ),
            a,
        ),
        NarrativeTerm(
            "applications.unavailable.unclear.total",
            ("申请内容不明确", "补正后申请内容仍不明确", "申请内容仍不明确"),
            a,
        ),
        # the template's sub-rows, stated with a count ("属于四类过程性信息1件"); 属于 is kept where the
        # bare words name other work too ("评查行政执法案卷120份")
        NarrativeTerm("applications.denied.state_secret.total", ("属于国家秘密", "涉及国家秘密"), a),
        NarrativeTerm(
            "applications.denied.prohibited_by_law.total",
            ("其他法律行政法规禁止公开", "法律行政法规禁止公开"),
            a,
        ),
        NarrativeTerm(
            "applications.denied.security_stability.total",
            ("危及三安全一稳定", "危及“三安全一稳定”", '危及"三安全一稳定"'),
            a,
        ),
        NarrativeTerm("applications.denied.third_party.total", ("保护第三方合法权益",), a),
        NarrativeTerm(
            "applications.denied.internal_affairs.total", ("属于三类内部事务信息", "三类内部事务信息"), a
        ),
        NarrativeTerm(
            "applications.denied.process_info.total",
            ("属于四类过程性信息", "四类过程性信息", "过程性信息"),
            a,
        ),
        NarrativeTerm("applications.denied.enforcement_files.total", ("属于行政执法案卷",), a),
        NarrativeTerm("applications.denied.query_matters.total", ("属于行政查询事项",), a),
        NarrativeTerm(
            "applications.unavailable.needs_creation.total",
            ("没有现成信息需要另行制作", "需要另行制作", "需另行制作", "没有现成信息"),
            a,
        ),
        NarrativeTerm(
            "applications.not_processed.petition.total", ("信访举报投诉类申请", "信访举报投诉类"), a
        ),
        NarrativeTerm("applications.not_processed.duplicate.total", ("重复申请",), a),
        NarrativeTerm("applications.not_processed.publication.total", ("要求提供公开出版物",), a),
        NarrativeTerm("applications.not_processed.excessive.total", ("无正当理由大量反复申请",), a),
        NarrativeTerm(
            "applications.not_processed.confirmation.total", ("要求行政机关确认或重新出具已获取信息",), a
        ),
        NarrativeTerm("applications.not_processed.total", ("不予处理",), a),
        NarrativeTerm("applications.other.total", ("其他处理", "其他方式处理"), a),
        NarrativeTerm("review_litigation.review.total", ("行政复议",), r),
        # "行政复议2件、诉讼3件": 诉讼 alone, in a review sentence, is the unsplit litigation count
        NarrativeTerm("review_litigation.litigation.total", ("行政诉讼", "诉讼"), r),
        NarrativeTerm(
            "review_litigation.litigation_direct.total",
            ("未经复议直接起诉", "直接起诉", "直接提起诉讼", "直接提起行政诉讼"),
            r,
        ),
        NarrativeTerm(
            "review_litigation.litigation_after_review.total",
            ("复议后起诉", "复议后提起诉讼", "复议后提起行政诉讼"),
            r,
        ),
    )


# The kind a result count in a sentence belongs to ("被申请行政复议3件，其中维持2件"): the kind named
# last before it (by where the word ends; the longer word on a tie).
NARRATIVE_REVIEW_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("复议后提起诉讼", "litigation_after_review"),
    ("复议后起诉", "litigation_after_review"),
    ("直接提起诉讼", "litigation_direct"),
    ("直接起诉", "litigation_direct"),
    ("行政复议", "review"),
    ("行政诉讼", "litigation"),
    ("诉讼", "litigation"),
)


NARRATIVE_TERMS = _narrative_terms()

# Applications an old wording says were not taken up (不予受理): an outcome beside the answered ones,
# which no template row names alone.
NARRATIVE_NOT_ACCEPTED: tuple[str, ...] = ("不予受理", "不受理")
# Phrases that end like a term but state a part of it, not a key: answers counted by timing are a
# part of all answers ("按期答复20件，延期答复3件" beside "办结23件"), never outcome_total.
NARRATIVE_PART_PHRASES: tuple[str, ...] = (
    "按期答复",
    "按时答复",
    "延期答复",
    "逾期答复",
    "超期答复",
    "当场答复",
    "按期办结",
    "按时办结",
    "延期办结",
    "延期办理",
    "待答复",  # still pending: not answered at all
    "主动公开",  # "主动公开信息共计11条": proactive disclosure, whatever application phrase stands before it
    "全部或部分公开",  # granted and partially granted together
    "全部或者部分公开",
    "未答复",
    "尚未答复",
)
# A specific term right before a generic one states the specific one: "部分公开答复0件" is
# partially_granted, "结转至下一年答复1件" carried_forward (these may stand between them: "转下一
# 年度办理答复的有1件").
NARRATIVE_GENERIC_KEYS: tuple[str, ...] = ("applications.outcome_total.total",)
# "受理答复政府信息公开申请28件": a receipt verb joined to the answer verb; the count may be the
# applications received (new, or new + carried over) or those answered, so it states no key.
NARRATIVE_RECEIPT_VERBS: tuple[str, ...] = ("受理", "收到", "接收", "受理并", "收到并", "接收并")
NARRATIVE_FILLER_BETWEEN: tuple[str, ...] = ("继续办理", "办理", "的", "并")
# A sub-row's phrase before its group's ("因本机关不掌握相关政府信息无法提供1件", "属于国家秘密不予公开
# 1件") states the sub-row; several sub-rows' phrases before it ("本机关不掌握…或没有现成信息及申请内容
# 不明确无法提供的33件") count them together: the group when they name all its rows, else no key; with 等 ("因本机关不掌握等原因无法提供265件") it may count the sub-row alone
# or the whole group, and states neither.
NARRATIVE_WIDENING_MARK = "等"
# The statistics table of a report before 2019 (指标名称 | 计量单位 | 本年度 | 历年累计), its rows as a
# copy glues them ("同意公开答复数条002、同意部分公开答复数条00…"): the rows it shares with the template.
LEGACY_TABLE_ROWS: tuple[tuple[str, str], ...] = (
    ("对申请的答复总数", "applications.outcome_total.total"),
    ("同意部分公开答复数", "applications.partially_granted.total"),
    ("同意公开答复数", "applications.granted.total"),
    ("不予公开答复数", "applications.denied.total"),
    ("行政复议数", "review_litigation.review.total"),
    ("行政诉讼数", "review_litigation.litigation.total"),
)
LEGACY_TABLE_MARK = "计量单位"  # the table's header, which a copy keeps
LEGACY_ZERO_NOTE = (
    "the pre-2019 statistics table's row, its cells glued: the digits start with 0, and no number "
    "starts with 0, so this year's cell is 0 (the next digits are the running total)"
)
# The note on a 0 read from one count for two joined terms ("行政复议、行政诉讼案件为0件").
JOINT_ZERO_NOTE = "one count of 0 for two joined terms: counts are never negative, so each is 0"
# "信息公开类行政复议1起，正在办理中": the one review or lawsuit count is pending.
NARRATIVE_PENDING_AFTER = re.compile(
    r"\s*[,，]?\s*(?:目前|现|均|仍|尚)?(?:正在|尚在|仍在)(?:办理|审理|审查)(?:中|过程中)|\s*[,，]?\s*(?:目前|均)?尚未审结"
)
# "无下年度结转": no application is carried to next year (a clause that says only that).
# "无上年和下年结转件", "没有上年度结转及下年度结转的申请": neither carried over nor carried forward
CARRIED_BOTH_ZERO_PATTERN = (
    r"(?:无|没有|不存在)上一?年度?(?:结转)?(?:和|及|与|、)下一?年度?结转(?:的)?(?:申请|情况|事项)?(?:件)?$"
)
CARRIED_FORWARD_ZERO_PATTERN = r"(?:无|没有|不存在)(?:结转(?:至|到)?下一?年度?|下一?年度?结转)(?:继续)?(?:办理)?(?:的)?(?:申请|情况|事项)?(?:件)?$"
# Legacy categories that the crosswalk (TEMPLATES.md F4) merges into one key: stated side by side
# in one sentence ("信息不存在的1件，非本机关政府信息的1件"), the key is their sum.
NARRATIVE_MERGED_CATEGORIES: dict[str, tuple[str, ...]] = {
    "applications.unavailable.not_held.total": (
        "信息不存在",
        "非本机关政府信息",
        "非本机关掌握",
        "非本部门掌握",
    ),
}
# A sentence in which the agency is the review body ("本局作为复议机关，收到行政复议申请46件")
# counts reviews it decides, not reviews of its own disclosure decisions.
REVIEW_BODY_WORDS: tuple[str, ...] = (
    "作为复议机关",
    "作为行政复议机关",
    "作为复议机构",
    "作为行政复议机构",
    # a body takes up (受理) a review only as the review organ; one whose decision is reviewed is
    # 被申请行政复议
    "受理行政复议",
    "受理了行政复议",
)

# Section 二's rows stated in a sentence ("制发…规章5件、…行政规范性文件5件，废止…规章9件",
# "行政许可决定150起"): the row's words right before the count, the column's verb before them (it
# carries over a list, up to another verb). Only for the report's edition: 2021 columns from 2021 on.
NARRATIVE_ACTIVE_ITEMS: tuple[tuple[str, str], ...] = (
    ("行政规范性文件", "normative_docs"),
    ("规范性文件", "normative_docs"),
    ("规章", "rules"),
)
NARRATIVE_ACTIVE_VERBS: tuple[tuple[str, str], ...] = (
    ("制发", "issued"),
    # 制定 and 印发 say the same of a normative document (发布 does not: it may count publication)
    ("制定", "issued"),
    ("印发", "issued"),
    ("废止", "repealed"),
)
# verbs of other work on the same documents: after one of these the column's verb no longer applies.
# 现行有效 is one: "发布现行有效行政规范性文件393件" counts a library's documents, which need not be the
# table's 现行有效件数 (a real report: 393 in the sentence, 470 in the table).
NARRATIVE_ACTIVE_OTHER_VERBS: tuple[str, ...] = (
    "现行有效",
    "有效",
    "清理",
    "审核",
    "审查",
    "备案",
    "修订",
    "修改",
    "评估",
    "起草",
    "解读",
    "宣传",
    "征求",
    "报送",
    "报备",
    "备查",
    "公开",
    "发布",
    "拟",
    "计划",
    "涉及",
)
NARRATIVE_ACTIVE_DECISIONS: tuple[tuple[str, str], ...] = (
    ("行政许可决定", "licensing"),
    ("行政处罚决定", "penalty"),
    ("行政强制决定", "coercion"),
)
# Verbs that make a count of decisions a count of decisions published ("公开…行政处罚决定0条"): not
# the decisions made, which the table's 处理决定数量 counts.
NARRATIVE_PUBLISHING_VERBS: tuple[str, ...] = ("公开", "公示", "公布", "发布", "上网", "推送")
# Section 二 stated in its table's own words: the row's words, then each column's name with its count
# ("行政规范性文件：制发件数2件，废止件数1件，现行有效件数22件"; "行政许可处理决定数量450项，行政处罚2项、
# 行政强制0项", where the column's name carries over the list). Only a column named as a count (…件数,
# …数量) is read: "现行有效行政规范性文件393件" may count a library, not the table's column.
NARRATIVE_ACTIVE_COLUMN_WORDS: dict[Edition, tuple[tuple[str, str], ...]] = {
    "2021": (
        ("制发件数", "issued"),
        ("制发数量", "issued"),
        ("废止件数", "repealed"),
        ("废止数量", "repealed"),
        ("现行有效件数", "in_force"),
        ("现行有效数量", "in_force"),
    ),
    "2019": (
        ("新制作数量", "made"),
        ("新公开数量", "published"),
        ("对外公开总数量", "total"),
    ),
}
NARRATIVE_DECISION_COLUMN_WORDS: tuple[str, ...] = ("处理决定数量", "处理决定数", "决定数量")
NARRATIVE_DECISION_ITEMS: tuple[tuple[str, str], ...] = (
    ("行政许可", "licensing"),
    ("行政处罚", "penalty"),
    ("行政强制", "coercion"),
)
NARRATIVE_ACTIVE_UNITS: tuple[str, ...] = ("件", "部", "个", "份", "项", "起", "宗", "条")
# Words that put such a count over more than the report's year ("截至2022年底累计制发…120件",
# "近三年来制发…", "“十四五”以来"): anywhere before the count in its sentence, the count is not read.
NARRATIVE_ACTIVE_PERIOD_WORDS: tuple[str, ...] = (
    "累计",
    "截至",
    "截止",
    "以来",
    "历年",
    "近年",
    "近三年",
    "近五年",
    "年来",
    "先后",
    "五年",
    "三年",
)

# A sentence is about disclosure applications when it names them (or continues such a sentence).
APPLICATION_CONTEXT_WORDS: tuple[str, ...] = (
    "政府信息公开申请",
    "信息公开申请",
    "依申请公开",
    "公开申请",
    "申请",
)
# An applicant breakdown starts with one of these.
APPLICANT_CONTEXT_WORDS: tuple[str, ...] = ("申请主体", "申请人", "自然人")
# The overall count of applications in a sentence ("共受理…申请248件").
# 接受 only right before what it received ("接受依申请公开0件"): "接受办理…申请623件" is taken up and
# handled, which may count last year's cases too
APPLICATION_COUNT_PHRASES: tuple[str, ...] = (
    "受理",
    "收到",
    "共收到",
    "接收",
    "接受依申请",
    "接受申请",
    "接受政府信息公开申请",
    "接受信息公开申请",
    "申请总数",
)
# What the counts after one of these count, within its sentence and a 其中 sentence after it, are
# consultations or calls, not applications ("接受电话咨询12次，其中不掌握信息的3次"): channels of
# applications (邮寄, 网上, 电话申请) are not among them.
NARRATIVE_CONSULTATION_WORDS: tuple[str, ...] = ("咨询", "留言", "热线", "来电")
# Distractors: a count after these words is never an application statistic.
NARRATIVE_DISTRACTORS: tuple[str, ...] = (
    "留言",
    "信箱",
    "来信",
    "热线",
    "电话",
    "咨询",
    "新闻发布",
    "发布会",
    "访谈",
    "解读",
    "问卷",
    "意见建议",
    "浏览",
    "访问",
    "微博",
    "微信",
    "账号",
    "培训",
    "会议",
    "建议",
    "提案",
    "时限",
    "工作日",
    "平均",
    "规范性文件",
    "人次",
    "信访事项",  # "全年办结信访事项30件": petitions, not disclosure applications
    # documents issued, not answers: "出具《政府信息公开申请答复书》1份"
    "答复书",
    "告知书",
    "决定书",
    "意见书",
    "信访件",
    "诉求",
    "转办",
    # one channel's share of the applications ("通过政府门户网站共办理并答复申请3件、纸质申请36件",
    # "其中网上申请15件、信函申请5件"): never the year's count or outcome
    "门户网站",
    "通过网站",
    "网上申请",
    "网络申请",
    "在线申请",
    "信函申请",
    "当面申请",
    "纸质申请",
    "邮寄申请",
    "传真申请",
    "电子邮件",
)
# A sentence that does not name applications itself only continues one about disclosure
# applications when it is not about something else counted nearby (hotline work orders, reviews
# of answers, proactive disclosure): "已办结1480件" after "办理12345转办件1500件" is not an outcome.
NARRATIVE_OFF_TOPIC_WORDS: tuple[str, ...] = (
    "转办",
    "12345",
    "诉求",
    "网民",
    "工单",
    "来电",
    # approvals handled at a service window: "共受理审批事项117件，办结171件"
    "审批事项",
    "审批件",
    "办件量",
)
# Applications that are not disclosure applications: these words right before 申请 ("受理行政许可
# 申请3000件", "不动产登记申请"). A sentence naming them, and not 公开申请, is not about ours.
OTHER_APPLICATION_WORDS: tuple[str, ...] = (
    "许可",
    "审批",
    "登记",
    "补贴",
    "救助",
    "低保",
    "报名",
    "注册",
    "备案",
    "复议",
)
# A count of one body inside a report about a whole area ("全市共受理申请248件，其中市政府办公室
# 受理申请40件，予以公开20件"): the label names a body by its suffix, and the sentence names the
# whole (全市) or marks a part (其中, 部门中). Its counts, to the end of the sentence, are not the
# report's.
SUB_BODY_SUFFIXES: tuple[str, ...] = ("局", "委员会", "委", "办公室", "中心", "街道", "管委会", "分局")
WHOLE_AREA_WORDS: tuple[str, ...] = ("全市", "全区", "全县", "全镇", "全乡", "全街道", "各部门", "各单位")
PART_MARKS: tuple[str, ...] = ("其中", "部门中", "单位中")
# A count after an application term and one of these counts something else: items of information
# ("予以公开的信息共120条", "予以公开各类信息1200条"), reviews of answers ("答复审核6次").
NARRATIVE_ITEM_WORDS: tuple[str, ...] = ("信息", "内容", "文件", "审核", "评查", "文书")
# Two terms joined before one count ("予以公开和部分公开的28件", "全部或部分公开的20件") state a
# joint figure that is neither term's.
NARRATIVE_JOINT_MARKS: tuple[str, ...] = ("和", "及", "或", "与", "、", "或者", "以及")
# "累计收到申请500件" is a running total over years, unless the label dates it to this year.
NARRATIVE_CUMULATIVE_WORD = "累计"
NARRATIVE_THIS_YEAR_WORDS: tuple[str, ...] = ("全年", "本年", "今年", "年度", "年内")
# A count after these words is a change or another period's figure, not this year's statistic
# ("较上年增加15件", "上年度收到200件", "与上年…相比").
NARRATIVE_CHANGE_WORDS: tuple[str, ...] = (
    "较",
    "同比",
    "环比",
    "增加",
    "减少",
    "增长",
    "下降",
    "上升",
    "相比",
    "多出",
    "比上年",
    "比去年",
    "提高",
    "降低",
    "降至",
    "升至",
    "减至",
    "增至",
)
NARRATIVE_OTHER_PERIOD_WORDS: tuple[str, ...] = (
    "去年",
    "上年度收到",
    "上年度受理",
    "上一年",
    "与上年",
    "前年",
    "由上年",
    "上年的",
    # last year's outcome ("上年予以公开1件"), not this year's; 上年结转 is kept by the reader
    "上年予以公开",
    "上年部分公开",
    "上年不予公开",
    "上年无法提供",
    "上年不掌握",
    "上年不予处理",
    "上年其他处理",
    # "《条例》实施以来" (but "今年以来" is this year)
    "实施以来",
    "施行以来",
    "颁布以来",
    "成立以来",
    "开通以来",
    # a running total over recent years: "近三年累计12件"
    "近两年",
    "近三年",
    "近五年",
    "近年来",
    "历年",
    "多年来",
    # a part of the year: "第四季度收到申请5件，全年共收到12件"
    "季度",
    "上半年",
    "下半年",
)
# Approximate counts are not statistics: "约300件", "近300件", "300件左右".
NARRATIVE_APPROXIMATE_BEFORE: tuple[str, ...] = (
    "约",
    "近",
    "超过",
    "逾",
    "不到",
    "不足",
    "多达",
    "将近",
    "大约",
    "余",
)
# "其余2件", "剩余2件": the rest, an exact count (余 alone before a count is approximate)
NARRATIVE_REST_BEFORE: tuple[str, ...] = ("其余", "剩余")
# A range's upper bound ("30至40件", "10～12件"): these between two numbers.
NARRATIVE_RANGE_MARKS: tuple[str, ...] = ("至", "～", "~", "-", "–", "到")
# "数十件", "上百件", "几十件", "成百上千件": a vague quantity, before a bare 十/百/千/万 ("申请数十二件"
# is 申请数 12).
NARRATIVE_VAGUE_BEFORE: tuple[str, ...] = ("数", "几", "上", "成", "好几")
NARRATIVE_APPROXIMATE_AFTER: tuple[str, ...] = ("左右", "以上", "以下", "多", "余")
# A review or lawsuit count qualified by its result is not the kind's total ("行政复议结果维持1件").
REVIEW_RESULT_WORDS: tuple[str, ...] = (
    "维持",
    "纠正",
    "纠错",
    "其他结果",
    "审结",
    "败诉",
    "胜诉",
    "撤销",
    "确认违法",
    "责令改正",  # ordered to correct: 纠正 in other words
)
# The applicant subtotal column has no key of its own (法人或其他组织 = the five columns together).
APPLICANT_SUBTOTAL_WORDS: tuple[str, ...] = (
    "法人或其他组织",
    "法人或者其他组织",
    "法人和其他组织",
    "法人及其他组织",
    "法人或其它组织",
    "法人和其它组织",
    "法人及其它组织",
)
# Text that ties a review or lawsuit to information disclosure ("因政府信息公开…", "依申请公开政府信息
# 方面的行政复议").
DISCLOSURE_WORDS: tuple[str, ...] = ("信息公开", "政府信息", "依申请公开")
# Phrases a report printed with a character left out, read as the phrase ("共收到依申公开事项7件");
# and "上年结转办理1件" (carried over, to be handled), which holds 转办 (work orders passed on to others,
# a distractor): said the template's way, it is no such thing.
NARRATIVE_TYPOS: tuple[tuple[str, str], ...] = (
    ("依申公开", "依申请公开"),
    ("结转办理", "结转继续办理"),
    ("上年转结", "上年结转"),  # the two characters swapped ("上年转结…0件", "上年轉結1件")
    ("的行政诉共", "的行政诉讼共"),  # 讼 left out ("不服…答复产生的行政诉共3项")
)
# "(含上年结转5件)": a part of the count before it.
NARRATIVE_SUBSET_MARKS: tuple[str, ...] = ("含", "其中含", "包含", "包括")
# Count units after a number.
COUNT_UNITS: tuple[str, ...] = ("件", "宗", "起", "条", "份", "个", "次", "人次", "项")
# "本年度未收到政府信息公开申请": a stated zero of new applications (a clause with no number).
# The whole clause must say it: "未收到政府信息公开申请", not "无超期答复政府信息公开申请的情况".
# Real wordings: 未收到依申请公开事项 / 依申请公开政府信息事项 / 依申请公开请求 / 依申请公开情况,
# 没有收到依申请公开政府信息的情况, 未接到任何形式的信息公开申请, 未收到有关政府信息公开申请,
# 未收到任何公民、法人和其他组织提出的公开政府信息的申请, 未接到公众、法人或其他组织要求公开政府信息的申请,
# 未收到和处理政府信息公开申请, 没有收到要求公开政府信息的申请, 没有受理过政府信息依申请公开,
# 未共收到依申请公开申请, 未收到依法处理依申请公开件, 未接收到依申请公开请求, 未收到依申请公开事宜,
# 未收到本级依申请公开事项, 未收到群众政府信息公开申请.
# 未收到社会公众提出的…申请, 未收到公民依法提出的…申请, 无收到和处理…申请情况, 未收到和处理过…申请相关事项,
# 未接收受理过依申请公开, 未收到个人、法人或者其他组织向本机关申请公开政府信息, 未发生有关本系统政府信息公开
# 事务的申请, 未接到提出公开政府信息的申请, 未有受理信息公开申请、行政复议、诉讼和申诉情况.
_ZERO_WHO = (
    r"(?:(?:社会)?(?:公民|法人|其他组织|其它组织|公众|群众|个人|单位|企业|申请人)[、和或者及与]{0,2}){1,6}"
    r"(?:依法)?(?:提出的?|要求|的)?(?:向本(?:机关|部门|单位))?"
)
ZERO_APPLICATION_PATTERN = (
    r"(?:未共?收到|没有收到|无收到|未接收?到|没有接收?到|未(?:接收)?受理过?|没有受理过?|未有受理过?|未发生|无)"
    r"(?:和处理过?|并处理过?)?"
    r"(?:任何(?:形式的)?)?(?:针对本(?:部门|机关|单位))?(?:有关|相关|本级|依法处理)?(?:本(?:系统|部门|机关|单位))?"
    rf"(?:{_ZERO_WHO}|要求|提出的?)?"
    r"(?:(?:政府)?信息公开(?:事务)?(?:的)?申请|公开政府信息的?申请|政府信息申请|申请公开政府信息|公开申请"
    r"|申请(?:政府)?信息公开的?受理件|申请公开(?:政府信息)?的?(?:事项|申请)"
    r"|(?:关于政府信息公开的)?(?:政府信息)?依申请公开(?:政府信息)?(?:的)?"
    r"(?:相关信息|信息受理件|申请|事项|事宜|请求|情况|件)?)"
    # "无依申请公开和复议、诉讼和申诉的情况": one negation over the applications and the kinds after
    # them (the kinds' zeros are the review reader's)
    r"(?:(?:和|及|以及|、)(?:被申请|提起)?(?:行政)?(?:复议|诉讼|申诉)){0,4}"
    r"(?:件|的?情况|相关事项)?$"
)
# "No review or litigation happened" statements: zeros for the stated kinds.
# "没有因…申请行政复议、提起行政诉讼情况发生": 没有 before the kinds, 发生 after them.
# "目前未因政府信息公开工作被申请行政复议或提起行政诉讼": 未因 before the cause.
ZERO_REVIEW_PATTERNS: tuple[str, ...] = (
    "未发生",
    "不存在",
    "没有发生",
    "无",
    "未收到",
    "未出现",
    "没有",
    "未因",
    "未引起",
    "未有",
)

# A date range states the report's period only in a sentence about its data.
PERIOD_SENTENCE_WORDS: tuple[str, ...] = (
    "统计期限",
    "统计时限",
    "统计期",
    "统计时间",
    "本报告",
    "数据",
    "统计",
)
# The section on reviews and lawsuits (national 四, legacy 五) names them in its heading.
REVIEW_SECTION_WORD = "行政复议"
# The section on disclosure applications (national 三, legacy 依申请公开) names them in its heading
# (checked after REVIEW_SECTION_WORD: a legacy review heading may say 因…申请行政复议).
APPLICATION_SECTION_WORD = "申请"

# Archive mirrors that convert pages with Taiwan phrasing (OpenCC s2twp) change template words, not
# just the script: 信息→資訊, 文件→檔案, 数据→資料, 项目→專案. Such a copy is known by 资讯公开 (after t2s),
# which no mainland report writes, or by the template's row 规范性文件 as 规范性档案 (a converter that kept
# 信息); the template's phrases are then put back (same lengths).
TAIWAN_COPY_MARKS: tuple[str, ...] = ("资讯公开", "规范性档案")
TAIWAN_PHRASE_FORMS: dict[str, str] = {
    "资讯": "信息",
    "规范性档案": "规范性文件",
    "本列资料": "本列数据",
    "专案数量": "项目数量",
}
