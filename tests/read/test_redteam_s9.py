"""Red team of the reading rules added on 7 Dec (issue 12: "never a wrong number").

Each input is our own wording and numbers. An ``xfail(strict=True)`` test is a wrong value the reader
gives today: it states what the document says (or that the key must stay absent), and fails until the
reader is fixed. The passing tests pin down a rule that held against an input not tested elsewhere,
or a wrong value found here and fixed on main by 709417f (outcomes after their count, last year's
结转次年, partial no-application clauses, a cited report before 一, 编制/发布 in a body's name), and
by a145d7f (a total row under another label or without its cells is not replaced by the sum).
"""

from __future__ import annotations

import pytest
from attachment_builders import text_as_pdf
from page_builders import FIXTURES

from linhai_scrape import NotAReportError, extract_bytes, extract_text
from linhai_scrape.models import Report

NEW = "applications.new_received.total"
GRANTED = "applications.granted.total"
UNAVAILABLE = "applications.unavailable.total"
FORWARD = "applications.carried_forward.total"

_HEAD = (
    "测试县审计局2022年政府信息公开工作年度报告\n一、总体情况\n本局依法做好政务公开工作。\n"
    "二、主动公开政府信息情况\n本年主动公开信息30条。\n三、收到和处理政府信息公开申请情况\n"
)
_TAIL = (
    "\n四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议和行政诉讼。\n"
    "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
)


def _section_three(text: str) -> Report:
    """A 2022 report with no tables whose section 三 is ``text``."""
    return extract_text(_HEAD + text + _TAIL)


# --------------------------------------------------------------------------------------------------
# Rule 4 (72b7c69): an outcome printed after its count by its whole template label
# --------------------------------------------------------------------------------------------------


def test_an_outcome_after_a_count_of_another_year_is_not_this_years() -> None:
    report = _section_three("本年度收到政府信息公开申请6件。与上年相比，2021年收到的申请中有4件为予以公开。")
    assert report.flat()[NEW] == 6
    assert GRANTED not in report.flat()  # 4 is 2021's; this year's is not stated


def test_an_approximate_count_before_an_outcome_is_not_a_count() -> None:
    report = _section_three("本年度收到政府信息公开申请20件，约5件办理结果为予以公开。")
    assert GRANTED not in report.flat()


def test_a_cumulative_count_before_an_outcome_is_not_the_years() -> None:
    report = _section_three("本年度收到政府信息公开申请6件，2018年以来累计12件办理结果为予以公开。")
    assert GRANTED not in report.flat()


def test_a_range_before_an_outcome_is_not_a_count() -> None:
    report = _section_three("本年度收到政府信息公开申请6件，3至4件办理结果为予以公开。")
    assert GRANTED not in report.flat()


def test_the_outcome_of_the_carried_over_cases_only_is_not_the_rows_total() -> None:
    report = _section_three(
        "本年度新收政府信息公开申请6件，上年结转3件。上年结转的3件申请中，2件办理结果为予以公开，"
        "1件办理结果为不予公开。"
    )
    flat = report.flat()
    assert flat[NEW] == 6
    # of the nine applications handled, the outcomes of the six new ones are not stated
    assert GRANTED not in flat and "applications.denied.total" not in flat


def test_the_outcome_of_one_applicant_kind_is_not_the_rows_total() -> None:
    report = _section_three(
        "本年度收到政府信息公开申请10件，其中自然人8件、法人或其他组织2件。自然人提出的申请中，2件办理结果为无法提供。"
    )
    assert UNAVAILABLE not in report.flat()


def test_last_years_outcome_after_其中_is_not_this_years() -> None:
    report = _section_three("本年度收到政府信息公开申请6件。2021年共收到申请9件，其中3件办理结果为无法提供。")
    assert report.flat()[NEW] == 6
    assert UNAVAILABLE not in report.flat()


def test_a_count_before_two_outcomes_joined_by_a_comma_is_neithers() -> None:
    report = _section_three("本年度收到政府信息公开申请10件，其中6件为予以公开、部分公开，4件为无法提供。")
    flat = report.flat()
    assert flat[UNAVAILABLE] == 4
    assert GRANTED not in flat and "applications.partially_granted.total" not in flat


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度收到政府信息公开申请6件，近三年累计12件办理结果为予以公开。",
        "本年度收到政府信息公开申请6件，近三年累计予以公开12件。",
    ],
)
def test_a_running_total_of_recent_years_is_not_the_years_outcome(sentence: str) -> None:
    assert GRANTED not in _section_three(sentence).flat()


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度新收政府信息公开申请6件，上年结转3件。对于上年结转的申请，2件办理结果为予以公开。",
        "本年度新收政府信息公开申请6件，上年结转3件。对于上年结转的申请，予以公开2件。",
        "本年度新收政府信息公开申请6件，上年结转3件。上年结转的申请，2件办理结果为予以公开，1件为无法提供。",
    ],
)
def test_the_carried_over_cases_named_as_a_topic_give_no_row_total(sentence: str) -> None:
    assert GRANTED not in _section_three(sentence).flat()


def test_an_outcome_after_a_named_offices_count_is_not_the_reports() -> None:
    # held: the named office's count makes the clause one body's
    report = _section_three(
        "本年度全县共收到政府信息公开申请40件，其中县政府办公室收到申请10件，4件办理结果为予以公开。"
    )
    assert report.flat()[NEW] == 40
    assert GRANTED not in report.flat()


# --------------------------------------------------------------------------------------------------
# Rule 4 (72b7c69): 结转次年 as carried forward
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度新收政府信息公开申请8件，上一年度结转次年办理的2件申请已全部办结。",
        "本年度新收政府信息公开申请8件。去年结转次年办理2件，今年已办结。",
        "本年度新收政府信息公开申请8件。2021年度报告显示，当年结转次年办理3件。",
    ],
)
def test_last_years_结转次年_is_not_this_years_carried_forward(sentence: str) -> None:
    report = _section_three(sentence)
    assert report.flat()[NEW] == 8
    assert FORWARD not in report.flat()


def test_结转次年_named_by_the_years_around_it_held() -> None:
    # held: "2021年受理的申请结转次年" is 2021's forward, this year's carried-over; not read as forward
    report = _section_three("本年度新收政府信息公开申请8件，2021年受理的申请结转次年办理2件，均已办结。")
    assert FORWARD not in report.flat()


# --------------------------------------------------------------------------------------------------
# Rule 4 (72b7c69): the nouns of a no-application clause
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("本年度收到政府信息公开申请3件，均已按时答复。12345热线转来的咨询中，无申请公开事项。", 3),
        ("上半年未收到政府信息申请，下半年收到政府信息公开申请2件。", 2),
        ("1至6月未收到申请公开事项；7月以来共收到申请4件，均已答复。", 4),
    ],
)
def test_a_partial_no_application_clause_does_not_make_the_years_count_zero(
    sentence: str, stated: int
) -> None:
    assert _section_three(sentence).flat().get(NEW) in (stated, None)


# --------------------------------------------------------------------------------------------------
# Rule 3 (8353977): the title and the agency
# --------------------------------------------------------------------------------------------------

_BODY = (
    "一、总体情况\n本局依法做好政务公开工作。\n二、主动公开政府信息情况\n本年主动公开信息30条。\n"
    "三、收到和处理政府信息公开申请情况\n本年度收到政府信息公开申请5件。\n"
    "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议和行政诉讼。\n"
    "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
)


@pytest.mark.parametrize(
    "opening",
    [
        "按照《测试市人民政府2021年政府信息公开工作年度报告》的体例，现将本局2022年度政府信息公开工作情况报告如下。",
        "本报告参照《测试市人民政府办公室2021年政府信息公开工作年度报告》编制，数据统计期限为2022年1月1日至12月31日。",
    ],
)
def test_an_opening_citing_another_report_is_not_the_title(opening: str) -> None:
    report = extract_text(opening + "\n" + _BODY)
    assert report.year in (2022, None)
    assert report.title is None or "2021" not in report.title


@pytest.mark.parametrize(
    "agency",
    ["测试市机构编制委员会办公室", "中共测试县委机构编制委员会办公室", "测试市公共资源交易信息发布中心"],
)
def test_a_body_whose_name_holds_编制_or_发布_keeps_its_name(agency: str) -> None:
    report = extract_text(f"{agency}2022年政府信息公开工作年度报告\n" + _BODY)
    assert report.agency in (agency, None)


# --------------------------------------------------------------------------------------------------
# Rule 2 (166021c): a total whose row is printed but unread is never derived
# --------------------------------------------------------------------------------------------------

_TOTAL_ROW = "（七）总计 | 72 | 3 | 0 | 0 | 1 | 0 | 76 |"


@pytest.mark.parametrize("label", ["（七）合计", "（七）总汁", "（七）办理结果总计"])
def test_a_total_row_printed_under_another_label_is_not_replaced_by_the_sum(label: str) -> None:
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    assert _TOTAL_ROW in text and "办结76件，" in text
    # the sentence that also states 76 is taken out: only the row states the total
    text = text.replace("办结76件，", "").replace(_TOTAL_ROW, _TOTAL_ROW.replace("（七）总计", label))
    report = extract_text(text)
    assert report.stats.get("applications.outcome_total.total") in (76, None)  # never the sum, 85


# --------------------------------------------------------------------------------------------------
# Rule 1 (f402196): a plain text file printed to PDF
# --------------------------------------------------------------------------------------------------


def _printed(text: str, wrap: int) -> dict[str, int | float]:
    return extract_bytes(text_as_pdf(text, wrap=wrap), kind="file", location="t.pdf").flat()


def _as_text(text: str) -> dict[str, int | float]:
    return extract_bytes(text.encode("utf-8"), kind="file", location="t.txt").flat()


def _printed_in(text: str, wrap: int, size: float) -> dict[str, int | float]:
    """``text`` printed as text_as_pdf prints it (lines over ``wrap`` characters cut at a space, else
    at ``wrap``), in a type ``size`` points high: a 12-point print fills an A4 line at 41 characters."""
    import io

    from attachment_builders import _font
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, buf = _font(), io.BytesIO()
    page, y = canvas.Canvas(buf, pagesize=A4), 800.0
    for line in text.splitlines():
        while True:
            cut = line.rfind(" ", 0, wrap) if len(line) > wrap else len(line)
            cut = cut if cut > 0 else min(wrap, len(line))
            chunk, line = line[:cut], line[cut:].lstrip(" ")
            page.setFont(font, size)
            page.drawString(30, y, chunk)
            y -= size * 1.35
            if y < 40:
                page.showPage()
                y = 800.0
            if not line:
                break
    page.save()
    return extract_bytes(buf.getvalue(), kind="file", location="t.pdf").flat()


def test_a_natural_line_as_long_as_the_print_width_is_not_joined_to_the_next() -> None:
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    text = "\n".join(line.replace(" ", "") for line in text.splitlines())  # "|自然人|法人或其他组织|总计|"
    header = next(line for line in text.splitlines() if line.endswith("|申请人情况|"))
    width = len(header)  # 41: the long prose lines are cut at this width, the header just fits
    assert _printed(text, width) == _printed_in(text, width, 9)  # held at 9 pt (not joined)
    printed = _printed_in(text, width, 12)
    assert {k: v for k, v in printed.items() if _as_text(text).get(k) != v} == {}


def test_a_2019_row_wrapped_after_its_小计_cell_does_not_give_小计_as_总计() -> None:
    text = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8")
    printed = _printed(text, 40)
    assert {k: v for k, v in printed.items() if _as_text(text).get(k) != v} == {}


def test_an_inline_list_of_measures_does_not_make_a_printed_report_one_line() -> None:
    text = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8")
    measures = "下一步，我区将重点做好以下工作：一、加强业务培训，提升答复质量。二、完善公开目录，规范信息发布。三、强化监督考核。\n"
    listed = text.replace("五、存在的主要问题及改进情况\n", "五、存在的主要问题及改进情况\n" + measures)
    assert listed != text
    assert len(_printed(listed, 60)) >= 0.95 * len(_printed(text, 60))


# --------------------------------------------------------------------------------------------------
# Rule 6 (50c1ba4): a running header is printed at one place on most pages
# --------------------------------------------------------------------------------------------------


def test_identical_table_headers_at_page_tops_are_not_running_headers() -> None:
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    header = "信息内容 | 本年处理决定数量 |"
    per_page = 64  # text_as_pdf's lines on a page
    lines: list[str] = []
    for line in text.splitlines():
        if line == header:
            while len(lines) % per_page:
                lines.append("本局持续推进政务公开标准化规范化建设，不断提升公开质量和实效。")
        lines.append(line)
    padded = "\n".join(lines)
    assert padded.count(header) == 2
    printed = _printed(padded, 90)
    assert {k: v for k, v in printed.items() if _as_text(padded).get(k) != v} == {}  # held: none wrong
    assert "active.licensing.decisions" in printed


@pytest.mark.parametrize(
    "opening",
    [
        "本局依据测试市人民政府2022年政府信息公开工作年度报告格式要求编制本报告。",
        "测试市人民政府办公室转发测试省2022年政府信息公开工作年度报告编制要求，本局据此编制。",
    ],
)
def test_an_opening_naming_another_bodys_report_gives_no_agency_fragment(opening: str) -> None:
    report = extract_text(opening + "\n" + _BODY)
    assert report.agency is None  # the body is 本局, whose name the page does not print


def test_a_one_line_report_wrapped_between_characters_gives_no_other_number() -> None:
    text = (FIXTURES / "oneline_spaced_2019.txt").read_text(encoding="utf-8")
    width = 82
    wrapped = "\n".join(
        line[i : i + width] for line in text.splitlines() for i in range(0, max(len(line), 1), width)
    )
    assert "规章 0 0 0 规\n范性文件 12 12 203" in wrapped
    printed = _printed(wrapped, 10**6)  # lines as given, none wrapped again
    assert {k: v for k, v in printed.items() if _as_text(text).get(k) != v} == {}


def test_a_row_cut_inside_its_total_by_a_column_printer_does_not_give_the_cut_number() -> None:
    text = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8")
    width = 52
    cut = "\n".join(
        line[i : i + width] for line in text.splitlines() for i in range(0, max(len(line), 1), width)
    )
    assert "| 16 | 12\n8 |" in cut
    printed = _printed(cut, 10**6)
    assert printed.get(NEW) in (128, None)
    assert printed.get(GRANTED) in (57, None)


def test_a_total_row_printed_without_its_cells_is_not_derived() -> None:
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8").replace("办结76件，", "")
    report = extract_text(text.replace(_TOTAL_ROW, "（七）总计"))
    assert "applications.outcome_total.total" not in report.stats


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度通过12345热线接到15条提出公开政府信息的申请方面的咨询，均已解答。",
        "本年度通过12345热线接到15条提出公开政府信息的申请的咨询。",
        "本年度通过12345热线接到15条政府信息公开申请的咨询。",
    ],
)
def test_a_count_of_enquiries_about_applying_is_not_applications(sentence: str) -> None:
    assert NEW not in _section_three(sentence).flat()


@pytest.mark.parametrize(
    "link",
    [
        "上一篇：测试县审计局2021年政府信息公开工作年度报告\n下一篇：测试县审计局关于开展安全生产检查的通知",
        "相关阅读：《测试县审计局2021年政府信息公开工作年度报告》",
    ],
)
def test_a_link_to_last_years_report_after_the_body_is_not_the_title(link: str) -> None:
    period = "本报告统计期限为2022年1月1日至2022年12月31日。\n"
    report = extract_text(period + _BODY + link + "\n")
    assert report.year in (2022, None)


# --------------------------------------------------------------------------------------------------
# 7265bb5 (merged while this ran): a title printed on two lines
# --------------------------------------------------------------------------------------------------


def test_a_byline_with_the_publication_date_over_the_bare_name_is_not_the_year() -> None:
    head = "测试县审计局 2023年01月20日\n政府信息公开工作年度报告\n本报告统计期限为2022年1月1日至2022年12月31日。\n"
    report = extract_text(head + _BODY)
    assert report.year in (2022, None)


def test_the_portals_name_over_the_bare_name_is_not_the_agency() -> None:
    head = (
        "测试县人民政府\n政府信息公开工作年度报告\n"
        "本报告由测试县审计局编制，统计期限为2022年1月1日至2022年12月31日。\n"
    )
    report = extract_text(head + _BODY)
    assert report.agency in ("测试县审计局", None)


# --------------------------------------------------------------------------------------------------
# Rules that held against inputs not tested elsewhere
# --------------------------------------------------------------------------------------------------


def test_a_worded_sign_under_an_unsigned_column_gives_no_number() -> None:
    # 72b7c69: "增11" is signed, so 本年新制作数量 (unsigned) never takes it as 11
    text = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8")
    row = "规范性文件 | 11 | 11 | 58 |"
    assert row in text
    flat = extract_text(text.replace(row, "规范性文件 | 增11 | 11 | 58 |")).flat()
    assert "active.normative_docs.made" not in flat
    # and a worded decrease on its own line, in the blank-line layout, keeps its sign
    blank = (FIXTURES / "flat_blanklines_2019.txt").read_text(encoding="utf-8")
    assert "40\n\n+2\n\n96" in blank
    assert (
        extract_text(blank.replace("40\n\n+2\n\n96", "40\n\n减2\n\n96")).flat()["active.penalty.change"] == -2
    )


def test_a_notice_listing_the_parts_of_the_annual_report_is_not_a_report() -> None:
    # bb12f23: "年报由…组成" presents a report only in a report's opening; a notice about compiling
    # the reports, numbered 一、二、 by its own items, stays refused
    notice = (
        "各镇人民政府、街道办事处，区政府各部门：\n为做好2022年度政府信息公开工作年度报告编制工作，现将有关事项"
        "通知如下。年报由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
        "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分组成。\n一、编制要求\n"
        "各单位应于2023年1月20日前完成编制，收到政府信息公开申请的，应如实填报。\n二、发布时间\n"
        "各单位于2023年1月31日前在门户网站发布。\n"
    )
    with pytest.raises(NotAReportError):
        extract_text(notice)


def test_a_text_folded_at_a_fixed_width_gives_no_cut_number() -> None:
    # the same fold saved as text: "…| 16 | 12" / "8 |" is a cell cut in two, 128 or two numbers,
    # and is read as neither
    text = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8")
    cut = "\n".join(line[i : i + 52] for line in text.splitlines() for i in range(0, max(len(line), 1), 52))
    assert "| 16 | 12\n8 |" in cut
    folded = _as_text(cut)
    assert folded.get(NEW) in (128, None)
    assert folded.get(GRANTED) in (57, None)


@pytest.mark.parametrize("width", [60, 70, 82, 100])
def test_a_one_line_report_wrapped_between_characters_as_text_gives_no_other_number(width: int) -> None:
    # the same wrap saved as text: at 70 characters "0 0 0 0 0 0 0 5.要求行政机关确认… 0 0 0 0 0 0 0
    # （六）其他处理 1 0 0 0 0 0 1" gave the confirmation row 其他处理's 1; a label holding values is none
    text = (FIXTURES / "oneline_spaced_2019.txt").read_text(encoding="utf-8")
    wrapped = "\n".join(
        line[i : i + width] for line in text.splitlines() for i in range(0, max(len(line), 1), width)
    )
    read = _as_text(wrapped)
    assert {k: v for k, v in read.items() if _as_text(text).get(k) != v} == {}
