"""A text dump printed to PDF is read as the text is: its lines, not its layout, hold the tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from attachment_builders import text_as_pdf

from linhai_scrape import extract_bytes
from linhai_scrape.read.document import Paragraph

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


_DUMPS = [
    "text_2021.txt",  # one row per line, pipes
    "flat_mixed_2019.txt",  # mixed layouts
    "md_converter_2021.txt",
    "flat_cells_2021.txt",  # one cell per line: cells at every page's edge, none a page number
    "oneline_spaced_2019.txt",  # a report on one line, wrapped by the print
    "oneline_glued_2021.txt",  # on one line, cells glued: cut inside words and digit runs
    "seed_linhai_2020.txt",  # sentences only: a wrap inside "11件" must not make it "1 1件"
]


@pytest.mark.parametrize("width", [None, 535.0], ids=["90 characters", "535 points"])
@pytest.mark.parametrize("name", _DUMPS)
def test_a_text_dump_printed_to_pdf_gives_the_texts_numbers(name: str, width: float | None) -> None:
    # printed by a printer that wraps at a number of characters, or at the page's width in points
    text = (FIXTURES / name).read_text(encoding="utf-8")
    as_text = extract_bytes(text.encode("utf-8"), kind="file", location=name).flat()
    pdf = text_as_pdf(text, width=width)
    as_pdf = extract_bytes(pdf, kind="file", location=name.replace(".txt", ".pdf")).flat()
    assert {k: v for k, v in as_pdf.items() if as_text.get(k) != v} == {}  # never a different number
    assert as_pdf == as_text


@pytest.mark.parametrize("name", _DUMPS)
def test_a_text_dump_printed_narrower_than_the_page_gives_no_other_number(name: str) -> None:
    # a printer that wraps at 364 points on an A4 page: its wraps inside long labels are not undone
    # (a row wrapped at a space looks like two lines), so rows may be lost, but never read wrong
    text = (FIXTURES / name).read_text(encoding="utf-8")
    as_text = extract_bytes(text.encode("utf-8"), kind="file", location=name).flat()
    as_pdf = extract_bytes(text_as_pdf(text, width=364.0), kind="file", location="n.pdf").flat()
    assert {k: v for k, v in as_pdf.items() if as_text.get(k) != v} == {}
    assert len(as_pdf) >= len(as_text) // 2


def test_a_traditional_script_copy_printed_to_pdf_is_read_as_its_simplified_text() -> None:
    # an archive's Traditional-script copy printed to PDF: a third of its characters are outside
    # GB2312, which is how garbage from a broken font map looks too; their Simplified forms are not
    import opencc

    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(text)
    as_text = extract_bytes(text.encode("utf-8"), kind="file", location="t.txt").flat()
    report = extract_bytes(text_as_pdf(traditional), kind="file", location="t.pdf")
    assert report.flat() == as_text
    assert "script_converted" in report.check_codes()
    assert report.source is not None and report.source.script_converted == "traditional→simplified"


def test_a_prose_line_that_wraps_inside_a_word_runs_on_into_the_next_line() -> None:
    # a line of wide and narrow characters stops short of the right edge by more than a character:
    # "…57件,结转上" / "年1件…" is one paragraph (a real report printed this way lost its carried-over
    # case to the next paragraph, and 受理57件 was read as new applications)
    from linhai_scrape.read.attachments import attachment_to_document

    full = "本区认真贯彻落实政府信息公开条例，推进决策、执行、管理、服务、结果公开，回应社会关切，做好政策解读和宣传工作，持续提升公开质量。"
    cut = "（二）依申请公开。严格按照条例和上级通知要求，规范办理答复流程，着力提高办理效率，2023年全区共受理依申请公开57件,结转上"
    text = "\n".join(
        [
            "一、总体情况",
            *[full] * 8,
            cut,
            "年1件,均在法定期限内予以答复。",
            "（三）政府信息管理。",
            "2023年",
            "（四）平台建设。",
        ]
    )
    doc = attachment_to_document(text_as_pdf(text, wrap=200), "r.pdf")
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert any(p.endswith("结转上年1件,均在法定期限内予以答复。") for p in paragraphs)
    # never after a short line, before a heading's number, or beside a number that may end a cell
    assert "(三)政府信息管理。" in paragraphs and "2023年" in paragraphs


@pytest.mark.parametrize("width", [None, 535.0, 400.0, 364.0, 300.0])
def test_a_report_saved_on_one_line_and_printed_is_one_line_again(width: float | None) -> None:
    # The printer cut the line every 90 characters (or where it reached its width, the page's or a
    # narrower one: 364 points put a space into "行政处罚1100行政 强制65", read as 行政处罚 65), inside headings ("三、收到和" / "处理政府信息…"),
    # labels and glued digit runs ("禁止公开0" / "000000"): a line as long as the longest with no space
    # in it was cut inside a word, and runs on into the next with nothing between. A real report
    # saved this way lost 194 of its 201 numbers when printed.
    from linhai_scrape.read.attachments.pdf import pdf_to_document
    from linhai_scrape.read.numbers import fold

    text = (FIXTURES / "oneline_glued_2021.txt").read_text(encoding="utf-8")
    doc = pdf_to_document(text_as_pdf(text, width=width))
    assert doc.meta["printed_text"] == "yes"
    assert doc.lines == [fold(text).strip()]


def test_lines_a_printer_did_not_cut_stay_apart() -> None:
    # A converter's copy whose longest lines are its own (three of them, as long as each other, with
    # spaces in them: a printer cuts at a space where a line has one) stays line by line: joining
    # them would run a line's last number into the next line's first.
    from linhai_scrape.read.attachments.pdf import pdf_to_document

    text = (FIXTURES / "md_converter_2021.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    own = "本年度报告中所列数据的统计周期为 2024 年 1 月 1 日至 12 月 31 日，共受理申请 5"
    longest = "x" * max(map(len, lines))
    assert len(own) < 90
    lines = [own.ljust(max(len(own), len(longest)), "。")] * 3 + lines
    doc = pdf_to_document(text_as_pdf("\n".join(lines)))
    assert len(doc.lines) == len(lines)


def test_a_traditional_copy_with_pinyin_printed_to_pdf_is_read() -> None:
    # An archive's Traditional-script copy with pinyin after many characters (公開(kāi)): the
    # tone-marked letters are annotations, not the Latin-1 letters of a broken font's garbage. Two
    # real copies printed this way were refused as broken_text_layer.
    import opencc

    text = (FIXTURES / "text_2021.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(text)
    sounds = "開kāi 請qǐng 報bào 務wù 處chù 數shù 政zhèng 府fǔ 信xìn 息xī 申shēn 理lǐ 況kuàng 情qíng 結jié"
    for char, sound in ((word[0], word[1:]) for word in sounds.split()):
        traditional = traditional.replace(char, f"{char}({sound})")
    as_text = extract_bytes(text.encode("utf-8"), kind="file", location="t.txt").flat()
    as_pdf = extract_bytes(text_as_pdf(traditional), kind="file", location="t.pdf").flat()
    assert {k: v for k, v in as_pdf.items() if as_text.get(k) != v} == {}  # never a different number
    # (rows whose labels the pinyin makes too long for a printed line are wrapped, and lost)
    assert len(as_pdf) >= 0.75 * len(as_text)


def test_a_table_header_repeated_near_page_edges_is_not_a_running_header() -> None:
    # Three review tables under one header line each, printed so that each header falls in a page's
    # top zone at another height: a running header stands at one place on every page, so these stay
    # (a real converter's copy lost two of its three lawsuit tables' headers, and ten numbers).
    from linhai_scrape.read.attachments.pdf import pdf_to_document

    header = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |"
    per_page = 64  # text_as_pdf's lines on a page
    lines = [f"第{i}行：本年度政务公开工作情况说明。" for i in range(3 * per_page)]
    for page, offset in enumerate((0, 1, 2)):
        lines[page * per_page + offset] = header
    doc = pdf_to_document(text_as_pdf("\n".join(lines)))
    assert sum(line == header for line in doc.lines) == 3
    # the same line at the same place on every page is a running header, and goes
    for page in range(3):
        lines[page * per_page + 1] = "某县人民政府信息公开专栏"
    doc = pdf_to_document(text_as_pdf("\n".join(lines)))
    assert "某县人民政府信息公开专栏" not in doc.lines


def test_a_zero_at_a_page_edge_is_a_cell_not_a_page_number() -> None:
    # cells one per line: a 0 at the foot of the first page and a 1 at the foot of the second look
    # like page numbers going up with the pages, but no page is numbered 0 (a real dump lost two
    # cells of its 行政许可 row this way, and with them the row)
    from linhai_scrape.read.attachments.pdf import pdf_to_document

    per_page = 64
    lines = [f"第{i}行：本年度政务公开工作情况说明。" for i in range(3 * per_page)]
    lines[per_page - 1], lines[2 * per_page - 1] = "0", "1"
    doc = pdf_to_document(text_as_pdf("\n".join(lines)))
    assert doc.lines.count("0") == 1 and doc.lines.count("1") == 1
    # numbered from 1, the same lines are page numbers
    lines[per_page - 1], lines[2 * per_page - 1], lines[3 * per_page - 1] = "1", "2", "3"
    doc = pdf_to_document(text_as_pdf("\n".join(lines)))
    assert not {"1", "2", "3"} & set(doc.lines)


@pytest.mark.parametrize("width", [None, 535.0], ids=["90 characters", "535 points"])
def test_equal_lines_that_do_not_fill_the_page_are_not_cut_lines(width: float | None) -> None:
    # a converter's copy of a justified page: every line 45 characters, no space, all alike; they
    # end well short of the page's width, so no printer cut them
    from linhai_scrape.read.attachments.pdf import pdf_to_document

    line = "本机关依法依规做好政府信息公开工作，认真办理各类申请，严格落实保密审查制度，规范答复。"
    assert len(line) >= 40 and " " not in line
    lines = [f"{i:02d}{line}"[: len(line)] for i in range(12)]
    doc = pdf_to_document(text_as_pdf("\n".join(lines), width=width))
    assert len(doc.lines) == len(lines)


def test_a_taiwan_phrased_copy_printed_to_pdf_has_the_templates_words_back_in_every_block() -> None:
    # the copy's mark (资讯公开) is in its title and prose, not in the table's lines: each block of the
    # PDF is put back all the same, so 资讯内容 heads the row labels as 信息内容 does
    archive = Path(__file__).resolve().parents[2] / "fixtures" / "redteam_traditional_archive.txt"
    text = archive.read_text(encoding="utf-8").replace("信息", "資訊").replace("規範性文件", "規範性檔案")
    report = extract_bytes(text_as_pdf(text), kind="file", location="copy.pdf")
    flat = report.flat()
    assert flat["active.normative_docs.total"] == 45
    assert flat["active.licensing.decisions"] == 2870
    assert report.source.script_converted == "traditional→simplified (Taiwan phrasing restored)"
