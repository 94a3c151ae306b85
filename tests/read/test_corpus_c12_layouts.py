"""Three layouts of real pages (devcorpus c12 findings B4, B9, B6), written here with our own numbers:
empty cells printed as lines of whitespace in a blank-line dump, a sentence's 0 beside a table row
of zeros that cannot be placed, and an untitled page cut after 一 whose items name 政府信息."""

from __future__ import annotations

import pytest

from linhai_scrape import NotAReportError, extract_text

# --- B4: a blank-line dump whose empty cells are lines holding only whitespace ----------------------


def _dump(*cells: str) -> str:
    """Cells one per line, an empty line between each (a blank cell is passed as its whitespace)."""
    return "\n\n".join(cells) + "\n\n"


def _report(edition_two: str, year: int = 2022) -> str:
    return (
        f"某县交通运输局{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n本局依法做好政务公开工作。\n\n"
        f"二、主动公开政府信息情况\n\n{edition_two}三、收到和处理政府信息公开申请情况\n\n略。\n\n"
        "四、政府信息公开行政复议、行政诉讼情况\n\n略。\n\n五、存在的主要问题及改进情况\n\n略。\n\n"
        "六、其他需要报告的事项\n\n无。\n"
    )


_HEADER_2021 = ("第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
_LICENSING_2021 = ("第二十条第(五)项", "信息内容", "本年处理决定数量")


def test_whitespace_lines_are_the_empty_cells_of_a_2021_blank_line_dump() -> None:
    two = _dump(
        *_HEADER_2021,
        *("规章", " ", " ", " 6"),
        *("行政规范性文件", " 3", "\u00a0", " 41"),
        *_LICENSING_2021,
        *("行政许可", " 512"),
    )
    report = extract_text(_report(two))
    flat = report.flat()
    assert {k: v for k, v in flat.items() if k.startswith("active.")} == {
        "active.rules.in_force": 6,
        "active.normative_docs.issued": 3,
        "active.normative_docs.in_force": 41,
        "active.licensing.decisions": 512,
    }
    assert "value_unplaced" not in report.check_codes()


def test_whitespace_lines_are_the_empty_cells_of_a_2019_blank_line_dump() -> None:
    two = _dump(
        *("第二十条第(一)项", "信息内容", "本年新", "制作数量", "本年新", "公开数量", "对外公开总数量"),
        *("规章", " ", " ", " "),
        *("规范性文件", "  ", " ", " "),
        *("第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/", "处理决定数量"),
        *("行政许可", " 93", "\u00a0", "\u3000"),
        *("其他对外管理服务事项", " ", " 7", " "),
    )
    report = extract_text(_report(two, 2020))
    flat = report.flat()
    assert {k: v for k, v in flat.items() if k.startswith("active.")} == {
        "active.licensing.prev_items": 93,
        "active.other_services.change": 7,
    }
    assert "value_unplaced" not in report.check_codes()


def test_whitespace_lines_give_the_empty_cells_of_section_three_rows() -> None:
    header = (
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    )
    three = _dump(
        "三、收到和处理政府信息公开申请情况",
        *header,
        *("一、本年新收政府信息公开申请数量", " 4", " ", " 1", " ", " ", " ", " 5"),
        *("二、上年结转政府信息公开申请数量", " ", " ", " ", " ", " ", " ", " "),
    )
    text = _report("无。\n\n").replace("三、收到和处理政府信息公开申请情况\n\n略。\n\n", three)
    report = extract_text(text)
    flat = report.flat()
    assert flat["applications.new_received.natural_person"] == 4
    assert flat["applications.new_received.research"] == 1
    assert flat["applications.new_received.total"] == 5
    # an empty cell is 0 only because the row's stated total confirms it (4 + 1 = 5)
    assert flat["applications.new_received.commercial"] == 0
    assert report.evidence["applications.new_received.commercial"].origin == "derived"
    assert not any(k.startswith("applications.carried_over") for k in flat)


@pytest.mark.parametrize(
    "rows",
    [
        # one row one whitespace line short: the lines do not give every row the header's cells
        (*("行政许可", " 93", " ", " "), *("其他对外管理服务事项", " 7", " ")),
        # one row one whitespace line too many
        (*("行政许可", " 93", " ", " "), *("其他对外管理服务事项", " 7", " ", " ", " ")),
    ],
)
def test_whitespace_lines_that_do_not_fit_every_row_are_no_cells(rows: tuple[str, ...]) -> None:
    two = _dump("第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量", *rows)
    report = extract_text(_report(two, 2020))
    assert not any(k.startswith("active.") for k in report.flat())
    assert report.check_codes().count("value_unplaced") == 2


def test_whitespace_lines_between_every_cell_are_separators_not_cells() -> None:
    # a dump whose separators are lines of one space: counted as cells, no row fits its header
    two = (
        "\n \n".join(("第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"))
        + "\n\n \n"
        + "\n \n".join(("行政许可", "8", "1", "9", "其他对外管理服务事项", "5", "0", "6"))
        + "\n\n"
    )
    flat = extract_text(_report(two, 2020)).flat()
    assert flat["active.licensing.prev_items"] == 8
    assert flat["active.licensing.decisions"] == 9
    assert flat["active.other_services.change"] == 0


# --- B9: a sentence's 0 beside a table row that prints only 0s but cannot be placed -------------------

_NEW = "applications.new_received.total"
_APPLICANT_HEADER_LINES = (
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)


def _three_dump(new_row: tuple[str, ...], carried_row: tuple[str, ...]) -> str:
    """Section 三 as a blank-line dump whose rows print only their 总计 after a run of empty lines
    (seven empty lines cannot be told from six empty cells and separators: not placed)."""
    rows = "".join(
        label + "\n\n" + "\n" * 6 + "\n\n".join(values) + "\n\n"
        for label, values in (
            ("一、本年新收政府信息公开申请数量", new_row),
            ("二、上年结转政府信息公开申请数量", carried_row),
        )
    )
    return "三、收到和处理政府信息公开申请情况\n\n" + _dump(*_APPLICANT_HEADER_LINES) + rows


def _text_report(sentence: str, new_row: tuple[str, ...], carried_row: tuple[str, ...] = (" 0",)) -> str:
    return (
        _report("无。\n\n", 2020)
        .replace("本局依法做好政务公开工作。", sentence)
        .replace("三、收到和处理政府信息公开申请情况\n\n略。\n\n", _three_dump(new_row, carried_row))
    )


def test_a_sentences_zero_stands_beside_an_unplaced_row_of_zeros_in_text() -> None:
    report = extract_text(_text_report("2020年度本局没有收到政府信息公开申请。", (" 0",)))
    assert report.flat()[_NEW] == 0
    assert report.evidence[_NEW].origin == "narrative"
    codes = report.check_codes()
    assert "narrative_zero_kept" in codes and "narrative_withheld" not in codes
    assert codes.count("value_unplaced") == 2  # the rows stay unplaced: only the sentence's key is kept
    assert not any(k.startswith("applications.carried_over") for k in report.flat())


@pytest.mark.parametrize(
    ("sentence", "new_row"),
    [
        ("2020年度本局没有收到政府信息公开申请。", (" 2",)),  # the row prints another digit
        ("2020年度本局没有收到政府信息公开申请。", (" 0", " 1")),  # a 0 and a 1
        ("2020年度本局没有收到政府信息公开申请。", (" 0", " —")),  # a 0 and a mark
        ("2020年度本局没有收到政府信息公开申请。", (" 00",)),  # not a plain 0
        ("2020年度本局共收到政府信息公开申请3件。", (" 0",)),  # a sentence's count other than 0
    ],
)
def test_a_sentence_beside_an_unplaced_row_is_withheld_unless_both_say_only_zero(
    sentence: str, new_row: tuple[str, ...]
) -> None:
    report = extract_text(_text_report(sentence, new_row))
    assert _NEW not in report.flat()
    codes = report.check_codes()
    assert "narrative_withheld" in codes and "narrative_zero_kept" not in codes


_HTML_HEADER_2021 = (
    "<tr><td rowspan=2 colspan=3>申请人情况</td><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td>"
    "<td rowspan=2>总计</td></tr><tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
    "<td>法律服务机构</td><td>其他</td></tr>"
)


def _html_report(sentence: str, cells: str) -> str:
    table = f"<table>{_HTML_HEADER_2021}<tr><td colspan=3>一、本年新收政府信息公开申请数量</td>{cells}</tr></table>"
    body = (
        f"<p>一、总体情况</p><p>{sentence}</p><p>二、主动公开政府信息情况</p><p>无。</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p>{table}"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p><p>五、存在的主要问题及改进情况</p><p>无。</p>"
        "<p>六、其他需要报告的事项</p><p>无。</p>"
    )
    title = "某镇人民政府2023年政府信息公开工作年度报告"
    return f"<html><head><title>{title}</title></head><body><div id='zoom'><h1>{title}</h1>{body}</div></body></html>"


@pytest.mark.parametrize("cells", ["<td colspan=7>0</td>", "<td colspan=3>0</td><td colspan=4>0</td>"])
def test_a_sentences_zero_stands_beside_an_unplaced_row_of_zeros_in_html(cells: str) -> None:
    report = extract_text(_html_report("2023年本镇未收到政府信息公开申请。", cells))
    assert report.flat()[_NEW] == 0
    assert "value_unplaced" in report.check_codes()
    assert "narrative_zero_kept" in report.check_codes()


@pytest.mark.parametrize("cells", ["<td colspan=7>1</td>", "<td colspan=3>0</td><td colspan=4>5</td>"])
def test_a_sentences_zero_beside_an_unplaced_row_with_another_digit_is_withheld_in_html(cells: str) -> None:
    report = extract_text(_html_report("2023年本镇未收到政府信息公开申请。", cells))
    assert _NEW not in report.flat()
    assert "narrative_withheld" in report.check_codes()


# --- B6: an untitled page cut after 一 whose items name 政府信息 first ------------------------------

_PREPARED = (
    "本年报依据《中华人民共和国政府信息公开条例》要求，由某县某镇人民政府编制。全文包括总体情况、"
    "主动公开政府信息情况等内容。本年报所列数据的统计期限自2022年1月1日起至12月31日止。"
)
_SUBJECT_FIRST = (
    "一、总体情况\n"
    f"{_PREPARED}\n"
    "（一）政府信息主动公开情况\n2022年，本镇在门户网站更新各类信息52条。\n"
    "（二）政府信息依申请公开情况\n2022年本镇共收到政府信息公开申请3件，上年结转0件。\n"
    "（三）政府信息管理情况\n本镇规范信息发布审核。"
)


def _as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return f"<html><head><meta charset='utf-8'></head><body><div id='zoom'>{paragraphs}</div></body></html>"


@pytest.mark.parametrize("as_html", [False, True])
@pytest.mark.parametrize(
    "text",
    [
        _SUBJECT_FIRST,
        # ASCII brackets, and no 编制说明 before the items
        _SUBJECT_FIRST.replace(f"{_PREPARED}\n", "").replace("（", "(").replace("）", ")"),
    ],
)
def test_an_untitled_cut_page_whose_overview_items_name_the_subject_first_is_read(
    text: str, as_html: bool
) -> None:
    report = extract_text(_as_html(text) if as_html else text)
    assert report.flat()["applications.new_received.total"] == 3
    assert report.flat()["applications.carried_over.total"] == 0
    assert report.truncated
    cut = next(c for c in report.checks if c.code == "report_cut_short")
    assert "laid out as the report's overview" in cut.message


@pytest.mark.parametrize(
    "text",
    [
        # the subject before one item only, the other not an overview item
        _SUBJECT_FIRST.replace("（二）政府信息依申请公开情况", "（二）政府信息管理情况"),
        # the subject first, but the items out of order
        _SUBJECT_FIRST.replace("（一）政府信息主动公开情况", "（三）政府信息主动公开情况"),
        # another word before the item is no subject (政务信息, 政府信息公开)
        _SUBJECT_FIRST.replace("（一）政府信息主动公开", "（一）政务信息主动公开"),
        _SUBJECT_FIRST.replace("（二）政府信息依申请公开", "（二）政府信息公开依申请公开"),
        # a title naming another kind of text decides by itself
        "某镇2022年政务公开工作总结\n" + _SUBJECT_FIRST,
        # an opening that says what else the text is
        "现将我镇2022年度政务公开工作自查情况报告如下。\n" + _SUBJECT_FIRST,
    ],
)
def test_pages_whose_items_name_the_subject_but_are_not_the_overview_stay_refused(text: str) -> None:
    with pytest.raises(NotAReportError):
        extract_text(text)


def test_a_whitespace_line_that_would_shift_a_value_is_no_cell() -> None:
    # 行政许可, a line of one space, then its one value: as a cell the space would give the row two
    # cells for the header's one column, so it is no cell and 37 stays the row's value
    two = _dump("第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可", " ", "37")
    report = extract_text(_report(two))
    assert report.flat()["active.licensing.decisions"] == 37
    assert "value_unplaced" not in report.check_codes()
