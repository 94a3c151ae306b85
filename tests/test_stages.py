"""Stage-level behaviour: number reading, grids, sections, label mapping, sentences, checks."""

from __future__ import annotations

from dataclasses import asdict, fields

import pytest

from linhai_scrape.models import Evidence
from linhai_scrape.read.checks import _confirmed_blank, complete, verify
from linhai_scrape.read.document import Table, parse_document
from linhai_scrape.read.narrative import read_narrative
from linhai_scrape.read.numbers import chinese_to_int, parse_cell, parse_count
from linhai_scrape.read.sections import split_sections
from linhai_scrape.read.tables import TableReading, read_table
from linhai_scrape.template import APPLICATION_COLUMNS, REVIEW_TEMPLATE_ORDER


@pytest.mark.parametrize(
    ("text", "state", "value"),
    [
        ("２４８", "number", 248),
        ("1,234", "number", 1234),
        (" 0 ", "number", 0),
        ("+3", "number", 3),
        ("--253", "number", -253),
        ("-417", "number", -417),
        ("26.55", "number", 26.55),
        ("251000元", "number", 251000),
        ("", "empty", None),
        ("\xa0", "empty", None),
        ("&nbsp;", "empty", None),  # a text dump keeps the page's entity
        ("−5", "number", -5),  # U+2212 MINUS SIGN
        ("−", "mark", None),
        ("/", "mark", None),
        ("——", "mark", None),
        ("无", "mark", None),
        ("12 34", "text", None),
        ("约30", "text", None),
    ],
)
def test_parse_cell_keeps_three_states_apart(text: str, state: str, value: object) -> None:
    cell = parse_cell(text)
    assert cell.state == state
    assert cell.value == value


def test_chinese_numerals() -> None:
    assert [chinese_to_int(x) for x in ("两", "十二", "二十", "一百零五", "三千二百")] == [
        2,
        12,
        20,
        105,
        3200,
    ]
    assert parse_count("１２") == 12 and parse_count("是") is None


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


def test_section_splitter_ignores_table_row_four_and_inline_headings() -> None:
    text = (
        "XX县2021年政府信息公开工作年度报告\n一、总体情况 正文。二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况 一是人员不足。\n六、其他需要报告的事项 无。"
    )
    split = split_sections(parse_document(text))
    assert [s.number for s in split.sections] == [1, 2, 3, 4, 5, 6]
    assert (
        split.get(3) is not None and len(split.get(3).tables) == 1
    )  # the 四、 row stays in section 三's table
    assert split.get(4).heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert split.get(5).text == "一是人员不足。"


def _table(text: str) -> Table:
    (table,) = parse_document(text).tables
    return table


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


_COLUMNS = APPLICATION_COLUMNS


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


def _ev() -> Evidence:
    return Evidence(origin="table", table=0, row=1, column=2, cell="")


def test_blank_becomes_zero_only_when_a_stated_total_confirms_it() -> None:
    row = "applications.granted"
    stats = {
        f"{row}.natural_person": 3,
        f"{row}.research": 0,
        f"{row}.public_interest": 0,
        f"{row}.legal_service": 0,
        f"{row}.other_org": 0,
        f"{row}.total": 3,
    }
    evidence = {k: _ev() for k in stats}
    notes = complete(stats, evidence, {f"{row}.commercial": _ev()}, "2021")
    assert stats[f"{row}.commercial"] == 0 and evidence[f"{row}.commercial"].origin == "derived"
    assert notes == []
    stats[f"{row}.total"] = 5  # now the stated terms do not add up: the blank stays absent
    del stats[f"{row}.commercial"]
    notes = complete(stats, evidence, {f"{row}.commercial": _ev()}, "2021")
    assert f"{row}.commercial" not in stats
    assert [n.code for n in notes] == ["blank_cell"]


def test_confirmed_blank_keeps_everything_its_cell_says() -> None:
    # every field marked with its own name (a dataclass does not validate), so a field added to
    # Evidence later and not carried over by _confirmed_blank fails here
    blank = Evidence(**{f.name: f"v-{f.name}" for f in fields(Evidence)})
    confirmed = _confirmed_blank(blank, ["a", "b"], "note")
    assert asdict(confirmed) == asdict(blank) | {
        "origin": "derived",
        "derived_from": ["a", "b"],
        "note": "note",
    }


def test_failed_identity_never_changes_a_number() -> None:
    stats = {
        "review_litigation.review.upheld": 1,
        "review_litigation.review.corrected": 0,
        "review_litigation.review.other": 0,
        "review_litigation.review.pending": 0,
        "review_litigation.review.total": 2,
    }
    before = dict(stats)
    checks = verify(stats, "2021")
    assert stats == before
    assert [c.code for c in checks] == ["review_sum_mismatch"]
    assert "review_litigation.review.total" in checks[0].keys
    assert checks[0].message.endswith(": 1 + 0 + 0 + 0 = 1, but the stated total is 2")


def test_terms_that_already_exceed_the_total_fail_whatever_is_missing() -> None:
    # 1 + (blank) + 3 + 4 > 7: counts are never negative, so the blank cannot make it add up
    stats = {
        "review_litigation.review.upheld": 1,
        "review_litigation.review.other": 3,
        "review_litigation.review.pending": 4,
        "review_litigation.review.total": 7,
    }
    (check,) = [c for c in verify(stats, "2021") if c.code != "identity_unverifiable"]
    assert check.code == "review_sum_mismatch" and check.severity == "warning"
    assert "the stated terms 1 + 3 + 4 = 8 already exceed 7" in check.message
    # terms that stay within the total are only unverifiable
    stats["review_litigation.review.total"] = 9
    assert [c.code for c in verify(stats, "2021")] == ["identity_unverifiable"]


def test_sentences_skip_distractors_and_read_split_counts() -> None:
    stats = read_narrative(
        [
            "本年度共收到政府信息公开申请121件（其中本年度新收申请数112件，上年结转申请数9件）。"
            "办结121件（含上年结转的9件），其中予以公开两件、部分公开十二件。"
            "全年接听热线电话1200次，处理信箱来信35件，举办新闻发布会6场，答复率100%。"
            "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
        ]
    )
    got = {s.key: s.value for s in stats}
    assert got == {
        "applications.new_received.total": 112,
        "applications.carried_over.total": 9,
        "applications.outcome_total.total": 121,
        "applications.granted.total": 2,
        "applications.partially_granted.total": 12,
        "review_litigation.review.total": 0,
        "review_litigation.litigation.total": 0,
    }


def test_outcome_words_outside_an_application_context_are_not_statistics() -> None:
    assert read_narrative(["主动公开政府信息3000条，部分公开栏目12个。"]) == []


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


@pytest.mark.parametrize(
    "sentence",
    [
        "本年新收政府信息公开申请较上年增加15件。",  # a change, not the count
        "上年度收到政府信息公开申请200件。",  # another year's figure
        "全年受理政府信息公开申请248件（含上年结转5件）。",  # includes carried-over cases
        "本年度收到政府信息公开申请约300件。",  # approximate
        "本年度收到政府信息公开申请300件左右。",
        "本机关政府信息公开工作未发生被申请行政复议或被提起行政诉讼后被纠错的情况。",  # denies one result
        "本年度收到政府信息公开申请3百件。",  # digits run into a numeral
        "本年度收到政府信息公开申请" + "9" * 5000 + "件。",  # not a count at all
    ],
)
def test_sentences_that_state_no_statistic_of_ours(sentence: str) -> None:
    assert read_narrative([sentence], 3) == []


_NEW = "applications.new_received.total"


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # answers counted by timing are a part of all answers, never outcome_total
        (["本年度新收政府信息公开申请20件。延期答复3件。"], {"applications.new_received.total": 20}),
        (
            ["本年度新收政府信息公开申请23件，均已办结，其中按期答复20件，延期答复3件。"],
            {"applications.new_received.total": 23},
        ),
        # petitions the agency settled are not disclosure applications
        (
            ["本年度新收政府信息公开申请20件，上年结转1件。全年办结信访事项30件。"],
            {"applications.new_received.total": 20, "applications.carried_over.total": 1},
        ),
        # the agency as the review body: reviews it decides, not reviews of its disclosure decisions
        (["本局作为复议机关，全年共收到涉及政府信息公开的行政复议申请46件。"], {}),
        # another year's figure, in a 2022 report
        (
            ["2021年收到政府信息公开申请40件，2022年收到政府信息公开申请50件。"],
            {"applications.new_received.total": 50},
        ),
        # a total that includes carried-over cases is not new_received
        (
            ["本年度共收到政府信息公开申请121件，其中上年度结转申请9件。"],
            {"applications.carried_over.total": 9},
        ),
        # a lone 一 right after a term is a count (每一件 is not: see the trap test below)
        (
            ["本年度新收政府信息公开申请一件，予以公开一件。因政府信息公开被申请行政复议一件。"],
            {
                "applications.new_received.total": 1,
                "applications.granted.total": 1,
                "review_litigation.review.total": 1,
            },
        ),
        (
            ["本年度新收政府信息公开申请9件，其中不予以公开3件、部分予以公开2件、予以公开4件。"],
            {
                "applications.new_received.total": 9,
                "applications.denied.total": 3,
                "applications.partially_granted.total": 2,
                "applications.granted.total": 4,
            },
        ),
        # other applications, and what follows them, are not disclosure applications
        (["全年共受理行政许可申请3000件，办结2980件。"], {}),
        (
            ["全年收到政府信息公开申请35件。全年共受理行政许可申请3000件，办结2980件。"],
            {"applications.new_received.total": 35},
        ),
        # other work counted right after the applications sentence
        (["全年收到政府信息公开申请35件。办理12345转办件1500件，已办结1480件。"], {_NEW: 35}),
        (["全年收到政府信息公开申请35件。法律顾问参与答复审核6次。"], {_NEW: 35}),
        (["全年收到政府信息公开申请35件。在主动公开方面，全年予以公开各类信息1200条。"], {_NEW: 35}),
        (["全年收到政府信息公开申请35件，予以公开的信息共120条。"], {_NEW: 35}),
        # changes, ranges, vague and running totals are not this year's count
        (["全年收到政府信息公开申请35件，不予公开比上年少3件。"], {_NEW: 35}),
        (["全年收到政府信息公开申请35件，予以公开数量由上年的20件降至12件。"], {_NEW: 35}),
        (["全年收到政府信息公开申请30至40件。"], {}),
        (["全年收到政府信息公开申请35件，予以公开10～12件。"], {_NEW: 35}),
        (["全年收到政府信息公开申请数十件。"], {}),
        (["全年收到政府信息公开申请上百件。"], {}),
        (["全年收到政府信息公开申请二三十件。"], {}),
        (["累计收到政府信息公开申请500件。"], {}),
        (["《条例》实施以来累计受理政府信息公开申请500件，本年度受理35件。"], {}),
        (["本年度累计收到政府信息公开申请35件。"], {_NEW: 35}),
        # 万 is part of the number
        (["全年收到政府信息公开申请一万二千件。"], {_NEW: 12000}),
        (["全年收到政府信息公开申请1万零5件。"], {}),
        (["全年收到政府信息公开申请35.5件。"], {}),
        # one figure for two terms is neither's
        (["全年收到政府信息公开申请35件，予以公开和部分公开的28件。"], {_NEW: 35}),
        (["全年收到政府信息公开申请35件，全部或部分公开的20件。"], {_NEW: 35}),
        (
            ["因政府信息公开引起的行政复议、行政诉讼案件共计3件，其中行政复议2件，行政诉讼1件。"],
            {"review_litigation.review.total": 2, "review_litigation.litigation.total": 1},
        ),
        # 法人和其他组织 is the subtotal, not the 其他 column; a topic breakdown ends the applicants
        (
            ["全年共收到政府信息公开申请35件，其中申请主体为自然人的30件、法人和其他组织5件。"],
            {_NEW: 35, "applications.new_received.natural_person": 30},
        ),
        (
            [
                "全年共收到政府信息公开申请35件，其中申请主体为自然人的30件、商业企业5件，从申请内容看，涉及房屋征收的20件、规划建设10件、其他5件。"
            ],
            {
                _NEW: 35,
                "applications.new_received.natural_person": 30,
                "applications.new_received.commercial": 5,
            },
        ),
        # a result is its kind's result, never the kind's total
        (["因政府信息公开被申请行政复议结果维持1件。"], {"review_litigation.review.upheld": 1}),
        (
            ["本年度因政府信息公开被申请行政复议3件，其中维持2件、纠正1件。"],
            {
                "review_litigation.review.total": 3,
                "review_litigation.review.upheld": 2,
                "review_litigation.review.corrected": 1,
            },
        ),
        (
            ["因政府信息公开被提起行政诉讼5件，其中未经复议直接起诉4件、复议后起诉1件，尚未审结1件。"],
            {
                "review_litigation.litigation.total": 5,
                "review_litigation.litigation_direct.total": 4,
                "review_litigation.litigation_after_review.total": 1,
                # 尚未审结 after the sub-kinds: of all the lawsuits, or of the last kind? left out
            },
        ),
        # review of the sentence rules: common phrasings that must still be read
        (
            ["2022年，累计受理政府信息公开申请35件，累计办结33件。"],
            {_NEW: 35, "applications.outcome_total.total": 33},
        ),
        (
            ["共收到政府信息公开申请35件，已累计答复33件。"],
            {_NEW: 35, "applications.outcome_total.total": 33},
        ),
        (["截至2022年底，我局累计收到政府信息公开申请500件，全年收到35件。"], {}),
        (["今年以来共收到政府信息公开申请35件。"], {_NEW: 35}),
        (
            ["本年度共收到申请35件。经保密审核，予以公开20件，部分公开5件。"],
            {_NEW: 35, "applications.granted.total": 20, "applications.partially_granted.total": 5},
        ),
        (["全年共受理申请46件，其中通过浙江政务服务网受理30件。"], {_NEW: 46}),
        (["本年度共收到申请35件，均已登记并按时办结。"], {_NEW: 35}),
        (["全年收到政府信息公开申请35件。", "（三）政务服务。全年办结行政审批事项3500件。"], {_NEW: 35}),
        (
            ["全年收到政府信息公开申请35件，已答复和办结35件。"],
            {_NEW: 35, "applications.outcome_total.total": 35},
        ),
        (["收到政府信息公开申请总数十二件。"], {_NEW: 12}),
        (["全年收到政府信息公开申请35件，予以公开－12件。"], {_NEW: 35, "applications.granted.total": 12}),
        (
            ["全年收到政府信息公开申请35件，其中自然人申请30件（涉及征收15件），商业企业3件，其他组织2件。"],
            {
                _NEW: 35,
                "applications.new_received.natural_person": 30,
                "applications.new_received.commercial": 3,
                "applications.new_received.other_org": 2,
            },
        ),
        # a result after both kinds is nobody's
        (
            ["因政府信息公开被申请行政复议3件、提起行政诉讼1件，其中维持原行政行为3件，纠正1件。"],
            {"review_litigation.review.total": 3, "review_litigation.litigation.total": 1},
        ),
        # only a clause that says so states zero applications
        (["全年收到政府信息公开申请三十五件，无超期答复政府信息公开申请的情况。"], {_NEW: 35}),
        (["本年度未收到政府信息公开申请被复议纠错的情况。"], {}),
        (["本年度无因依申请公开收取信息处理费的情况。"], {}),
        # one department's counts in a report on the whole area are not the report's
        (["全市共受理政府信息公开申请248件，其中市政府办公室受理申请40件，予以公开20件。"], {_NEW: 248}),
        (["申请量较大的部门中，市自然资源和规划局收到政府信息公开申请86件。"], {}),
        (["市自然资源和规划局收到政府信息公开申请86件，全市共收到政府信息公开申请248件。"], {_NEW: 248}),
        (
            ["2022年度本局共收到政府信息公开申请35件，其中自然人30件。"],
            {_NEW: 35, "applications.new_received.natural_person": 30},
        ),
        # a line broken right before its count (a <br>, a wrapped line) is one sentence again
        (
            ["全年共收到政府信息公开申请", "35件，予以公开12件。"],
            {_NEW: 35, "applications.granted.total": 12},
        ),
        # a stated zero; and an outcome on the next line still follows its applications
        (["本年度未收到政府信息公开申请。"], {_NEW: 0}),
        (
            ["全年收到政府信息公开申请35件。", "办理结果方面，予以公开12件。"],
            {_NEW: 35, "applications.granted.total": 12},
        ),
    ],
)
def test_sentence_traps_from_real_layouts(sentences: list[str], expected: dict[str, int]) -> None:
    got = {s.key: s.value for s in read_narrative(sentences, 1, year=2022)}
    assert got == expected


def test_legacy_categories_the_template_merges_are_summed_in_one_sentence() -> None:
    (stat,) = read_narrative(
        ["在已经答复的申请中，“信息不存在”的1件，“非本机关政府信息”的2件。"], 3, year=2016
    )
    assert (stat.key, stat.value) == ("applications.unavailable.not_held.total", 3)
    assert stat.evidence.note is not None and "信息不存在 1" in stat.evidence.note


def test_sentence_traps_keep_only_the_real_count() -> None:
    got = {
        s.key: s.value
        for s in read_narrative(
            [
                "全年共受理政府信息公开申请20件，答复时限平均5个工作日。全年共办结人大代表建议30件、政协提案20件。"
                "对不予公开的每一件申请均说明理由。自然人申请18件，法人或其他组织申请2件。"
            ],
            1,
        )
    }
    assert got == {"applications.new_received.total": 20, "applications.new_received.natural_person": 18}


_HEADER = (
    "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
    "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
)


def _html_table(rows: str) -> Table:
    (table,) = parse_document(
        f"<html><body><div id='zoom'><table>{_HEADER}{rows}</table></div></body></html>"
    ).tables
    return table


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


_FLAT_REVIEW_HEADER = (
    "| 行政复议 | 行政诉讼 |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
)


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
    ],
)
def test_agency_and_year_from_the_title(title: str, agency: str | None, year: int | None) -> None:
    from linhai_scrape.read.metadata import agency_and_year

    assert agency_and_year(title) == (agency, year)


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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 复议机关 as the body that decided the agency's case, not the agency as a review body
        (
            "本局因政府信息公开引起行政复议2件，经复议机关审理，均维持原行政行为。",
            {"review_litigation.review.total": 2},
        ),
        # a later date dates the count
        (
            "本年度新收政府信息公开申请10件，截至2023年1月10日已全部办结10件。",
            {"applications.new_received.total": 10, "applications.outcome_total.total": 10},
        ),
        # the 收到 count is a total when 新收 is stated after it
        (
            "本局共收到政府信息公开申请10件，其中本年新收8件，2021年结转2件。",
            {"applications.new_received.total": 8, "applications.carried_over.total": 2},  # 2021 = 上年
        ),
    ],
)
def test_sentence_rules_do_not_drop_what_is_stated(sentence: str, expected: dict[str, int]) -> None:
    review_section = "行政复议" in sentence
    got = {
        s.key: s.value
        for s in read_narrative(
            [sentence], 4 if review_section else 3, review_section=review_section, year=2022
        )
    }
    assert got == expected


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


def test_a_title_box_wrapping_a_small_table_stays_page_layout() -> None:
    doc = parse_document(
        "<html><body><div id='zoom'><table><tr><td><table><tr><td>测试县2022年政府信息公开工作年度报告</td></tr>"
        "</table></td><td>打印</td></tr></table><p>一、总体情况</p></div></body></html>"
    )
    assert not any(isinstance(b, Table) and len(b.rows[0]) >= 2 for b in doc.blocks)  # not read as a grid


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # legacy forms count answers by kind
        (
            "对申请的答复总数20件，其中同意公开答复数12件，同意部分公开答复数3件，否决公开答复总数5件。",
            {
                "applications.outcome_total.total": 20,
                "applications.granted.total": 12,
                "applications.partially_granted.total": 3,
                "applications.denied.total": 5,
            },
        ),
        # pending requests are not answered ones
        (
            "全年共受理政府信息公开申请20件，同意公开15件，不予公开3件，待答复2件。",
            {
                "applications.new_received.total": 20,
                "applications.granted.total": 15,
                "applications.denied.total": 3,
            },
        ),
    ],
)
def test_legacy_answer_vocabulary(sentence: str, expected: dict[str, int]) -> None:
    assert {s.key: s.value for s in read_narrative([sentence], 3, year=2016)} == expected


def test_each_of_the_listed_review_kinds() -> None:
    got = {
        s.key: s.value
        for s in read_narrative(["全年因政府信息公开申请行政复议、行政诉讼各1件。"], 5, review_section=True)
    }
    assert got == {"review_litigation.review.total": 1, "review_litigation.litigation.total": 1}


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
        "active.licensing.decisions is stated twice in the tables (700 at table 0 row 1 column 2, 5 at table 0 "
        "row 2 column 1); the first is kept",
        "active.licensing.decisions is stated twice in the tables (700 at table 0 row 1 column 2, 6 at table 0 "
        "row 2 column 2); the first is kept",
    ]
    assert report.stats["active.licensing.decisions"] == 700


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


_BODY = "一、总体情况\n正文。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n{five}\n六、其他需要报告的事项\n{six}\n"


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


_NARRATIVE_REPORT = (
    "测试市民政局2022年政府信息公开工作年度报告\n"
    "{one}总体情况\n本年度新收政府信息公开申请20件，予以公开12件。\n"
    "{two}主动公开政府信息情况\n本年度主动公开信息300条。\n"
    "{three}收到和处理政府信息公开申请情况\n详见总体情况。\n"
    "{four}政府信息公开行政复议、行政诉讼情况\n因政府信息公开被申请行政复议2件。\n"
    "{five}存在的主要问题及改进情况\n无。\n{six}其他需要报告的事项\n无。\n"
)


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
