"""Tables, values and reports the stage tests share."""

from __future__ import annotations

from linhai_scrape.models import Evidence
from linhai_scrape.read.document import Table, parse_document
from linhai_scrape.read.tables import TableReading
from linhai_scrape.template import APPLICATION_COLUMNS, REVIEW_TEMPLATE_ORDER


def _table(text: str) -> Table:
    (table,) = parse_document(text).tables
    return table


_COLUMNS = APPLICATION_COLUMNS


def _ev() -> Evidence:
    return Evidence(origin="table", table=0, row=1, column=2, cell="")


_NEW = "applications.new_received.total"
_HEADER = (
    "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
    "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
)


def _html_table(rows: str) -> Table:
    (table,) = parse_document(
        f"<html><body><div id='zoom'><table>{_HEADER}{rows}</table></div></body></html>"
    ).tables
    return table


_RESULTS_HTML = "".join(f"<td>{r}</td>" for r in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))


def _review_html(
    data_row: str, *, sub_kinds: tuple[str, str] = ("未经复议直接起诉", "复议后起诉"), rowspan: bool = True
) -> Table:
    """The template's section-四 table (行政复议 results spanning two header rows) over ``data_row``."""
    own = _RESULTS_HTML.replace("<td>", "<td rowspan=2>") if rowspan else _RESULTS_HTML
    (table,) = parse_document(
        "<html><body><div id='zoom'><table>"
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        f"<tr>{own}<td colspan=5>{sub_kinds[0]}</td><td colspan=5>{sub_kinds[1]}</td></tr>"
        f"<tr>{_RESULTS_HTML * 2}</tr>"
        f"<tr>{data_row}</tr></table></div></body></html>"
    ).tables
    return table


_REVIEW_VALUES = (1, 2, 3, 4, 10, 5, 6, 7, 8, 26, 9, 11, 12, 13, 45)
_REVIEW_CELLS = "".join(f"<td>{v}</td>" for v in _REVIEW_VALUES)


def _review_values(reading: TableReading) -> list[int | float | None]:
    stats = {s.key: s.value for s in reading.stats}
    return [stats.get(f"review_litigation.{key}") for key in (f"{k}.{r}" for k, r in REVIEW_TEMPLATE_ORDER)]


_FLAT_REVIEW_HEADER = (
    "| 行政复议 | 行政诉讼 |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
)


def _spanned_table(body: str) -> Table:
    header = (
        "<tr><td colspan='2'>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
    )
    (table,) = parse_document(
        f"<html><body><div id='zoom'><table>{header}{body}</table></div></body></html>"
    ).tables
    return table


def _values(*numbers: int) -> str:
    return "".join(f"<td>{n}</td>" for n in numbers)


def _six(sections: dict[int, str], heading_one: str = "一、总体情况") -> str:
    headings = [
        heading_one,
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    return "".join(f"{h}\n{sections.get(i + 1, '')}\n" for i, h in enumerate(headings))


_BODY = "一、总体情况\n正文。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n{five}\n六、其他需要报告的事项\n{six}\n"
_NARRATIVE_REPORT = (
    "测试市民政局2022年政府信息公开工作年度报告\n"
    "{one}总体情况\n本年度新收政府信息公开申请20件，予以公开12件。\n"
    "{two}主动公开政府信息情况\n本年度主动公开信息300条。\n"
    "{three}收到和处理政府信息公开申请情况\n详见总体情况。\n"
    "{four}政府信息公开行政复议、行政诉讼情况\n因政府信息公开被申请行政复议2件。\n"
    "{five}存在的主要问题及改进情况\n无。\n{six}其他需要报告的事项\n无。\n"
)
