"""Text and HTML → Document (read/document)."""

from __future__ import annotations

import pytest

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


def test_two_numbers_in_one_cell_are_never_read_as_one() -> None:
    from linhai_scrape import extract_text

    header = "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    page = (
        "<html><body><div id='zoom'><p>某县2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>略。</p>"
        "<p>二、主动公开政府信息情况</p><table>"
        + header
        + "<tr><td>规章</td><td>0</td><td>0</td><td><p>252</p><p>12</p></td></tr>"
        "<tr><td>行政规范性文件</td><td><span>1</span><span>3</span></td><td>0<br>1</td><td>40</td></tr>"
        "</table><p>三、收到和处理政府信息公开申请情况</p><p>本年度未收到政府信息公开申请。</p></div></body></html>"
    )
    report = extract_text(page)
    flat = report.flat()
    assert "active.rules.in_force" not in flat  # not 25212
    assert "active.normative_docs.repealed" not in flat  # not 01
    assert flat["active.normative_docs.issued"] == 13  # digits split only by inline spans are one number
    assert report.check_codes().count("cell_unreadable") == 2


@pytest.mark.parametrize("tag", ["div", "span", "b", "li", "blockquote"])
def test_markup_nested_a_hundred_thousand_deep_is_refused_quickly(tag: str) -> None:
    import time

    from linhai_scrape import InputError, extract_text

    page = f"<html><body><div id='zoom'>{f'<{tag}>' * 100_000}一、总体情况{f'</{tag}>' * 100_000}</div></body></html>"
    started = time.perf_counter()
    with pytest.raises(InputError, match="one inside another"):
        extract_text(page)
    assert time.perf_counter() - started < 2


def test_markup_nested_a_few_hundred_deep_is_still_read() -> None:
    from linhai_scrape import extract_text

    page = (
        "<html><body><div id='zoom'>"
        + "<div>" * 300
        + "<p>某县2021年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "<p>本年度共收到政府信息公开申请6件，予以公开4件。</p><p>二、主动公开政府信息情况</p><p>略。</p>"
        + "</div>" * 300
        + "</div></body></html>"
    )
    assert extract_text(page).flat()["applications.new_received.total"] == 6


def _html_pages() -> list:
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    return sorted([*fixtures.glob("*.html"), *fixtures.glob("portal/**/*.html")])


@pytest.mark.parametrize("path", _html_pages(), ids=lambda p: p.name)
def test_a_large_page_parsed_without_its_unread_attributes_reads_the_same(path, monkeypatch) -> None:
    """A page of a megabyte and more loses style="…", lang="…", width="…", Word's class="MsoNormal"
    and the titles of links that name no file before it is parsed (half the tree's memory for markup
    Word wrote), a piece at a time: nothing read changes, checked here on every page of the fixtures
    with the threshold at 0 and pieces of 64 bytes, from the text and from its UTF-8 bytes."""
    import dataclasses

    from linhai_scrape.read import document
    from linhai_scrape.read.decode import decode_bytes

    text = decode_bytes(path.read_bytes()).text
    as_is = dataclasses.asdict(parse_document(text))
    monkeypatch.setattr(document, "_LARGE_PAGE", 0)
    assert dataclasses.asdict(parse_document(text)) == as_is
    monkeypatch.setattr(document, "_LEAN_PIECE", 64)
    assert dataclasses.asdict(parse_document(text)) == as_is
    assert dataclasses.asdict(parse_document(text, [text.encode()])) == as_is
    # the text given up while the page is parsed (held compressed meanwhile) is the same afterwards
    for utf8 in (None, [text.encode()]):
        page: list[str | bytes] = [text]
        assert dataclasses.asdict(parse_document(page, utf8)) == as_is
        assert document.page_text(page) == text
        assert not page


def test_unread_attributes_go_and_the_rest_stay_apart() -> None:
    from linhai_scrape.read.document import markup_to_parse

    html = (
        '<td style="width:3pt"colspan=2 class=x>1</td>'
        "<TD STYLE='a' Width=30 rowspan=\"2\">2</TD>"
        '<p>style="kept: not in a tag" and width=3 < 4</p>'
        '<p class="MsoNormal">3</p><p class=MsoBodyText>4</p><p class="MsoNormal x">5</p>'
        '<p class="Mso_nav">6</p><p title="标题">7</p>'
        '<script type="x">s = \'<p style="y">\';</script ><p style="z">8</p>'
    )
    lean = (
        "<td colspan=2 class=x>1</td>"
        '<TD   rowspan="2">2</TD>'
        '<p>style="kept: not in a tag" and width=3 < 4</p>'
        '<p >3</p><p >4</p><p class="MsoNormal x">5</p>'
        '<p class="Mso_nav">6</p><p title="标题">7</p>'
        '<script type="x">s = \'<p style="y">\';</script ><p >8</p>'  # a script's text stays as it is
    ).encode()
    assert markup_to_parse(html, large=0) == lean
    for piece in (1, 7, 64):  # cut after a ">" near every piece's end: the same markup
        assert markup_to_parse(html, large=0, piece=piece) == lean
        assert markup_to_parse(html, html.encode(), large=0, piece=piece) == lean
    assert markup_to_parse(html) is html  # an ordinary page goes to the parser as it is
    utf8 = html.encode()
    assert markup_to_parse(html, utf8) is utf8


@pytest.mark.parametrize(
    ("tag", "lean"),
    [
        ('<a href="/art_1.html" title="关于印发某某方案的通知">', '<a href="/art_1.html">'),
        ("<A TITLE='x' href='/a.html' target='_blank' >", "<A href='/a.html' target='_blank'>"),
        # a link that may name a file keeps its title: an attachment's name may be read from it
        ('<a href="/files/2023.PDF" title="年报">', None),
        ('<a href="/dl?file=%2Fa%2Fb%2Epdf" title="年报">', None),
        ('<a href="/dl?f=b&#46;pdf" title="年报">', None),
        ('<a href="#" onclick="open(\'/a.docx\')" title="年报">', None),
        # a tag whose attributes are not all quoted is left as it is
        ('<a href=/art_1.html title="x">', None),
        ('<a href="/a.html" title="x" hidden>', None),
        ('<abbr title="x">', None),
    ],
)
def test_a_large_page_drops_the_title_of_a_link_that_names_no_file(tag: str, lean: str | None) -> None:
    from linhai_scrape.read.document import markup_to_parse

    html = f"{tag}链接</a>" + '<p style="x">' * 3
    got = markup_to_parse(html, large=0)
    assert isinstance(got, bytes)
    assert got == f"{lean if lean is not None else tag}链接</a>{'<p >' * 3}".encode()


@pytest.mark.parametrize(
    "cell",
    [
        "<span><p>252</p><p>12</p></span>",  # blocks inside an inline element
        "<span><div>252</div><div>12</div></span>",
        "<p>2<span>5</span>2</p><p>1<!--9-->2</p>",  # inline pieces join; a comment is no text
        "<p>252</p>12",  # a block beside bare text
        "252<div>12</div>",
        "<font><div>252</div>12</font>",
        "<span>252</span><p>12</p>",  # a block beside an inline element's text
        "<div>" * 3000 + "<p>252</p><p>12</p>" + "</div>" * 3000,  # nested past the recursion limit
    ],
)
def test_blocks_in_a_cell_keep_their_break_at_any_depth(cell: str) -> None:
    page = (
        "<html><body><table><tr><td>a</td><td>b</td><td>c</td></tr>"
        f"<tr><td>x</td><td>{cell}</td><td>1</td></tr></table></body></html>"
    )
    (table,) = parse_document(page).tables
    assert table.rows[1][1] is not None and table.rows[1][1].text == "252 12"


def test_the_body_links_and_attachments_come_from_one_pass_as_from_two() -> None:
    """The attachments and the body's links are read from one selector pass over the body: a link
    with an onclick (matched twice by that pass) is one attachment per file, and elements the walk
    removes first (a <br> or a <script> with an onclick, links inside a <noscript>) are no links."""
    text = "<p>" + "正文" * 30 + "</p>"
    doc = parse_document(
        f'<html><body><div id="zoom">{text}<br onclick="openFile(\'/a.pdf\')">'
        "<script onclick=\"x('/b.pdf')\">var a=1</script>"
        '<a href="/c.doc" onclick="window.open(\'/d.pdf\')">c</a><img src="/i.png">'
        '<noscript><a href="/x.pdf">附件</a></noscript><iframe src="/v.pdf"></iframe></div></body></html>'
    )
    assert [(a.url, a.kind) for a in doc.attachments] == [
        ("/c.doc", "doc"),
        ("/d.pdf", "pdf"),
        ("/i.png", "image"),
        ("/x.pdf", "pdf"),
        ("/v.pdf", "pdf"),
    ]
    # the link with an onclick is an anchor and a file it opens (each reported per selector matched)
    assert [(link.text, link.href) for link in doc.signals.links] == [
        ("c", "/c.doc"),
        ("c", "/c.doc"),
        ("c", "/d.pdf"),
        ("c", "/d.pdf"),
        ("", "/v.pdf"),
    ]
    assert doc.signals.images == 1


def _page(body: str) -> str:
    return f"<html><head><style>.x {{display: none}}</style></head><body><div id='zoom'>{body}</div></body></html>"


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ('28<span style="display:none">0</span>71', "2871"),
        ('28<span style="DISPLAY: None">0</span>71', "2871"),
        ('28<span style="color:red;visibility:hidden">0</span>71', "2871"),
        ("28<span hidden>0</span>71", "2871"),
        ("<del>2780</del>2871", "2871"),
        ("<s>2780</s><strike>2</strike>2871", "2871"),
        ("<p><del>252</del></p><p>2871</p>", "2871"),  # a divided cell is read without it too
        ("2871<sup>1</sup>", "2871¹"),  # the mark kept apart: parse_cell reads 2871
        ("<span>2871</span><sub>12</sub>", "2871₁₂"),
        ("2871<sup>注1</sup>", "2871注1"),  # no mark of digits: the cell stays unreadable
        ('<span style="display:block">2871</span>', "2871"),  # a style that hides nothing
        ('<span style="border:none">2871</span>', "2871"),
    ],
)
def test_a_cell_reads_as_a_browser_shows_it(cell: str, text: str) -> None:
    doc = parse_document(_page(f"<table><tr><td>行政处罚</td><td>{cell}</td></tr></table>"))
    (table,) = doc.tables
    assert table.cell_texts() == [["行政处罚", text]]


def test_hidden_or_struck_text_in_a_paragraph_is_no_text_of_it() -> None:
    doc = parse_document(
        _page(
            '<p>共受理申请2<span style="display:none">0</span>48件<del>，其中302件</del>。</p>'
            '<div style="display:none"><p>隐藏的段落</p></div><p>脚注<sup>1</sup></p>'
        )
    )
    assert [b.text for b in doc.blocks] == ["共受理申请248件。", "脚注1"]


def test_a_report_a_script_shows_is_still_read() -> None:
    # the body's report in a panel hidden until a script shows it: hiding it would lose the page
    report = "".join(f"<p>{i}、第{i}部分的内容，共计{i}件。</p>" for i in "一二三四五六")
    doc = parse_document(_page(f'<p>标题</p><div class="tab" style="display:none">{report}</div>'))
    assert len(doc.blocks) == 7
