"""Text and HTML → Document (read/document)."""

from __future__ import annotations

from linhai_scrape.read.document import Table, parse_document


def test_html_grid_expands_rowspan_and_colspan() -> None:
    doc = parse_document(
        "<html><body><div id='zoom'><table>"
        "<tr><td rowspan='2' colspan='2'>A</td><td>商业<br>企业</td></tr>"
        "<tr><td>5</td></tr><tr><td>x</td><td>y</td><td>z</td></tr>"
        "</table></div></body></html>"
    )
    (table,) = doc.tables
    texts = table.cell_texts()
    assert texts == [["A", "A", "商业 企业"], ["A", "A", "5"], ["x", "y", "z"]]
    assert table.rows[0][0] is table.rows[1][1]  # one spanning cell object in every slot


def test_text_dump_rows_and_padding() -> None:
    doc = parse_document("标题\n| a | 1 | 2 |\n|\nb | | 3 | ||\n正文。")
    (table,) = doc.tables
    assert table.cell_texts() == [["a", "1", "2"], ["b", "", "3", "", ""]]


def test_a_title_box_wrapping_a_small_table_stays_page_layout() -> None:
    doc = parse_document(
        "<html><body><div id='zoom'><table><tr><td><table><tr><td>测试县2022年政府信息公开工作年度报告</td></tr>"
        "</table></td><td>打印</td></tr></table><p>一、总体情况</p></div></body></html>"
    )
    assert not any(isinstance(b, Table) and len(b.rows[0]) >= 2 for b in doc.blocks)  # not read as a grid
