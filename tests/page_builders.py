"""Portal pages the fetch and crawl tests serve."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def split_article() -> tuple[bytes, bytes, bytes]:
    """The 2021 fixture's report cut into three pages of one article, as a CMS paginates it."""
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    three = html.index("三、收到和处理")
    four = html.index("四、政府信息公开行政复议")
    start = html.index("<div", html.index("<body"))
    head, end = html[:start], "</body></html>"
    first = (
        head
        + "<div id='zoom'>"
        + html[start:three]
        + "<div class='page'><a href='t20220120_88_1.html'>下一页</a> <a href='/col/list_2.html'>下一页</a></div></div>"
        + end
    )
    second = head + "<div id='zoom'><p>" + html[three:four] + "</div>" + end
    third = head + "<div id='zoom'><p>" + html[four:]
    return first.encode(), second.encode(), third.encode()
