"""The one row placer: grid rows, flattened rows, and glued digits split only one way."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from page_builders import FIXTURES

from linhai_scrape import extract_bytes
from linhai_scrape.models import Report
from linhai_scrape.read.document import Cell
from linhai_scrape.read.placer import Column, Placement, Unplaced, place_flat_row, place_grid_row, split_glued
from linhai_scrape.template import APPLICATION_COLUMNS

APPLICANTS = (((0, 1, 2, 3, 4, 5), 6),)
REVIEW = (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14))


@pytest.mark.parametrize(
    ("run", "cells"),
    [
        ("21710000218", ["217", "1", "0", "0", "0", "0", "218"]),
        ("713000074", ["71", "3", "0", "0", "0", "0", "74"]),
        ("0200002", ["0", "2", "0", "0", "0", "0", "2"]),
        ("230 000023", ["23", "0", "0", "0", "0", "0", "23"]),  # a space is always a cell boundary
    ],
)
def test_an_applicant_row_splits_where_its_columns_add_up_one_way_only(run: str, cells: list[str]) -> None:
    assert split_glued(run, 7, APPLICANTS) == cells


@pytest.mark.parametrize("run", ["152010018", "270020130", "330000033"])
def test_an_applicant_row_that_adds_up_more_than_one_way_is_not_read(run: str) -> None:
    result = split_glued(run, 7, APPLICANTS)
    assert isinstance(result, Unplaced) and "more than one split" in result.reason


def test_a_row_that_adds_up_no_way_is_not_read() -> None:
    # a blank cell lost from the run: six printed numbers cannot make seven cells that add up
    assert isinstance(split_glued("12345168", 7, APPLICANTS), Unplaced)


def test_section_four_splits_by_each_kinds_total() -> None:
    assert split_glued("21317000001324019", 15, REVIEW) == (
        ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]
    )


@pytest.mark.parametrize(("run", "parts"), [("8855698", 3), ("125", 3), ("100", 3), ("3960181", 3)])
def test_a_row_with_no_arithmetic_is_never_split_by_a_guess(run: str, parts: int) -> None:
    # "125" could be 1 | 2 | 5 or a blank then 12 | 5: nothing in the row decides
    assert isinstance(split_glued(run, parts), Unplaced)


def test_a_row_of_zeros_one_per_cell_or_a_single_cell_needs_no_arithmetic() -> None:
    assert split_glued("000", 3) == ["0", "0", "0"]
    # 00 and 07 are no numbers: three cells, and no row with a blank cell could print these digits
    assert split_glued("007", 3) == ["0", "0", "7"]
    assert split_glued("0 1 0", 3) == ["0", "1", "0"]
    assert split_glued("4529", 1) == ["4529"]
    assert split_glued("186.51", 1) == ["186.51"]
    assert isinstance(split_glued("0452", 1), Unplaced)
    assert split_glued("0 0 0 0 0 00", 7, APPLICANTS) == ["0"] * 7  # "00" can only be two zeros


def _cells(*texts: str, start: int = 1) -> list[Cell | None]:
    return [Cell("label", 0, 0), *(Cell(t, 0, start + i) for i, t in enumerate(texts))]


def test_a_grid_row_spanned_unlike_its_header_is_read_in_order_when_counts_match() -> None:
    columns = [
        Column("prev_items", "上一年项目数量", 1, 2),
        Column("change", "本年增/减", 2, 4),
        Column("decisions", "处理决定数量", 4, 5),
    ]
    merged = Cell("0", 0, 1, colspan=2)
    row: list[Cell | None] = [Cell("行政许可", 0, 0), merged, merged, Cell("5", 0, 3), Cell("9", 0, 4)]
    placement = place_grid_row(row, 1, columns)
    assert isinstance(placement, Placement) and placement.in_order
    assert [(c.text, col.key) for c, col in placement.cells] == [
        ("0", "prev_items"),
        ("5", "change"),
        ("9", "decisions"),
    ]


_APPLICANTS = list(APPLICATION_COLUMNS)  # the template's order: 自然人 … 其他, 总计
_VALUES = ["230", "12", "1", "0", "3", "2", "248"]


def _header(
    *widths: int, keys: list[str | None] | None = None, labels: list[str] | None = None
) -> list[Column]:
    """Leaf columns from grid column 1 on, each ``width`` grid columns wide."""
    keys = keys or list(_APPLICANTS)
    labels = labels or [k or "" for k in keys]
    columns, start = [], 1
    for key, label, width in zip(keys, labels, widths, strict=True):
        columns.append(Column(key, label, start, start + width))
        start += width
    return columns


def test_a_header_leaf_wider_than_the_rows_cells_is_read_in_order_when_the_leaves_keep_the_template_order() -> (
    None
):
    # 自然人 printed over two grid columns, the rows one cell per leaf: everything after it stands a
    # column right of its values, in the template's order
    placement = place_grid_row(_cells(*_VALUES), 1, _header(2, 1, 1, 1, 1, 1, 1))
    assert isinstance(placement, Placement) and placement.in_order
    assert placement.disagreement is not None and "two of the row's cells" in placement.disagreement
    assert [(c.text, col.key) for c, col in placement.cells] == list(zip(_VALUES, _APPLICANTS, strict=True))


def test_a_header_leaf_wider_than_the_rows_cells_with_its_leaves_out_of_order_is_not_placed() -> None:
    # 商业企业 over two grid columns pushes 其他 past 总计 (which spans down from the row above): in
    # grid order the leaves end 总计 | 其他, and read in order 总计 would get 2 and 其他 248
    keys: list[str | None] = [*_APPLICANTS[:5], "total", "other_org"]
    placement = place_grid_row(_cells(*_VALUES), 1, _header(1, 2, 1, 1, 1, 1, 1, keys=keys))
    assert isinstance(placement, Unplaced) and "not the template's in order" in placement.reason
    # as many cells as grid columns (a spacer cell under a wide leaf): the grid agrees, read by it
    placement = place_grid_row(_cells(*_VALUES[:6], "", _VALUES[6]), 1, _header(1, 1, 1, 1, 1, 1, 2))
    assert isinstance(placement, Placement) and not placement.in_order
    assert [(c.text, col.key) for c, col in placement.cells if c.text] == list(
        zip(_VALUES, _APPLICANTS, strict=True)
    )


def test_a_header_leaf_wider_than_the_rows_cells_with_another_count_is_not_placed() -> None:
    placement = place_grid_row(_cells(*_VALUES[:6]), 1, _header(2, 1, 1, 1, 1, 1, 1))
    assert isinstance(placement, Unplaced) and "not one per column" in placement.reason


def test_a_header_label_printed_twice_is_never_mapped() -> None:
    keys: list[str | None] = ["natural_person", "commercial", None, *_APPLICANTS[2:]]
    labels = ["自然人", "商业企业", "商业 企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    header = _header(1, 1, 1, 1, 1, 1, 1, 1, keys=keys, labels=labels)
    # the rows print one cell per template column: the header is a column wider, every cell after
    # the second 商业企业 would stand a column left of its label
    placement = place_grid_row(_cells(*_VALUES), 1, header)
    assert isinstance(placement, Unplaced) and "prints '商业企业' twice" in placement.reason
    # a cell under each: which of 12 and 5 is 商业企业's is not known; the others stand under their own
    placement = place_grid_row(_cells("230", "12", "5", *_VALUES[2:]), 1, header)
    assert isinstance(placement, Placement) and not placement.in_order
    assert [col.key for _, col in placement.cells] == ["natural_person", *_APPLICANTS[2:]]
    assert len(placement.merged) == 2 and all("prints twice" in why for why in placement.merged)


def test_a_grid_row_with_a_cell_lost_is_not_placed_by_position() -> None:
    columns = [Column(k, k, i + 1, i + 2) for i, k in enumerate(["issued", "repealed", "in_force"])]
    assert isinstance(place_grid_row(_cells("5", "13"), 1, columns, full_width=4), Unplaced)
    assert isinstance(place_grid_row(_cells("5", "0", "13"), 1, columns, full_width=4), Placement)


def test_a_flat_row_is_placed_only_with_one_cell_per_column() -> None:
    columns = [Column("a", "A"), Column(None, "小计"), Column("b", "B")]
    cells = [Cell(t, 0, i) for i, t in enumerate(["1", "2", "3"])]
    placement = place_flat_row(cells, columns)
    assert isinstance(placement, Placement)
    assert [(c.text, col.key) for c, col in placement.cells] == [("1", "a"), ("3", "b")]
    assert isinstance(place_flat_row(cells[:2], columns), Unplaced)


@settings(deadline=None)
@given(st.text(alphabet="0123456789 ", max_size=24), st.integers(min_value=1, max_value=15))
def test_any_run_of_digits_is_split_or_refused_never_raised(run: str, parts: int) -> None:
    identities = APPLICANTS if parts == 7 else REVIEW if parts == 15 else ()
    result = split_glued(run, parts, identities)
    if not isinstance(result, Unplaced):
        assert len(result) == parts
        assert "".join(result) == run.replace(" ", "")


def test_ambiguous_glued_rows_are_settled_only_by_the_columns_identities() -> None:
    from linhai_scrape import extract_text

    rows = (
        "一、本年新收政府信息公开申请数量 304010136",  # 30 4 0 1 0 1 36
        "二、上年结转政府信息公开申请数量 2000002",
        "三、本年度办理结果 （一）予以公开 152010018",  # splits several ways; the outcome identity decides
        "（二）部分公开 3100004",
        "（三）不予公开 1.属于国家秘密 0000000",
        "2.其他法律行政法规禁止公开 0000000",
        "3.危及“三安全一稳定” 0000000",
        "4.保护第三方合法权益 1000001",
        "5.属于三类内部事务信息 0000000",
        "6.属于四类过程性信息 1000001",
        "7.属于行政执法案卷 0000000",
        "8.属于行政查询事项 0000000",
        "（四）无法提供 1.本机关不掌握相关政府信息 7100019",
        "2.没有现成信息需要另行制作 0000000",
        "3.补正后申请内容仍不明确 1000001",
        "（五）不予处理 1.信访举报投诉类申请 1000001",
        "2.重复申请 0000000",
        "3.要求提供公开出版物 0000000",
        "4.无正当理由大量反复申请 0000000",
        "5.要求行政机关确认或重新出具已获取信息 0000000",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1000001",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0000000",
        "3.其他 0000000",
        "（七）总计 304010136",
        "四、结转下年度继续办理 2000002",
    )
    text = (
        "某县2021年政府信息公开工作年度报告 一、总体情况 全年依法办理申请。二、主动公开政府信息情况 略。"
        "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 "
        "法律服务机构 其他 "
        + "".join(rows)
        + " 四、政府信息公开行政复议、行政诉讼情况 无。五、存在的主要问题及改进情况 无。"
        "六、其他需要报告的事项 无。"
    )
    flat = extract_text(text).flat()
    assert [flat[f"applications.granted.{c}"] for c in ("natural_person", "commercial", "total")] == [
        15,
        2,
        18,
    ]
    # without the outcome rows' identity (one outcome row missing), the same digits stay unread
    cut = text.replace("3.其他 0000000", "")
    assert "applications.granted.total" not in extract_text(cut).flat()


def _html_2021(old: str, new: str) -> Report:
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    assert html.count(old) == 1, old
    return extract_bytes(html.replace(old, new).encode("utf-8"))


_COMMERCIAL_CELL = (
    '<td style="border:solid windowtext 1px;padding:0 5px;" valign="center"><p style="text-align:center;'
    'line-height:22px;"><span style="font-size:14px;font-family:宋体;">商业<br>企业</span></p></td>'
)


def test_a_page_whose_header_leaf_is_wider_than_its_rows_is_read_in_order_or_not_at_all() -> None:
    stated = extract_bytes((FIXTURES / "html_2021_utf8.html").read_bytes()).flat()
    # 自然人 over two grid columns: the leaves keep the template's order, every row is read in order
    natural = (
        '<td rowspan="2" style="border:solid windowtext 1px;padding:0 5px;" valign="center"><p style="text-align:'
        'center;line-height:22px;"><span style="font-size:14px;font-family:宋体;">自然人'
    )
    report = _html_2021(natural, natural.replace("<td ", '<td colspan="2" '))
    assert {k: v for k, v in report.flat().items() if k.startswith("applications.")} == {
        k: v for k, v in stated.items() if k.startswith("applications.")
    }
    assert "cells_placed_in_order" in report.check_codes()
    # 商业企业 printed twice: 8 leaves over rows of 7 cells; no row is placed, no number is wrong
    report = _html_2021(_COMMERCIAL_CELL, _COMMERCIAL_CELL * 2)
    flat = report.flat()
    assert {k: v for k, v in flat.items() if k in stated and v != stated[k]} == {}
    assert not any(k.startswith("applications.new_received.") for k in flat)
    assert "value_unplaced" in report.check_codes()


def test_a_one_line_header_with_a_leaf_wider_than_its_rows_is_read_in_order() -> None:
    # section 二's 本年制发件数 over two grid columns, the rows one cell per label
    stated = extract_bytes((FIXTURES / "html_2021_utf8.html").read_bytes()).flat()
    issued = (
        '<td style="border:solid windowtext 1px;padding:0 5px;" valign="center"><p style="text-align:center;'
        'line-height:22px;"><span style="font-size:14px;font-family:宋体;">本年制发件数'
    )
    report = _html_2021(issued, issued.replace("<td ", '<td colspan="2" '))
    assert report.flat() == stated
    assert report.check_codes().count("cells_placed_in_order") == 2
