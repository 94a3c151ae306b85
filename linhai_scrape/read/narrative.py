"""Sentences → statistics: "全市共受理政府信息公开申请248件 … 完整公开115件" and the like.

Each count in a sentence ("248件", "两件", "十二宗") is read with the words just before it (its
label, back to the previous count or clause mark). The label is looked up in the template's
narrative vocabulary; the phrase ending nearest the number wins, so "办结件中完整公开115件" is
granted, not outcome_total. Terms about applications only count in a stretch of text that is about
disclosure applications, and applicant columns only inside an applicant breakdown. Anything
ambiguous is left out: a number the text does not plainly state is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Evidence
from ..template import (
    APPLICANT_CONTEXT_WORDS,
    APPLICANT_SUBTOTAL_WORDS,
    APPLICATION_COUNT_PHRASES,
    APPLICATION_GROUPS,
    APPLICATION_ROWS,
    CARRIED_BOTH_ZERO_PATTERN,
    CARRIED_FORWARD_ZERO_PATTERN,
    COUNT_UNITS,
    DISCLOSURE_WORDS,
    ITEM_NUMBER,
    JOINT_ZERO_NOTE,
    LEGACY_TABLE_MARK,
    LEGACY_TABLE_ROWS,
    LEGACY_ZERO_NOTE,
    MONEY_UNITS,
    NARRATIVE_ACTIVE_COLUMN_WORDS,
    NARRATIVE_ACTIVE_DECISIONS,
    NARRATIVE_ACTIVE_ITEMS,
    NARRATIVE_ACTIVE_OTHER_VERBS,
    NARRATIVE_ACTIVE_PERIOD_WORDS,
    NARRATIVE_ACTIVE_UNITS,
    NARRATIVE_ACTIVE_VERBS,
    NARRATIVE_APPROXIMATE_AFTER,
    NARRATIVE_APPROXIMATE_BEFORE,
    NARRATIVE_CHANGE_WORDS,
    NARRATIVE_CONSULTATION_WORDS,
    NARRATIVE_CUMULATIVE_WORD,
    NARRATIVE_DECISION_COLUMN_WORDS,
    NARRATIVE_DECISION_ITEMS,
    NARRATIVE_DISTRACTORS,
    NARRATIVE_FILLER_BETWEEN,
    NARRATIVE_GENERIC_KEYS,
    NARRATIVE_ITEM_WORDS,
    NARRATIVE_JOINT_MARKS,
    NARRATIVE_MERGED_CATEGORIES,
    NARRATIVE_NOT_ACCEPTED,
    NARRATIVE_OFF_TOPIC_WORDS,
    NARRATIVE_OTHER_PERIOD_WORDS,
    NARRATIVE_PART_PHRASES,
    NARRATIVE_PENDING_AFTER,
    NARRATIVE_PUBLISHING_VERBS,
    NARRATIVE_RANGE_MARKS,
    NARRATIVE_RECEIPT_VERBS,
    NARRATIVE_REST_BEFORE,
    NARRATIVE_REVIEW_KIND_WORDS,
    NARRATIVE_SUBSET_MARKS,
    NARRATIVE_TERMS,
    NARRATIVE_THIS_YEAR_WORDS,
    NARRATIVE_TYPOS,
    NARRATIVE_VAGUE_BEFORE,
    NARRATIVE_WIDENING_MARK,
    OTHER_APPLICATION_WORDS,
    OUTCOME_TERMS,
    PART_MARKS,
    REVIEW_BODY_WORDS,
    REVIEW_RESULT_LABELS,
    REVIEW_RESULT_WORDS,
    SUB_BODY_SUFFIXES,
    WHOLE_AREA_WORDS,
    ZERO_APPLICATION_PATTERN,
    ZERO_REVIEW_PATTERNS,
    Edition,
    NarrativeTerm,
    drop_pinyin,
    normalise_label,
)
from .numbers import CHINESE_NUMERAL_CHARS, fold, in_wan, parse_count

_UNITS = "|".join(sorted(COUNT_UNITS, key=len, reverse=True))
# At most 12 digits: a longer run is not a count (and would overflow int parsing limits).
_COUNT = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}}){{1,3}}(?:\.\d+)?|\d{{1,12}}(?:\.\d{{1,6}})?|[零〇一二两三四五六七八九十百千万]{{1,10}})"
    rf"\s*(?P<unit>{_UNITS})(?![事%])"
)
_HAS_UNIT = re.compile(f"(?:{_UNITS})")
_UNIT_FIRST = re.compile(f"(?:{_UNITS})(?![事%])")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_CLAUSE_MARK = re.compile(r"[，,、：:（）()；;]")
_SUBSET_MARKS = NARRATIVE_SUBSET_MARKS
# "受理…248件（含上年结转5件）", "收到申请121件，其中上年度结转申请9件": the count before includes
# carried-over cases, so it is not new_received
_INCLUDES_CARRIED = re.compile(  # bounded runs: a long run-on sentence must not make this quadratic
    r"[（(]\s*(?:其中)?(?:含|包含|包括)[^）)]{0,80}?结转|其中[^，,。；;（(]{0,80}?上(?:一)?年度?(?:结转|未办结)"
)
# "2021年收到申请40件": a count labelled with a year is that year's
_YEAR_IN_LABEL = re.compile(r"((?:19|20)\d{2})\s*年")
_CHANGE = re.compile("|".join(map(re.escape, NARRATIVE_CHANGE_WORDS)))
_OTHER_PERIOD = re.compile("|".join(map(re.escape, NARRATIVE_OTHER_PERIOD_WORDS)))
_REVIEW_RESULT = re.compile("|".join(map(re.escape, REVIEW_RESULT_WORDS)))
# How many sentences after one about disclosure applications still count as being about them.
_CONTEXT_SENTENCES = 2
# A paragraph opening with an enumeration mark starts a sub-section ("（三）政务服务", "2.…")
_SUBHEADING = re.compile(ITEM_NUMBER)
_REFERS_BACK = ("涉及的",)
# A sentence that says only that no review or lawsuit happened ("未发生被行政复议、行政诉讼的情况。",
# "年度无行政复议、行政诉讼的情况发生。"), right after one about disclosure: none at all is none about
# disclosure either. (A count with no such tie stays unread: it may be the body's whole caseload.)
_BARE_REVIEW_ZERO = re.compile(
    r"(?:(?:19|20)\d{2}年度?|本年度|本年|年度|全年)?[，,]?"
    r"(?:我(?:局|镇|乡|街道|街道办|办|委|区|县|市|厅|单位)|本(?:局|机关|单位|部门))?(?:全年|年度|本年度)?"
    r"(?:未发生|没有发生|未出现|不存在|无)(?:任何)?被?(?:申请)?"
    r"(?:行政复议|复议)(?:[、和及或与]|以及)?(?:提起)?(?:行政诉讼|诉讼)?(?:案件)?的?(?:情况)?(?:发生)?[。！!]?"
)
_PART_OF_BEFORE = ("其中",)
_REVIEW_OF_ANSWER = re.compile(r"不服[^，,。；;]{0,8}?答复[^，,。；;]{0,8}?(?:复议|诉讼|起诉)")
_HEADING_END = re.compile(r"[。：:；;]")
_MAX_HEADING = 40  # characters: a sub-heading is short; a longer first clause is prose
_OUR_APPLICATIONS = "公开"  # 政府信息公开申请, 依申请公开: a sentence naming 申请 and this is about ours
_NEW_RECEIVED = "applications.new_received.total"
_OTHER_COLUMN = ".other_org"
_CARRIED_OVER = "applications.carried_over.total"
# an outcome's count that includes another outcome's, named in brackets right after it
_INCLUDES_AN_OUTCOME = re.compile(
    r"\s*[（(]\s*(?:其中)?\s*(?:含|包含|包括)?\s*(?:"
    + "|".join(row.labels[0] for row in APPLICATION_ROWS if row.key in OUTCOME_TERMS)
    + ")"
)
# "收到…申请涉及信息136条": the items of information the applications asked for, not applications
_ITEMS_REQUESTED = re.compile(r"涉及(?:政府)?信息(?!公开)")
# units under the body ("局属事业单位", "所属单位", "下属单位", "直属单位", "二级单位")
_SUBORDINATE_UNITS = re.compile(r"[局委办厅]属|所属|下属|直属|二级单位")
# a count broken down to the body's own share after it ("…45件，其中本厅制发件数4件", "其中厅本级318项")
_OWN_SHARE_AFTER = re.compile(
    r"其中[^，,。；;]{0,6}?(?:本厅|本局|本委|本办|本级|我局|我厅|我委|本机关|本单位)"
)
# the body itself as a part of a larger whole ("本局收到12件", "机关本级受理…")
_OWN_PART = re.compile(
    r"本级|(?:本|我)(?:"
    + "|".join(
        sorted((*SUB_BODY_SUFFIXES, "机关", "单位", "部门", "镇", "乡", "厅", "办"), key=len, reverse=True)
    )
    + ")"
)
WIDER_AREA = "the count of the whole area the body is part of, with the body's own told after it"
_NATURAL_PERSON = "applications.new_received.natural_person"
# the applications all from natural persons ("均为公民个人申请", "全部为自然人申请", "均来自自然人")
_ALL_NATURAL_PERSONS = re.compile(
    r"(?:均|全部|皆|都)(?:为|是|来自|系)(?:自然人|公民个人|公民)(?:申请|提出)?(?![^，,。；;]*(?:和|及|或)法人)"
)
# a review count of all the body's cases, said to be (mostly) about other matters
_NOT_ABOUT_DISCLOSURE = re.compile(r"(?:均|都|皆|全部)?(?:不|未|没有)涉及(?:政府)?信息公开")
_PART_ABOUT_DISCLOSURE = re.compile(r"其中[^。；;]{0,12}?涉及(?:政府)?信息公开")
# applications addressed to a body the sentence names ("向市政府及市政府办公室提出的"), not to "我局"
_TO_ANOTHER_BODY = re.compile(r"向(?![我本])[^，,。；;]{1,20}?提出")
# every applicant, in the Regulation's words ("公民、法人和其他组织", "公民、法人或者其他组织")
_ALL_APPLICANTS = re.compile(r"公民\s*[、，,和]?\s*法人\s*(?:和|或|或者|及|以及|、)?\s*其[他它]组织")
_OUTCOME_TOTAL = "applications.outcome_total.total"
_COMPLETION_WORDS = ("办结", "答复", "办理完毕", "处理完毕")
_CARRIED_WORDS = ("上年结转", "上年度结转", "上一年度结转", "结转上年")
_NEW_WORDS = ("本年新收", "本年度新收")


def _states_split(sentence: str) -> bool:
    """New and carried-over cases stated apart ("本年新收…上年结转…" or "上年结转…本年新收…"), found
    with string scans: a regex with .*? between them is quadratic on a long run-on sentence."""
    first_new = sentence.find("新收")
    last_carried = max(sentence.rfind(w) for w in _CARRIED_WORDS)
    if first_new != -1 and last_carried > first_new:
        return True
    firsts = [i for i in (sentence.find(w) for w in _CARRIED_WORDS) if i != -1]
    return bool(firsts) and max(sentence.rfind(w) for w in _NEW_WORDS) > min(firsts)


@dataclass
class NarrativeStat:
    key: str
    value: int | float
    evidence: Evidence
    # RECEIVED: a count of applications received or accepted (受理, 收到), read as new_received, and
    # the applicant counts that break it down; such a count may include carried-over cases, which
    # only the rest of the document can tell (see extract._merge_narrative)
    basis: str | None = None
    # why the count is not the report's figure for ``key`` though the words name it (a whole of
    # which only part is over disclosure, a wider area's, …): such a stat is never a value, only the
    # reason for a check (extract._without_not_whole)
    not_whole: str | None = None


RECEIVED = "received"
# the reason a count told of last year's carried-over cases is not the year's outcome
CARRIED_PART = "the outcome of last year's carried-over cases only, which the sentence opens with"
_APPLICATIONS = "applications."
# the keys of what became of applications: the outcome rows, their total, those carried forward
_OUTCOME_PREFIXES = tuple(
    f"applications.{row}." for row in (*OUTCOME_TERMS, "outcome_total", "carried_forward")
)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences at 。！？； (kept with their sentence)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def read_narrative(
    paragraphs: list[str],
    section: int | None = None,
    *,
    review_section: bool = False,
    application_section: bool = False,
    year: int | None = None,
) -> list[NarrativeStat]:
    """Every statistic the sentences of ``paragraphs`` state, first statement of a key first.

    ``review_section``: the paragraphs are the section on reviews and lawsuits about disclosure, so
    a review or lawsuit count there needs no further context. ``application_section``: they are
    the section on disclosure applications, so every sentence there is about them unless it names
    something else. ``year``: the report's year; a count whose label names another year
    ("2021年收到申请40件" in a 2022 report) is not a statistic. A stat with ``not_whole`` set is no
    value: its words name the key, but the count is not the report's figure for it (why, in words).
    """
    out: list[NarrativeStat] = []
    since_applications = _CONTEXT_SENTENCES + 1  # sentences since one about applications
    legacy_table = False  # past the header of a pre-2019 statistics table
    review_heading = False  # under a sub-heading about reviews and lawsuits over disclosure
    reviews_before = False  # the sentence before was about reviews or lawsuits over disclosure
    group = 0  # the group of the sentences since the last that counted applications received or carried over
    openers: dict[str, int] = {}  # such sentences, numbered
    previous_said: list[NarrativeStat] = []
    previous_sentence = ""
    grouped: list[tuple[int, NarrativeStat]] = []
    for paragraph in _rejoin_broken_counts(paragraphs):
        # a space between two Chinese characters is where a copy wrapped a line ("转下一 年度"): not a
        # word boundary the phrases may stop at
        text = _WRAP_SPACE.sub("", drop_pinyin(fold(paragraph)))
        reviews_before = False  # a sentence refers back within its paragraph only
        clauses_said: list[NarrativeStat] = []  # what the parts of the sentence so far (split at ；) said
        disclosure_before = False  # the sentence before was about disclosure
        for typo, phrase in NARRATIVE_TYPOS:
            text = text.replace(typo, phrase)
        if "其中" in text:
            text = _UNIT_LOST.sub(_unit_restored, text)
        if _SUBHEADING.match(text):
            since_applications = _CONTEXT_SENTENCES + 1  # "（三）政务服务。…": another topic begins
            # "（三）政府信息公开行政复议、行政诉讼情况。" heads what follows, up to the next sub-heading
            heading = _HEADING_END.split(text, maxsplit=1)[0][:_MAX_HEADING]
            review_heading = ("复议" in heading or "诉讼" in heading) and any(
                w in heading for w in DISCLOSURE_WORDS
            )
        if year is not None:  # "2021年结转2件" in a 2022 report is 上年结转, "结转2023年" 结转下一年
            text = text.replace(f"{year - 1}年度结转", "上年度结转").replace(f"{year - 1}年结转", "上年结转")
            for verb in ("结转至", "结转到", "结转", "转结"):
                text = text.replace(f"{verb}{year + 1}年", "结转下一年")
        out.extend(_zero_applications(text, section))
        legacy_table = legacy_table or LEGACY_TABLE_MARK in text  # the table's rows follow its header
        if legacy_table:
            out.extend(_legacy_table_zeros(text, section))
        for sentence in split_sentences(text):
            # "办结件中完整公开115件" follows the sentence that named the applications (in the same
            # paragraph or the next); a sentence further on ("全年共办结人大代表建议30件") is about
            # something else, and so is one naming other work ("已办结12345转办件1480件") or other
            # applications ("受理行政许可申请3000件", which also ends the context). Parts split at
            # ；are clauses of one sentence: only a full stop moves the window on.
            if "申请" in sentence:
                ours = _OUR_APPLICATIONS in sentence or not _names_other_applications(sentence)
                since_applications = 0 if ours else _CONTEXT_SENTENCES + 1
                application_context = ours
            else:
                application_context = (
                    since_applications <= _CONTEXT_SENTENCES or application_section
                ) and not any(w in sentence for w in NARRATIVE_OFF_TOPIC_WORDS)
            if sentence.endswith(_FULL_STOPS):
                since_applications += 1
            # A review or lawsuit count elsewhere ("人社领域行政复议案件46件") is only a statistic of
            # ours when the sentence ties it to information disclosure.
            # (only a sentence naming a review or lawsuit can state one: the cheap test first)
            review_context = ("复议" in sentence or "诉讼" in sentence or "起诉" in sentence) and (
                review_section
                or review_heading
                or any(w in sentence for w in DISCLOSURE_WORDS)
                # "（申请…24件。）规范办理答复完成24件，因不服答复引起行政复议3件": reviews of the answers
                # to the applications the sentences are about
                or (application_context and _REVIEW_OF_ANSWER.search(sentence) is not None)
                # "…申请…全部按时办结。其中，收到行政诉讼案件1件": some of the applications just named
                or (application_context and sentence.startswith(_PART_OF_BEFORE))
                # "…1件涉及政府信息公开工作的行政复议…。涉及的行政诉讼数为0件": 涉及的 refers back
                or (reviews_before and sentence.startswith(_REFERS_BACK))
                or (
                    (disclosure_before or application_context)
                    and _BARE_REVIEW_ZERO.fullmatch(sentence) is not None
                )
            )
            reviews_before = review_context
            disclosure_before = any(w in sentence for w in DISCLOSURE_WORDS)
            if application_context and "结转" in sentence:
                out.extend(_zero_carried_forward(sentence, section))
            if application_context and "情况无" in sentence:
                out.extend(_outcomes_none(sentence, section))
            part_of_before = sentence.startswith(_PART_OF_BEFORE)
            if part_of_before and (own := _OWN_PART.match(sentence.lstrip("其中，,、 "))):
                # "全区共收到申请120件。其中，本街道收到3件。": the sentence before was the whole area's
                _wider_area(previous_said, own.group())
            said = _read_sentence(
                sentence,
                section,
                application_context,
                review_context,
                year,
                consultations=part_of_before and _counts_consultations(previous_sentence),
            )
            previous_sentence = sentence
            previous_said = said
            if said:
                if any(st.key in _RECEIPT_KEYS and not st.not_whole for st in said) and not any(
                    w in sentence for w in _SUM_WORDS
                ):
                    # "部门新收…3件，…", "上年结转办理1件，…": the counts of another group (a sentence
                    # printed again, as a page may repeat its text, is the same group)
                    group = openers.setdefault(sentence, len(openers) + 1)
                grouped.extend((group, st) for st in said)
                out.extend(said)
                # what the sentence said so far, its clauses split at ； included ("县政府新收…3件；
                # 县直部门新收…3件。"): a key given the same count twice may be given two parts of it
                clauses_said.extend(said)
                if len(clauses_said) > 1:
                    _equal_parts_withheld(clauses_said)
            if sentence.endswith(_FULL_STOPS):
                clauses_said = []
            if year is not None and ("规" in sentence or "决定" in sentence):
                if any(w in sentence for w in _ACTIVE_WORDS):
                    out.extend(_active_statements(sentence, section, year))
                out.extend(_column_word_statements(sentence, section, year))
    if len(openers) > 1:
        _parts_of_groups(grouped)
    return out


_OF_CONSULTATIONS = "counted among consultations or calls, not applications"
# "电话咨询中，…", "热线来电中，…": the subject of the counts after it
_CONSULTATION = re.compile("|".join(map(re.escape, NARRATIVE_CONSULTATION_WORDS)))
_CONSULTATIONS_SUBJECT = re.compile(f"(?:{_CONSULTATION.pattern})" + r"[^，,。；;\d申]{0,6}中[，,]")


def _counts_consultations(sentence: str) -> bool:
    """The sentence counts consultations or calls ("接受电话咨询12次。"), not applications."""
    return (
        "申请" not in sentence
        and _CONSULTATION.search(sentence) is not None
        and _HAS_UNIT.search(sentence) is not None
    )


def _part_of_something_else(
    previous_label: str, key: str, last_read: tuple[str, int], start: int
) -> str | None:
    """Why a count "其中…" is not ``key``'s though its words name it: the count it is a part of (the
    one just before) counts something else ("办理群众来信8件"), or another outcome row ("不予处理3件，
    其中属于不掌握信息的1件" is a part of 不予处理, whatever its reason)."""
    if _DISTRACTOR.search(previous_label):
        return f"a part of the count before it, which counts something else ({previous_label})"
    last_key, last_end = last_read
    if last_end != start:
        return None
    whole = last_key.split(".")[1]
    if whole in OUTCOME_TERMS and key.split(".")[1] in OUTCOME_TERMS and key.split(".")[1] != whole:
        return f"a part of the count before it, which is {last_key}"
    return None


def _wider_area(said: list[NarrativeStat], own: str) -> None:
    """The application counts of a sentence naming a whole area (全区, 全县 …) are that area's, when
    the next sentence tells the body's own share (``own``: "其中，本街道收到3件")."""
    for stat in said:
        sentence = stat.evidence.sentence or ""
        if (
            stat.key.startswith(_APPLICATIONS)
            and not stat.not_whole
            and any(w in sentence and not _same_unit(w, own) for w in WHOLE_AREA_WORDS)
        ):
            stat.not_whole = WIDER_AREA


def _same_unit(whole: str, own: str) -> bool:
    """ "全镇" and "我镇", "全街道" and "本街道": a town's report speaks of itself both ways."""
    return whole.removeprefix("全") == own[1:]


_RECEIPT_KEYS = frozenset((_NEW_RECEIVED, _CARRIED_OVER))
# "加上上年结转的1件": cases added to those told before, not another group
_SUM_WORDS = ("加上", "连同", "加之")
# "…全年予以公开14件": the year's figure, whatever the sentence opened with
_WHOLE_YEAR_WORDS = ("全年", "合计", "总计", "共计")
_OUTCOME_ROWS = frozenset(f"applications.{term}.total" for term in OUTCOME_TERMS)
GROUP_PART = "one group's part: the section counts another group's cases apart, with their own outcomes"
GROUP_UNACCOUNTED = (
    "one group's: the section counts another group's cases apart, and not all of their outcomes"
)


def _parts_of_groups(grouped: list[tuple[int, NarrativeStat]]) -> None:
    """ "新收申请17件，予以公开13件；上年结转办理1件，予以公开1件", "政府新收…3件，予以公开3件；部门
    新收…3件，予以公开3件": a section's sentences that count applications for two groups, each with its own
    outcomes. An application key told in two of them is each group's part, not the year's figure,
    equal or not. A key told in one group alone is the year's only where every other group's
    outcomes are all told (their rows and those carried forward add up to the group's count: the
    carried-over case above was granted, so 不予公开 and 无法提供 are the new ones' alone)."""
    groups: dict[str, set[int]] = {}
    receipt: dict[int, int | float] = {}
    told: dict[int, int | float] = {}  # a group's outcome rows and carried forward, summed
    with_outcomes: set[int] = set()
    for group, stat in grouped:
        if not stat.key.startswith(_APPLICATIONS) or stat.not_whole not in (None, CARRIED_PART):
            continue
        groups.setdefault(stat.key, set()).add(group)
        if stat.key in _RECEIPT_KEYS:
            receipt.setdefault(group, stat.value)
        elif stat.key.startswith(_OUTCOME_PREFIXES):
            with_outcomes.add(group)
        if stat.key in _OUTCOME_ROWS or stat.key == _CARRIED_FORWARD:
            told[group] = told.get(group, 0) + stat.value
    if len(with_outcomes) < 2:
        return  # one group splits its outcomes, or none: nothing is told per group
    unaccounted = {g for g in with_outcomes if g not in receipt or told.get(g, 0) != receipt[g]}
    for group, stat in grouped:
        if stat.not_whole or not stat.key.startswith(_APPLICATIONS):
            continue
        if len(groups.get(stat.key, ())) > 1:
            stat.not_whole = GROUP_PART
        elif stat.key not in _RECEIPT_KEYS and unaccounted - {group}:
            stat.not_whole = GROUP_UNACCOUNTED


def _legacy_table_zeros(text: str, section: int | None) -> list[NarrativeStat]:
    """The pre-2019 statistics table glued into one run ("不予公开答复数条004、其他类型答复数条00"):
    a row's digits are this year's cell then the running total, with no separator, so they split
    only one way when they start with 0 (no number does): this year's count is 0. A lone "0" may be
    either cell, and the digit before a "、" is the next row's ordinal: neither is read."""
    out: list[NarrativeStat] = []
    for m in _LEGACY_ROW.finditer(text):
        digits = m.group("digits")
        if m.group("ordinal"):
            digits = digits[:-1]  # "…数条004、": 4 numbers the next row
        if len(digits) >= 2 and digits[0] == "0":
            out.append(_stated(_LEGACY_KEYS[m.group("label")], 0, section, m.group(0), note=LEGACY_ZERO_NOTE))
    return out


_LEGACY_KEYS = dict(LEGACY_TABLE_ROWS)
_LEGACY_ROW = re.compile(
    "(?P<label>"
    + "|".join(re.escape(label) for label, _ in LEGACY_TABLE_ROWS)
    + r")(?:条|件|个|项|次)?(?P<digits>\d+)(?P<ordinal>[、.．])?"
)


_WRAP_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


# "共收到政府信息公开申请4其中：当面申请1件，网络申请1件，邮寄申请2件": the count lost its unit
_UNIT_LOST = re.compile(r"(?<=申请)(?P<num>\d{1,6})(?=[，,]?其中[:：]?(?P<parts>[^。；;]*))")
_PART_COUNT = re.compile(r"(\d{1,6})件")


def _unit_restored(m: re.Match[str]) -> str:
    """The count with 件 again, only where the parts after 其中 add up to it: then no other reading
    of the bare digits (a year, an article's number) fits."""
    parts = [int(n) for n in _PART_COUNT.findall(m.group("parts"))]
    return m.group("num") + ("件" if len(parts) >= 2 and sum(parts) == int(m.group("num")) else "")


def _rejoin_broken_counts(paragraphs: list[str]) -> list[str]:
    """A line broken right before its count ("收到政府信息公开申请" / "35件，予以公开12件": a <br> or
    a wrapped line) is one sentence again: the line after starts with the count, and the line
    before ends with no sentence mark. So are a count and its unit on two lines ("不予公开答复 2" /
    "件，…") and a text layer's wrapped prose (see ``_wrapped``). Each test looks at the line just
    before, never at the text joined so far (a long wrapped page stays linear)."""
    out: list[list[str]] = []
    last = ""  # the previous line as printed, stripped
    for paragraph in paragraphs:
        line = paragraph.strip()
        if out and (
            (not last.endswith(_SENTENCE_MARKS) and _COUNT.match(line))
            or (last[-1:].isdigit() and _UNIT_FIRST.match(line))
            or _wrapped(last, line)
        ):
            out[-1].append(line)
        else:
            out.append([line])
        last = line
    return ["".join(parts) for parts in out]


def _wrapped(line: str, following: str) -> bool:
    """A PDF text layer's line wrap: a long line of prose (with clauses, not a heading) that stops
    mid-sentence ("…其他处理14件，转下一"), and a next line that opens no sub-section, heading or
    table row ("年度办理答复的有1件。"). Both lines come stripped."""
    return (
        len(line) >= _MIN_WRAPPED_LINE
        and not line.endswith(_SENTENCE_MARKS)
        and "|" not in line
        and "|" not in following
        and any(mark in line for mark in _PROSE_MARKS)
        and _CONTINUES.match(following) is not None
        and not _SUBHEADING.match(line)  # a heading or title line, not wrapped prose
        and not _SUBHEADING.match(following)
    )


_MIN_WRAPPED_LINE = 12  # characters: shorter lines are headings, cells, dates
_PROSE_MARKS = (",", "，", "。", ";", "；")  # a line of prose has clauses; a heading has none
_CONTINUES = re.compile(r"[\u4e00-\u9fff\d,，、]")
_FULL_STOPS = ("。", "！", "？", "!", "?")
_SENTENCE_MARKS = (*_FULL_STOPS, "；", ";", "：", ":")


def _read_sentence(
    sentence: str,
    section: int | None,
    application_context: bool,
    review_context: bool,
    year: int | None,
    consultations: bool = False,
) -> list[NarrativeStat]:
    """``consultations``: the sentence is a part ("其中…") of one that counted consultations or calls."""
    stats: list[NarrativeStat] = []
    if review_context and ("复议" in sentence or "诉讼" in sentence):
        stats.extend(_zero_review_statements(sentence, section))
    if not _HAS_UNIT.search(sentence):
        return stats
    split_stated = _states_split(sentence) or bool(_INCLUDES_CARRIED.search(sentence))
    review_body = any(word in sentence for word in REVIEW_BODY_WORDS)
    whole_area = any(word in sentence for word in WHOLE_AREA_WORDS)
    one_body = False  # the counts now are one named body's, not the report's
    applicant_context = False
    last_applicant = -1  # where the last applicant count ended
    received_end = -1  # where the last count read as applications received ended
    previous_end = 0
    merged: dict[str, list[tuple[str, int | float]]] = {}  # key → (phrase, count) of merged categories
    review_counts: list[tuple[str, int | float, int]] = []  # (key, count, where it ends) of review kinds
    breakdown_basis: str | None = None  # the basis of the last new_received count
    # counts the sentence's "（含上年结转…）" left unread: the received count, and the carried-over
    # cases inside the completed ones; its own arithmetic may still say what each is
    received_unread: list[NarrativeStat] = []
    carried_in_completed: list[NarrativeStat] = []
    label = ""  # the label of the count before
    other_period_before = False  # the count before was another period's (or no statement)
    answered_at: tuple[int, int] | None = None  # (index in stats, end) of an outcome total told by 答复/办结
    not_whole: list[NarrativeStat] = []  # counts the words tie to a key that are not its figure
    # the sentence opened with last year's carried-over cases ("上年结转申请5件，已办结3件"): the
    # outcomes after it are theirs, until a count of the year's new applications
    carried_subject = False
    wider_until = -1  # the counts before this are the whole area's, the body's own told after them
    last_read = ("", -1)  # the key of the last count read as a value, and where that count ends
    # the sentence names consultations or calls: the cheap test before the per-count ones
    names_consultations = consultations or any(w in sentence for w in NARRATIVE_CONSULTATION_WORDS)
    whole_reviews = False  # a review count before was all of the body's cases, not those over disclosure
    for m in _COUNT.finditer(sentence):
        if _is_part_of_larger_number(sentence, m):
            previous_end = m.end()
            continue
        label_start = previous_end
        previous_label, label = label, _label_before(sentence, previous_end, m.start())
        previous_end = m.end()
        if names_consultations:
            if "申请" in label and _is_application_count(label):
                consultations = False  # the applications again
            elif _CONSULTATION.search(label):
                consultations = True  # "接受电话咨询12次，(其中)不掌握信息的3次": what follows counts those
        # "2021年共收到申请9件，其中3件…": a part of a count that is another period's is too
        of_other_period = other_period_before and label.lstrip("，,、 ").startswith(_PART_OF_BEFORE)
        other_period_before = False
        outcome = _outcome_after(sentence, m.end()) if application_context else None
        if outcome is not None:
            # "2件办理结果为无法提供，另外5件办理结果为其他处理": each count's row follows it, under the
            # guards a count before its row's words has
            value = parse_count(m.group("num"))
            if _not_a_statement(sentence, label, m, year):
                other_period_before = True
            elif (
                isinstance(value, int)
                and not one_body
                and not of_other_period
                and not label.startswith(_SUBSET_MARKS)
                and not _subject_is_some_units(sentence, m.start())
            ):
                subset = _SUBSET_SUBJECT.search(sentence, 0, m.start())
                if m.start() < wider_until:
                    not_whole.append(_not_whole(outcome, value, section, sentence, WIDER_AREA))
                elif carried_subject or (subset is not None and "结转" in subset.group()):
                    not_whole.append(_not_whole(outcome, value, section, sentence, CARRIED_PART))
                elif subset is None:
                    stats.append(_stated(outcome, value, section, sentence))
                    last_read = (outcome, m.end())
            continue
        if (
            label_start
            and _opens_its_clause(sentence, label_start, m.start())
            and not (review_context and _RESULT_AFTER.match(sentence, m.end()))
        ):
            # "其中2件已按要求处理答复完毕，2件正在处理": the words between the two counts are the first
            # count's ("2件已…答复完毕"); the second opens a clause whose words follow it (a review's
            # result right after it, "1件结果维持，2件结果纠正", is read below)
            continue
        joint = _joint_terms(sentence[label_start : m.start()], label)
        if joint is not None:
            # "予以公开和部分公开的28件": one figure for two terms, neither's own; but counts are never
            # negative, so a joint 0 ("行政复议、行政诉讼案件为0件") is 0 for each
            if len(joint) == 2 and parse_count(m.group("num")) == 0 and not review_body:
                stats.extend(
                    _stated(t.key, 0, section, sentence, note=JOINT_ZERO_NOTE)
                    for t in joint
                    if (t.context == "review" and review_context)
                    or (t.context == "application" and application_context)
                )
            continue
        if any(word in label for word in APPLICANT_CONTEXT_WORDS):
            applicant_context = True
        if label.startswith(_SUBSET_MARKS):
            # "(含上年结转的3件)": a part of the count before it, not a statistic of its own, except
            # that it states how many cases were carried over from last year
            # of the cases received ("受理…248件（含上年结转5件）"), not of those completed ("办结的115件
            # 申请中（含上年结转的8件）": some of the carried-over cases)
            value = parse_count(m.group("num"))
            if (
                application_context
                and isinstance(value, int)
                and label.removeprefix("其中").lstrip("含包括").startswith(_CARRIED_WORDS)
                # the count before counts the applications: named before it, or after it ("共收到
                # 12件信息依申请公开，含上年结转2件")
                and (_is_application_count(previous_label) or received_end == label_start)
                and not any(word in previous_label for word in _COMPLETION_WORDS)
            ):
                stats.append(_stated(_CARRIED_OVER, value, section, sentence))
            elif (
                application_context
                and isinstance(value, int)
                and label.removeprefix("其中").lstrip("含包括").startswith(_CARRIED_WORDS)
                and any(word in previous_label for word in _COMPLETION_WORDS)
            ):
                carried_in_completed.append(_stated(_CARRIED_OVER, value, section, sentence))
            continue
        if _not_a_statement(sentence, label, m, year):
            other_period_before = True
            continue
        term = _classify(label)
        if (
            term is not None
            and term.context == "applicant"
            and _ALL_APPLICANTS.search(sentence, label_start, m.start())
        ):
            # "收到公民、法人和其他组织政府信息公开申请161件": the Regulation's name for every applicant,
            # not the 其他组织 column; what is counted is the noun after it
            before = _ALL_APPLICANTS.sub("", sentence[label_start : m.start()])
            label = _label_before(before, 0, len(before))
            term = _classify(label)
        if term is None or term.context != "review":
            if _names_one_body(sentence[label_start : m.start()], whole_area):
                one_body = True  # "其中市政府办公室受理申请40件": that office's, to the sentence's end
            elif any(w in label for w in WHOLE_AREA_WORDS):
                one_body = False  # "全市共收到…248件": the whole again
            if one_body:
                continue
        follows_applicant = last_applicant == label_start  # the count just before was an applicant's
        if term is not None and term.context == "applicant":
            last_applicant = m.end()
        result_key = None
        if review_context:
            # "行政复议3件，1件结果维持，2件结果纠正": a result right after its count is its own (the
            # words before it end the count before); else "其中维持2件": the result before it
            after = _RESULT_AFTER.match(sentence, m.end())
            result_key = _review_result_key(sentence, m.start(), after.group() if after else label)
        if result_key is not None and (term is None or term.context == "review"):
            # "被申请行政复议3件，其中维持2件、纠正1件": one result of the kind named before it
            value = parse_count(m.group("num"))
            if whole_reviews and isinstance(value, int):
                # "行政复议6件，其中政府信息公开类2件，维持1件": of the 6 or of the 2, nothing says
                not_whole.append(_not_whole(result_key, value, section, sentence, _RESULT_OF_WHOLE))
            elif not review_body and isinstance(value, int):
                stats.append(_stated(result_key, value, section, sentence))
            continue
        basis: str | None = None
        if term is None:
            if _names_no_key(label):
                continue  # "…受理申请…情况 我局主动公开信息共计11条": the count is of what is named nearest it
            # "收到申请10件，其中本年新收8件": a 新收 stated after the count makes it a total
            received = (
                (_is_application_count(label) or _counted_before_noun(sentence, label, m.end()))
                and application_context
                and "新收" not in sentence[m.end() :]
                # "受理公民…向市政府及市政府办公室提出的申请5件" in a street office's report: addressed
                # to a body it names, which may not be this one
                and _TO_ANOTHER_BODY.search(sentence, label_start, m.start()) is None
                # "局属事业单位收到申请3件": the body's units', a part of a whole the sentence leaves open
                and _SUBORDINATE_UNITS.search(label) is None
                and not _subject_is_some_units(sentence, m.start())
            )
            if (
                received
                and any(w in label for w in WHOLE_AREA_WORDS)
                and (own := _OWN_PART.search(sentence, m.end())) is not None
                and any(w in label and not _same_unit(w, own.group()) for w in WHOLE_AREA_WORDS)
            ):
                # "全县各单位共收到申请356件，本局收到12件", "全区共收到120件…，其中本街道收到3件": the
                # whole area's, where the body's own is told apart; so are the outcomes before that
                wider_until = own.start()
                if isinstance(value := parse_count(m.group("num")), int):
                    not_whole.append(_not_whole(_NEW_RECEIVED, value, section, sentence, WIDER_AREA))
                continue
            if received and split_stated:
                count = parse_count(m.group("num"))
                if isinstance(count, int) and not one_body:
                    received_unread.append(_stated(_NEW_RECEIVED, count, section, sentence))
                continue
            if received:
                key = _NEW_RECEIVED
                basis = RECEIVED
            elif application_context and _CARRIED_FORWARD_AFTER.match(sentence, m.end()):
                key = _CARRIED_FORWARD  # "办结69件，1件结转下年度继续办理": the count before its words
            elif (
                review_context
                and not review_body
                and (kind := _review_kind_after(sentence, label, m.end())) is not None
            ):
                key = kind  # "有1件涉及政府信息公开工作的行政复议"
                if (why := _review_count_not_ours(sentence, label, m.end())) is not None:
                    whole_reviews = True
                    if isinstance(value := parse_count(m.group("num")), int):
                        not_whole.append(_not_whole(key, value, section, sentence, why))
                    continue
            else:
                continue
        else:
            if term.context == "application" and _counts_items(label):
                continue  # "予以公开的信息共120条": items of information, not applications
            if term.context == "applicant" and not applicant_context:
                continue
            if term.key.endswith(_OTHER_COLUMN) and not follows_applicant:
                continue  # "涉及房屋征收的20件、规划建设10件、其他5件": 其他 ends another list
            if term.context == "application" and not application_context:
                continue
            if term.context == "application" and (
                names_consultations
                and (consultations or _CONSULTATIONS_SUBJECT.search(sentence, 0, m.start()) is not None)
            ):
                # "接受电话咨询12次，其中不掌握信息的3次", "电话咨询中，不掌握信息的3次"
                if isinstance(value := parse_count(m.group("num")), int):
                    not_whole.append(_not_whole(term.key, value, section, sentence, _OF_CONSULTATIONS))
                continue
            if term.context == "application" and label.startswith(_PART_OF_BEFORE):
                # "不予处理3件，其中属于不掌握信息的1件": a part of the count before, another outcome
                why = _part_of_something_else(previous_label, term.key, last_read, label_start)
                if why is not None:
                    if isinstance(value := parse_count(m.group("num")), int):
                        not_whole.append(_not_whole(term.key, value, section, sentence, why))
                    continue
            if term.context == "review" and (not review_context or _REVIEW_RESULT.search(label)):
                continue  # unrelated to disclosure, or one result ("结果维持1件"), not the kind's total
            if term.context == "review" and review_body and "被" not in label:
                continue  # reviews the agency decides as the review body, not reviews of its decisions
            if term.context == "review" and (
                _NOT_ABOUT_DISCLOSURE.search(sentence) or _PART_ABOUT_DISCLOSURE.search(sentence, m.end())
            ):
                # "行政复议案件15件，其中涉及政府信息公开的2件", "…15件、…8件，均不涉及政府信息公开":
                # all of the body's reviews, of which section 四 counts only those about disclosure
                whole_reviews = True
                continue
            if term.context == "review" and (why := _review_count_not_ours(sentence, label, m.end())):
                whole_reviews = True
                if isinstance(value := parse_count(m.group("num")), int):
                    not_whole.append(_not_whole(term.key, value, section, sentence, why))
                continue
            if term.context == "applicant" and any(w in label for w in APPLICANT_SUBTOTAL_WORDS):
                continue  # 法人或其他组织 is the subtotal of five columns, not the 其他 column
            if term.context == "application":
                applicant_context = False
            key = term.key
            subset = _SUBSET_SUBJECT.search(sentence, 0, m.start()) if key in _OUTCOME_KEYS else None
            if key in _OUTCOME_KEYS and (
                of_other_period or subset is not None or _subject_is_some_units(sentence, m.start())
            ):
                # "上年结转的3件申请中，予以公开2件": the outcome of some of them; of the carried-over
                # ones, told so that the new ones' outcome beside it is known for a part too
                value = parse_count(m.group("num"))
                if (
                    subset is not None
                    and "结转" in subset.group()
                    and not of_other_period
                    and isinstance(value, int)
                ):
                    not_whole.append(_not_whole(key, value, section, sentence, CARRIED_PART))
                continue
            if key == _CARRIED_FORWARD and "次年" in label and any(w in label for w in _LAST_YEAR_WORDS):
                continue  # "上一年度结转次年办理的2件": last year's forward, this year's carried over
            if key in _OUTCOME_KEYS and _INCLUDES_AN_OUTCOME.match(sentence, m.end()):
                continue  # "予以公开15件（含部分公开3件）": two of the template's rows in one count
            if _is_application_count(label) and key == _NEW_RECEIVED and split_stated:
                continue
        value = parse_count(m.group("num"))
        if value is None or (isinstance(value, float) and not value.is_integer()):
            continue  # "35.5件" counts nothing
        if term is not None and term.context == "review" and label.endswith("各"):
            # "行政复议、行政诉讼各1件": the count is each listed kind's
            listed = _CLAUSE_END.split(sentence[label_start : m.start()])[-1]
            stats.extend(
                _stated(kind_key, value, section, sentence)
                for word, kind_key in _ZERO_KINDS
                if word in listed
            )
            continue
        category = _merged_category(key, label)
        if category is not None:
            parts = merged.setdefault(key, [])
            if parts and category not in (p for p, _ in parts):
                # a second legacy category of the same key in this sentence: the key is the sum
                parts.append((category, value))
                index = next(i for i, st in enumerate(stats) if st.key == key)
                stats[index] = _stated(
                    key,
                    sum(v for _, v in parts),
                    section,
                    sentence,
                    note="sum of the categories "
                    + " + ".join(f"{p} {v}" for p, v in parts)
                    + ", which the template counts in one row",
                )
                continue
            parts.append((category, value))
        if key == _NEW_RECEIVED:
            breakdown_basis = basis  # the applicant counts after it break this count down
            received_end = m.end()
            carried_subject = False
        elif term is not None and term.context == "applicant":
            basis = breakdown_basis
        if m.start() < wider_until and key.startswith(_APPLICATIONS):
            not_whole.append(_not_whole(key, value, section, sentence, WIDER_AREA))
            continue
        if key == _CARRIED_OVER and not stats and not received_unread and not not_whole:
            # "上年结转申请5件，…" as the subject; "加上上年结转的1件，全年予以公开14件" adds them
            # (none carried over: the outcomes after "上年结转0件" are the year's)
            carried_subject = value > 0 and not any(w in label for w in _SUM_WORDS)
        elif (
            carried_subject
            and key.startswith(_APPLICATIONS)
            and key != _CARRIED_OVER
            and not any(w in label for w in _WHOLE_YEAR_WORDS)
        ):
            not_whole.append(_not_whole(key, value, section, sentence, CARRIED_PART))
            continue
        if key == _OUTCOME_TOTAL and answered_at is None:
            answered_at = (len(stats), m.end())
        stats.append(_stated(key, value, section, sentence, basis=basis))
        last_read = (key, m.end())
        if term is not None and term.context == "review":
            review_counts.append((key, value, m.end()))
    if answered_at is not None and _one_outcome_of_a_list(
        sentence, *answered_at[1:], stats[answered_at[0]].value
    ):
        del stats[answered_at[0]]
    stats.extend(_confirmed_by_identity(stats, received_unread, carried_in_completed))
    counts = [st for st in stats if st.key == _NEW_RECEIVED]
    if len(counts) == 1 and _ALL_NATURAL_PERSONS.search(sentence):
        # "共收到依申请公开21件，均为公民个人申请": every one of them from a natural person
        stats.append(_stated(_NATURAL_PERSON, counts[0].value, section, sentence, basis=counts[0].basis))
    for key, value, end in review_counts:
        # "行政复议案件1件，为其他结果": the one case's result. Not of several ("诉讼9件，均获维持"
        # in a real report whose table prints 8 upheld and 1 pending: prose rounds)
        said = _RESULT_IN_NEXT_CLAUSE.match(sentence, end)
        if key.endswith(".total") and value == 1 and said is not None:
            result = next(r for r, words in _RESULT_WORDS_LONGEST_FIRST if said.group("result") in words)
            stats.append(_stated(key.removesuffix("total") + result, value, section, sentence))
    if len(review_counts) == 1:
        key, value, end = review_counts[0]
        if key.endswith(".total") and NARRATIVE_PENDING_AFTER.match(sentence, end):
            # "信息公开类行政复议1起，正在办理中": the one count is pending
            stats.append(_stated(key.removesuffix("total") + "pending", value, section, sentence))
    if not_whole:
        stats.extend(not_whole)
    return stats


EQUAL_PARTS = "one of two equal counts its sentence gives it, which may be parts of it (政府 3, 部门 3)"


def _equal_parts_withheld(stats: list[NarrativeStat]) -> None:
    """ "县政府收到申请3件，各部门收到申请3件": one sentence giving a key the same count twice, from two
    counts, may give two parts of it (different counts are a conflict, which the merge reports): each
    is marked not_whole. A 0 twice is 0 either way; a stat a rule derived carries a note and is no
    second count."""
    counted: dict[str, list[NarrativeStat]] = {}
    for stat in stats:
        if stat.value and stat.evidence.note is None and stat.not_whole is None:
            counted.setdefault(stat.key, []).append(stat)
    twice = {key for key, said in counted.items() if len(said) > 1 and len({st.value for st in said}) == 1}
    for stat in stats:
        if stat.key in twice:
            stat.not_whole = EQUAL_PARTS


_COUNT_AS_SUBJECT = re.compile(r"(?:的?(?:政府信息公开|信息公开)?申请)?(?:当?中|之中)")


def _one_outcome_of_a_list(sentence: str, end: int, value: int | float) -> bool:
    """ "受理申请12件，答复7件，不予受理4件，…": the answered count stands in a list beside other ways
    the applications were dealt with, so it may be one of them, not all the answers. It is all of
    them where the list after it is its breakdown: opened by 其中, or adding up to it."""
    if _COUNT_AS_SUBJECT.match(sentence, end):
        return False  # "在办结的5件申请中，予以公开3件，…": the list is of those 5
    listed: list[int | float] = []
    start = end
    for m in _COUNT.finditer(sentence, end):
        label = _label_before(sentence, start, m.start())
        start = m.end()
        term = _classify(label)
        if label.startswith(_SUBSET_MARKS + PART_MARKS):
            return False  # "办结23件，其中予以公开10件": its breakdown
        if not ((term is not None and term.key in _OUTCOME_KEYS) or label.endswith(NARRATIVE_NOT_ACCEPTED)):
            break
        count = parse_count(m.group("num"))
        if count is None:
            break
        listed.append(count)
    return bool(listed) and sum(listed) != value


# "因征地补偿引起的行政诉讼3件": cases of a cause the words name, other than disclosure
_CAUSE = re.compile(r"因(?P<cause>[^，,。；;]{2,20}?)(?:而|引起|引发|产生|导致)")
_ABOUT_ANSWERS = ("公开", "答复", "申请")  # a cause about the disclosure answers ("因不服答复引起")
_KIND_WORDS = ("复议", "诉讼", "起诉")


def _review_count_not_ours(sentence: str, label: str, end: int) -> str | None:
    """Why a review or lawsuit count, in a sentence that speaks of disclosure, is not section 四's
    figure (None: nothing says it is not): its clause names another cause ("另发生因征地补偿引起的
    行政诉讼3件"), or a clause after it counts the part over disclosure ("行政诉讼案件8件，其中政府信息
    公开类1件", "行政复议案件5件，涉及信息公开的0件"): the count is then all of the body's cases."""
    own_clause = label + sentence[end:][: _clause_length(sentence, end)]
    cause = _CAUSE.search(own_clause)
    if cause is not None and not any(w in cause.group("cause") for w in (*DISCLOSURE_WORDS, *_ABOUT_ANSWERS)):
        return f"of cases of another cause ({cause.group()})"
    for clause in _CLAUSE_OR_BRACKET.split(sentence[end:])[1:]:
        if (
            any(w in clause for w in DISCLOSURE_WORDS)
            and not any(w in clause for w in _KIND_WORDS)
            and not any(v in clause for v in _COUNT_VERBS)
            and _COUNT.search(clause) is not None
        ):
            return f"all of the body's cases, of which a later clause counts those over disclosure ({clause})"
    return None


_RESULT_OF_WHOLE = "a result told beside a count of all the body's cases: of which of them, nothing says"
# a clause, or a bracket opening inside one ("行政复议5件（其中信息公开类2件）")
_CLAUSE_OR_BRACKET = re.compile(r"[，,；;。（(]")


def _clause_length(sentence: str, start: int) -> int:
    m = _CLAUSE_END.search(sentence, start)
    return (m.start() if m else len(sentence)) - start


def _confirmed_by_identity(
    stats: list[NarrativeStat], received: list[NarrativeStat], carried: list[NarrativeStat]
) -> list[NarrativeStat]:
    """ "收到申请161件，办结168件（含上年结转14件），结转下一年7件": whether 161 counts the 14 the
    words do not say, but the template's identity (本年新收 + 上年结转 = 办理结果总计 + 结转下年度)
    does: 161 + 14 = 168 + 7, and 161 holding the 14 would give 147 + 14 ≠ 175. Only where the
    sentence states all four counts, one of each, and the identity holds with the received count
    as the new one."""
    if len(received) != 1 or len(carried) != 1:
        return []
    completed = [st.value for st in stats if st.key == _OUTCOME_TOTAL]
    forward = [st.value for st in stats if st.key == _CARRIED_FORWARD]
    if (
        len(completed) != 1
        or len(forward) != 1
        or any(st.key in (_NEW_RECEIVED, _CARRIED_OVER) for st in stats)
    ):
        return []
    new, over = received[0], carried[0]
    if over.value <= 0 or new.value + over.value != completed[0] + forward[0]:
        return []
    note = (
        f"new {new.value} + carried over {over.value} = completed {completed[0]} + carried forward "
        f"{forward[0]}: the sentence's own arithmetic says which count is which"
    )
    return [
        _stated(_NEW_RECEIVED, new.value, new.evidence.section, new.evidence.sentence or "", note=note),
        _stated(_CARRIED_OVER, over.value, over.evidence.section, over.evidence.sentence or "", note=note),
    ]


def _stated(
    key: str,
    value: int | float,
    section: int | None,
    sentence: str,
    note: str | None = None,
    basis: str | None = None,
) -> NarrativeStat:
    return NarrativeStat(
        key, value, Evidence(origin="narrative", section=section, sentence=sentence, note=note), basis
    )


def _not_whole(key: str, value: int | float, section: int | None, sentence: str, why: str) -> NarrativeStat:
    """A count the words tie to ``key`` that is not the report's figure for it (``why``)."""
    stat = _stated(key, value, section, sentence)
    stat.not_whole = why
    return stat


_CLAUSE_END = re.compile(r"[，,；;。]")


def _merged_category(key: str, label: str) -> str | None:
    """The legacy category phrase of ``label`` when ``key`` merges several (else None)."""
    for phrase in NARRATIVE_MERGED_CATEGORIES.get(key, ()):
        if phrase in label:
            return phrase
    return None


_BODY_NAME = re.compile(
    # a name of two characters or more before the suffix; 本局, 我局, 全局, 各局 are the report's own
    rf"[\u4e00-\u9fff]{{2,}}(?<![本我该全各])(?:{'|'.join(sorted(SUB_BODY_SUFFIXES, key=len, reverse=True))})"
)


def _names_one_body(span: str, whole_area: bool) -> bool:
    """The text before a count names one body (市自然资源和规划局, 市政府办公室) as a part of the
    whole the report covers: a part mark (其中, 部门中) or a whole-area word in the sentence."""
    return (whole_area or any(mark in span for mark in PART_MARKS)) and _BODY_NAME.search(span) is not None


def _review_result_key(sentence: str, end: int, label: str) -> str | None:
    """The key of a review or lawsuit result stated in a sentence ("其中维持2件", "结果纠正1件"): the
    result the label names, of the kind named last before the count; None if either is missing."""
    result = next(
        (r for r, words in _RESULT_WORDS_LONGEST_FIRST if any(w in label for w in words)),
        None,
    )
    if result is None:
        return None
    ends = [
        (pos + len(word), len(word), kind)
        for word, kind in NARRATIVE_REVIEW_KIND_WORDS
        if (pos := sentence.rfind(word, 0, end)) != -1
    ]
    kinds = {kind for _, _, kind in ends}
    if len(kinds) != 1 or not kinds <= {"review", "litigation"}:
        # "复议3件、诉讼1件，其中维持3件", "直接起诉4件、复议后起诉1件，尚未审结1件": whose result?
        return None
    return f"review_litigation.{kinds.pop()}.{result}"


# Results other than the total, their longest words first (尚未审结 before 未审结 is in one tuple).
_RESULT_WORDS_LONGEST_FIRST = tuple(
    (result, tuple(sorted(words, key=len, reverse=True)))
    for result, words in REVIEW_RESULT_LABELS.items()
    if result != "total"
)
# a count's result, in the clause after it, to the clause's end ("…1件，为其他结果", "…1件，结果为维持")
_RESULT_IN_NEXT_CLAUSE = re.compile(
    r"\s*[,，]\s*(?:结果)?为\s*(?P<result>"
    + "|".join(sorted((w for _, words in _RESULT_WORDS_LONGEST_FIRST for w in words), key=len, reverse=True))
    + r")(?=[,，。；;]|$)"
)
# a result printed right after its count, to the clause's end ("1件结果维持", "2件被纠正")
_RESULT_AFTER = re.compile(
    r"(?:被|予以)?(?:"
    + "|".join(sorted((w for _, words in _RESULT_WORDS_LONGEST_FIRST for w in words), key=len, reverse=True))
    + r")(?=[,，。；;、]|$)"
)


# An outcome printed after its count as the template's own label ("2件办理结果为无法提供",
# "6件为“本机关不掌握相关政府信息”"): the whole label, to the clause's end, names one row. Rows whose
# label a sentence uses for other things (其他, 总计, the received and carried rows) are not among them;
# a label followed by 、 and another ("6件为予以公开、部分公开") is one count for two: neither's.
_OUTCOME_LABELS = {
    normalise_label(label): f"applications.{row.key}.total"
    for row in APPLICATION_ROWS
    if row.key not in ("new_received", "carried_over", "outcome_total", "carried_forward", "other.misc")
    for label in (row.labels[0], row.printed)
}
_OUTCOME_KEYS = frozenset(_OUTCOME_LABELS.values())
# 次年 ("the next year") is the report's next year only where no earlier year is named before it
_LAST_YEAR_WORDS = ("上一年", "上年", "去年", "当年", "前年")
# The subject of the sentence so far is some of the applications ("上年结转的3件申请中，",
# "自然人提出的申请中，", "对于上年结转的申请，"): the outcomes counted after it are theirs, not the rows'.
_SUBSET_SUBJECT = re.compile(
    r"(?:上年结转|上年度结转|结转|自然人|法人|其他组织|企业|科研机构|公益组织|法律服务机构)[^，,。；;]{0,12}?申请"
    r"(?:中|[，,])"  # "上年结转的3件申请中，", "对于上年结转的申请，" (a topic)
)
# The subject of the sentence so far is some of the body's units ("各乡镇（街道）受理12件，其中同意
# 公开8件", "区级部门收到申请30件"): in the report of a district, the counts after it are those units'
# share, not the district's. Both kinds together ("各乡镇（街道）和区级部门共受理…") are all of them;
# a township's own report says 本镇, 我街道, not 各乡镇.
_TOWNSHIPS = re.compile(
    r"(?:各|所辖|下辖)\s*(?:乡镇|镇乡|镇街|街镇|乡|镇|街道)|(?:乡镇|镇街)\s*[（(]\s*街道\s*[)）]"
)
_DEPARTMENTS = re.compile(r"[区县市]级(?:各)?部门")


def _subject_is_some_units(sentence: str, end: int) -> bool:
    """The sentence before ``end`` names the body's townships or its departments, not both."""
    return (_TOWNSHIPS.search(sentence, 0, end) is None) != (_DEPARTMENTS.search(sentence, 0, end) is None)


_OUTCOME_AFTER = re.compile(
    r"(?:的)?(?:申请)?(?:办理结果|答复结果|处理结果)?(?:为|是)\s*[“\"‘']?(?P<label>[^\d，,。；;、”\"’']{2,40}?)[”\"’']?(?=[,，。；;]|$)"
)


def _outcome_after(sentence: str, end: int) -> str | None:
    """The key of an outcome row printed right after a count, by its whole template label."""
    m = _OUTCOME_AFTER.match(sentence, end)
    return _OUTCOME_LABELS.get(normalise_label(m.group("label"))) if m else None


def _joint_terms(span: str, label: str) -> tuple[NarrativeTerm, ...] | None:
    """Two terms joined before one count ("予以公开和部分公开的28件", "行政复议、行政诉讼案件5件"):
    the figure is their sum, neither's own. "行政复议、行政诉讼各1件" states each, and is read elsewhere."""
    if label.endswith("各") or not any(mark in span for mark in NARRATIVE_JOINT_MARKS):
        return None
    m = _REVERSED_PHRASES.search(span[::-1])
    if m is None:
        return None
    before = span[: len(span) - m.end()].rstrip()
    if not before.endswith(NARRATIVE_JOINT_MARKS):
        return None
    other = _REVERSED_PHRASES.search(before[::-1])
    if other is None or other.start() > _MAX_JOINT_GAP:
        return None
    first, last = _TERM_OF_PHRASE[other.group()[::-1]], _TERM_OF_PHRASE[m.group()[::-1]]
    # "已答复和办结35件": two words of one key state that key's figure
    if first is last:
        return None
    return tuple(t for t in (first, last) if t is not None)  # a term with no key is still joined


_MAX_JOINT_GAP = 2  # characters between the first term and the joining word ("予以公开的和…")


def _zero_applications(text: str, section: int | None) -> list[NarrativeStat]:
    """ "本年度未收到政府信息公开申请" states zero new applications: a clause that ends saying so."""
    if _ZERO_APPLICATIONS_ANYWHERE.search(text) is None:
        return []  # the common case, in one scan
    for sentence in split_sentences(text):
        for clause in _CLAUSE_END.split(sentence):
            # "…未收到依申请公开事项." ends with an ASCII full stop (not a sentence mark: decimals)
            if _ZERO_APPLICATIONS.search(clause.strip().rstrip(". ")) and not _PART_OF_THE_YEAR.search(
                clause
            ):
                return [_stated(_NEW_RECEIVED, 0, section, sentence, note=NO_APPLICATIONS_NOTE)]
    return []


_ACTIVE_WORDS = (
    *(word for word, _ in NARRATIVE_ACTIVE_ITEMS),
    *(word for word, _ in NARRATIVE_ACTIVE_DECISIONS),
)
# every word of a section-二 statement has 规 or 决定: the cheap test before the words
assert all("规" in w or "决定" in w for w in _ACTIVE_WORDS)
_ACTIVE_COUNT = re.compile(
    r"(?P<num>\d{1,7}|[零〇一二两三四五六七八九十百千]{1,6})\s*"
    rf"(?:{'|'.join(NARRATIVE_ACTIVE_UNITS)})(?![事%])"
)
_ACTIVE_LABEL_TAIL = ("共计", "合计", "共", "数量为", "数量", "数", "为")
_FIRST_2021_YEAR = 2021
_FIRST_2019_YEAR = 2019


def _active_statements(sentence: str, section: int | None, year: int) -> list[NarrativeStat]:
    """Section 二's rows stated with a count: "制发…规章5件、…行政规范性文件5件，废止…规章9件"
    (the row's words right before the count, the column's verb before them with no other verb
    between), "行政许可决定150起" (decisions, in both editions). 2021 columns only from 2021 on."""
    out: list[NarrativeStat] = []
    previous_end = 0
    for m in _ACTIVE_COUNT.finditer(sentence):
        if _is_part_of_larger_number(sentence, m):
            previous_end = m.end()
            continue
        label = sentence[previous_end : m.start()].rstrip()
        previous_end = m.end()
        for tail in _ACTIVE_LABEL_TAIL:
            if label.endswith(tail):
                label = label[: -len(tail)]
                break
        key = next(
            (f"active.{item}.decisions" for w, item in NARRATIVE_ACTIVE_DECISIONS if label.endswith(w)), None
        )
        if key is not None and any(w in _LAST_CLAUSE.split(label)[-1] for w in NARRATIVE_PUBLISHING_VERBS):
            continue  # "公开…行政处罚决定0条": the decisions published, not those made
        if key is None and year >= _FIRST_2021_YEAR:
            item = next(
                (
                    item
                    for w, item in NARRATIVE_ACTIVE_ITEMS
                    if label.endswith(w) and not label.endswith(f"党内{w}")
                ),
                None,
            )
            column = _active_column(sentence[: m.start()]) if item else None
            key = f"active.{item}.{column}" if column else None
        if key is None or _not_a_statement(sentence, label, m, year):
            continue
        if any(w in sentence[: m.start()] for w in NARRATIVE_ACTIVE_PERIOD_WORDS):
            continue  # "截至2022年底累计制发…": not the year's count
        if _OWN_SHARE_AFTER.search(sentence, m.end()):
            continue  # "全县共作出行政处罚决定5200件，其中本局…520件": a whole, the body's share after it
        value = parse_count(m.group("num"))
        if isinstance(value, int):
            out.append(_stated(key, value, section, sentence))
    return out


def _alternation(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


_COLUMN_COUNT = r"\s*(?:为|是|[:：])?\s*(?P<num>\d{1,7})\s*(?:" + _alternation(NARRATIVE_ACTIVE_UNITS) + ")"
_ITEM_WORDS = re.compile(_alternation(w for w, _ in NARRATIVE_ACTIVE_ITEMS))
_ITEM_KEYS = dict(NARRATIVE_ACTIVE_ITEMS)
_COLUMN_ELEMENT = {
    edition: re.compile(rf"(?:本年度?)?(?P<col>{_alternation(w for w, _ in words)}){_COLUMN_COUNT}")
    for edition, words in NARRATIVE_ACTIVE_COLUMN_WORDS.items()
}
_COLUMN_KEYS = {edition: dict(words) for edition, words in NARRATIVE_ACTIVE_COLUMN_WORDS.items()}
_COLUMN_NAME = {
    edition: re.compile(rf"(?:本年度?)?({_alternation(w for w, _ in words)})")
    for edition, words in NARRATIVE_ACTIVE_COLUMN_WORDS.items()
}
_COLUMN_NAMES_DENIED = {
    edition: re.compile(rf"的?{name.pattern}(?:[、和及与]{name.pattern})*(?=[，,。；;]|$)")
    for edition, name in _COLUMN_NAME.items()
}
# a count under another verb in the same list ("发布0条" before "废止数量0条"), or the count of the verb
# before the row's words ("公开行政规范性文件3件，现行有效件数5件"): passed over, not read
_OTHER_ELEMENT = re.compile(
    r"[\u4e00-\u9fff]{0,4}?\s*\d{1,7}\s*(?:" + _alternation(NARRATIVE_ACTIVE_UNITS) + ")"
)
_LIST_SEPARATOR = re.compile(r"\s*[,，、;；]\s*")
_LAST_CLAUSE = re.compile(r"[,，;；:：]")  # a clause's start: a list's 、 stays inside it
_DECISION_FIRST = re.compile(
    rf"(?P<item>{_alternation(w for w, _ in NARRATIVE_DECISION_ITEMS)})(?:\d{{4}}年度?|本年度?)?"
    rf"(?:{_alternation(NARRATIVE_DECISION_COLUMN_WORDS)}){_COLUMN_COUNT}"
)
_DECISION_NEXT = re.compile(
    rf"(?P<item>{_alternation(w for w, _ in NARRATIVE_DECISION_ITEMS)}){_COLUMN_COUNT}"
)
_DECISION_KEYS = dict(NARRATIVE_DECISION_ITEMS)


def _column_word_statements(sentence: str, section: int | None, year: int) -> list[NarrativeStat]:
    """Section 二 in its table's words: a row's words, then its columns' names each with a count
    ("行政规范性文件：制发件数2件，废止件数1件，现行有效件数22件"), the edition's column names only;
    and decisions ("行政许可处理决定数量450项，行政处罚2项、行政强制0项": the column's name carries
    over a list of rows that each follow with a bare count)."""
    if any(w in sentence for w in NARRATIVE_ACTIVE_PERIOD_WORDS):
        return []  # "截至…累计": not the year's counts
    found = _decision_lists(sentence)
    edition: Edition | None = (
        "2021" if year >= _FIRST_2021_YEAR else "2019" if year >= _FIRST_2019_YEAR else None
    )
    zeros: list[NarrativeStat] = []
    if edition is not None and "规" in sentence:
        for item in _ITEM_WORDS.finditer(sentence):
            if not sentence[: item.start()].endswith("党内"):
                found.extend(_column_list(sentence, item, edition))
                if sentence[: item.start()].endswith(_NONE_OF):
                    zeros.extend(
                        _stated(key, 0, section, sentence) for key in _columns_denied(sentence, item, edition)
                    )
    return zeros + [
        _stated(
            key,
            in_wan(m.group("num"), m.group("unit")) if key == _FEES else int(m.group("num")),
            section,
            sentence,
        )
        for key, m in found
        if not _not_a_statement(sentence, sentence[m.start() : m.start("num")], m, year)
        and not _OWN_SHARE_AFTER.search(sentence, m.end())
    ]


_NONE_OF = ("无", "没有")


def _columns_denied(sentence: str, item: re.Match[str], edition: Edition) -> list[str]:
    """ "无行政规范性文件本年制发件数、现行有效件数，…": the row's words after 无, then the table's own
    column names with no count, to the clause's end: 0 under each named column."""
    names = _COLUMN_NAMES_DENIED[edition].match(sentence, item.end())
    if names is None:
        return []
    row = _ITEM_KEYS[item.group()]
    return [
        f"active.{row}.{_COLUMN_KEYS[edition][name]}" for name in _COLUMN_NAME[edition].findall(names.group())
    ]


def _column_list(sentence: str, item: re.Match[str], edition: Edition) -> list[tuple[str, re.Match[str]]]:
    """The counts named by a column right after a row's words ("规章：制发件数0件，废止件数1件"), up to
    the first element that is neither a column's count nor a short count of another verb (发布0条)."""
    out = []
    row = _ITEM_KEYS[item.group()]
    pos = item.end() + (sentence[item.end() : item.end() + 1] in (":", "："))
    while True:
        element = _COLUMN_ELEMENT[edition].match(sentence, pos)
        if element is not None:
            out.append((f"active.{row}.{_COLUMN_KEYS[edition][element.group('col')]}", element))
        else:
            element = _OTHER_ELEMENT.match(sentence, pos)
            if element is None or _ITEM_WORDS.search(element.group()):
                return out
        separator = _LIST_SEPARATOR.match(sentence, element.end())
        if separator is None:
            return out
        pos = separator.end()


def _decision_lists(sentence: str) -> list[tuple[str, re.Match[str]]]:
    """ "行政许可处理决定数量450项，行政处罚2项、行政强制0项": the first row names the column, the rows
    listed right after it with a bare count take the same column. The list may go on down the
    table to its fees row, with their amount ("…行政强制0项，行政事业性收费0元")."""
    out: list[tuple[str, re.Match[str]]] = []
    for first in _DECISION_FIRST.finditer(sentence):
        element: re.Match[str] | None = first
        last = first
        while element is not None:
            last = element
            out.append((f"active.{_DECISION_KEYS[element.group('item')]}.decisions", element))
            separator = _LIST_SEPARATOR.match(sentence, element.end())
            element = _DECISION_NEXT.match(sentence, separator.end()) if separator else None
        separator = _LIST_SEPARATOR.match(sentence, last.end())
        fees = _FEES_NEXT.match(sentence, separator.end()) if separator else None
        if fees is not None:
            out.append((_FEES, fees))
    return out


_FEES = "active.fees.amount"
# the fees row of section 二's table, its amount with its unit (a count of items is no amount)
_FEES_NEXT = re.compile(
    r"行政事业性收费(?:金额|收费金额)?\s*(?:为|是|[:：])?\s*(?P<num>\d{1,12}(?:\.\d{1,6})?)\s*(?P<unit>"
    + _alternation(MONEY_UNITS)
    + ")"
)


def _active_column(before: str) -> str | None:
    """The column the last verb before a count names ("制发" → issued), if no other verb (审核,
    清理, 拟 …) stands between it and the count, or joined to it in front ("清理废止失效规范性文件4件"
    counts a clean-up campaign's documents, which need not be the year's 本年废止件数)."""
    pos, column, length = max(
        ((before.rfind(v), c, len(v)) for v, c in NARRATIVE_ACTIVE_VERBS), default=(-1, "", 0)
    )
    if pos < 0:
        return None
    if before[max(0, pos - 1) : pos] == "拟" or any(
        w in before[pos + length :] or before[:pos].endswith(w) for w in NARRATIVE_ACTIVE_OTHER_VERBS
    ):
        return None
    return column


def _zero_carried_forward(sentence: str, section: int | None) -> list[NarrativeStat]:
    """ "无下年度结转": a clause that says only that no application goes on to next year; "无上年和
    下年结转件": none came from last year either."""
    for clause in _CLAUSE_END.split(sentence):
        clause = clause.strip().rstrip(". ")
        if (both := _ZERO_CARRIED_BOTH.search(clause)) and not _PART_NAMED.search(clause, 0, both.start()):
            return [
                _stated(_CARRIED_OVER, 0, section, sentence),
                _stated(_CARRIED_FORWARD, 0, section, sentence),
            ]
        if _ZERO_CARRIED_FORWARD.search(clause):
            return [_stated(_CARRIED_FORWARD, 0, section, sentence)]
    return []


_ZERO_CARRIED_BOTH = re.compile(CARRIED_BOTH_ZERO_PATTERN)
# "其中涉及征收的申请无上年和下年结转件": the carries of some of the applications, not the year's
_PART_NAMED = re.compile(r"其中|涉及|属于|关于")


def _outcomes_none(sentence: str, section: int | None) -> list[NarrativeStat]:
    """ "不予公开政府信息情况无": a clause naming an outcome row by its template label, then none."""
    return [
        _stated(key, 0, section, sentence)
        for m in _OUTCOME_NONE.finditer(sentence)
        if (key := _OUTCOME_LABELS.get(normalise_label(m.group("label")))) is not None
    ]


# a whole clause: the row's label, "(政府)信息" or nothing, "(的)情况", then 无
_OUTCOME_NONE = re.compile(
    r"(?:^|(?<=[,，;；、:：]))(?:其中)?(?P<label>[\u4e00-\u9fff]{2,16}?)(?:政府信息|信息)?的?情况(?:为)?无(?=[,，。；;]|$)"
)


_ZERO_CARRIED_FORWARD = re.compile(CARRIED_FORWARD_ZERO_PATTERN)
_CARRIED_FORWARD = "applications.carried_forward.total"
_ZERO_APPLICATIONS = re.compile(ZERO_APPLICATION_PATTERN)
# "上半年未收到…", "1至6月未收到…", "去年未收到…": no application in another span of time
_PART_OF_THE_YEAR = re.compile(_OTHER_PERIOD.pattern + r"|\d{1,2}\s*(?:至|到|-|—|~|－)\s*\d{1,2}\s*月")
# the note of a 0 read from a clause saying no application was received (extract.py weighs it
# against counts: such a clause may be about a part of the year or one channel)
NO_APPLICATIONS_NOTE = "a clause saying no application was received"
_ZERO_APPLICATIONS_ANYWHERE = re.compile(ZERO_APPLICATION_PATTERN.removesuffix("$"))


def _not_a_statement(sentence: str, label: str, m: re.Match[str], year: int | None) -> bool:
    """Counts that are not this year's figure: changes ("较上年增加15件"), other periods ("上年度收到
    200件", "2021年收到…40件" in a 2022 report), approximations ("约300件", "300件左右"), and a
    lone 一 inside a phrase ("每一件"; "予以公开一件", "申请一件" are counts: a term ends right before it)."""
    if _CHANGE.search(label) or (_OTHER_PERIOD.search(label) and "结转" not in label):
        return True
    # an earlier year is another period's figure; a later one dates the count ("截至2023年1月10日")
    if year is not None and any(int(y) < year for y in _YEAR_IN_LABEL.findall(label)):
        return True
    if (
        label.endswith(NARRATIVE_APPROXIMATE_BEFORE) and not label.endswith(NARRATIVE_REST_BEFORE)
    ) or sentence[m.end() :].startswith(NARRATIVE_APPROXIMATE_AFTER):
        return True
    before = sentence[: m.start()].rstrip()
    if before.endswith(NARRATIVE_RANGE_MARKS) and before[:-1].rstrip()[-1:] in _NUMERAL_CHARS:
        return True  # "30至40件": the upper bound of a range ("予以公开-12件" is a count)
    if m.group("num") in ("十", "百", "千", "万") and label.endswith(NARRATIVE_VAGUE_BEFORE):
        return True  # "数十件", "上百件" ("申请数十二件" is 12)
    if NARRATIVE_CUMULATIVE_WORD in label:
        # "截至2022年底累计收到申请500件，全年收到35件": a running total, with this year's after it.
        # Dated to this year, or after this year's count ("收到申请35件，已累计答复33件"), 累计 only
        # means "in all".
        if any(w in sentence[m.end() :] for w in NARRATIVE_THIS_YEAR_WORDS):
            return True
        if not _dated_this_year(before, year) and _COUNT.search(sentence, 0, m.start()) is None:
            return True
    return m.group("num") == "一" and not (label.endswith("申请") or _REVERSED_PHRASES.match(label[::-1]))


_NUMERAL_CHARS = frozenset("0123456789") | frozenset(CHINESE_NUMERAL_CHARS)


def _dated_this_year(before: str, year: int | None) -> bool:
    """The text before a count dates it to the report's year ("2022年，累计收到…", "全年累计…")."""
    return any(w in before for w in NARRATIVE_THIS_YEAR_WORDS) or (year is not None and f"{year}年" in before)


def _is_part_of_larger_number(sentence: str, m: re.Match[str]) -> bool:
    before = sentence[max(0, m.start() - 1) : m.start()]
    # "第3件" is an ordinal; "3百件", "12345678901234件", "1万零5件": a number runs on before the match
    return (
        before == "第"
        or before.isdigit()
        # "无法提供\ufffd65件": a digit before the 65 may have been lost with the undecodable byte
        or before == "\ufffd"
        # "1,234件", "3.5件" (but "办结69件,1件结转…": the comma ends a clause); "1 1件": a number a
        # print's wrap cut in two, or two numbers, which cannot be told apart
        or (before in (".", ",", " ") and sentence[max(0, m.start() - 2) : m.start() - 1].isdigit())
        or (bool(before) and before in CHINESE_NUMERAL_CHARS)
    )


def _opens_its_clause(sentence: str, start: int, end: int) -> bool:
    """The count at ``end`` opens a clause right after one that followed the count ending at
    ``start`` ("…2件已按要求处理答复完毕,2件正在处理"): the words before it are that count's, the
    clause one word long at most before it being no label of its own."""
    parts = _CLAUSE_MARK.split(sentence[start:end])
    return len(parts) == 2 and len(parts[-1].strip()) < 2 and sentence[start:end][:1] not in _CLAUSE_OPENERS


_CLAUSE_OPENERS = frozenset(",，、;；:：")


def _label_before(sentence: str, start: int, end: int) -> str:
    text = sentence[start:end]
    stripped = text.rstrip()
    if stripped.endswith(")") and (opening := stripped.rfind("(")) != -1:
        # "结转至下一年(答复)1件": a bracketed verb is read as part of the label, not as the label
        inside = stripped[opening + 1 : -1].strip()
        if inside in _BRACKETED_VERBS:
            text = stripped[:opening] + inside
    parts = _CLAUSE_MARK.split(text)
    label = parts[-1] if parts else text
    if len(label) < 2 and len(parts) > 1:
        label = parts[-2] + label
    return label.strip()


_BRACKETED_VERBS = frozenset(("答复", "办理", "继续办理", "办理答复"))
# The term of a label is that of the phrase ending nearest the count (the end of the label), the
# longest such phrase on a tie. Searched in the reversed label, that is the leftmost match of the
# reversed phrases, longest first: one regex search instead of a scan per phrase.
_TERM_OF_PHRASE: dict[str, NarrativeTerm | None] = dict.fromkeys(NARRATIVE_PART_PHRASES)  # None: no key
for _term in NARRATIVE_TERMS:
    for _phrase in _term.phrases:
        _TERM_OF_PHRASE.setdefault(_phrase, _term)
_REVERSED_PHRASES = re.compile(
    "|".join(re.escape(p[::-1]) for p in sorted(_TERM_OF_PHRASE, key=len, reverse=True))
)
_DISTRACTOR = re.compile("|".join(map(re.escape, NARRATIVE_DISTRACTORS)))


# "不服…答复": an answer someone disputes, within the clause
_DISPUTED_ANSWER = re.compile(r"不服[^，,。；;]*$")
_ALL_LAWSUITS = "review_litigation.litigation.total"
_DIRECT_LAWSUITS = "review_litigation.litigation_direct.total"
_LAWSUITS_AFTER_REVIEW = "review_litigation.litigation_after_review.total"
# a kind of lawsuit (未经复议直接起诉, 复议后起诉 …: the phrases of the two kinds' terms), and one named
# before 行政诉讼 in the same clause (the last one named, if several)
_LAWSUIT_KINDS = re.compile(
    "|".join(
        sorted(
            (
                re.escape(phrase)
                for phrase, term in _TERM_OF_PHRASE.items()
                if term is not None and term.key in (_DIRECT_LAWSUITS, _LAWSUITS_AFTER_REVIEW)
            ),
            key=len,
            reverse=True,
        )
    )
)
_LAWSUIT_KIND_BEFORE = re.compile(rf"(?:{_LAWSUIT_KINDS.pattern})(?=[^，,。；;]*$)")


def _classify(label: str) -> NarrativeTerm | None:
    if _DISTRACTOR.search(label):
        return None
    m = _REVERSED_PHRASES.search(label[::-1])
    if m is None:
        # "属于四类过程性性信息": a doubled character (a typo) hides the phrase
        collapsed = _DOUBLED.sub(r"\1", label)
        if collapsed == label:
            return None
        label = collapsed
        m = _REVERSED_PHRASES.search(label[::-1])
        if m is None:
            return None
    term = _TERM_OF_PHRASE[m.group()[::-1]]
    if term is None:
        return None
    before = label[: len(label) - m.end()]
    if term.key == _ALL_LAWSUITS and (kind := _LAWSUIT_KIND_BEFORE.search(before)) is not None:
        # "经复议后起诉的行政诉讼0件": the lawsuits of one kind, not all of them; both kinds named
        # ("复议后起诉的行政诉讼及直接起诉的行政诉讼共2件") are all of them
        clause = _CLAUSE_END.split(before)[-1]
        kinds = {_TERM_OF_PHRASE[k] for k in _LAWSUIT_KINDS.findall(clause)}
        return term if len(kinds) > 1 else _TERM_OF_PHRASE[kind.group()]
    if term.key in NARRATIVE_GENERIC_KEYS and _DISPUTED_ANSWER.search(before):
        return None  # "不服政府信息公开答复产生的行政诉讼共3项": what the answers led to, not answers
    if term.key in NARRATIVE_GENERIC_KEYS:
        # "部分公开答复0件", "结转至下一年答复1件": the specific term before the generic verb
        specific = _term_ending_at(_strip_filler(before))
        if specific is not None and specific.context == term.context and specific is not term:
            return specific
        if before.endswith(NARRATIVE_RECEIPT_VERBS):
            return None  # "受理答复…28件": received or answered, which cannot be told
    elif term.key in _REVERSED_SUB_PHRASES:
        # "因本机关不掌握相关政府信息无法提供1件": the sub-row. "因本机关不掌握等原因无法提供265件"
        # may count that sub-row alone or the whole group (a real report: 265 was the sub-row, the
        # group summed to 337): neither is read.
        sub_phrases = _REVERSED_SUB_PHRASES[term.key]
        sub = sub_phrases.search(before[::-1])
        if sub is not None:
            if NARRATIVE_WIDENING_MARK in before[len(before) - sub.start() :]:
                return None
            named = {
                named_term.key
                for m in sub_phrases.finditer(before[::-1])
                if (named_term := _TERM_OF_PHRASE[m.group()[::-1]]) is not None
            }
            if len(named) > 1:
                # "本机关不掌握…或没有现成信息及申请内容不明确无法提供的33件": the reasons together, not
                # the nearest one; the group's total only when every row of the group is named
                return term if named == _SUB_ROW_KEYS[term.key] else None
            return _TERM_OF_PHRASE[sub.group()[::-1]]
    return term


def _names_no_key(label: str) -> bool:
    """The phrase nearest the count names something with no key (按期答复, 主动公开 …)."""
    m = _REVERSED_PHRASES.search(label[::-1])
    return m is not None and _TERM_OF_PHRASE[m.group()[::-1]] is None


_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")


def _strip_filler(text: str) -> str:
    """ "转下一年度办理" → "转下一年度": the words that may stand between a term and 答复."""
    stripped = True
    while stripped:
        stripped = False
        for filler in NARRATIVE_FILLER_BETWEEN:
            if text.endswith(filler):
                text, stripped = text[: -len(filler)], True
    return text


def _term_ending_at(text: str) -> NarrativeTerm | None:
    """The term whose phrase ends ``text`` exactly (None if no phrase ends there)."""
    m = _REVERSED_PHRASES.match(text[::-1])
    return _TERM_OF_PHRASE[m.group()[::-1]] if m else None


# application groups with sub-rows (denied, unavailable, not_processed, other)
_GROUP_ROWS = frozenset(f"applications.{group}" for group in APPLICATION_GROUPS)
_REVERSED_SUB_PHRASES = {
    f"{group}.total": re.compile(
        "|".join(
            re.escape(p[::-1])
            for p in sorted(
                (
                    p
                    for t in NARRATIVE_TERMS
                    if t.key.startswith(f"{group}.") and t.key != f"{group}.total"
                    for p in t.phrases
                ),
                key=len,
                reverse=True,
            )
        )
    )
    for group in _GROUP_ROWS
    if any(t.key.startswith(f"{group}.") and t.key != f"{group}.total" for t in NARRATIVE_TERMS)
}
# each of those groups' sub-row keys (what a sentence names when it names the whole group by its rows)
_SUB_ROW_KEYS = {
    total: frozenset(
        t.key for t in NARRATIVE_TERMS if t.key.startswith(total.removesuffix("total")) and t.key != total
    )
    for total in _REVERSED_SUB_PHRASES
}


def _counts_items(label: str) -> bool:
    """The words after the label's term name items, not applications ("予以公开的信息共"; but
    "本年新收政府信息公开申请" names applications)."""
    m = _REVERSED_PHRASES.search(label[::-1])
    if m is None:
        return False
    tail = label[len(label) - m.start() :]
    return "申请" not in tail and any(w in tail for w in NARRATIVE_ITEM_WORDS)


def _is_application_count(label: str) -> bool:
    return (
        "申请" in label
        and any(p in label for p in APPLICATION_COUNT_PHRASES)
        and not _DISTRACTOR.search(label)
        and not _ITEMS_REQUESTED.search(label)
        and not _names_other_applications(label)
        and not _receipt_joined_to_answer(label)
    )


def _receipt_joined_to_answer(label: str) -> bool:
    """ "受理答复政府信息公开申请": received or answered, which cannot be told."""
    return any(f"{verb}答复" in label for verb in NARRATIVE_RECEIPT_VERBS)


# "我镇收到0件信息公开申请": the count before its noun
# "共收到70件申请，…" (申请 alone, the clause ending there) in a sentence about ours
_APPLICATION_NOUN_AFTER = re.compile(
    r"(?:(?:提出|要求)?[“\"]?(?:(?:政府)?信息公开的?|依申请公开(?:政府信息)?|公开政府信息的?)[”\"]?(?:申请|请求)"
    r"|申请(?=[,，。；;]|$)"
    r"|(?:针对本(?:部门|机关|单位))?有关政府信息公开事务的申请"  # "收到4件针对本部门有关政府信息公开事务的申请"
    # "共收到9份政府信息依申请公开事项", "接到7条提出公开政府信息的申请", "收到1条要求信息公开的申请"
    r"|(?:政府信息)?依申请公开事项"
    r"|(?:政府)?(?:信息)?依申请公开(?=[,，。；;]|$))"  # "共收到12件信息依申请公开，…": to its clause's end
    r"(?![^，,。；;]{0,4}咨询)"  # "…申请(方面)的咨询": enquiries about applying, not applications
)
# "1件结转下年度继续办理", "另有72件申请按照《条例》顺延到下年度答复": within the count's clause
_CARRIED_FORWARD_AFTER = re.compile(r"[^,，。；;、\d]{0,15}?(?:结转|转入|转至|顺延)(?:至|到)?下一?年度?")
# "有1件涉及政府信息公开工作的行政复议", "发生2起因政府信息公开引起的行政诉讼案件": the kind after the count
_REVIEW_KIND_AFTER = re.compile(r"[^,，。；;、\d]{0,24}?(?P<kind>行政复议|行政诉讼)(?:案件)?(?=[,，。；;]|$)")
_REVIEW_COUNT_VERBS = ("有", "发生", "出现", "收到")
_KIND_TOTALS = {
    "行政复议": "review_litigation.review.total",
    "行政诉讼": "review_litigation.litigation.total",
}


def _review_kind_after(sentence: str, label: str, end: int) -> str | None:
    """ "2024年本局有1件涉及政府信息公开工作的行政复议": the total of the kind named after the count,
    which the clause ends with (after a verb of having: 有, 发生, 出现, 收到)."""
    if not label.endswith(_REVIEW_COUNT_VERBS):
        return None
    m = _REVIEW_KIND_AFTER.match(sentence, end)
    if m is None or _REVIEW_RESULT.search(m.group()):
        return None
    return _KIND_TOTALS[m.group("kind")]


_COUNT_VERBS = ("收到", "受理", "接到", "接收")


def _counted_before_noun(sentence: str, label: str, end: int) -> bool:
    """ "收到0件信息公开申请": a count verb, the count, then the applications it counts."""
    return label.endswith(_COUNT_VERBS) and _APPLICATION_NOUN_AFTER.match(sentence, end) is not None


def _names_other_applications(text: str) -> bool:
    """ "行政许可申请", "不动产登记申请": applications that are not for disclosure."""
    return any(f"{w}申请" in text for w in OTHER_APPLICATION_WORDS)


_ZERO_KINDS = (
    ("行政复议", "review_litigation.review.total"),
    ("行政诉讼", "review_litigation.litigation.total"),
)
# In a statement of absence the kinds may be named without 行政 ("没有出现一起投诉、复议和诉讼案件");
# 复议 of 复议后起诉, 未经复议 or 复议机关 names no review of the agency's decisions.
_ZERO_KIND_WORDS = (
    (re.compile(r"(?<!未经)复议(?!后|机关|机构)"), "review_litigation.review.total"),
    (re.compile(r"诉讼|起诉"), "review_litigation.litigation.total"),  # "行政复议或者行政起诉的案例"
)


_YEAR_WORD = re.compile(r"(?<!\d)(?:19|20)\d{2}年度?")


def _zero_review_statements(sentence: str, section: int | None) -> list[NarrativeStat]:
    """ "未发生…行政复议、行政诉讼", "没有因…申请行政复议、提起行政诉讼情况发生", "没有出现一起投诉、
    复议和诉讼案件" state zero for each kind the clause names after its negation (no number in it)."""
    out: list[NarrativeStat] = []
    for clause in _CLAUSE_END.split(sentence):
        if re.search(r"\d", _YEAR_WORD.sub("", clause)):
            continue  # a count in the clause (its year, "2021年我乡未发生…", is none)
        negation = min((clause.find(p) for p in ZERO_REVIEW_PATTERNS if p in clause), default=-1)
        if negation < 0 or _REVIEW_RESULT.search(clause, negation):
            continue  # "未发生…被纠错的情况" denies one result, not every review
        if (narrower := _zero_of_one_cause(clause, negation)) is not None:
            # "不存在超期未答复而被申请行政复议的情况": no review of that cause; of the others, nothing
            out.extend(
                _not_whole(key, 0, section, sentence, f"a zero of the cases of one cause ({narrower})")
                for pattern, key in _ZERO_KIND_WORDS
                if pattern.search(clause, negation) is not None
            )
            continue
        for pattern, key in _ZERO_KIND_WORDS:
            if pattern.search(clause, negation) is not None:
                if key == _ALL_LAWSUITS and (kinds := set(_LAWSUIT_KINDS.findall(clause, negation))):
                    # "不存在直接提起行政诉讼的情况": no lawsuit of that kind; of the others, nothing
                    terms = {_TERM_OF_PHRASE[k] for k in kinds}
                    if len(terms) == 1:
                        out.append(_stated(next(iter(terms)).key, 0, section, sentence))  # type: ignore[union-attr]
                    continue
                out.append(_stated(key, 0, section, sentence))
    return out


# the end of a cause before the kind ("超期未答复而被申请行政复议", "因政府信息公开引起的行政复议")
_CAUSE_END = re.compile(r"而|引起|引发|导致|产生|被")
_FIRST_KIND = re.compile(r"复议|诉讼|起诉")
# what a cause of every review over disclosure is said with ("没有因政府信息公开工作被申请…")
_WHOLE_CAUSE_WORDS = re.compile(
    "|".join(
        map(
            re.escape,
            sorted(
                (
                    *DISCLOSURE_WORDS,
                    *ZERO_REVIEW_PATTERNS,
                    *(
                        "因",
                        "由于",
                        "公开",
                        "信息",
                        "不服",
                        "对",
                        "作出",
                        "的",
                        "工作",
                        "答复",
                        "申请",
                        "事项",
                    ),
                    *("处理", "决定", "政府", "有关", "相关", "任何", "一起", "一件", "过", "出现", "发生"),
                    *("本机关", "本单位", "本部门", "本局", "我局", "本级", "本年度", "本年", "全年", "年度"),
                    # "由政务公开引起", "因政府信息公开工作处理不当而引起": every case, in the reports' words
                    *("由", "政务", "不当", "“", "”", '"', "「", "」"),
                    *("申请人", "公民", "法人", "其他组织", "群众", "当事人", "、", "或者", "或", "和", "及"),
                ),
                key=len,
                reverse=True,
            ),
        )
    )
)


def _zero_of_one_cause(clause: str, negation: int) -> str | None:
    """The cause a zero clause names before the kind, where it narrows the kind below every case
    over disclosure ("超期未答复而被申请…": 超期未), else None ("未发生因政府信息公开引起的行政复议")."""
    kind = _FIRST_KIND.search(clause, negation)
    if kind is None:
        return None
    # after the negation's own words ("未引起行政复议" names no cause)
    start = negation + max(
        (len(p) for p in ZERO_REVIEW_PATTERNS if clause.startswith(p, negation)), default=0
    )
    end = _CAUSE_END.search(clause, start, kind.start())
    if end is None:
        return None
    rest = _WHOLE_CAUSE_WORDS.sub("", clause[negation : end.start()]).strip(" 、,，")
    return rest or None
