"""Pages cut short: a page that presents the report is read for what it holds; other pages stay refused."""

from __future__ import annotations

import pytest
from page_builders import FIXTURES

from linhai_scrape import NotAReportError, extract_text
from linhai_scrape.read.metadata import names_the_report

_BODY = (
    "2021年，本镇共收到政府信息公开申请6件，予以公开4件，无法提供2件。"
    "本镇坚持以公开为常态、不公开为例外，扎实推进决策、执行、管理、服务、结果公开，"
    "围绕群众关切做好政策解读和回应，规范依申请公开办理流程，按期答复率达到百分之百。"
)


def _page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><div class='nav'>首页 | 信息公开</div>"
        f"<div id='zoom'>{body}</div></body></html>"
    )


def test_a_page_titled_as_the_report_that_stops_after_section_one_is_read() -> None:
    report = extract_text(_page("某镇2021年政府信息公开工作年度报告", f"<p>一、总体情况</p><p>{_BODY}</p>"))
    assert report.flat()["applications.new_received.total"] == 6
    assert report.truncated
    assert "report_cut_short" in report.check_codes()
    assert report.check_codes().count("section_missing") == 5


def test_a_page_cut_to_begin_at_section_one_may_present_the_report_in_its_first_paragraph() -> None:
    # no title and no opening: 一's first paragraph says the report is published
    first = "<p>依据条例和上级通知要求，现向社会公布某市2021年度政府信息公开工作年度报告。</p>"
    report = extract_text(_page("某市人民政府", f"<p>一、总体情况</p>{first}<p>{_BODY}</p>"))
    assert report.flat()["applications.new_received.total"] == 6
    assert "report_cut_short" in report.check_codes()
    with pytest.raises(NotAReportError):  # a first paragraph that presents nothing: still refused
        extract_text(_page("某市人民政府", f"<p>一、总体情况</p><p>{_BODY}</p>"))


@pytest.mark.parametrize(
    "opening",
    [
        "根据条例要求，某镇政府编制2020年政府信息公开年度报告。",
        "根据《关于政府信息公开工作年度报告有关事项的通知》要求编制。",
    ],
)
def test_a_sentence_taken_for_the_title_does_not_veto_an_opening_that_presents_the_report(
    opening: str,
) -> None:
    # a cut text copy's first long line (a sentence counting 信息公开指南1条 among what it published,
    # cut at 年报) is taken for its title: a sentence is no title, and names no guide
    sentence = "(二)主动公开政府信息统计。2020年,通过网站主动公开政府信息共81条。其中,通知公告9条,信息公开指南1条,信息公开年报"
    assert names_the_report(sentence, opening)
    assert not names_the_report(
        "某镇2020年政府信息公开工作年度报告解读", opening
    )  # a real title still vetoes


@pytest.mark.parametrize(
    "opening",
    [
        # the parts listed under another name for this report
        "本年度报告根据《中华人民共和国政府信息公开条例》要求，结合本街道工作情况编制而成。年报由总体情况、"
        "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况等六个部分组成。",
        # the Regulation's own annual report, compiled by its provisions
        "根据《中华人民共和国政府信息公开条例》《某市政府信息公开规定》等有关规定和要求，编制本年度报告。",
    ],
)
def test_openings_that_present_the_report_in_other_words(opening: str) -> None:
    assert names_the_report(None, opening)
    assert not names_the_report(None, "根据《中华人民共和国政府信息公开条例》，编制本单位政务公开工作要点。")


def test_an_opening_that_presents_the_report_stands_for_a_lost_title() -> None:
    opening = "<p>根据《中华人民共和国政府信息公开工作年度报告格式》要求编制本报告。</p>"
    report = extract_text(_page("某镇人民政府", f"{opening}<p>一、总体情况</p><p>{_BODY}</p>"))
    assert report.flat()["applications.granted.total"] == 4
    assert report.truncated


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # a reading of the report, a guide, another kind of annual report: never a report
        ("某镇2021年政府信息公开工作年度报告解读", f"<p>一、总体情况</p><p>{_BODY}</p>"),
        ("某镇政府信息公开指南", f"<p>一、总体情况</p><p>{_BODY}</p>"),
        ("某镇2021年法治政府建设年度报告", f"<p>一、基本情况</p><p>{_BODY}</p>"),
        # a title over a near-empty body with no section: nothing to read
        ("某镇2021年政府信息公开工作年度报告", "<p>详见附件。</p>"),
    ],
)
def test_pages_that_do_not_present_the_report_stay_refused(title: str, body: str) -> None:
    with pytest.raises(NotAReportError) as info:
        extract_text(_page(title, body))
    assert info.value.outcome.reason == "no_sections"


def test_a_legacy_report_that_numbers_nothing_is_read_when_its_title_names_it() -> None:
    body = "".join(f"<p>{_BODY.replace('2021', '2016')}</p>" for _ in range(3))
    report = extract_text(_page("某县2016年政府信息公开工作年度报告", body))
    assert report.year == 2016
    assert report.flat()["applications.new_received.total"] == 6


def test_a_title_wrapped_after_the_bodys_name_is_both_lines() -> None:
    text = f"甘谷县人民政府办公室\n2024年政府信息公开工作年度报告\n一、总体情况\n{_BODY}\n"
    report = extract_text(text)
    assert report.title == "甘谷县人民政府办公室2024年政府信息公开工作年度报告"
    assert report.agency == "甘谷县人民政府办公室"


def test_a_sentence_is_never_the_title_and_the_cut_check_says_what_presented_the_report() -> None:
    opening = "根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求，编制本报告。\n"
    report = extract_text(f"{opening}一、总体情况\n{_BODY}\n")
    assert report.title is None
    message = next(c.message for c in report.checks if c.code == "report_cut_short")
    assert "None" not in message and "presents the report in its opening" in message


def test_the_2008_regulations_heading_words_name_sections_two_and_three() -> None:
    # a page cut to begin at 一, its 二 in the 2008 wording right above its table
    text = (
        "一、总体情况\n依法公开。本镇2020年政府信息公开工作年度报告如下。\n二、行政机关主动公开政府信息情况\n"
        "主动公开政府信息情况 |\n第二十条第(一)项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n"
        "规章 |\n0 |\n0 |\n0 |\n"
    )
    assert [s.number for s in extract_text(text).sections] == [1, 2]


def test_an_opening_citing_the_regulations_article_on_the_annual_report_presents_it() -> None:
    # Beijing's reports open so, with no title: 第五十条 is the article on the annual report
    opening = (
        "依据《中华人民共和国政府信息公开条例》（以下简称《政府信息公开条例》）第五十条规定，编制本报告。\n"
    )
    report = extract_text(f"{opening}一、总体情况\n{_BODY}\n")
    assert report.flat()["applications.new_received.total"] == 6
    assert "report_cut_short" in report.check_codes()


# A legacy report a crawler saved on one line: headings run into their first sentence, and the
# pre-2019 statistics table's rows are glued to their numbers (this year's, then the running total).
_ONE_LINE_LEGACY = (
    "某县2017年度政府信息公开工作年度报告 "
    "一、概述2017年，我县认真贯彻落实《条例》，政务公开工作取得了一定成效，各项工作有序推进，群众满意度稳步提高。"
    "二、主动公开政府信息情况2017年全县主动公开政府信息2122条，其中政策文件类信息150条，规划计划类信息12条。"
    "三、政府信息依申请公开工作情况2017年未收到有关政府信息公开申请，各部门均做好了受理准备工作。"
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况2017年未收到有关政府信息公开行政复议、提起行政诉讼的申请。"
    "五、存在的主要问题和改进措施我县政务公开工作队伍建设有待加强，下一步将加强培训，不断提升业务水平。"
    "六、政府信息公开情况统计表指标名称计量单位本年历年累计主动公开文件数条212210037"
    "受理政府信息依申请公开总数条00对申请的答复总数条001.同意公开答复数条002.同意部分公开答复数条00"
    "3.不予公开答复数条004.其他类型答复数条00行政复议数件00行政诉讼数件00"
)


def test_a_one_line_legacy_copys_headings_end_with_their_closing_word() -> None:
    report = extract_text(_ONE_LINE_LEGACY)
    assert [s.heading for s in report.sections][:4] == [
        "一、概述",
        "二、主动公开政府信息情况",
        "三、政府信息依申请公开工作情况",
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    ]
    flat = report.flat()
    assert flat["review_litigation.review.total"] == 0
    assert flat["review_litigation.litigation.total"] == 0


def test_the_glued_rows_of_the_pre_2019_statistics_table_are_no_template_table() -> None:
    report = extract_text(_ONE_LINE_LEGACY)
    assert report.flat()["applications.denied.total"] == 0  # 不予公开答复数条00: this year 0
    assert not {"value_unplaced", "row_unrecognised", "narrative_withheld"} & set(report.check_codes())


def test_a_pre_2019_statistics_table_under_section_four_is_not_read_as_its_table() -> None:
    text = (
        "某县2016年政府信息公开工作年度报告\n一、概述\n依法公开。\n"
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n本年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。\n"
        "| 指标名称 | 计量单位 | 本年 | 历年累计 |\n| 行政复议数 | 件 | 0 | 3 |\n| 行政诉讼数 | 件 | 0 | 1 |\n"
    )
    report = extract_text(text)
    assert "value_unplaced" not in report.check_codes()
    assert report.flat()["review_litigation.review.total"] == 0


_PARTS = (
    "全文从总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
    "存在的主要问题及改进情况、其他需要报告的事项6个方面进行梳理总结。"
)


def test_an_opening_that_lists_the_templates_parts_of_this_report_presents_it() -> None:
    opening = f"根据《中华人民共和国政府信息公开条例》要求，本报告由某市人民政府办公室编制。{_PARTS}\n"
    report = extract_text(f"{opening}一、总体情况\n{_BODY}\n")
    assert report.flat()["applications.new_received.total"] == 6
    assert "report_cut_short" in report.check_codes()


@pytest.mark.parametrize(
    "opening",
    [
        # the parts listed, but no report of its own: a notice about reports
        "各单位要按照总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、行政复议等方面报送材料。\n",
        # 本报告 naming two parts only
        "本报告包括总体情况和主动公开政府信息情况。\n",
    ],
)
def test_an_opening_that_does_not_present_this_report_by_its_parts_stays_refused(opening: str) -> None:
    with pytest.raises(NotAReportError):
        extract_text(f"{opening}一、总体情况\n{_BODY}\n")


def test_an_opening_citing_the_notice_on_publishing_the_annual_reports_presents_the_report() -> None:
    opening = (
        "根据《中华人民共和国政府信息公开条例》和《关于做好2021年政府信息公开工作年度报告发布和报送工作的通知》，"
        "2021年我局认真执行政府信息公开各项规定，现将工作情况报告如下：\n"
    )
    report = extract_text(f"{opening}一、总体情况\n{_BODY}\n")
    assert report.flat()["applications.new_received.total"] == 6


def test_an_unread_total_row_is_not_filled_by_the_sum_of_rows_that_disagree_with_it() -> None:
    # A real report printed （七）总计 20 under outcome rows adding up to 26; when that row cannot be
    # read, the rows' sum is not what the document states there: the total stays absent, and a check
    # says what the sum would have been and why it is not used.
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    printed = "（七）总计 | 72 | 3 | 0 | 0 | 1 | 0 | 76 |"
    assert printed in text
    report = extract_text(text.replace(printed, "（七）总计 | 60 | 3 | 0 0 | 1 | 0 | 64 |"))
    assert "value_unplaced" in report.check_codes()
    assert "applications.outcome_total.natural_person" not in report.stats
    withheld = [c for c in report.checks if c.code == "derivation_withheld"]
    assert "applications.outcome_total.natural_person" in {k for c in withheld for k in c.keys}
    assert any("gives 72" in c.message for c in withheld)
    # read whole, the same table derives nothing and withholds nothing
    assert "derivation_withheld" not in extract_text(text).check_codes()


def test_a_row_printed_twice_with_other_numbers_is_filled_by_neither_nor_by_the_sum() -> None:
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    printed = "（七）总计 | 72 | 3 | 0 | 0 | 1 | 0 | 76 |"
    report = extract_text(text.replace(printed, printed + "\n（七）总计 | 70 | 3 | 0 | 0 | 1 | 0 | 74 |"))
    assert "value_conflict" in report.check_codes()
    for key in ("applications.outcome_total.natural_person", "applications.outcome_total.total"):
        assert key not in report.stats
    assert report.stats["applications.outcome_total.commercial"] == 3  # the same in both: kept
    assert "derivation_withheld" in report.check_codes()  # the rows' sum (72) is not used either


def test_a_sentence_does_not_fill_a_row_printed_as_text_that_was_not_read() -> None:
    # A page whose table lost its separators in a copy: the new-applications row is text with its
    # digits glued ("…申请数量3000003"), unread; a sentence's "受理…2件" counts something else (the
    # page's table says 3), so it does not fill the row's key.
    head = "测试区审计局2022年政府信息公开工作年度报告\n一、总体情况\n本年度，共受理政府信息公开申请2件，均按时答复。\n"
    tail = "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
    glued = "申请人情况自然人法人或其他组织总计\n一、本年新收政府信息公开申请数量3000003\n"
    assert extract_text(head + tail).stats["applications.new_received.total"] == 2
    report = extract_text(head + tail + glued)
    assert "applications.new_received.total" not in report.stats
    assert "narrative_withheld" in report.check_codes()
    # the label said with a count and its unit is a sentence, not the row
    said = "本年新收政府信息公开申请数量2件。\n"
    assert extract_text(head + tail + said).stats["applications.new_received.total"] == 2


def test_a_row_printed_with_only_empty_cells_is_blank_not_unplaced() -> None:
    # "行政许可 | |||": the padding of a one-column block after a cell left empty. Nothing in it can
    # stand in a wrong column: the key is a blank (absent), not an error that fails --strict.
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    report = extract_text(text.replace("行政许可 | 1843 |", "行政许可 | |||"))
    assert "active.licensing.decisions" not in report.stats
    assert "value_unplaced" not in report.check_codes()
    assert "blank_cell" in report.check_codes()


def test_a_no_application_clause_beside_a_table_that_states_the_count_raises_nothing() -> None:
    # the table states new_received: a partial no-application clause and a sentence's count are not
    # weighed against each other (no narrative_conflict), and the table's number stands
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    table = extract_text(text).stats["applications.new_received.total"]
    clause = "上半年未收到政府信息申请，下半年收到政府信息公开申请2件。\n"
    report = extract_text(text.replace("一、总体情况\n", "一、总体情况\n" + clause, 1))
    assert report.stats["applications.new_received.total"] == table
    assert not any(c.code == "narrative_conflict" and "no application" in c.message for c in report.checks)


def test_a_cell_per_line_dump_cut_after_the_next_rows_number_reads_the_full_row_above() -> None:
    # an excerpt that stops at "5" of "5.属于三类内部事务信息", right after the seven values of
    # "4.保护第三方合法权益": the "5" is the next label's, not an eighth value of the row
    text = (FIXTURES / "flat_blanklines_2019.txt").read_text(encoding="utf-8")
    cut = text[: text.index("5.属于三类内部事务信息")] + "5"
    report = extract_text(cut)
    flat = report.flat()
    assert flat["applications.denied.third_party.natural_person"] == 1
    assert flat["applications.denied.third_party.total"] == 1
    assert report.truncated
    assert any(c.code == "input_truncated" and "'5'" in c.message for c in report.checks)
    # a row one value short, or a number that is not the next row's, is left as it was
    short = text[: text.index("5.属于三类内部事务信息")].rstrip()
    for end in (short[: short.rindex("\n")] + "\n\n5", cut[:-1] + "3"):
        assert "applications.denied.third_party.total" not in extract_text(end).flat()
    # the row's own total, ending the text, where the values before it add up to it
    row = "4.保护第三方合法权益\n\n1\n\n0\n\n0\n\n0\n\n0\n\n0\n\n1\n\n"
    assert row in text
    own_total = cut.replace(row, "4.保护第三方合法权益\n\n3\n\n0\n\n0\n\n0\n\n2\n\n0\n\n")
    assert extract_text(own_total).flat()["applications.denied.third_party.total"] == 5


_OVERVIEW = (
    "一、总体情况\n"
    "2023年，本街道认真贯彻《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。\n"
    "（一）主动公开。全年通过门户网站主动公开政府信息86条。\n"
    "（二）依申请公开情况。2023年共收到政府信息公开申请4件，上年结转0件，均已按期答复。\n"
    "（三）政府信息管理。"
)


@pytest.mark.parametrize(
    "text",
    [
        _OVERVIEW,
        # a Traditional mirror's copy, with the pinyin it writes after some characters
        "一、總體情況\n2023年，本街道認(rèn)真貫徹條例。\n(一)主動(dòng)公開情況\n全年主動公開信息86條。\n"
        "(二)依申請(qǐng)公開情況\n2023年共收到政府信息公開申請4件，上年結(jié)轉(zhuǎn)0件。\n",
        # a blank line first, and the "??" a lost no-break space leaves before each paragraph
        "\n??一、总体情况\n??(一)主动公开方面\n??全年主动公开信息86条。\n??(二)依申请公开方面\n"
        "??2023年共收到政府信息公开申请4件，上年结转0件。\n",
    ],
)
def test_an_untitled_page_whose_section_one_is_laid_out_as_the_overview_is_read_as_cut(text: str) -> None:
    # a scraper kept the body from 一、总体情况 on: no title names the report, but 一 is laid out
    # under the template's own first two items, in order
    report = extract_text(text)
    assert report.flat()["applications.new_received.total"] == 4
    assert report.flat()["applications.carried_over.total"] == 0
    assert report.truncated
    cut = next(c for c in report.checks if c.code == "report_cut_short")
    assert "laid out as the report's overview" in cut.message


@pytest.mark.parametrize(
    "text",
    [
        # the items out of order, or only one of them
        _OVERVIEW.replace("（一）主动公开", "（三）主动公开"),
        _OVERVIEW.replace("（二）依申请公开情况", "（二）信息管理"),
        # an item named inside a sentence, not opening its paragraph
        _OVERVIEW.replace("\n（二）依申请公开", "按照（二）依申请公开"),
        # a title naming another kind of document decides by itself
        "某街道2023年政务公开工作总结\n" + _OVERVIEW,
        # section 一 is not 总体情况 and stands alone: the first items under another heading
        _OVERVIEW.replace("一、总体情况", "三、工作情况"),
    ],
)
def test_pages_not_laid_out_as_the_overview_stay_refused(text: str) -> None:
    with pytest.raises(NotAReportError):
        extract_text(text)


def test_a_title_with_the_year_first_and_no_annual_report_word_names_the_report() -> None:
    # "2022年度政府信息公开工作报告": 年度 after the year, 工作报告 at the end
    text = "临海市大洋街道2022年度政府信息公开工作报告\n根据条例规定，发布本年度报告。\n一、总体情况\n2022年，本街道未收到政府信息公开申请。\n"
    report = extract_text(text)
    assert report.title == "临海市大洋街道2022年度政府信息公开工作报告"
    assert report.agency == "临海市大洋街道"
    assert report.year == 2022
    assert report.flat()["applications.new_received.total"] == 0
