"""The stages together: a page or text through extract to a Report."""

from __future__ import annotations

import pytest
from page_builders import FIXTURES
from stage_helpers import _BODY, _HEADER, _NARRATIVE_REPORT, _six


def test_one_cell_per_line_dump_is_rebuilt_into_rows() -> None:
    from linhai_scrape.extract import extract_text

    text = (
        "XX县2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n|\n三、本年度办理结果 |\n（一）予以公开 |\n3 |\n||\n0 |\n0 |\n0 |\n0 |\n3 |\n"
        "|\n（二）部分公开 |\n1 |\n0 |\n0 |\n0 |\n0 |\n0 |\n1 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0 0 0 0 0 1 0 0 1\n"
        "五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    )
    flat = extract_text(text).flat()
    assert flat["applications.granted.natural_person"] == 3
    assert flat["applications.granted.commercial"] == 0  # the "||" empty cell, confirmed by the total
    assert flat["applications.granted.total"] == 3
    assert flat["applications.partially_granted.total"] == 1
    assert flat["review_litigation.litigation_after_review.corrected"] == 1
    assert flat["review_litigation.litigation_after_review.total"] == 1


def test_one_cell_per_line_row_with_only_its_total_filled_is_read() -> None:
    from linhai_scrape.extract import extract_text

    text = (
        "XX县2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n|\n三、本年度办理结果 |\n（一）予以公开 |\n"
        + "||\n"
        * 6
        + "9 |\n|\n（二）部分公开 |\n1 |\n0 |\n0 |\n0 |\n0 |\n0 |\n1 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    )
    report = extract_text(text)
    flat = report.flat()
    assert flat["applications.granted.total"] == 9
    assert "applications.granted.natural_person" not in flat  # blank, and 9 confirms no zero
    assert "applications.granted.natural_person" in {
        k for c in report.checks if c.code == "blank_cell" for k in c.keys
    }
    assert flat["applications.partially_granted.total"] == 1


def test_section_four_states_review_counts_and_disagreeing_sentences_are_reported() -> None:
    from linhai_scrape.extract import extract_text

    report = extract_text(
        "测试市测试区审计局2022年政府信息公开工作年度报告\n"
        "一、总体情况\n本年度因政府信息公开被申请行政复议5件。\n"
        "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "本年度新收政府信息公开申请20件。\n"
        "四、政府信息公开行政复议、行政诉讼情况\n本年度因政府信息公开被申请行政复议3件。\n"
        "五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    )
    assert report.stats["review_litigation.review.total"] == 3
    assert report.evidence["review_litigation.review.total"].section == 4
    (conflict,) = [c for c in report.checks if c.code == "narrative_conflict"]
    assert conflict.severity == "warning" and conflict.keys == ["review_litigation.review.total"]
    assert "5" in conflict.message and "3 is kept" in conflict.message


def test_sentences_of_equal_standing_that_disagree_give_no_value() -> None:
    from linhai_scrape.extract import extract_text

    # two sentences of section 一 (neither the applications' own section): 13 granted of the new
    # applications, 14 with the one carried over; which is the year's figure, nothing says
    report = extract_text(
        "测试市测试区审计局2023年政府信息公开工作年度报告\n"
        "一、总体情况\n本年度新收政府信息公开申请15件，予以公开13件。\n"
        "加上上年结转的1件，全年予以公开14件。\n"
        "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    )
    assert "applications.granted.total" not in report.stats
    (conflict,) = [c for c in report.checks if c.code == "narrative_conflict"]
    assert "none is kept" in conflict.message and "13" in conflict.message and "14" in conflict.message


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("临海市2020年政府信息公开工作年度报告", "临海市", 2020),
        ("二〇二二年测试市测试区审计局政府信息公开工作年度报告", "测试市测试区审计局", 2022),
        ("测试市测试区审计局二〇二二年政府信息公开工作年度报告", "测试市测试区审计局", 2022),
        ("测试市测试区审计局政府信息公开工作年度报告", "测试市测试区审计局", None),  # year from the period
        ("***局2022年政府信息公开工作年度报告", None, 2022),  # masked in an archived copy
        ("XX市XX区审计局2022年政府信息公开工作年度报告", None, 2022),
        ("关于测试市测试区审计局2022年政府信息公开工作年度报告", "测试市测试区审计局", 2022),
        (
            "测试市测试区人民政府办公室关于公布测试区审计局2022年政府信息公开工作年度报告",
            "测试区审计局",
            2022,
        ),
        ("依据中华人民共和国政府信息公开工作年度报告格式编制", None, None),  # not a title line
        ("测试县审计局政府信息公开工作年度报告（2022年度）", "测试县审计局", 2022),
        ("测试县审计局关于2022年度政府信息公开工作年度报告的公告", "测试县审计局", 2022),
        # what a title carries before the body's name is not the body
        ("《临海市民政局2022年政府信息公开工作年度报告》", "临海市民政局", 2022),
        ("临政办〔2023〕1号临海市民政局2022年政府信息公开工作年度报告", "临海市民政局", 2022),
        ("转发临海市民政局2022年政府信息公开工作年度报告", "临海市民政局", 2022),
        ("【转载】临海市民政局2022年政府信息公开工作年度报告", "临海市民政局", 2022),
        ("现将临海市民政局2022年政府信息公开工作年度报告公布如下", "临海市民政局", 2022),
        ("关于公布2022年临海市民政局政府信息公开工作年度报告", "临海市民政局", 2022),
        ("临海市民政局：2022年政府信息公开工作年度报告", "临海市民政局", 2022),
        ("临海市民政局 2022年政府信息公开工作年度报告", "临海市民政局", 2022),
        # 二0二二, 二○二二: a year in mixed digits
        ("临海市民政局二0二二年政府信息公开工作年度报告", "临海市民政局", 2022),
        ("临海市民政局二○二二年政府信息公开工作年度报告", "临海市民政局", 2022),
        ("临海市民政局政府信息公开工作2022年度报告", "临海市民政局", 2022),
        # a label or the site before the year is not the body: the body after the year is
        ("标题：2023年深圳市龙岗区卫生健康局政府信息公开工作年度报告", "深圳市龙岗区卫生健康局", 2023),
        ("附件1 2023年深圳市龙岗区卫生健康局政府信息公开工作年度报告", "深圳市龙岗区卫生健康局", 2023),
        ("黄岩区人民政府门户网站 2022年台州市黄岩区政府信息公开工作年度报告", "台州市黄岩区", 2022),
        ("“三农”服务中心2022年政府信息公开工作年度报告", "“三农”服务中心", 2022),
        # a year printed without 年 before the report's name is the year, not part of the body
        ("2022政府信息公开工作年度报告", None, 2022),
        ("海南省生态环境厅2022政府信息公开工作年度报告", "海南省生态环境厅", 2022),
        # a sentence's verb before or after the body's name is not part of it; a first-person word,
        # a verb alone or a quoted notice's issuer is no body (real pages gave "现公布哈尔滨市商务局",
        # "做好", "认真撰写", "根据《…条例》和《平武县人民政府办公室")
        ("现公布哈尔滨市商务局2022年政府信息公开工作年度报告", "哈尔滨市商务局", 2022),
        ("特向社会公布螺洋街道2021年政府信息公开工作年度报告", "螺洋街道", 2021),
        (
            "测试区政务公开领导小组办公室编制了清江浦区人民政府2021年政府信息公开工作年度报告",
            "清江浦区人民政府",
            2021,
        ),
        ("唐村镇政府编制2020年政府信息公开工作年度报告", "唐村镇政府", 2020),
        ("测试区国土规划住建局向社会公布2022年政府信息公开工作年度报告", "测试区国土规划住建局", 2022),
        ("现公布我局2022年政府信息公开工作年度报告", None, 2022),
        ("做好2020年政府信息公开工作年度报告", None, 2020),
        ("认真撰写2021年度信息公开年度报告", None, 2021),
        (
            "根据《中华人民共和国政府信息公开条例》和《平武县人民政府办公室关于做好2021年政府信息公开工作年度报告",
            None,
            2021,
        ),
    ],
)
def test_agency_and_year_from_the_title(title: str, agency: str | None, year: int | None) -> None:
    from linhai_scrape.read.metadata import agency_and_year

    assert agency_and_year(title) == (agency, year)


def test_portal_widget_totals_are_not_the_reports_statistics() -> None:
    """A page with no known content container: a statistics widget before 一 and a side column after
    六 repeat running totals; only the report's own sentences count."""
    from linhai_scrape.extract import extract_text

    widget = "<p>本年度共收到政府信息公开申请136件，已办结130件，予以公开88件。</p>"
    report = extract_text(
        "<html><head><title>测试县审计局2022年政府信息公开工作年度报告</title></head><body>"
        f"<div class='con'><div class='tj'>{widget}</div>"
        "<p>一、总体情况</p><p>本局稳步推进政务公开。</p><p>二、主动公开政府信息情况</p>"
        "<p>三、收到和处理政府信息公开申请情况</p><p>全年新收政府信息公开申请25件。予以公开11件。</p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p>"
        f"<p>六、其他需要报告的事项</p><p>无。</p></div><div class='side'>{widget}</div></body></html>"
    )
    assert report.stats["applications.new_received.total"] == 25
    assert report.stats["applications.granted.total"] == 11
    assert "applications.outcome_total.total" not in report.stats


@pytest.mark.parametrize(
    ("body", "attachment"),
    [
        ("<iframe src='/attach/2023/nb.pdf' width='100%'></iframe>", "/attach/2023/nb.pdf"),
        ("<iframe src='/pdfjs/web/viewer.html?file=/attach/2023/nb.pdf'></iframe>", "/attach/2023/nb.pdf"),
        (
            "<iframe src='/module/download/downfile.jsp?classid=0&filename=2301.pdf'></iframe>",
            "/module/download/downfile.jsp?classid=0&filename=2301.pdf",
        ),
        (
            "<a href='javascript:void(0)' onclick=\"window.open('/attach/2023/nb.pdf')\">查看年报</a>",
            "/attach/2023/nb.pdf",
        ),
    ],
)
def test_a_page_that_only_shows_an_attached_document_names_it(body: str, attachment: str) -> None:
    from linhai_scrape.extract import extract_text
    from linhai_scrape.models import NotAReportError

    page = (
        "<html><head><title>测试县2022年政府信息公开工作年度报告</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a></div><div class='main'>{body}</div></body></html>"
    )
    with pytest.raises(NotAReportError) as caught:
        extract_text(page)
    assert (caught.value.outcome.reason, caught.value.outcome.attachment) == ("attachment_only", attachment)


@pytest.mark.parametrize(
    ("tables", "code", "severity"),
    [
        (
            "<p><img src='/images/table2.png'></p><p><img src='/images/table3.png'></p>",
            "tables_are_images",
            "error",
        ),
        ("<table><tr><td></td><td></td></tr></table>", "no_statistics", "warning"),
    ],
)
def test_a_report_without_one_readable_number_says_why(tables: str, code: str, severity: str) -> None:
    from linhai_scrape.extract import extract_text

    headings = "".join(
        f"<p>{h}</p>{tables if i == 2 else ''}"
        for i, h in enumerate(
            [
                "一、总体情况",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项",
            ]
        )
    )
    report = extract_text(
        "<html><head><title>测试县2022年政府信息公开工作年度报告</title></head><body>"
        f"<div id='zoom'>{headings}</div></body></html>"
    )
    assert report.stats == {}
    assert [(c.code, c.severity) for c in report.checks if c.code == code] == [(code, severity)]


def test_a_review_table_of_marks_only_keeps_them_as_marks() -> None:
    from linhai_scrape.extract import extract_text

    header = (
        "<tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
        "<tr><td rowspan='2'>结果维持</td><td rowspan='2'>结果纠正</td><td rowspan='2'>其他结果</td>"
        "<td rowspan='2'>尚未审结</td><td rowspan='2'>总计</td><td colspan='5'>未经复议直接起诉</td>"
        "<td colspan='5'>复议后起诉</td></tr><tr>"
        + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2
        + "</tr>"
    )
    report = extract_text(
        "<html><head><title>测试县2022年政府信息公开工作年度报告</title></head><body><div id='zoom'>"
        "<p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p><p>本年度新收政府信息公开申请3件。</p>"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p><table>{header}<tr>{'<td>/</td>' * 15}</tr></table>"
        "</div></body></html>"
    )
    assert not any(k.startswith("review_litigation") for k in report.stats)
    blanks = {k for c in report.checks if c.code == "blank_cell" for k in c.keys}
    assert len([k for k in blanks if k.startswith("review_litigation")]) == 15


@pytest.mark.parametrize(
    "page",
    [
        # the site's logo is the page's <h1>; the report's title is only in <title>
        "<title>测试县审计局2022年政府信息公开工作年度报告</title></head><body><h1>测试县人民政府</h1>",
        # the title only in the metadata table's 信息名称 cell; 发布机构 is the county office
        "</head><body><table><tr><td>索引号</td><td>001/2023-1</td><td>发布机构</td><td>测试县人民政府办公室</td></tr>"
        "<tr><td>发文日期</td><td>2023-01-15</td><td>信息名称</td><td>测试县审计局2022年政府信息公开工作年度报告</td>"
        "</tr></table>",
    ],
)
def test_the_title_is_found_where_the_cms_puts_it(page: str) -> None:
    from linhai_scrape.extract import extract_text

    report = extract_text(
        f"<html><head>{page}<div id='zoom'><p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p>"
        "<p>本年度新收政府信息公开申请3件。</p></div></body></html>"
    )
    assert (report.agency, report.year) == ("测试县审计局", 2022)


def test_a_page_holding_two_reports_reads_the_first_and_says_so() -> None:
    from linhai_scrape.extract import extract_text

    def report(unit: str, received: int) -> str:
        return (
            f"{unit}2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n"
            f"三、收到和处理政府信息公开申请情况\n本年度新收政府信息公开申请{received}件。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无。\n"
        )

    result = extract_text(report("测试县审计局", 3) + report("测试县统计局", 9))
    assert result.agency == "测试县审计局"
    assert result.stats["applications.new_received.total"] == 3
    assert not any(c.code == "narrative_conflict" for c in result.checks)  # the second is not read
    (check,) = [c for c in result.checks if c.code == "multiple_reports"]
    assert check.severity == "error" and "2 reports" in check.message


@pytest.mark.parametrize(
    "cut_after",
    [
        "<tr><td>（二）部分公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td><p><span>3",
        "<tr><td>（二）部分公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3",
    ],
)
def test_a_page_cut_off_inside_a_cell_never_yields_the_cut_number(cut_after: str) -> None:
    from linhai_scrape.extract import extract_text

    page = (
        "<html><head><title>测试县2022年政府信息公开工作年度报告</title></head><body><div id='zoom'>"
        "<p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p><table>"
        + _HEADER
        + "<tr><td>（一）予以公开</td><td>4</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>"
        + cut_after  # the 总计 cell printed 31, cut after its first digit
    )
    report = extract_text(page)
    assert report.stats["applications.granted.total"] == 5
    # the cut cell is not read; the total is the template's sum of the complete cells, said so
    assert report.stats["applications.partially_granted.total"] == 2
    assert report.evidence["applications.partially_granted.total"].origin == "derived"
    assert report.stats["applications.partially_granted.natural_person"] == 2  # complete cells stay
    (check,) = [c for c in report.checks if c.code == "input_truncated"]
    assert check.severity == "error" and "'3'" in check.message


@pytest.mark.parametrize(
    "last_lines",
    [
        ["（二）部分公开 | 2 | 0 | 0 | 0 | 0 | 0 | 3"],  # one row per line, cut inside 总计 (31)
        ["（二）部分公开 |", "2 |", "0 |", "0 |", "0 |", "0 |", "0 |", "3"],  # one cell per line
    ],
)
def test_a_text_dump_cut_off_inside_a_cell_never_yields_the_cut_number(last_lines: list[str]) -> None:
    from linhai_scrape.extract import extract_text

    text = "\n".join(
        [
            "测试县2022年政府信息公开工作年度报告",
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "| 自然人 | 法人或其他组织 | 总计 |",
            "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
            "（一）予以公开 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
            *last_lines,
        ]
    )
    report = extract_text(text)
    assert report.stats["applications.granted.total"] == 5
    assert report.stats.get("applications.partially_granted.total") != 3
    assert any(c.code == "input_truncated" and c.severity == "error" for c in report.checks)


def test_a_page_that_only_forwards_names_its_target() -> None:
    from linhai_scrape.extract import extract_text
    from linhai_scrape.models import NotAReportError

    with pytest.raises(NotAReportError) as caught:
        extract_text(
            "<html><head><meta http-equiv='Refresh' content='0; URL=/art/2023/1/10/nb.html'>"
            "<title>跳转</title></head><body><p>正在跳转…</p></body></html>"
        )
    outcome = caught.value.outcome
    assert (outcome.reason, outcome.target) == ("redirect", "/art/2023/1/10/nb.html")


def test_a_table_of_contents_before_the_body_is_not_a_first_report() -> None:
    from linhai_scrape.extract import extract_text

    toc = _six({})
    report = extract_text(
        "测试县2022年政府信息公开工作年度报告\n目录\n" + toc + _six({3: "本年度新收政府信息公开申请3件。"})
    )
    assert report.stats["applications.new_received.total"] == 3
    assert not any(c.code in ("multiple_reports", "no_statistics") for c in report.checks)


def test_sentences_before_a_variant_heading_one_are_still_read() -> None:
    from linhai_scrape.extract import extract_text

    text = "测试县2022年政府信息公开工作年度报告\n一、政府信息公开工作总体情况\n本年度新收政府信息公开申请3件。\n"
    text += _six({})[len("一、总体情况\n\n") :]
    assert extract_text(text).stats["applications.new_received.total"] == 3


def test_a_footer_line_after_a_dump_table_is_not_a_cut_cell() -> None:
    from linhai_scrape.extract import extract_text

    text = (
        "测试县2022年政府信息公开工作年度报告\n"
        + _six({3: "本年度新收政府信息公开申请3件。"})
        + "主办单位 | 测试县人民政府 |\n网站标识码 | 3306030001 |\n技术支持：测试县大数据中心\n"
    )
    assert not any(c.code == "input_truncated" for c in extract_text(text).checks)


def test_a_pdfjs_viewer_with_a_cache_busting_query_is_an_attachment() -> None:
    from linhai_scrape.extract import extract_text
    from linhai_scrape.models import NotAReportError

    with pytest.raises(NotAReportError) as caught:
        extract_text(
            "<html><body><div class='main'><iframe src='/pdfjs/web/viewer.html?file=/upload/nb.pdf?v=3'>"
            "</iframe></div></body></html>"
        )
    assert caught.value.outcome.reason == "attachment_only"


def test_a_text_layer_row_of_marks_stays_a_row() -> None:
    from linhai_scrape.extract import extract_text

    text = "\n".join(
        [
            "测试县2022年政府信息公开工作年度报告",
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            "（三）不予公开 1.属于国家秘密 — — — — — — —",
            "2.其他法律行政法规禁止公开 2 0 0 0 0 0 2",
        ]
    )
    stats = extract_text(text).stats
    assert stats["applications.denied.prohibited_by_law.total"] == 2
    assert "applications.denied.state_secret.total" not in stats  # marks, and no total confirms them


def test_a_key_stated_twice_names_both_cells() -> None:
    from linhai_scrape.extract import extract_text

    rows = "".join(
        f"<tr><td>行政许可</td><td>{a}</td><td>{b}</td></tr>" for a, b in (("", "700"), ("5", "6"))
    )
    report = extract_text(
        "<html><body><div id='zoom'><p>测试市2022年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td colspan=2>本年处理决定数量</td></tr>"
        f"{rows}</table><p>三、收到和处理政府信息公开申请情况</p></div></body></html>"
    )
    messages = [c.message for c in report.checks if c.code == "duplicate_value"]
    assert messages == [
        "active.licensing.decisions is blank at table 0 row 1 column 1 and 700 at table 0 row 1 column 2; "
        "the number is kept",
    ]
    # Stated again with other numbers: which is the year's, nothing says. A real page printed four
    # rows 政府集中采购 (one per project) and the first row's amount was kept as the year's.
    conflicts = [c.message for c in report.checks if c.code == "value_conflict"]
    assert conflicts == [
        "active.licensing.decisions is stated twice in the tables (700 at table 0 row 1 column 2, 5 at table 0 "
        "row 2 column 1); neither is kept",
        "active.licensing.decisions is stated twice in the tables (700 at table 0 row 1 column 2, 6 at table 0 "
        "row 2 column 2); neither is kept",
    ]
    assert "active.licensing.decisions" not in report.stats


def test_a_section_two_table_split_after_a_block_header_reads_on() -> None:
    from linhai_scrape.extract import extract_text

    report = extract_text(
        "<html><body><div id='zoom'><p>测试市2019年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "<p>二、主动公开政府信息情况</p><table>"
        "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>4</td></tr>"
        "<tr><td colspan=4>第二十条第（五）项</td></tr>"
        "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr></table>"
        "<table><tr><td>行政许可</td><td>268</td><td>+3</td><td>3712</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p></div></body></html>"
    )
    assert report.stats["active.licensing.prev_items"] == 268
    assert report.stats["active.licensing.decisions"] == 3712
    assert report.stats["active.rules.total"] == 4
    assert "value_unplaced" not in report.check_codes()
    # each value's evidence names the table it is printed in
    assert (
        report.evidence["active.licensing.prev_items"].table,
        report.evidence["active.rules.total"].table,
    ) == (1, 0)


@pytest.mark.parametrize(
    ("value", "cell"),
    [(None, ""), (3, "3"), (26.0, "26.0"), (1e-05, "0.00001"), (0.0001005, "0.0001005"), (25.1, "25.1")],
)
def test_csv_cells_never_use_exponents(value: float | None, cell: str) -> None:
    from linhai_scrape.read.numbers import csv_cell

    assert csv_cell(value) == cell


def test_a_row_of_a_rejoined_section_two_table_is_named_where_it_is_printed() -> None:
    from linhai_scrape.extract import extract_text

    report = extract_text(
        "<html><body><div id='zoom'><p>测试市2019年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "<p>二、主动公开政府信息情况</p><table>"
        "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>4</td></tr>"
        "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr></table>"
        "<table><tr><td>行政许可</td><td>268</td><td>+3</td><td>3712</td></tr>"
        "<tr><td>行政处罚</td><td>+5</td><td>1</td><td>9</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p></div></body></html>"
    )
    (check,) = [c for c in report.checks if c.code == "value_unplaced"]
    assert check.message.startswith("table 1 row 1 (行政处罚)")


@pytest.mark.parametrize(
    ("head", "five", "six", "agency", "year", "published"),
    [
        # a sentence further on cites another year's report: the title without a year still wins
        (
            "临海市民政局政府信息公开工作年度报告\n发布时间：2023-01-20",
            "针对2021年政府信息公开工作年度报告中指出的问题，已整改。",
            "无。",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
        # a "上一篇" link at the end names last year's report
        (
            "临海市民政局政府信息公开工作年度报告\n发布时间：2023-01-20",
            "无。",
            "无。\n上一篇：临海市民政局2021年政府信息公开工作年度报告",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
        # a date in a sentence is not the publication date
        (
            "临海市民政局政府信息公开工作年度报告",
            "政策解读专栏上线日期：2022年6月1日。",
            "无。",
            "临海市民政局",
            None,
            None,
        ),
        # a closing signature names the body and the date, when the title does not
        (
            "政府信息公开工作年度报告",
            "无。",
            "无。\n临海市民政局\n2023年1月20日",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
        # the labels of CMS info bars, glued or bracketed, still give the publication date
        (
            "临海市民政局2022年政府信息公开工作年度报告\n信息来源：区卫健局发布日期：2023-01-20",
            "无。",
            "无。",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
        (
            "临海市民政局2022年政府信息公开工作年度报告\n【发布时间：2023-01-20】",
            "无。",
            "无。",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
        # a navbar's bare 日期 in a pipe line is not; the 发布时间 line after it is
        (
            "临海市民政局2022年政府信息公开工作年度报告\n首页 | 政务公开 | 日期：2024年3月5日 星期二 |\n发布时间：2023-01-20 10:12",
            "无。",
            "无。",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
        # a text dump's "发布时间：… | 来源：… |" line is a table row, and still the publication date
        (
            "临海市民政局2022年政府信息公开工作年度报告\n发布时间：2023-01-20 10:12 | 来源：临海市民政局 |",
            "无。",
            "无。",
            "临海市民政局",
            2022,
            "2023-01-20",
        ),
    ],
)
def test_metadata_from_the_report_not_from_lines_further_on(
    head: str, five: str, six: str, agency: str | None, year: int | None, published: str | None
) -> None:
    from linhai_scrape.extract import extract_text

    report = extract_text(head + "\n" + _BODY.format(five=five, six=six))
    assert (report.agency, report.year) == (agency, year)
    assert (str(report.published) if report.published else None) == published


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("统计期限为自2022年1月1日起至2022年12月31日止。", "2022-01-01", "2022-12-31"),
        ("本报告所列数据的统计期限为2022年1月1日至12月31日。", "2022-01-01", "2022-12-31"),
        # a campaign's dates before the period sentence are not the period
        (
            "2023年3月1日至6月30日，开展政务数据共享专项清理，统计问题。本报告统计期限为2023年1月1日至2023年12月31日。",
            "2023-01-01",
            "2023-12-31",
        ),
    ],
)
def test_period_wordings(sentence: str, start: str, end: str) -> None:
    from linhai_scrape.read.metadata import find_period

    period = find_period(sentence)
    assert (str(period.start), str(period.end)) == (start, end)


@pytest.mark.parametrize(
    ("year", "text", "edition"),
    [
        # a year decides over the other edition's notice cited in the text
        (2022, "相关文件：国办公开办函〔2019〕60号", "2021"),
        (2020, "2021年起将按照国办公开办函〔2021〕30号编制", "2019"),
        (None, "本年新制作数量", "2019"),  # no year: the labels decide
    ],
)
def test_edition_without_tables(year: int | None, text: str, edition: str) -> None:
    from linhai_scrape.read.metadata import detect_edition

    assert detect_edition(set(), text, year)[0] == edition


def test_a_publication_date_that_does_not_fit_the_year_is_a_warning() -> None:
    from datetime import date

    from linhai_scrape.read.checks import check_published

    assert check_published(date(2023, 1, 20), 2022) == []
    (check,) = check_published(date(2023, 1, 20), 2021)
    assert check.code == "published_year_mismatch" and check.severity == "warning"


def test_a_legacy_report_without_a_year_in_its_title_is_split_by_the_legacy_outline() -> None:
    from pathlib import Path

    from linhai_scrape.extract import extract_text

    text = (Path(__file__).parent.parent / "fixtures" / "legacy_2016.txt").read_text(encoding="utf-8")
    text = text.replace("湖州市吴兴区2016年政府信息公开工作年度报告", "湖州市吴兴区政府信息公开工作年度报告")
    report = extract_text(text)  # the year only in the period and the publication date
    assert (report.year, report.edition) == (2016, "legacy")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert "section_missing" not in report.check_codes()


@pytest.mark.parametrize(
    "numbering",
    [
        ["一 ", "二 ", "三 ", "四 ", "五 ", "六 "],
        ["1、", "2、", "3、", "4、", "5、", "6、"],
        ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"],
        ["第一部分 ", "第二部分 ", "第三部分 ", "第四部分 ", "第五部分 ", "第六部分 "],
    ],
)
def test_sections_numbered_otherwise_are_found_when_the_usual_numbering_is_absent(
    numbering: list[str],
) -> None:
    from linhai_scrape.extract import extract_text

    names = ("one", "two", "three", "four", "five", "six")
    report = extract_text(_NARRATIVE_REPORT.format(**dict(zip(names, numbering, strict=True))))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.stats["applications.new_received.total"] == 20
    assert report.stats["review_litigation.review.total"] == 2


@pytest.mark.parametrize(
    "opening",
    [
        # a 目录 with an intro sentence and the title again before the body
        "目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
        "本报告由测试市民政局编制。\n测试市民政局2022年政府信息公开工作年度报告\n",
        # an intro that lists the sections
        "本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
        "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。\n",
    ],
)
def test_an_outline_before_the_body_is_not_a_report_of_its_own(opening: str) -> None:
    from linhai_scrape.extract import extract_text

    body = _NARRATIVE_REPORT.format(
        one="一、", two="二、", three="三、", four="四、", five="五、", six="六、"
    )
    title, rest = body.split("\n", 1)
    report = extract_text(title + "\n" + opening + rest)
    assert report.stats["applications.new_received.total"] == 20
    assert "multiple_reports" not in report.check_codes()


def test_the_lower_level_entry_points_are_importable_from_the_package() -> None:
    import linhai_scrape

    for name in ("extract_file", "extract_bytes", "extract_text", "extract_url", "extract_document"):
        assert callable(getattr(linhai_scrape, name)) and name in linhai_scrape.__all__


def test_one_heading_and_no_template_table_is_not_a_report() -> None:
    from linhai_scrape.extract import extract_text
    from linhai_scrape.models import NotAReportError

    with pytest.raises(NotAReportError) as info:
        extract_text(
            "XX局2022年法治政府建设年度报告\n一、基本情况\n全年收到政府信息公开申请12件，予以公开5件。\n"
        )
    assert info.value.outcome.reason == "no_sections"
    assert "only one numbered section heading (一、基本情况)" in info.value.outcome.message


def test_a_long_summary_beside_the_report_file_is_still_an_attachment_page() -> None:
    from linhai_scrape.extract import extract_text
    from linhai_scrape.models import NotAReportError

    summary = "本报告依据《中华人民共和国政府信息公开条例》编制，全文包括总体情况等内容。" * 40
    related = "".join(f"<li><a href='/art/{i}.html'>相关政策文件第{i}号</a></li>" for i in range(12))
    page = (
        "<html><body><div id='zoom'><h1>XX局2022年政府信息公开工作年度报告</h1>"
        f"<p>{summary}</p><p><a href='/attach/report.pdf'>XX局2022年政府信息公开工作年度报告.pdf</a></p>"
        f"<ul>{related}</ul></div></body></html>"
    )
    with pytest.raises(NotAReportError) as info:
        extract_text(page)
    assert (info.value.outcome.reason, info.value.outcome.attachment) == (
        "attachment_only",
        "/attach/report.pdf",
    )


def test_a_section_named_inside_another_does_not_open_it_early() -> None:
    from linhai_scrape.extract import extract_text

    text = _NARRATIVE_REPORT.format(
        one="一、", two="二、", three="三、", four="四、", five="五、", six="六、"
    )
    text = text.replace(
        "本年度新收政府信息公开申请20件，予以公开12件。",
        "本年度新收政府信息公开申请20件，予以公开12件。具体数据见：三、收到和处理政府信息公开申请情况。",
    )
    report = extract_text(text)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert "section_out_of_order" not in report.check_codes()
    assert report.sections[2].text == "详见总体情况。"  # 三's own text, not 一's tail


def test_a_traditional_copy_that_kept_xinxi_but_made_wenjian_dangan_has_its_template_row_back() -> None:
    from pathlib import Path

    from linhai_scrape.extract import extract_text

    archive = Path(__file__).resolve().parent.parent / "fixtures" / "redteam_traditional_archive.txt"
    text = archive.read_text(encoding="utf-8").replace("規範性文件 |", "規範性檔案 |")
    assert "信息" in text and "資訊" not in text
    report = extract_text(text)
    assert report.flat()["active.normative_docs.total"] == 45
    assert report.source.script_converted == "traditional→simplified (Taiwan phrasing restored)"
    # a Simplified page is never a converted copy: its own words stand
    simplified = "某局2020年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n规范性档案 | 7 | 7 | 45 |\n"
    assert "active.normative_docs.total" not in extract_text(simplified).flat()


def test_a_sentence_in_the_body_quoting_last_years_report_is_not_the_title() -> None:
    # A page with no title line: 一 says the body published last year's report during the year
    # ("公开发布《…2021年…年度报告》"). Taken for the title, it filed the 2022 report under 2021.
    from linhai_scrape.extract import extract_text

    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    title = "深圳市龙岗区卫生健康局2023年政府信息公开工作年度报告\n"
    assert title in text
    quoted = (
        "二是做好主动公开。公开发布《深圳市龙岗区卫生健康局2022年政府信息公开工作年度报告》，通过网站公开。\n"
    )
    opening = next(line for line in text.splitlines(keepends=True) if line.startswith("本报告根据"))
    body = text.replace(title, "").replace(opening, "")
    report = extract_text(body.replace("一、总体情况\n", "一、总体情况\n" + quoted, 1))
    assert report.year != 2022
    assert report.title is None or "2022" not in report.title


@pytest.mark.parametrize(
    "printed",
    [
        "2023年深圳市龙岗区卫生健康局\n政府信息公开工作年度报告",
        "深圳市龙岗区卫生健康局\n政府信息公开工作2023年度报告",
    ],
)
def test_a_title_printed_on_two_lines(printed: str) -> None:
    # the body's name (and year) on one line, the report's bare name under it
    from linhai_scrape.extract import extract_text

    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    title = "深圳市龙岗区卫生健康局2023年政府信息公开工作年度报告"
    report = extract_text(text.replace(title, printed))
    assert report.title == printed.replace("\n", "")  # not the bare second line
    assert (report.agency, report.year) == ("深圳市龙岗区卫生健康局", 2023)


def _untitled_2023(overview: str, opening: str = "") -> str:
    # text_2021 without its title, its opening (the period) and its publication dates: only the
    # body's own sentences can date it
    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    drop = [
        ln
        for ln in lines
        if "2023年政府信息公开工作年度报告" in ln
        or ln.startswith(("本报告根据", "发布时间", "2024年1月26日"))
    ]
    assert len(drop) >= 4
    body = "".join(ln for ln in lines if ln not in drop)
    first = "2023年，区卫生健康局围绕基层医疗服务能力提升"
    assert first in body
    return opening + body.replace(first, overview, 1)


@pytest.mark.parametrize(
    ("overview", "opening", "year"),
    [
        ("2023年，区卫生健康局围绕基层医疗服务能力提升", "", 2023),  # the overview opens with its year
        ("2023年我局围绕基层医疗服务能力提升", "", 2023),
        ("（一）主动公开。2023年，全局围绕基层医疗服务能力提升", "", 2023),
        ("区卫生健康局围绕基层医疗服务能力提升", "现将我局2023年度政府信息公开情况报告如下：\n", 2023),
        ("本报告汇报我局2023年政府信息公开工作，围绕基层医疗服务能力提升", "", 2023),
        # other spans of time, and another report's name, date nothing
        ("2020年以来，区卫生健康局围绕基层医疗服务能力提升", "", None),
        ("2023年1月，区卫生健康局围绕基层医疗服务能力提升", "", None),
        (
            "区卫生健康局围绕基层医疗服务能力提升",
            "按照《某区2022年政府信息公开工作年度报告》的体例编写。\n",
            None,
        ),
        ("区卫生健康局围绕基层医疗服务能力提升", "", None),
    ],
)
def test_a_report_without_a_title_is_dated_by_its_own_sentences(
    overview: str, opening: str, year: int | None
) -> None:
    # 22 of 149 corpus excerpts lost their title; the overview's opening year and a sentence
    # presenting the year's report date 87 of them rightly and none wrongly
    from linhai_scrape.extract import extract_text

    report = extract_text(_untitled_2023(overview, opening))
    assert report.year == year
    assert report.flat()["applications.new_received.total"] == 78


@pytest.mark.parametrize(
    ("sentence", "new"),
    [
        # taken up (受理): the 96 are the 91 answered and the 5 carried forward, new and carried over
        # alike, and nothing says how many were carried over
        ("本年度受理政府信息公开申请96件。在已经答复的91件申请中，予以公开22件；结转下年度办理5件。", None),
        # received (收到) this year: the new ones
        ("本年度共收到政府信息公开申请96件，已答复91件，结转至下一年答复5件。", 96),
        # taken up, with no forward count to show the sum
        ("本年度受理政府信息公开申请96件，已答复91件。", 96),
    ],
)
def test_a_count_taken_up_that_equals_answered_plus_forward_is_not_the_new_ones(
    sentence: str, new: int | None
) -> None:
    from linhai_scrape.extract import extract_text

    report = extract_text("某区审计局2023年政府信息公开工作年度报告\n" + _six({3: sentence}))
    assert report.flat().get("applications.new_received.total") == new
    assert ("narrative_ambiguous" in report.check_codes()) == (new is None)


def test_a_received_count_smaller_than_the_cases_handled_is_the_new_ones() -> None:
    # 3 + 4 answered and 1 forward: 8 handled at least, so 7 cannot be new + carried over
    from linhai_scrape.extract import extract_text

    three = "共收到信息公开申请7件，上年度结转1件；予以公开3件，无法提供4件，结转下年继续办理1件。"
    report = extract_text("某区审计局2023年政府信息公开工作年度报告\n" + _six({3: three}))
    assert report.flat()["applications.new_received.total"] == 7
    assert report.flat()["applications.carried_over.total"] == 1
    # where the outcomes stated could still be new + carried over, the count stays unread
    three = "共收到信息公开申请8件，上年度结转1件；予以公开3件，无法提供4件，结转下年继续办理1件。"
    report = extract_text("某区审计局2023年政府信息公开工作年度报告\n" + _six({3: three}))
    assert "applications.new_received.total" not in report.flat()


def test_a_year_in_brackets_inside_a_header_label_is_the_label() -> None:
    from linhai_scrape.template import normalise_label

    assert normalise_label("本年(2023)制发件数") == normalise_label("本年制发件数")
    assert normalise_label("本年（2023年）废止件数") == normalise_label("本年废止件数")
