"""Layouts a PDF-to-text converter leaves: a row's label moved out above its values; headings with typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from linhai_scrape import LinhaiError, Report, extract_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

_HEAD = (
    "某区司法局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n无。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
    "| （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
)


def test_a_label_moved_above_a_row_of_values_is_that_rows_label() -> None:
    text = (
        _HEAD + "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    )
    flat = extract_text(text).flat()
    assert flat["applications.partially_granted.natural_person"] == 2
    assert flat["applications.partially_granted.total"] == 2


def test_two_labels_above_one_row_of_values_leave_it_unread() -> None:
    text = _HEAD + "5.属于三类内部事务信\n息\n1.本机关不掌握相关政\n府信息\n| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    flat = extract_text(text).flat()
    assert not any(k.startswith(("applications.denied.internal", "applications.unavailable")) for k in flat)


def test_a_heading_with_a_typo_still_ends_the_row_before_it_on_one_line() -> None:
    rows = " ".join(
        f"{label} 0 0 0 0 0 0 0"
        for label in (
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "（七）总计",
            "（一）予以公开",
        )
    )
    text = (
        "某镇2022年政府信息公开工作年度报告 一、总体情况 依法公开。二、主动公开政府信息情况 无。"
        f"三、收到和处理政府信息公开申请情况 {rows} 四、结转下年度继续办理 1000001 四、政府信息公开行政法复议、行政诉讼情况 无。"
        "五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。" + "。" * 200
    )
    flat = extract_text(text).flat()
    assert flat["applications.carried_forward.total"] == 1
    assert flat["applications.carried_forward.natural_person"] == 1


_ACTIVE_HEADER = "第二十条第(一)项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"


def test_a_row_written_out_empty_stays_in_its_table() -> None:
    # "规章 | | | |": its cells are blank, and the row below it is still under the header
    text = (
        "某局2022年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        f"{_ACTIVE_HEADER}\n规章 | | | |\n行政规范性文件 | 4 | 0 | 4 |\n三、收到和处理政府信息公开申请情况\n无。\n"
    )
    flat = extract_text(text).flat()
    assert flat["active.normative_docs.issued"] == 4 and flat["active.normative_docs.in_force"] == 4
    assert not any(k.startswith("active.rules.") for k in flat)  # blank, not 0


def test_a_report_on_one_line_with_section_two_as_one_run_of_pipe_cells() -> None:
    run = (
        f"{_ACTIVE_HEADER} 规章 | | | | 行政规范性文件 | 4 | 0 | 4 | 第二十条第(五)项 | 信息内容 | 本年处理决定数量 | "
        "行政许可 | 124件 | 第二十条第(六)项 | 信息内容 | 本年处理决定数量 | 行政处罚 | | 行政强制 | |"
    )
    text = (
        "某局2022年政府信息公开工作年度报告 一、总体情况 2022年，本局依法推进政府信息公开，做好解读回应。"
        f"二、主动公开政府信息情况 {run} 三、收到和处理政府信息公开申请情况 本年未收到政府信息公开申请。"
        "四、政府信息公开行政复议、行政诉讼情况 无。五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。"
        + "本局将继续做好政府信息公开工作。"
        * 20
    )
    flat = extract_text(text).flat()
    assert flat["active.normative_docs.issued"] == 4
    assert flat["active.normative_docs.repealed"] == 0
    assert flat["active.licensing.decisions"] == 124
    assert "active.penalty.decisions" not in flat


def test_a_text_cut_right_after_a_cell_of_its_last_row_reads_the_cells_there_under_the_first_columns() -> (
    None
):
    rows = "".join(
        f"| {label} | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        for label in ("1.属于国家秘密", "2.其他法律行政法规禁止公开")
    )
    cut = "| 3.危及“三安全一稳定” | 2 | 0 | 3 | 0 | 0 | 0 |"  # the 总计 cell is past the cut
    # the header's own columns: a cut row is never read in the template's order (for whole rows)
    head = _HEAD.replace(
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申请情况\n| 自然人 | 法人或其他组织 | 总计 |\n"
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n",
    )
    assert extract_text(_HEAD + rows + cut).check_codes().count("row_cut_at_end") == 0
    report = extract_text(head + rows + cut)
    # the text stops inside the row: a dump of pipes prints every empty cell, so the six cells there
    # are the row's first six, and its 总计 is missing
    flat = report.flat()
    assert {k: v for k, v in flat.items() if k.startswith("applications.denied.security_stability")} == {
        "applications.denied.security_stability.natural_person": 2,
        "applications.denied.security_stability.commercial": 0,
        "applications.denied.security_stability.research": 3,
        "applications.denied.security_stability.public_interest": 0,
        "applications.denied.security_stability.legal_service": 0,
        "applications.denied.security_stability.other_org": 0,
        "applications.denied.security_stability.total": 5,  # derived: the six columns' sum
    }
    assert report.evidence["applications.denied.security_stability.total"].derived_from
    message = next(c.message for c in report.checks if c.code == "input_truncated")
    assert "6 of the 7 numbers" in message  # six of the seven values
    cut_check = next(c for c in report.checks if c.code == "row_cut_at_end")
    assert "its other 1 are missing" in cut_check.message
    # the same row with a line break after it: no cut, and a row one cell short is never placed by
    # position (issue 13: a cell lost in its middle would slide the rest left)
    whole = extract_text(head + rows + cut + "\n")
    assert "input_truncated" not in whole.check_codes()
    assert not any(k.startswith("applications.denied.security_stability") for k in whole.flat())


@pytest.mark.parametrize(
    ("ending", "why"),
    [
        # the template's last row of the table: a whole text may end with it, a cell lost inside
        ("| 四、结转下年度继续办理 | 2 | 0 | 3 | 0 | 0 | 0 |", "the table's last row"),
        # one cell per line with no pipes: an empty cell is not printed, so a lost one cannot be told
        ("3.危及“三安全一稳定”\n\n2\n\n0\n\n3", "empty cells not printed"),
    ],
)
def test_a_short_last_row_that_may_have_lost_a_cell_is_not_read_by_position(ending: str, why: str) -> None:
    rows = "| 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n| 2.其他法律行政法规禁止公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    report = extract_text(_HEAD + rows + ending)
    flat = report.flat()
    assert not any(
        k.startswith(("applications.carried_forward", "applications.denied.security_stability")) for k in flat
    ), why
    assert "row_cut_at_end" not in report.check_codes()


def test_a_one_cell_per_line_dump_cut_after_a_cell_reads_the_cells_there() -> None:
    # each cell on its own line, closed by "|" (an empty cell is a bare "|"); the text stops after
    # two of 规范性文件's three cells
    head = "某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"

    def row(*cells: str) -> str:  # "| " opens a row; each cell "  text  | ", blank lines between
        return "| \n" + "".join(f"       {cell}  | \n      \n" for cell in cells) + "    \n"

    dump = (
        "| \n       第二十条第（一）项  | \n    |||\n"
        + row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
        + row("规章", "1", "0", "7")
        + row("行政规范性文件", "4", "2")
    )
    report = extract_text(head + dump.rstrip("\n ") + " ")
    flat = report.flat()
    assert flat["active.rules.in_force"] == 7
    assert flat["active.normative_docs.issued"] == 4
    assert flat["active.normative_docs.repealed"] == 2
    assert "active.normative_docs.in_force" not in flat
    assert "row_cut_at_end" in report.check_codes()
    # ending with a line break, the text is whole: its short last row lost a cell, which one unknown
    whole = extract_text(head + dump)
    assert not any(k.startswith("active.normative_docs") for k in whole.flat())
    assert "row_cut_at_end" not in whole.check_codes()


def test_a_lone_application_row_atop_a_page_is_read_in_the_template_order_when_its_sum_holds() -> None:
    # a flipbook's page 9: the table began on page 8; one row and then section 四
    def page(values: str) -> str:
        return (
            "Page 9 - 2020年报\n四、结转下年度继续办理 "
            + values
            + "\n四、政府信息公开行政复议、行政诉讼情况\n"
            "2020年，本局未出现因政府信息公开申请行政复议、提起行政诉讼的情况。\n"
            "五、存在的主要问题及改进情况\n公开形式有待丰富。\n六、其他需要报告的事项\n无。\n"
        )

    flat = extract_text(page("1 0 0 0 0 2 3")).flat()
    assert flat["applications.carried_forward.natural_person"] == 1
    assert flat["applications.carried_forward.other_org"] == 2
    assert flat["applications.carried_forward.total"] == 3
    # the columns' sum does not give its last value: which order the page printed cannot be confirmed
    assert "applications.carried_forward.total" not in extract_text(page("1 0 0 0 0 2 4")).flat()


# --------------------------------------------------------------------------------------------------
# A markdown copy of a PDF whose long labels stand away from their rows (fixtures/md_stranded_labels_*)
# --------------------------------------------------------------------------------------------------

_STRANDED = Path(__file__).resolve().parents[2] / "fixtures" / "md_stranded_labels_2021.txt"
_D2_ROW = (
    "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n|---|---|---|---|---|---|---|\n| 3.危及"  # 2.其他法律行政法规禁止公开
)


def _stranded(replace: tuple[str, str] | None = None) -> Report:
    text = _STRANDED.read_text(encoding="utf-8")
    if replace is not None:
        assert text.count(replace[0]) == 1, replace[0]
        text = text.replace(*replace)
    return extract_text(text)


def test_rows_whose_labels_stand_elsewhere_are_read_by_their_place_when_the_columns_add_up() -> None:
    report = _stranded()
    flat = report.flat()
    assert [
        flat[f"applications.partially_granted.{c}"] for c in ("natural_person", "commercial", "total")
    ] == [3, 1, 4]
    assert flat["applications.denied.prohibited_by_law.total"] == 1
    assert flat["applications.unavailable.not_held.total"] == 9
    assert flat["applications.not_processed.confirmation.total"] == 1
    placed = [c for c in report.checks if c.code == "rows_placed_by_position"]
    assert len(placed) == 1 and placed[0].severity == "info"
    assert "as 2.其他法律行政法规禁止公开" in placed[0].message
    evidence = report.evidence["applications.partially_granted.total"]
    assert evidence.cell == "4" and evidence.row_label.startswith("(（二）部分公开")
    assert "row_unrecognised" not in report.check_codes()


def _none_placed(report: Report) -> None:
    flat = report.flat()
    assert not any(k.startswith("applications.partially_granted.") for k in flat)
    assert not any(k.startswith("applications.denied.prohibited_by_law.") for k in flat)
    assert "rows_placed_by_position" not in report.check_codes()
    assert "row_unrecognised" in report.check_codes()
    assert flat["applications.denied.state_secret.total"] == 0  # rows read by their labels still are


def test_rows_placed_by_position_stay_unread_when_the_columns_do_not_add_up() -> None:
    _none_placed(
        _stranded(
            (_D2_ROW, _D2_ROW.replace("| 1 | 0 | 0 | 0 | 0 | 0 | 1 |", "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |"))
        )
    )


def test_a_stretch_one_row_short_of_the_template_places_nothing() -> None:
    _none_placed(_stranded((_D2_ROW, _D2_ROW.removeprefix("| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"))))


def test_a_row_keeping_another_rows_label_text_is_not_placed_there() -> None:
    _none_placed(_stranded((_D2_ROW, "| 申请人逾期 " + _D2_ROW)))


def test_a_label_printed_with_no_values_leaves_every_place_in_doubt() -> None:
    # its values may be the next row's: the places of the rows around it cannot be told
    _none_placed(_stranded((_D2_ROW, "| 2.其他法律行政法规禁止公开 | | | | | | | |\n" + _D2_ROW)))


def test_a_header_whose_labels_ran_together_heads_the_rows_below_it() -> None:
    text = (
        "某区科技局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        "第二十条第（五）项\n信息内容本年处理决定数量\n行政许可 97\n"
        "第二十条第（八）项\n信息内容本年收费金额（单位：万元）\n行政事业性收费 1.5\n"
        "三、收到和处理政府信息公开申请情况\n本年未收到申请。\n"
    )
    flat = extract_text(text).flat()
    assert flat["active.licensing.decisions"] == 97
    assert flat["active.fees.amount"] == 1.5


def test_a_line_of_header_words_and_prose_is_no_header() -> None:
    text = (
        "某区科技局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        "信息内容本年处理决定数量较上年有所增加\n行政许可 97\n"
        "三、收到和处理政府信息公开申请情况\n本年未收到申请。\n"
    )
    assert "active.licensing.decisions" not in extract_text(text).flat()


def test_a_section_two_row_with_more_values_than_its_header_has_columns_leaves_the_block_unread() -> None:
    # the header lost 现行有效件数, and 规章 lost a value: read by the header, 规章's second 0 would be
    # taken for 本年废止件数
    text = (
        "某局2025年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        "第二十条第（一）项\n\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n规章\n\n0\n\n0\n\n"
        "行政规范性文件\n\n1\n\n0\n\n2\n\n三、收到和处理政府信息公开申请情况\n本年未收到申请。\n"
    )
    report = extract_text(text)
    assert not any(k.startswith(("active.rules.", "active.normative_docs.")) for k in report.flat())
    assert "value_unplaced" in report.check_codes()


@pytest.mark.parametrize("glued", ["行政处罚1100行政 强制65", "行政处罚1100行 政强制65"])
def test_a_row_run_into_its_label_with_the_next_rows_label_gives_no_value(glued: str) -> None:
    # a wrap put a space inside the next row's label: "行政处罚1100行政" is one row and its value glued
    # to the next label's first half, and 65 is 行政强制's, not 行政处罚's
    text = (FIXTURES / "oneline_glued_2021.txt").read_text(encoding="utf-8")
    assert "行政处罚1100行政强制65" in text
    stats = extract_text(text.replace("行政处罚1100行政强制65", glued)).flat()
    assert "active.penalty.decisions" not in stats and "active.coercion.decisions" not in stats
    assert stats["active.licensing.decisions"] == 4529


@pytest.mark.parametrize(
    "cut",
    [
        "| 行政规范性文件 | 4 | 其他主动公开文件 |",  # another row's label run into the cut row
        "| 行政规范性文件 | 4 |",  # under a header with a blank cell before its labels
    ],
)
def test_a_cut_row_is_not_read_where_its_cells_or_its_header_are_not_a_rows(cut: str) -> None:
    header = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    if "其他" not in cut:
        header = "| | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    text = (
        "某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        "| 第二十条第（一）项 | | | |\n" + header + "| 规章 | 1 | 0 | 7 |\n" + cut
    )
    report = extract_text(text)
    assert not any(k.startswith("active.normative_docs") for k in report.flat())
    assert "row_cut_at_end" not in report.check_codes()


def test_template_labels_followed_by_a_forms_bracketed_note_are_those_labels_one_cell_per_line() -> None:
    # a provincial form prints its notes after the template's labels, notes with commas and a "-5"
    cells = [
        "|",
        "第二十条第(一)项 | |||",
        "|",
        "信息内容 |",
        "本年新制作数量 |",
        "本年新公开数量 |",
        "对外公开总数量 |",
        "|",
        "规范性文件(指本机关制定并公开发布的决定、命令、通告、意见、通知，以及标题中采用“规定”“办法”"
        "“细则”“规则”等字样、涉及公民权利义务的公文，一般情况下均属于规范性文件) |",
        "12 |",
        "10 |",
        "64 |",
        "|",
        "第二十条第(五)项 | |||",
        "|",
        "信息内容 |",
        "上一年项目数量 (指上一个年度本机关依法办理的事项数) |",
        "本年增/减 (指本年度增加或减少的事项数，减少的用负值表示，如 -5) |",
        "处理决定数量 (指本年度本机关作出的处理决定办件量) |",
        "|",
        "行政许可 |",
        "31 |",
        "2 |",
        "418 |",
    ]
    text = (
        "某街道办事处2020年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        + "\n".join(cells)
        + "\n三、收到和处理政府信息公开申请情况\n略。\n"
    )
    flat = extract_text(text).flat()
    assert {k: v for k, v in flat.items() if k.startswith("active.")} == {
        "active.normative_docs.made": 12,
        "active.normative_docs.published": 10,
        "active.normative_docs.total": 64,
        "active.licensing.prev_items": 31,
        "active.licensing.change": 2,
        "active.licensing.decisions": 418,
    }


def test_a_row_whose_empty_cells_are_bare_pipe_lines_is_read_when_its_cells_are_as_many_as_the_columns() -> (
    None
):
    # "label | 9 |", four bare "|" lines (empty cells), "| 9 |" (the 总计): 7 cells in all
    def row(label: str, first: str, empties: int, last: str) -> str:
        return f"{label} | {first} |\n" + "|\n" * empties + f"| {last} |\n"

    text = (
        "某区发展改革局2020年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n略。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "| 自然人 | 法人或其他组织 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        + row("一、本年新收政府信息公开申请数量", "9", 4, "9")
        + "二、上年结转政府信息公开申请数量 |\n"
        + "|\n" * 5
        + "| 0 |\n"
        # one bare line too few: six cells for seven columns, so its columns cannot be known
        + row("（一）予以公开", "4", 3, "4")
    )
    report = extract_text(text)
    flat = report.flat()
    assert flat["applications.new_received.natural_person"] == 9
    assert flat["applications.new_received.total"] == 9
    assert flat["applications.carried_over.total"] == 0
    # an empty cell is not read as 0; the 0 comes from the row's own sum (9 = 9 + the others)
    assert report.evidence["applications.new_received.commercial"].derived_from
    assert not any(k.startswith("applications.granted") for k in flat)


def test_a_text_cut_right_after_a_cells_zero_reads_it_as_a_count_but_not_as_an_amount() -> None:
    head = _HEAD.replace(
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申请情况\n| 自然人 | 法人或其他组织 | 总计 |\n"
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n",
    )
    # a count goes on after no leading 0: the cut "0" is the 法律服务机构 column's whole count
    report = extract_text(head + "| 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0")
    flat = report.flat()
    assert flat["applications.denied.state_secret.legal_service"] == 0
    assert "applications.denied.state_secret.other_org" not in flat
    assert "input_truncated" in report.check_codes()
    # an amount may go on (0.35 万元): the cut "0" under 本年收费金额 is not read
    fees = (
        "某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
        "| 第二十条第（八）项 | |\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 0"
    )
    assert "active.fees.amount" not in extract_text(fees).flat()
    assert extract_text(fees + ".35 |\n").flat()["active.fees.amount"] == 0.35


def test_a_spaced_row_ending_the_text_with_its_total_is_whole() -> None:
    # no line break at the end, but the last number is the sum of the row's others: not cut short
    text = (
        "某市人力社保局2020年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n无。\n"
        "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n"
        "社会公益组织\n法律服务机构\n其他\n一、本年新收政府信息公开申请数量 41 5 0 2 0 1 49"
    )
    report = extract_text(text)
    assert report.flat()["applications.new_received.total"] == 49
    assert "input_truncated" not in report.check_codes()


def test_a_pipe_dump_cut_after_any_pipe_reads_without_error() -> None:
    # the fuzz benchmark cut a fixture after a row's label cell: a cut row with no value cells
    text = (FIXTURES / "redteam_taiwan_phrasing.txt").read_text(encoding="utf-8")
    start = text.index("三、")
    for end in (i + 1 for i, char in enumerate(text) if char == "|" and i > start):
        try:
            extract_text(text[:end])
        except LinhaiError:
            pass  # a clear refusal is fine: any other exception fails the test


_SECTION_THREE = (
    "某区司法局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n无。\n"
    "三、收到和处理政府信息公开申请情况\n"
)
_PADDED_HEADER = (
    "| 申请人情况 | | | | | | | | |\n"
    "| | 自然人 | 法人或其他组织 | | | | | 总计 | |\n"
    "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | |\n"
)


def test_a_dump_padding_every_row_with_an_empty_last_cell_reads_its_rows_whole() -> None:
    text = (
        _SECTION_THREE
        + _PADDED_HEADER
        + "| 一、本年新收政府信息公开申请数量 | 7 | 2 | 0 | 0 | 1 | 0 | 10 | |\n"
        + "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |\n"
    )
    flat = extract_text(text).flat()
    assert [
        flat[f"applications.new_received.{column}"] for column in ("natural_person", "commercial", "total")
    ] == [
        7,
        2,
        10,
    ]
    assert flat["applications.new_received.legal_service"] == 1
    assert flat["applications.carried_over.total"] == 1


def test_a_padded_row_one_cell_short_under_its_header_is_not_placed_by_position() -> None:
    # 2 + 0 + 1 + 0 + 0 = 3: the row lost one cell (which, it does not say); with its padding it
    # would be as wide as a whole row, its 总计 3 under 其他 and a blank 总计
    text = (
        _SECTION_THREE
        + _PADDED_HEADER
        + "| 一、本年新收政府信息公开申请数量 | 2 | 0 | 1 | 0 | 0 | 3 | |\n"
        + "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |\n"
    )
    flat = extract_text(text).flat()
    assert flat.get("applications.new_received.other_org") is None
    assert flat.get("applications.new_received.total") in (3, None)
    assert flat["applications.carried_over.total"] == 1


def test_a_header_printing_its_last_column_keeps_the_rows_blank_last_cells() -> None:
    # the rows leave 总计 blank under a header that prints it: a column, not padding
    text = (
        _SECTION_THREE
        + "| 申请人情况 | 自然人 | 法人或其他组织 | | | | | 总计 |\n"
        + "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n"
        + "| 一、本年新收政府信息公开申请数量 | 7 | 2 | 0 | 0 | 1 | 0 | |\n"
    )
    flat = extract_text(text).flat()
    assert flat["applications.new_received.natural_person"] == 7
    assert flat["applications.new_received.other_org"] == 0
    assert flat.get("applications.new_received.total") in (10, None)  # its parts' sum, if derived


def test_rows_of_one_value_then_a_run_of_empty_cells_are_not_taken_as_padded() -> None:
    # "| 0 | ||||||||": which of the empty cells pads, nothing says, so the row stays as wide as drawn
    text = (
        _SECTION_THREE
        + _PADDED_HEADER
        + "一、本年新收政府信息公开申请数量 | 0 | ||||||||\n"
        + "三、本年度办理结果 | （一）予以公开 | 0 | |||||||\n"
    )
    flat = extract_text(text).flat()
    assert "applications.new_received.natural_person" not in flat
    assert "applications.granted.natural_person" not in flat
