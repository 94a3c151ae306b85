"""Template tables → statistics (read/tables, read/placer)."""

from __future__ import annotations

import pytest
from stage_helpers import (
    _COLUMNS,
    _FLAT_REVIEW_HEADER,
    _REVIEW_CELLS,
    _REVIEW_VALUES,
    _html_table,
    _review_html,
    _review_values,
    _spanned_table,
    _table,
    _values,
)

from linhai_scrape import extract_text
from linhai_scrape.read.document import parse_document
from linhai_scrape.read.tables import read_table


def test_flattened_columns_follow_the_header_lines_not_the_template() -> None:
    # an 8-column variant whose header puts the 小计 column before 其他
    table = _table(
        "| 自然人 | 法人或其他组织 | 总计 |\n"
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 小计 | 其他 |\n"
        "一、本年新收政府信息公开申请数量 | 10 | 1 | 2 | 3 | 4 | 10 | 5 | 25 |\n"
    )
    stats = {s.key: s.value for s in read_table(table).stats}
    assert stats == {
        "applications.new_received.natural_person": 10,
        "applications.new_received.commercial": 1,
        "applications.new_received.research": 2,
        "applications.new_received.public_interest": 3,
        "applications.new_received.legal_service": 4,
        "applications.new_received.other_org": 5,
        "applications.new_received.total": 25,
    }


def test_a_row_whose_columns_cannot_be_known_is_left_out() -> None:
    table = _table(
        "| 自然人 | 法人或其他组织 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        "（一）予以公开 | 7 |\n（二）部分公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    reading = read_table(table)
    keys = {s.key for s in reading.stats}
    assert not any(k.startswith("applications.granted") for k in keys)
    assert "applications.partially_granted.total" in keys
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_sub_row_with_a_damaged_label_at_its_number_is_that_row() -> None:
    # 1. under （四）无法提供, and close to 本机关不掌握相关政府信息: the template's row, noted
    table = _table(
        "| 自然人 | 法人或其他组织 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        "（四）无法提供 | 1.本机关不掌握相关政府资讯 | 5 | 0 | 0 | 0 | 1 | 0 | 6 |\n"
        "2.其他法律行政止公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"  # under 无法提供, 2. is 没有现成信息: not close
    )
    reading = read_table(table)
    assert {s.key: s.value for s in reading.stats if s.key.endswith(".total")} == {
        "applications.unavailable.not_held.total": 6
    }
    assert [c.code for c in reading.checks] == ["label_variant", "row_unrecognised"]


@pytest.mark.parametrize("sub_label", ["1.涉及国家秘密", "2.完全不相干的文字"])
def test_a_group_label_beside_an_unknown_sub_row_does_not_take_its_values(sub_label: str) -> None:
    group = "（三）不予公开"
    table = _table(
        "| 自然人 | 法人或其他组织 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        "（一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
        f"{group} | {sub_label} | 5 | 0 | 0 | 0 | 1 | 0 | 6 |\n"
    )
    reading = read_table(table)
    keys = {s.key for s in reading.stats}
    assert keys == {f"applications.granted.{c}" for c in _COLUMNS}  # nothing under the group
    assert [c.code for c in reading.checks] == ["row_unrecognised"]


def test_other_misc_needs_its_group() -> None:
    table = _table(
        "| 自然人 | 法人或其他组织 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        "（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "3.其他 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    )
    reading = read_table(table)
    keys = {s.key for s in reading.stats}
    assert "applications.other.no_correction.total" in keys and "applications.other.misc.total" in keys
    assert reading.editions == {"2021"}


def test_a_value_merged_over_several_columns_is_not_given_to_the_first() -> None:
    # "3" merged over 商业企业…其他: the document never says 商业企业 = 3
    reading = read_table(
        _html_table("<tr><td>（一）予以公开</td><td>4</td><td colspan=5>3</td><td>7</td></tr>")
    )
    stats = {s.key: s.value for s in reading.stats}
    assert stats == {"applications.granted.natural_person": 4, "applications.granted.total": 7}
    (check,) = reading.checks
    assert (
        check.code == "value_unplaced"
        and "the value '3' is merged over the columns 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他"
        in check.message
    )


def test_a_section_two_value_merged_over_several_fields_is_left_out() -> None:
    (table,) = parse_document(
        "<html><body><div id='zoom'><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>"
        "<td>现行有效件数</td></tr><tr><td>规章</td><td colspan=3>438</td></tr>"
        "<tr><td>行政规范性文件</td><td>2</td><td>1</td><td>30</td></tr></table></div></body></html>"
    ).tables
    reading = read_table(table, 2)
    assert {s.key for s in reading.stats} == {
        "active.normative_docs.issued",
        "active.normative_docs.repealed",
        "active.normative_docs.in_force",
    }
    (check,) = reading.checks
    assert check.message.endswith(
        "the value '438' is merged over the columns 本年制发件数, 本年废止件数, 现行有效件数; its values are left out"
    )


def test_a_value_merged_over_rows_is_not_copied_into_each() -> None:
    reading = read_table(
        _html_table(
            "<tr><td>（一）予以公开</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td rowspan=2>5</td></tr>"
            "<tr><td>（二）部分公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
        )
    )
    keys = {s.key for s in reading.stats}
    assert "applications.granted.total" not in keys and "applications.partially_granted.total" not in keys
    assert [c.code for c in reading.checks] == ["value_unplaced"]


@pytest.mark.parametrize("cell", ["50%", "-3", "2.5", "12元"])
def test_a_count_cell_holds_a_whole_unsigned_count(cell: str) -> None:
    reading = read_table(
        _html_table(
            f"<tr><td>（一）予以公开</td><td>{cell}</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>"
        )
    )
    assert "applications.granted.natural_person" not in {s.key for s in reading.stats}
    assert [c.code for c in reading.checks] == ["cell_unreadable"]


def test_a_flattened_review_table_follows_its_own_header_order() -> None:
    # 复议后起诉 printed before 未经复议直接起诉: the values follow the header, not the template
    table = _table(
        "| 行政复议 | 行政诉讼 |\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 复议后起诉 | 未经复议直接起诉 |\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 1 | 0 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 2 | 0 | 3 | 0 | 0 | 3 |\n"
    )
    stats = {s.key: s.value for s in read_table(table, 4).stats}
    assert stats["review_litigation.review.total"] == 1
    assert stats["review_litigation.litigation_after_review.upheld"] == 2
    assert stats["review_litigation.litigation_direct.corrected"] == 3


def test_a_flattened_review_table_with_litigation_first_keeps_its_columns() -> None:
    # 行政诉讼 | 行政复议: 行政复议's own results (a rowspan) follow the litigation kinds on line 2,
    # and its values are the last five, not the first
    table = _table(
        "| 行政诉讼 | 行政复议 |\n"
        "| 未经复议直接起诉 | 复议后起诉 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 5 | 6 | 7 | 8 | 26 | 9 | 11 | 12 | 13 | 45 | 1 | 2 | 3 | 4 | 10 |\n"
    )
    stats = {s.key: s.value for s in read_table(table, 4).stats}
    by_kind = {
        kind: [
            stats[f"review_litigation.{kind}.{r}"]
            for r in ("upheld", "corrected", "other", "pending", "total")
        ]
        for kind in ("review", "litigation_direct", "litigation_after_review")
    }
    assert by_kind == {
        "review": [1, 2, 3, 4, 10],
        "litigation_direct": [5, 6, 7, 8, 26],
        "litigation_after_review": [9, 11, 12, 13, 45],
    }


@pytest.mark.parametrize("label", ["<td>数量</td>", "<td>行政复议/行政诉讼</td><td>件数</td>"])
def test_a_review_row_with_a_label_cell_the_header_lacks_is_read_under_its_columns(label: str) -> None:
    reading = read_table(_review_html(label + _REVIEW_CELLS), 4)
    assert _review_values(reading) == list(_REVIEW_VALUES)
    assert reading.checks == []


def test_a_review_value_merged_over_columns_is_left_out() -> None:
    cells = _REVIEW_CELLS.replace("<td>1</td><td>2</td>", "<td colspan=2>3</td>", 1)
    reading = read_table(_review_html(cells), 4)
    assert _review_values(reading) == [None, None, *_REVIEW_VALUES[2:]]
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_review_value_past_the_last_column_leaves_the_row_out() -> None:
    reading = read_table(_review_html(_REVIEW_CELLS + "<td>99</td>"), 4)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]
    assert "do not line up with the header's 15 columns" in reading.checks[0].message


def test_review_values_under_a_header_naming_no_key_are_reported() -> None:
    # the review's results lack rowspan=2, so the litigation results slide left under them and the
    # last five columns are named only 行政诉讼 / 复议后起诉
    reading = read_table(_review_html(_REVIEW_CELLS, rowspan=False), 4)
    assert _review_values(reading)[:10] == list(_REVIEW_VALUES[:10])
    assert _review_values(reading)[10:] == [None] * 5
    (check,) = reading.checks
    assert check.code == "value_unplaced"
    assert "the values 9, 11, 12, 13, 45 (columns 10, 11, 12, 13, 14)" in check.message


def test_review_sub_kind_label_variants() -> None:
    reading = read_table(
        _review_html(_REVIEW_CELLS, sub_kinds=("未经复议直接提起诉讼", "经复议后提起诉讼")), 4
    )
    assert _review_values(reading) == list(_REVIEW_VALUES)


@pytest.mark.parametrize(
    ("header_unit", "cell", "amount"),
    [
        ("单位：千元", "125", 12.5),
        ("百万元", "1.25", 125.0),
        ("亿元", "0.5", 5000.0),
        ("元", "251000", 25.1),
        ("万元", "3.5", 3.5),
        ("万元", "2000元", 0.2),  # the cell's own unit wins over the header's
        ("元", "1.005", 0.0001005),  # exact: not rounded away to 0.0001
        ("元", "103387.9", 10.33879),
    ],
)
def test_section_two_amounts_are_converted_to_wan_from_any_printed_unit(
    header_unit: str, cell: str, amount: float
) -> None:
    table = _table(f"信息内容 | 本年收费金额（{header_unit}） |\n行政事业性收费 | {cell} |\n")
    reading = read_table(table, 2)
    assert {s.key: s.value for s in reading.stats} == {"active.fees.amount": amount}


@pytest.mark.parametrize(
    ("header", "cell", "key"),
    [
        ("本年收费金额（万元）", "12%", "active.fees.amount"),
        ("本年处理决定数量", "70%", "active.licensing.decisions"),
        ("本年处理决定数量", "2.5", "active.licensing.decisions"),
        ("本年处理决定数量", "30万元", "active.licensing.decisions"),
    ],
)
def test_section_two_cells_their_column_cannot_hold_are_unreadable(header: str, cell: str, key: str) -> None:
    item = "行政事业性收费" if "收费" in header else "行政许可"
    reading = read_table(_table(f"信息内容 | {header} |\n{item} | {cell} |\n"), 2)
    assert reading.stats == []
    assert [(c.code, c.keys) for c in reading.checks] == [("cell_unreadable", [key])]


def test_section_two_signed_number_in_an_unsigned_column_leaves_the_row_out() -> None:
    table = _table(
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
        "行政许可 | 268 | +3 | 3712 |\n"
        "其他对外管理服务事项 | +22 | 0 | 889 |\n"
    )
    reading = read_table(table, 2)
    assert {s.key: s.value for s in reading.stats} == {
        "active.licensing.prev_items": 268,
        "active.licensing.change": 3,
        "active.licensing.decisions": 3712,
    }
    assert [c.code for c in reading.checks] == ["value_unplaced"]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # 2019: the row slid one cell right under 上一年项目数量 | 本年增/减 | 处理决定数量
        (
            "<td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td>",
            "<td>其他对外管理服务事项</td><td></td><td>+22</td><td>0</td><td>889</td>",
        ),
        ("<td>本年处理决定数量</td>", "<td>行政许可</td><td>0</td><td>700</td>"),  # 2021: one column
    ],
)
def test_section_two_number_past_the_headers_last_column_leaves_the_row_out(header: str, row: str) -> None:
    (table,) = parse_document(
        f"<html><body><div id='zoom'><table><tr><td>信息内容</td>{header}</tr><tr>{row}</tr></table></div></body></html>"
    ).tables
    reading = read_table(table, 2)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]
    assert "past the header's last column" in reading.checks[0].message


def test_a_lone_value_under_a_flattened_table_is_reported_not_lost() -> None:
    # "| 2 |": a row whose other cells were lost; it used to become a paragraph saying nothing
    reading = read_table(_table(_FLAT_REVIEW_HEADER + "| 2 |\n本年度无其他情况。\n"), 4)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]
    assert "1 value cells for 15 columns" in reading.checks[0].message


def test_a_flattened_review_table_without_a_column_follows_its_header() -> None:
    # 其他结果 dropped from every block: 12 columns, read by their names, 其他结果 absent
    header = _FLAT_REVIEW_HEADER.replace(" 其他结果 |", "")
    table = _table(header + "| 1 | 2 | 4 | 7 | 5 | 6 | 8 | 19 | 9 | 11 | 13 | 33 |\n")
    reading = read_table(table, 4)
    stats = {s.key.removeprefix("review_litigation."): s.value for s in reading.stats}
    assert stats == {
        "review.upheld": 1,
        "review.corrected": 2,
        "review.pending": 4,
        "review.total": 7,
        "litigation_direct.upheld": 5,
        "litigation_direct.corrected": 6,
        "litigation_direct.pending": 8,
        "litigation_direct.total": 19,
        "litigation_after_review.upheld": 9,
        "litigation_after_review.corrected": 11,
        "litigation_after_review.pending": 13,
        "litigation_after_review.total": 33,
    }
    assert reading.checks == []


def test_a_row_shifted_by_a_rowspan_one_too_short_is_left_out() -> None:
    reading = read_table(
        _spanned_table(
            f"<tr><td rowspan='2'>（三）不予公开</td><td>1.属于国家秘密</td>{_values(1, 0, 0, 0, 0, 0, 1)}</tr>"
            f"<tr><td>2.其他法律行政法规禁止公开</td>{_values(2, 0, 0, 0, 0, 0, 2)}</tr>"
            f"<tr><td>3.危及“三安全一稳定”</td>{_values(3, 0, 0, 0, 0, 0, 3)}</tr>"  # shifted one left
        )
    )
    got = {s.key: s.value for s in reading.stats}
    assert got["applications.denied.state_secret.total"] == 1
    assert got["applications.denied.prohibited_by_law.total"] == 2
    assert not any("security_stability" in k for k in got)
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_rowspan_one_too_long_neither_shifts_values_nor_gives_them_to_the_group() -> None:
    reading = read_table(
        _spanned_table(
            f"<tr><td rowspan='3'>（三）不予公开</td><td>1.属于国家秘密</td>{_values(1, 0, 0, 0, 0, 0, 1)}</tr>"
            f"<tr><td>2.其他法律行政法规禁止公开</td>{_values(2, 0, 0, 0, 0, 0, 2)}</tr>"
            # (三)'s span covers this row: its cells move right, one past the last column
            f"<tr><td rowspan='2'>（四）无法提供</td><td>1.本机关不掌握相关政府信息</td>{_values(4, 0, 0, 0, 0, 0, 4)}</tr>"
            # (四)'s span now sits right of this row's own label
            f"<tr><td>2.没有现成信息需要另行制作</td>{_values(5, 0, 0, 0, 0, 0, 5)}</tr>"
        )
    )
    got = {s.key: s.value for s in reading.stats}
    assert got["applications.unavailable.needs_creation.total"] == 5  # the sub-row, not the group
    assert not any(k.startswith("applications.unavailable.not_held") for k in got)
    assert "applications.unavailable.total" not in got  # the group has no row of its own here
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_section_three_table_cut_mid_body_is_read_under_its_header() -> None:
    from linhai_scrape.read.tables import join_split_tables

    header = (
        "<tr><td colspan='2'>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
    )
    first = (
        f"<table>{header}<tr><td colspan='2'>（一）予以公开</td>{_values(4, 1, 0, 0, 0, 0, 5)}</tr></table>"
    )
    # the second part lost the first label column, and its last row lost a cell
    second = (
        f"<table><tr><td>（二）部分公开</td>{_values(2, 0, 0, 0, 1, 0, 3)}</tr>"
        f"<tr><td>（七）总计</td>{_values(6, 1, 0, 0, 1, 0)}</tr></table>"
    )
    doc = parse_document(f"<html><body><div id='zoom'>{first}<p>续表</p>{second}</div></body></html>")
    got: dict[str, object] = {}
    checks = []
    for table in join_split_tables(doc.tables):
        reading = read_table(table, 3)
        got.update({s.key: s.value for s in reading.stats})
        checks += [c.code for c in reading.checks]
    assert got["applications.granted.total"] == 5
    assert got["applications.partially_granted.legal_service"] == 1
    assert got["applications.partially_granted.total"] == 3
    assert not any(k.startswith("applications.outcome_total") for k in got)  # 6 cells for 7 columns
    assert checks == ["value_unplaced"]


def test_a_section_two_block_without_its_header_row() -> None:
    def block(title: str, rows: str) -> str:
        return f"<tr><td colspan='4'>{title}</td></tr>{rows}"

    table = (
        block(
            "第二十条第（一）项",
            "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
            "<tr><td>行政规范性文件</td><td>5</td><td>1</td><td>30</td></tr>",
        )
        # 2021: 行政许可 has one column, so its value can only be 本年处理决定数量
        + block("第二十条第（五）项", "<tr><td>行政许可</td><td colspan='3'>120</td></tr>")
        # three values and no header: which is which cannot be known
        + block("第二十条第（六）项", "<tr><td>行政处罚</td><td>4</td><td>5</td><td>6</td></tr>")
    )
    (parsed,) = parse_document(
        f"<html><body><div id='zoom'><table>{table}</table></div></body></html>"
    ).tables
    reading = read_table(parsed, 2)
    got = {s.key: s.value for s in reading.stats}
    assert got["active.normative_docs.in_force"] == 30
    assert got["active.licensing.decisions"] == 120
    assert not any(k.startswith("active.penalty") for k in got)
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_value_wrapped_in_a_one_cell_table_stays_in_its_data_table() -> None:
    reading = read_table(
        _html_table(
            "<tr><td>（一）予以公开</td><td>4</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>"
            "<td><table><tr><td>5</td></tr></table></td></tr>"
        )
    )
    got = {s.key: s.value for s in reading.stats}
    assert got["applications.granted.total"] == 5 and got["applications.granted.natural_person"] == 4


def test_a_header_with_a_unit_in_brackets_keeps_its_column() -> None:
    header = (
        "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        "<td>法律服务机构</td><td>其他</td><td>总计（件）</td></tr>"
    )
    (table,) = parse_document(
        f"<html><body><div id='zoom'><table>{header}<tr><td>（一）予以公开</td>{_values(4, 1, 0, 0, 0, 0, 5)}"
        "</tr></table></div></body></html>"
    ).tables
    reading = read_table(table)
    assert {s.key: s.value for s in reading.stats}["applications.granted.total"] == 5
    assert reading.checks == []


def test_an_ordinal_in_a_column_of_its_own_is_a_label_not_a_shifted_value() -> None:
    header = (
        "<tr><td colspan='3'>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
    )
    rows = (
        f"<tr><td rowspan='2'>（三）不予公开</td><td>1</td><td>属于国家秘密</td>{_values(1, 0, 0, 0, 0, 0, 1)}</tr>"
        f"<tr><td>2</td><td>其他法律行政法规禁止公开</td>{_values(2, 0, 0, 0, 0, 0, 2)}</tr>"
    )
    (table,) = parse_document(
        f"<html><body><div id='zoom'><table>{header}{rows}</table></div></body></html>"
    ).tables
    reading = read_table(table)
    got = {s.key: s.value for s in reading.stats}
    assert got["applications.denied.state_secret.total"] == 1
    assert got["applications.denied.prohibited_by_law.total"] == 2
    assert reading.checks == []


def test_a_row_group_label_column_left_of_section_two_is_skipped() -> None:
    (table,) = parse_document(
        "<html><body><div id='zoom'><table>"
        "<tr><td rowspan=3>主动公开</td><td colspan=4>第二十条第（五）项</td></tr>"
        "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td>268</td><td>+3</td><td>3712</td></tr></table></div></body></html>"
    ).tables
    reading = read_table(table, 2)
    assert {s.key: s.value for s in reading.stats} == {
        "active.licensing.prev_items": 268,
        "active.licensing.change": 3,
        "active.licensing.decisions": 3712,
    }
    assert reading.checks == []


def test_a_header_cell_broken_onto_the_next_line_is_joined() -> None:
    table = _table(
        "第二十条第（一）项 |\n信息内容 | 本年制发\n件数 | 本年废止件数 | 现行有效件数 |\n规章 | 1 | 2 | 3 |\n"
    )
    reading = read_table(table, 2)
    assert {s.key: s.value for s in reading.stats} == {
        "active.rules.issued": 1,
        "active.rules.repealed": 2,
        "active.rules.in_force": 3,
    }
    assert reading.checks == []


def test_an_unclosed_row_above_a_row_of_its_own_is_not_joined() -> None:
    # "信息内容 | 本年处理决定数量" (unclosed) above a whole header line: joining them would make a
    # three-cell header over a two-cell row
    doc = parse_document(
        "第二十条第（五）项 |\n信息内容 | 本年处理决定数量\n信息内容 | 本年处理决定数量 |\n行政许可 | 2961 |\n"
    )
    (table,) = doc.tables
    assert {s.key: s.value for s in read_table(table, 2).stats} == {"active.licensing.decisions": 2961}


def test_a_page_number_on_a_text_layer_rows_line_is_not_read() -> None:
    # "— 4 —" is the page's number, printed on the same line as the row's last value
    table = _table(
        "自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        "一、本年新收政府信息公开申请数量 10 1 0 0 0 0 11\n"
        "（二）部分公开 2 0 0 0 0 0 2 — 4 —\n"
    )
    stats = {s.key: s.value for s in read_table(table, 3).stats}
    assert stats["applications.partially_granted.total"] == 2
    assert stats["applications.partially_granted.natural_person"] == 2


def test_a_header_corner_cell_over_two_rows_is_not_a_group_label() -> None:
    (table,) = parse_document(
        "<html><body><div id='zoom'><table>"
        "<tr><td rowspan=2>项目</td><td colspan=3>第二十条第（一）项</td></tr>"
        "<tr><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>7</td><td>2</td><td>30</td></tr></table></div></body></html>"
    ).tables
    stats = {s.key: s.value for s in read_table(table, 2).stats}
    assert stats == {"active.rules.issued": 7, "active.rules.repealed": 2, "active.rules.in_force": 30}


@pytest.mark.parametrize(
    ("row", "read"),
    [
        (_REVIEW_CELLS + "<td>&nbsp;</td>", True),  # an empty cell past the header changes nothing
        ("<td>数量</td>" + _REVIEW_CELLS + "<td></td>", True),
        # a blank first value and a stray number at the end: as likely as an empty corner, so unread
        ("<td></td>" + _REVIEW_CELLS.replace("<td>1</td>", "", 1) + "<td>99</td>", False),
    ],
)
def test_review_rows_wider_than_the_header(row: str, read: bool) -> None:
    reading = read_table(_review_html(row), 4)
    if read:
        assert _review_values(reading) == list(_REVIEW_VALUES) and reading.checks == []
    else:
        assert reading.stats == [] and [c.code for c in reading.checks] == ["value_unplaced"]


def test_flattened_review_with_litigation_first_and_all_results_on_one_line() -> None:
    table = _table(
        "| 行政诉讼 | 行政复议 |\n| 未经复议直接起诉 | 复议后起诉 |\n"
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 5 | 6 | 7 | 8 | 26 | 9 | 11 | 12 | 13 | 45 | 1 | 2 | 3 | 4 | 10 |\n"
    )
    assert _review_values(read_table(table, 4)) == list(_REVIEW_VALUES)


def test_a_broken_vertical_review_header_falls_back_to_the_template_order() -> None:
    # "维持"/"纠正" fragments look like six results; the data rows' 15 values say otherwise
    table = _table(
        "| 行政复议 | 行政诉讼 |\n| 结果 | 结果 | 其他 | 尚未 | 总 | 未经复议直接起诉 | 复议后起诉 |\n"
        "| 维持 | 纠正 | 结果 | 审结 | 计 | 结果 | 结果 | 其他 | 尚未 | 总 | 结果 | 结果 | 其他 | 尚未 | 总 |\n"
        "| 维持 | 纠正 | 结果 | 审结 | 计 | 维持 | 纠正 | 结果 | 审结 | 计 |\n"
        "| 1 | 2 | 3 | 4 | 10 | 5 | 6 | 7 | 8 | 26 | 9 | 11 | 12 | 13 | 45 |\n"
    )
    assert _review_values(read_table(table, 4)) == list(_REVIEW_VALUES)


@pytest.mark.parametrize("cell", ["3项", "5件", "2个"])
def test_a_count_unit_in_a_money_column_is_unreadable_not_a_crash(cell: str) -> None:
    reading = read_table(_table(f"信息内容 | 本年收费金额（单位：万元） |\n行政事业性收费 | {cell} |\n"), 2)
    assert reading.stats == [] and [c.code for c in reading.checks] == ["cell_unreadable"]


def test_a_review_header_right_after_section_three_rows_starts_a_table_of_its_own() -> None:
    # 四's heading was lost in the dump: its header lines follow 三's last row directly
    doc = parse_document(
        "| 自然人 | 法人或其他组织 | 总计 |\n"
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        "一、本年新收政府信息公开申请数量 | 10 | 1 | 0 | 0 | 0 | 0 | 11 |\n"
        + _FLAT_REVIEW_HEADER
        + "| 1 | 2 | 3 | 4 | 10 | 5 | 6 | 7 | 8 | 26 | 9 | 11 | 12 | 13 | 45 |\n"
    )
    assert len(doc.tables) == 2
    assert _review_values(read_table(doc.tables[1], 4)) == list(_REVIEW_VALUES)


def test_a_section_three_row_is_never_read_as_a_review_row() -> None:
    # a table classified as section 四 by its header words must not read 2.重复申请's 15 cells as reviews
    table = _table(
        "| 行政复议 | 行政诉讼 |\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
        "2.重复申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    reading = read_table(table, 4)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["row_unrecognised"]


@pytest.mark.parametrize("header", ["本年收费金额（单位：\ufffd元）", "本年收费金额（\ufffd元）"])
def test_a_money_unit_after_an_undecodable_character_reads_no_amount(header: str) -> None:
    # "�元" may have been 万元, 千元 or 元: 186.51 would be off by up to ten thousand times
    reading = read_table(_table(f"信息内容 | {header} |\n行政事业性收费 | 186.51 |\n"), 2)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["number_damaged"]
    assert reading.checks[0].keys == ["active.fees.amount"]


def test_a_money_unit_read_whole_still_converts() -> None:
    reading = read_table(_table("信息内容 | 本年收费金额（单位：元） |\n行政事业性收费 | 186.51 |\n"), 2)
    assert [(s.key, s.value) for s in reading.stats] == [("active.fees.amount", pytest.approx(0.018651))]


def test_a_section_two_row_that_lost_a_cell_is_not_placed_by_position() -> None:
    # 其他对外管理服务事项's row lost a <td>: its 12 covers 上一年 and half of 本年增/减, and 340 would
    # land under 本年增/减
    doc = parse_document(
        "<table><tr><td colspan=5>第二十条第（五）项</td></tr>"
        "<tr><td>信息内容</td><td>上一年项目数量</td><td colspan=2>本年增/减</td><td>处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td colspan=2>7</td><td>-1</td><td>5</td></tr>"
        "<tr><td>其他对外管理服务事项</td><td colspan=2>12</td><td>340</td></tr></table>"
    )
    reading = read_table(doc.tables[0], 2)
    stats = {s.key: s.value for s in reading.stats}
    assert stats == {
        "active.licensing.prev_items": 7,
        "active.licensing.change": -1,
        "active.licensing.decisions": 5,
    }
    assert any(c.code == "value_unplaced" and "其他对外管理服务事项" in c.message for c in reading.checks)


def test_a_review_row_that_lost_a_cell_is_not_placed_by_position() -> None:
    header = (
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
        "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
        "<tr>"
        + "<td></td>" * 5
        + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2
        + "</tr>"
    )
    whole = [2, 1, 0, 0, 3, 0, 0, 1, 1, 2, 0, 1, 0, 0, 1]
    row = "".join(f"<td>{v}</td>" for v in whole)
    assert len(read_table(parse_document(f"<table>{header}<tr>{row}</tr></table>").tables[0], 4).stats) == 15
    # one cell lost from the middle: the 14 left would slide under the wrong results
    cut = "".join(f"<td>{v}</td>" for i, v in enumerate(whole) if i != 11)
    reading = read_table(parse_document(f"<table>{header}<tr>{cut}</tr></table>").tables[0], 4)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_section_two_header_that_lost_its_label_cell_names_no_column() -> None:
    # 信息内容 lost: 采购项目数量 stands over the labels and 采购总金额 over the item counts
    doc = parse_document(
        "<table><tr><td colspan=3>第二十条第（十五）项</td></tr>"
        "<tr><td>采购项目数量</td><td>采购总金额</td></tr>"
        "<tr><td>政府集中采购</td><td>64</td><td>1234.5</td></tr></table>"
    )
    reading = read_table(doc.tables[0], 2)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_a_flattened_header_that_lost_its_group_cell_gives_way_to_the_template_order() -> None:
    # "自然人 | 总计" over "商业企业 … 其他": read in the lines' order, 总计 would take 商业企业's value
    table = _table(
        "| 自然人 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
        "一、本年新收政府信息公开申请数量 | 40 | 3 | 0 | 0 | 1 | 0 | 44 |\n"
    )
    stats = {s.key: s.value for s in read_table(table, 3).stats}
    assert stats["applications.new_received.total"] == 44
    assert stats["applications.new_received.commercial"] == 3
    assert stats["applications.new_received.other_org"] == 0


def test_a_flattened_section_two_row_that_lost_a_cell_is_not_placed() -> None:
    text = (
        "第二十条第（五）项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
        "行政许可 | 112 | -4 | 2036 | |\n其他对外管理服务事项 | 0 | 145 | |\n"
    )
    reading = read_table(_table(text), 2)
    stats = {s.key: s.value for s in reading.stats}
    assert stats == {
        "active.licensing.prev_items": 112,
        "active.licensing.change": -4,
        "active.licensing.decisions": 2036,
    }
    assert any(c.code == "value_unplaced" and "其他对外管理服务事项" in c.message for c in reading.checks)
    # printed without its trailing blank cell but with every value, a row is read
    whole = read_table(_table(text.replace("| 0 | 145 | |", "| 9 | 0 | 145 |")), 2)
    assert {s.key: s.value for s in whole.stats}["active.other_services.decisions"] == 145


def test_a_review_header_that_lost_a_result_cell_reads_no_value() -> None:
    # 行政复议's 尚未审结 lost from the second header line: 总计 would stand over the pending count
    header = (
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>总计</td>"
        "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
        "<tr>"
        + "<td></td>" * 5
        + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2
        + "</tr>"
    )
    row = "".join(f"<td>{v}</td>" for v in [2, 1, 0, 1, 4, 0, 0, 1, 1, 2, 0, 1, 0, 0, 1])
    reading = read_table(parse_document(f"<table>{header}<tr>{row}</tr></table>").tables[0], 4)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]
    assert "header row 1 stops at column 14" in reading.checks[0].message


def test_a_review_header_that_lost_a_sub_kind_cell_reads_no_value() -> None:
    # 未经复议直接起诉 lost: 复议后起诉 would stand over the direct lawsuits' results
    header = (
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr>"
        + "".join(f"<td rowspan=2>{t}</td>" for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
        + "<td colspan=5>复议后起诉</td></tr>"
        "<tr>"
        + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2
        + "</tr>"
    )
    row = "".join(f"<td>{v}</td>" for v in [2, 1, 0, 1, 4, 3, 0, 1, 1, 5, 1, 0, 0, 0, 1])
    reading = read_table(parse_document(f"<table>{header}<tr>{row}</tr></table>").tables[0], 4)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]


def test_an_applicant_header_that_lost_a_cell_reads_no_value() -> None:
    # 社会公益组织 lost from the second header line: 法律服务机构 and 其他 would stand a column left
    header = (
        "<tr><td colspan=2 rowspan=2>本列数据的勾稽关系</td><td rowspan=2>自然人</td>"
        "<td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    row = "<tr><td colspan=2>一、本年新收政府信息公开申请数量</td>" + _values(20, 3, 1, 0, 3, 2, 29) + "</tr>"
    (table,) = parse_document(f"<table>{header}{row}</table>").tables
    reading = read_table(table, 3)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]
    # the same header whole is read
    whole = header.replace("<td>科研机构</td>", "<td>科研机构</td><td>社会公益组织</td>")
    (table,) = parse_document(f"<table>{whole}{row}</table>").tables
    assert len(read_table(table, 3).stats) == 7


def test_an_applicant_header_with_no_row_under_it_is_no_crash() -> None:
    (table,) = parse_document(
        "<table><tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr></table>"
    ).tables
    assert read_table(table, 3).stats == []


def test_evidence_fields_stand_in_the_order_its_hot_builders_pass_them() -> None:
    # tables._add_cell and derive._confirmed_blank build Evidence with its fields in order (a call
    # by keyword costs twice as much): reordering the fields would put values under wrong names
    from dataclasses import fields

    from linhai_scrape.models import Evidence
    from linhai_scrape.read.derive import _confirmed_blank

    assert [f.name for f in fields(Evidence)] == [
        "origin",
        "section",
        "table",
        "row",
        "column",
        "row_label",
        "column_label",
        "cell",
        "page",
        "sentence",
        "derived_from",
        "note",
    ]
    (table,) = parse_document(
        "<html><body><div id=zoom><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>"
        "<td>现行有效件数</td></tr><tr><td>规章</td><td>7</td><td>1</td><td>20</td></tr></table></div></body></html>"
    ).tables
    evidence = read_table(table, 2).stats[0].evidence
    assert (evidence.origin, evidence.section, evidence.table, evidence.row, evidence.column) == (
        "table",
        2,
        0,
        1,
        1,
    )
    assert (evidence.row_label, evidence.column_label, evidence.cell) == ("规章", "本年制发件数", "7")
    confirmed = _confirmed_blank(evidence, ["a", "b"], "why")
    assert (confirmed.origin, confirmed.row, confirmed.cell, confirmed.derived_from, confirmed.note) == (
        "derived",
        1,
        "7",
        ["a", "b"],
        "why",
    )


@pytest.mark.parametrize(
    "dump",
    [
        # one cell per line, blank lines between them (the layout a real excerpt printed this in)
        "二、主动公开政府信息情况\n第二十条第（一）项\n\n信息内容\n\n本年发件\n\n本年废止件数\n\n现行有效件\n\n"
        "规章\n\n1\n\n2\n\n30\n\n行政规范性文件\n\n4\n\n5\n\n60\n\n第二十条第（五）项\n",
        # one row per line, pipes
        "二、主动公开政府信息情况\n| 第二十条第（一）项 |\n| 信息内容 | 本年发件 | 本年废止件数 | 现行有效件 |\n"
        "| 规章 | 1 | 2 | 30 |\n| 行政规范性文件 | 4 | 5 | 60 |\n",
    ],
)
def test_a_section_two_header_label_that_lost_characters_stands_for_its_column(dump: str) -> None:
    # 本年发件 is 本年制发件数 with 制 and 数 lost: the other two labels are the 2021 block's at their
    # places, and it keeps the start and two thirds of its own, so it is that column (noted)
    doc = parse_document(dump)
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    reading = read_table(table, 2)
    assert {s.key: s.value for s in reading.stats} == {
        "active.rules.issued": 1,
        "active.rules.repealed": 2,
        "active.rules.in_force": 30,
        "active.normative_docs.issued": 4,
        "active.normative_docs.repealed": 5,
        "active.normative_docs.in_force": 60,
    }
    assert [c.code for c in reading.checks] == ["label_variant"]


@pytest.mark.parametrize(
    "label",
    [
        "本年件",  # less than two thirds of 本年制发件数
        "年制发件",  # its start lost, not its middle
        "本年发制件",  # its characters out of order
        "本年收件",  # a character the label does not print
    ],
)
def test_a_header_label_that_is_not_a_column_with_characters_lost_names_no_column(label: str) -> None:
    dump = (
        f"二、主动公开政府信息情况\n| 第二十条第（一）项 |\n| 信息内容 | {label} | 本年废止件数 | 现行有效件 |\n"
        "| 规章 | 1 | 2 | 30 |\n"
    )
    doc = parse_document(dump)
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    reading = read_table(table, 2)
    # the label names no template column, but it heads the row's first value: the three values stand
    # under the three labels in order, the first under none the template prints
    assert [(s.key, s.value) for s in reading.stats] == [
        ("active.rules.repealed", 2),
        ("active.rules.in_force", 30),
    ]


def test_the_row_labels_heading_inside_a_one_line_header_heads_no_values() -> None:
    # a one-line copy put the block's title before 信息内容 in the header: 信息内容 heads the row
    # labels, not values, so three values under two named columns lost a column, which nothing says
    dump = (
        "二、主动公开政府信息情况\n| 第二十条第（一）项 | 信息内容 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | 7 | 2 | 30 |\n"
    )
    table = next(b for b in parse_document(dump).blocks if hasattr(b, "rows"))
    reading = read_table(table, 2)
    assert reading.stats == []
    assert [c.code for c in reading.checks] == ["value_unplaced"]


_ACTIVE_HEAD = (
    "某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n"
)


def test_a_section_two_row_taking_another_row_in_gives_neither_rows_figures() -> None:
    text = _ACTIVE_HEAD + (
        "| 第二十条第（一）项 | | | |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章（含行政规范性文件） | 3 | 1 | 20 |\n"
        "| 第二十条第（五）项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n| 行政许可 | 12 | | |\n"
    )
    report = extract_text(text)
    flat = report.flat()
    assert not any(key.startswith(("active.rules.", "active.normative_docs.")) for key in flat)
    assert flat["active.licensing.decisions"] == 12
    assert any(
        c.code == "row_unrecognised" and "counts 行政规范性文件 together" in c.message for c in report.checks
    )


def test_an_html_row_taking_another_row_in_is_ignored_and_one_leaving_it_out_is_read() -> None:
    html = (
        "<html><body><h1>某县民政局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>依法公开。</p>"
        "<p>二、主动公开政府信息情况</p><table>"
        "<tr><td colspan=4>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td>行政规范性文件（含规章）</td><td>4</td><td>2</td><td>31</td></tr>"
        "<tr><td colspan=4>第二十条第（五）项</td></tr>"
        "<tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>"
        "<tr><td>行政许可（不含其他对外管理服务事项）</td><td colspan=3>88</td></tr>"
        "</table><p>三、收到和处理政府信息公开申请情况</p><p>略。</p></body></html>"
    )
    flat = extract_text(html).flat()
    assert flat["active.rules.in_force"] == 0  # the row of its own
    assert not any(key.startswith("active.normative_docs.") for key in flat)
    assert flat["active.licensing.decisions"] == 88  # 不含: the row without the other one


def test_a_row_label_heading_in_other_words_before_the_named_columns_heads_no_values() -> None:
    # a Taiwan-phrased copy's 资讯内容 (信息内容) stands in the header after the block's title; the
    # rows' trailing empty cell makes them longer than the named columns, yet the heading names no
    # count, so the three values stay under the three named columns
    dump = (
        "二、主动公开政府信息情况\n| 第二十条第（一）项 | 资讯内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "| 规章 | 0 | 0 | 0 | |\n| 规范性文件 | 6 | 6 | 33 | |\n"
    )
    table = next(b for b in parse_document(dump).blocks if hasattr(b, "rows"))
    stats = {s.key: s.value for s in read_table(table, 2).stats}
    assert stats["active.normative_docs.made"] == 6
    assert stats["active.normative_docs.published"] == 6
    assert stats["active.normative_docs.total"] == 33
