"""The families of the wrong values session 10's red team found (test_redteam_s10.py), each attacked
again with other wording, numbers and layouts than the finding's own: HTML and flattened text where
the family has both forms. Every input is our own, a one-place change to one of our fixtures."""

from __future__ import annotations

import re

import pytest
from page_builders import FIXTURES

from linhai_scrape import extract_bytes, extract_text
from linhai_scrape.read.decode import decode_bytes


def _wrong(flat: dict[str, int | float], stated: dict[str, int | float]) -> dict[str, tuple[float, float]]:
    """Keys the reader gives a value the document states differently: (read, stated)."""
    return {
        key: (value, stated[key]) for key, value in flat.items() if key in stated and value != stated[key]
    }


# --------------------------------------------------------------------------------------------------
# An earlier year's tables of the other edition, quoted beside the year's own
# --------------------------------------------------------------------------------------------------


def test_last_years_text_tables_quoted_beside_this_years_leave_this_years_whole() -> None:
    # a 2023 report (2021 edition) in flattened text quotes the 2019 report's section-二 tables before
    # section 三, and its application table after its own: every value is the 2023 tables', none lost
    this_year = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    last_year = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8")
    active = last_year[last_year.index("第二十条第（一）项") : last_year.index("三、收到和处理")]
    applications = last_year[
        last_year.index("（本列数据的勾稽关系") : last_year.index("四、政府信息公开行政复议")
    ]
    end_of_three = this_year.index("四、政府信息公开行政复议")
    page = (
        this_year[:end_of_three]
        + "为便于对照，附2019年度申请办理情况：\n"
        + applications
        + this_year[end_of_three:]
    )
    start_of_three = page.index("三、收到和处理")
    page = page[:start_of_three] + "2019年同期数据如下：\n" + active + page[start_of_three:]
    report = extract_text(page)
    assert report.flat() == extract_text(this_year).flat()
    assert [c.code for c in report.checks].count("table_other_edition") == 1


def test_an_html_active_table_of_the_earlier_edition_after_the_years_own_is_not_read() -> None:
    # the 2022 report (2021 edition) prints, after its own section-二 tables, the 2019 edition's
    # section-二 tables of 2020 "（上年度数据）": 规章 本年新制作数量 and 行政许可 上一年项目数量 are
    # keys the year's tables never print
    this_year = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    last_year = decode_bytes((FIXTURES / "html_2019_gbk.html").read_bytes()).text
    quoted = [t for t in re.findall(r"<table.*?</table>", last_year, re.S) if "信息内容" in t]
    assert quoted
    at = this_year.index("三、收到和处理")
    at = this_year.rindex("<p", 0, at)
    page = this_year[:at] + "<p>（上年度数据）</p>" + "".join(quoted) + this_year[at:]
    report = extract_bytes(page.encode("utf-8"))
    assert report.flat() == extract_bytes(this_year.encode("utf-8")).flat()
    assert any(c.code == "table_other_edition" for c in report.checks)


def test_a_report_filling_in_the_earlier_editions_tables_alone_is_read() -> None:
    # a 2021 report whose body still used the 2019 edition's tables, and no other: they are its own
    text = (FIXTURES / "text_2019.txt").read_text(encoding="utf-8").replace("2019年", "2021年")
    report = extract_text(text)
    assert report.year == 2021
    assert report.flat().get("active.normative_docs.made") == 11
    assert report.flat().get("applications.new_received.total") == 128
    assert not any(c.code == "table_other_edition" for c in report.checks)


# --------------------------------------------------------------------------------------------------
# A glued row whose printed numbers break its own sum, split the one way that adds up
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "printed", "typo"),
    [
        # （七）总计 printed 30 | 4 | 0 | 1 | 0 | 1 | 18 (18 for 36): the one split that adds up is
        # 3 | 0 | 4 | 0 | 10 | 1 | 18, numbers the page never states
        ("（七）总计", "304010136", "304010118"),
        # 本机关不掌握 printed 7 | 1 | 0 | 0 | 29 | 1 | 9 (29 for 0): read 7 | 1 | 0 | 0 | 2 | 9 | 19
        ("1.本机关不掌握相关政府信息", "7100019", "71002919"),
    ],
)
def test_a_glued_row_with_a_typo_gives_none_of_the_split_that_adds_up(
    label: str, printed: str, typo: str
) -> None:
    text = (FIXTURES / "oneline_glued_2021.txt").read_text(encoding="utf-8")
    assert label + printed in text
    stated = extract_text(text).flat()
    report = extract_text(text.replace(label + printed, label + typo, 1))
    assert _wrong(report.flat(), stated) == {}
    assert any(c.code == "value_unplaced" and "own sum allows" in c.message for c in report.checks)


def test_glued_rows_whose_columns_add_up_are_all_read() -> None:
    # the fixture as printed: every row that splits one way is kept (the columns deny none)
    text = (FIXTURES / "oneline_glued_2021.txt").read_text(encoding="utf-8")
    report = extract_text(text)
    assert report.flat().get("applications.partially_granted.natural_person") == 3
    assert report.flat().get("applications.outcome_total.total") == 36
    assert not any("own sum allows" in c.message for c in report.checks)


# --------------------------------------------------------------------------------------------------
# Tables captioned as another body's: an office under the reporting body
# --------------------------------------------------------------------------------------------------


def _application_table_html(html: str) -> str:
    start = html.index("<table", html.index("三、收到和处理"))
    return html[start : html.index("</table>", start) + len("</table>")]


def test_an_html_report_appending_a_sub_offices_table_reads_its_own() -> None:
    # 黄岩区 2022 appends 城关街道办事处's section-三 table after 六 (its own numbers: 240 new, not 248)
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    appended = _application_table_html(html).replace(">248<", ">240<").replace(">230<", ">222<")
    end = html.index("</div><!--ContentEnd-->")
    page = (
        html[:end]
        + "<p>附表2：黄岩区城关街道办事处2022年政府信息公开申请情况统计表</p>"
        + appended
        + html[end:]
    )
    report = extract_bytes(page.encode("utf-8"))
    assert report.flat() == extract_bytes(html.encode("utf-8")).flat()
    assert any(c.code == "table_other_body" and "城关街道办事处" in c.message for c in report.checks)


def test_a_caption_naming_the_report_body_itself_keeps_its_tables() -> None:
    # the same appendix captioned with the district's own name is the report's: read (and it states
    # the applications twice, differently: neither value is kept, as for any table printed twice)
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    end = html.index("</div><!--ContentEnd-->")
    page = (
        html[:end]
        + "<p>附表：台州市黄岩区2022年政府信息公开申请情况统计表</p>"
        + _application_table_html(html)
        + html[end:]
    )
    report = extract_bytes(page.encode("utf-8"))
    assert report.flat() == extract_bytes(html.encode("utf-8")).flat()
    assert not any(c.code == "table_other_body" for c in report.checks)


def test_a_text_report_appending_a_centres_table_reads_its_own() -> None:
    # 龙岗区卫生健康局 2023 appends its disease-control centre's flattened table (本年新收 90, not 78)
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    table = text[text.index("（本列数据的勾稽关系") : text.index("四、政府信息公开行政复议")]
    table = table.replace("| 74 | 3 | 0 | 0 | 1 | 0 | 78 |", "| 86 | 3 | 0 | 0 | 1 | 0 | 90 |")
    signature = "深圳市龙岗区卫生健康局\n2024年1月26日"
    page = text.replace(
        signature, "附件：深圳市龙岗区疾病预防控制中心2023年政府信息公开情况统计表\n" + table + signature
    )
    report = extract_text(page)
    assert report.flat() == extract_text(text).flat()
    assert any(c.code == "table_other_body" for c in report.checks)


# --------------------------------------------------------------------------------------------------
# A row of another group printed under a template row's label: its numbers do not beat that row's blanks
# --------------------------------------------------------------------------------------------------

EXCESSIVE = "applications.not_processed.excessive"


def test_a_text_row_under_another_groups_label_before_the_template_row_gives_none_of_its_numbers() -> None:
    # （三）不予公开's 4.保护第三方合法权益 row (3 | 0 | … | 3) printed under the label of （五）'s
    # 4.无正当理由大量反复申请, which prints blanks and a total of 0 further down: the totals
    # conflict, and the 3 is not the document's count of 无正当理由大量反复申请
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    stated = extract_text(text).flat()
    old = "4.保护第三方合法权益 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |"
    assert old in text
    report = extract_text(text.replace(old, "4.无正当理由大量反复申请 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |"))
    flat = report.flat()
    assert _wrong(flat, stated) == {}
    assert [key for key in flat if key.startswith(EXCESSIVE) and key not in stated] == []
    assert any(c.code == "value_conflict" and "printings of its row" in c.message for c in report.checks)


def test_an_html_row_under_another_groups_label_gives_none_of_its_numbers() -> None:
    # the same in an HTML table: 4.无正当理由大量反复申请 prints blanks and 0 under 总计; the row
    # 4.保护第三方合法权益 (3 | 0 | … | 3) is printed with that label
    html = (FIXTURES / "real_spans_2021.html").read_text(encoding="utf-8")
    template_row = "<tr><td><p>4.无正当理由大量反复申请</p></td>" + "<td><p>0</p></td>" * 7 + "</tr>"
    assert template_row in html
    html = html.replace(
        template_row,
        "<tr><td><p>4.无正当理由大量反复申请</p></td>" + "<td><p></p></td>" * 6 + "<td><p>0</p></td></tr>",
    )
    stated = extract_bytes(html.encode("utf-8")).flat()
    old = "<tr><td><p>4.保护第三方合法权益</p></td>"
    assert old in html
    flat = extract_bytes(
        html.replace(old, "<tr><td><p>4.无正当理由大量反复申请</p></td>").encode("utf-8")
    ).flat()
    assert _wrong(flat, stated) == {}
    assert [key for key in flat if key.startswith(EXCESSIVE) and key not in stated] == []


# --------------------------------------------------------------------------------------------------
# A sentence about the body's townships or departments: their share, not the body's count
# --------------------------------------------------------------------------------------------------


def test_a_legacy_sentence_on_the_street_offices_share_gives_none_of_its_outcomes() -> None:
    # 吴兴区 2016: the district answered 46; the street offices received 15, of which 10 were granted
    # and 2 refused: 10 and 2 are theirs, and the district's outcomes are not stated
    text = (FIXTURES / "legacy_2016.txt").read_text(encoding="utf-8")
    old = "已办结46件，其中同意公开28件，占60.9%；同意部分公开6件；不予公开3件；信息不存在9件。"
    assert old in text
    new = "已办结46件。其中，各街道办事处受理申请15件，同意公开10件，不予公开2件。"
    flat = extract_text(text.replace(old, new)).flat()
    assert flat.get("applications.new_received.total") == 46
    assert [key for key in flat if key.startswith(("applications.granted", "applications.denied"))] == []


_DISTRICT = (
    "台州市椒江区2022年政府信息公开工作年度报告\n一、总体情况\n2022年，椒江区持续深化政务公开。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息2310条。\n三、收到和处理政府信息公开申请情况\n"
    "2022年，全区共收到政府信息公开申请86件。{sentence}\n四、政府信息公开行政复议、行政诉讼情况\n"
    "本年度未发生行政复议和行政诉讼。\n五、存在的主要问题及改进情况\n公开质量有待提升。\n"
    "六、其他需要报告的事项\n无。\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "其中，区级部门收到申请30件，予以公开20件、部分公开4件。",
        "各镇（街道）共收到申请14件，予以公开9件、部分公开4件。",
        "乡镇（街道）收到申请14件，办理结果中予以公开9件、部分公开4件。",
    ],
)
def test_a_district_report_on_one_kind_of_its_units_gives_none_of_their_counts(sentence: str) -> None:
    flat = extract_text(_DISTRICT.format(sentence=sentence)).flat()
    assert flat.get("applications.new_received.total") == 86
    assert "applications.granted.total" not in flat
    assert "applications.partially_granted.total" not in flat


def test_a_sentence_on_all_of_a_districts_units_is_the_districts() -> None:
    # the townships and the departments together are the whole district
    sentence = "各乡镇（街道）和区级部门办理结果中，予以公开50件、部分公开8件。"
    flat = extract_text(_DISTRICT.format(sentence=sentence)).flat()
    assert flat.get("applications.granted.total") == 50
    assert flat.get("applications.partially_granted.total") == 8


# --------------------------------------------------------------------------------------------------
# Two reports on one page: the one the page's title names is read, under its year
# --------------------------------------------------------------------------------------------------


def _html_with_last_years_report(*, first: bool) -> tuple[str, str]:
    """The 2022 HTML fixture with a 2021 report of the same body (its own numbers) printed in full
    before (``first``) or after this year's, under its own title; and the page unchanged."""
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    start = html.rindex("<p", 0, html.index("一、总体情况"))
    end = html.index("</div><!--ContentEnd-->")
    body = html[start:end]
    last = (
        body.replace("2022", "2021")
        .replace(">248<", ">231<")
        .replace(">230<", ">213<")
        .replace(">2871<", ">2650<")
    )
    quoted = "<p>台州市黄岩区2021年政府信息公开工作年度报告（供对照）</p>" + last
    own = "<p>台州市黄岩区2022年政府信息公开工作年度报告</p>" + body
    return html[:start] + (quoted + own if first else own + quoted) + html[end:], html


@pytest.mark.parametrize("first", [True, False])
def test_of_two_reports_in_html_the_one_the_title_names_is_read(first: bool) -> None:
    page, html = _html_with_last_years_report(first=first)
    report = extract_bytes(page.encode("utf-8"))
    alone = extract_bytes(html.encode("utf-8"))
    assert report.year == alone.year == 2022
    assert report.flat() == alone.flat()
    assert any(c.code == "multiple_reports" for c in report.checks)


def test_of_two_text_reports_without_a_title_of_their_own_the_first_is_read() -> None:
    # nothing before the first report's 一 names its year: the first is read, as before
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    body = text[text.index("一、总体情况") : text.index("深圳市龙岗区卫生健康局\n2024年1月26日")]
    page = text.replace(
        body, body + "深圳市龙岗区卫生健康局2022年政府信息公开工作年度报告\n" + body.replace("2023", "2022")
    )
    report = extract_text(page)
    assert report.year == 2023
    assert report.flat() == extract_text(text).flat()


@pytest.mark.parametrize("where", ["三、收到和处理", "五、存在的主要问题"])
def test_last_years_three_html_tables_quoted_leave_this_years_whole(where: str) -> None:
    # the 2020 report's three tables (2019 edition) quoted before section 三 or after section 四's own
    # table: section 四's table, labelled alike in both editions, follows the quoted applications
    # table and is the quote's too; every value is 2022's, none lost to a conflict
    this_year = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    last_year = decode_bytes((FIXTURES / "html_2019_gbk.html").read_bytes()).text
    quoted = [t for t in re.findall(r"<table.*?</table>", last_year, re.S) if "本年" in t or "行政复议" in t]
    at = this_year.rindex("<p", 0, this_year.index(where))
    page = this_year[:at] + "<p>附：2020年度相关数据（供对比）</p>" + "".join(quoted) + this_year[at:]
    report = extract_bytes(page.encode("utf-8"))
    assert report.flat() == extract_bytes(this_year.encode("utf-8")).flat()


def test_glued_rows_of_a_page_whose_own_columns_disagree_are_kept() -> None:
    # 补正后申请内容仍不明确 prints 20 | 0 | … | 20 (its own sum holds): the outcome rows' 自然人 now
    # add up to more than （七）总计's 30, and leaving out either it or 本机关不掌握 (7) mends that.
    # Which is wrong, nothing says: the page's numbers disagree, and both rows are read as printed
    text = (FIXTURES / "oneline_glued_2021.txt").read_text(encoding="utf-8")
    old = "3.补正后申请内容仍不明确1000001"
    assert old in text
    report = extract_text(text.replace(old, "3.补正后申请内容仍不明确200000020"))
    flat = report.flat()
    assert flat.get("applications.unavailable.unclear.natural_person") == 20
    assert flat.get("applications.unavailable.not_held.natural_person") == 7
    assert not any("own sum allows" in c.message for c in report.checks)
