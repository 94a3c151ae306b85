"""Section splitting (read/sections)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from linhai_scrape.read.document import parse_document
from linhai_scrape.read.sections import _CANDIDATE, _OTHER_NUMBERING, split_sections


def test_section_splitter_ignores_table_row_four_and_inline_headings() -> None:
    text = (
        "XX县2021年政府信息公开工作年度报告\n一、总体情况 正文。二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况 一是人员不足。\n六、其他需要报告的事项 无。"
    )
    split = split_sections(parse_document(text))
    assert [s.number for s in split.sections] == [1, 2, 3, 4, 5, 6]
    assert (
        split.get(3) is not None and len(split.get(3).tables) == 1
    )  # the 四、 row stays in section 三's table
    assert split.get(4).heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert split.get(5).text == "一是人员不足。"


def test_a_body_with_its_own_outline_is_split_by_the_topics_its_headings_name() -> None:
    doc = parse_document(
        "一、总体情况\n推进政务公开。\n二、工作机制保障\n设立工作小组。\n三、主动公开工作情况\n发布信息215条。\n"
        "四、政府信息公开申请情况\n全年收到申请51件。\n五、政府信息管理\n更新指南。\n"
    )
    split = split_sections(doc)
    assert [(s.number, s.heading) for s in split.sections] == [
        (1, "一、总体情况"),
        (2, "三、主动公开工作情况"),
        (3, "四、政府信息公开申请情况"),
    ]
    assert "设立工作小组" in split.sections[0].text  # a heading naming no topic stays in the section before


def test_an_own_outline_then_the_template_tables_numbered_again_from_one_gives_the_later_topics() -> None:
    doc = parse_document(
        "一、总体情况\n推进政务公开。\n二、工作机制保障\n设立工作小组。\n三、主动公开工作情况\n发布信息215条。\n"
        "四、政府信息公开申请情况\n全年收到申请51件。\n五、政府信息管理\n更新指南。\n六、政府信息公开平台建设\n改版。\n"
        "一、主动公开政府信息情况\n（表）\n二、收到和处理政府信息公开申请情况\n（表）\n"
        "三、政府信息公开行政复议、行政诉讼情况\n（表）\n五、其他需要报告的事项\n无。\n"
    )
    split = split_sections(doc)
    assert [(s.number, s.heading) for s in split.sections] == [
        (1, "一、总体情况"),
        (2, "三、主动公开工作情况"),
        (3, "四、政府信息公开申请情况"),
        (4, "三、政府信息公开行政复议、行政诉讼情况"),
        (6, "五、其他需要报告的事项"),
    ]


def test_numbered_points_in_prose_are_no_outline() -> None:
    # numerals that do not rise, or topics out of order, are sub-points: not sections
    doc = parse_document(
        "一、总体情况\n推进公开。\n一、主动公开方面\n发布信息。\n二、依申请公开方面\n办理申请。\n"
    )
    assert [s.number for s in split_sections(doc).sections] == [1]


# The section numberings as look-behind patterns (a number starts the text or follows white space or
# a break): sections._Numbering tests that on each match instead, and must find the same matches.
_LOOK_BEHIND_CANDIDATE = re.compile(
    r"(?:(?<=^)|(?<=[\s。；;：:>|)）]))([一二三四五六七八九十]{1,2})\s*[、.．]\s*"
)
_LOOK_BEHIND_OTHER = re.compile(
    r"(?:(?<=^)|(?<=[\s。；;：:>|]))(?:第([一二三四五六七八九十]{1,2})部分\s*|([一二三四五六七八九十]{1,2})[\s,，]+"
    r"|[（(]([一二三四五六七八九十]{1,2})[）)]\s*|([1-9])\s*[、.．]\s*)"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="一二三十五第部分、.．,，（()）) \u3000\n。；;：:>|x19", max_size=16))
def test_section_numbers_are_found_as_the_look_behind_patterns_find_them(text: str) -> None:
    for numbering, look_behind in (
        (_CANDIDATE, _LOOK_BEHIND_CANDIDATE),
        (_OTHER_NUMBERING, _LOOK_BEHIND_OTHER),
    ):
        assert [(m.span(), m.groups()) for m in numbering.finditer(text)] == [
            (m.span(), m.groups()) for m in look_behind.finditer(text)
        ]
