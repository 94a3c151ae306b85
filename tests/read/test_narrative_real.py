"""Sentence families found in real reports (the wording and numbers here are our own)."""

from __future__ import annotations

import pytest

from linhai_scrape.read.narrative import read_narrative

NEW = "applications.new_received.total"
REVIEW = "review_litigation.review.total"
LITIGATION = "review_litigation.litigation.total"


def _read(
    sentences: list[str], section: int | None = 1, year: int = 2022, **kw: bool
) -> dict[str, int | float]:
    return {s.key: s.value for s in read_narrative(sentences, section, year=year, **kw)}


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度，本所未收到依申请公开事项.",
        "2022年，我局未收到依申请公开政府信息事项。",
        "本年度本镇没有收到依申请公开政府信息的情况。",
        "截至年底，本办未收到依申请公开请求。",
        "本年度社区未接到任何形式的信息公开申请。",
        "本年度本中心未收到任何公民、法人和其他组织提出的公开政府信息的申请。",
        "2022年度本馆未接到公众、法人或其他组织要求公开政府信息的申请。",
        "2022年，本站未收到依申请公开情况。",
        "2022年未收到有关政府信息公开申请。",
        "本年度我乡收到0件信息公开申请。",
        "本年度未收到公民、法人或其他组织的政府信息公开申请。",
        "本年度未收到依申请公开政府信息的申请。",
        "2022年，本镇未收到和处理政府信息公开申请。",
        "本年度没有收到要求公开政府信息的申请。",
        "2020年，本单位没有受理过政府信息依申请公开。",
        "2021年，我乡未共收到依申请公开申请。",
        "本年度未收到依法处理依申请公开件。",
        "全年未接收到依申请公开请求。",
        "2022年，本局未收到依申请公开事宜。",
        "2022年，未收到本级依申请公开事项。",
        "本年度未收到群众政府信息公开申请。",
        # the nouns of real pages (c9's corpus), in our own sentences
        "2021年，本局未收到申请公开事项。",
        "本年度本镇未收到政府信息申请。",
        "全年未收到申请政府信息公开的受理件。",
        "一年来未受理关于政府信息公开的依申请公开。",
        "本年度未收到依申请公开的相关信息。",
        "本年度未收到依申请公开信息受理件。",
    ],
)
def test_statements_of_no_applications_state_zero_new(sentence: str) -> None:
    assert _read([sentence]) == {NEW: 0}


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度未收到政府信息公开申请被复议纠错的情况。",  # denies something else
        "本年度无因依申请公开收取信息处理费的情况。",
        "对未收到依申请公开事项答复的申请人，及时电话告知。",  # the clause goes on
    ],
)
def test_a_clause_that_does_not_end_in_the_absence_states_nothing(sentence: str) -> None:
    assert NEW not in _read([sentence])


def test_a_count_before_its_noun_is_the_count_of_applications() -> None:
    assert _read(["全年本局收到12件政府信息公开申请，均已按时答复。"]) == {NEW: 12}


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年，本局未发生依申请公开政府信息方面的行政复议和行政诉讼。",
        "本年度，本镇没有因政府信息公开申请行政复议、提起行政诉讼情况发生。",
        "全年依申请公开工作平稳，没有出现一起投诉、复议和诉讼案件。",
        "本年度无涉及政府信息公开的行政复议、诉讼案件。",
    ],
)
def test_statements_of_no_review_or_lawsuit_state_zero_of_each_kind(sentence: str) -> None:
    assert _read([sentence]) == {REVIEW: 0, LITIGATION: 0}


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度无复议后起诉的政府信息公开案件。",  # a kind of lawsuit, not the reviews
        "本局作为复议机关，未收到政府信息公开类案件。",
        "没有人民群众因政府信息公开问题上访。",
    ],
)
def test_absence_of_something_else_is_not_a_zero_review(sentence: str) -> None:
    assert REVIEW not in _read([sentence])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "其中，予以公开3件，属于四类过程性信息1件，本中心不掌握相关政府信息2件。",
            {
                "applications.granted.total": 3,
                "applications.denied.process_info.total": 1,
                "applications.unavailable.not_held.total": 2,
            },
        ),
        # a doubled character (a typo) still names the row
        ("其中，属于四类过程性性信息2件。", {"applications.denied.process_info.total": 2}),
        (
            "办理结果：属于国家秘密1件、保护第三方合法权益2件、属于三类内部事务信息3件。",
            {
                "applications.denied.state_secret.total": 1,
                "applications.denied.third_party.total": 2,
                "applications.denied.internal_affairs.total": 3,
            },
        ),
        (
            "办理结果：没有现成信息需要另行制作4件，补正后申请内容仍不明确1件。",
            {
                "applications.unavailable.needs_creation.total": 4,
                "applications.unavailable.unclear.total": 1,
            },
        ),
        (
            "办理结果：信访举报投诉类申请2件，重复申请3件，要求提供公开出版物1件。",
            {
                "applications.not_processed.petition.total": 2,
                "applications.not_processed.duplicate.total": 3,
                "applications.not_processed.publication.total": 1,
            },
        ),
        # a sub-row named before its group states the sub-row; with 等 it may be the sub-row alone or
        # the group (a real report: the sub-row), so neither is read
        ("办理结果：因本机关不掌握相关政府信息无法提供3件。", {"applications.unavailable.not_held.total": 3}),
        ("办理结果：因本机关不掌握等原因无法提供13件。", {}),
        # several reasons joined before the group word count them together (a real 2020 report:
        # 33 was the whole 无法提供 group, never its last reason): the group when all its rows are
        # named, else no key
        (
            "其中，本机关不掌握相关政府信息或没有现成信息及申请内容不明确无法提供的33件。",
            {"applications.unavailable.total": 33},
        ),
        ("其中，本机关不掌握相关政府信息或申请内容不明确无法提供的12件。", {}),
        ("办理结果：属于国家秘密不予公开1件。", {"applications.denied.state_secret.total": 1}),
    ],
)
def test_the_template_sub_rows_stated_with_a_count(sentence: str, expected: dict[str, int]) -> None:
    assert _read(["全年收到政府信息公开申请20件。", sentence]) == {NEW: 20, **expected}


@pytest.mark.parametrize("carried", ["上年结转1件", "结转上年1件"])
def test_carried_over_from_last_year_in_either_word_order(carried: str) -> None:
    got = _read([f"2023年全区共受理依申请公开57件，{carried}，均在法定期限内予以答复。"], year=2023)
    assert got == {NEW: 57, "applications.carried_over.total": 1}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本年度涉及政府信息公开的行政复议、行政诉讼案件为0件。", {REVIEW: 0, LITIGATION: 0}),
        ("本年度接收政府信息公开申请20件，产生行政复议及行政诉讼0件。", {REVIEW: 0, LITIGATION: 0}),
        # any other joint count is the two kinds' sum, neither's own
        ("本年度涉及政府信息公开的行政复议、行政诉讼案件为3件。", {}),
    ],
)
def test_one_count_of_zero_for_two_joined_kinds_is_zero_for_each(
    sentence: str, expected: dict[str, int]
) -> None:
    assert _read(["全年收到政府信息公开申请20件。", sentence]) == {NEW: 20, **expected}


@pytest.mark.parametrize("verb", ["受理答复", "收到并答复"])
def test_a_receipt_verb_joined_to_the_answer_verb_states_neither(verb: str) -> None:
    # a real 2022 report: "受理答复…28件" may count the applications received or those answered
    assert _read([f"全年{verb}政府信息公开申请28件，其中，行政复议1件。"]) == {
        "review_litigation.review.total": 1
    }


def test_an_outcome_before_the_word_answer_is_that_outcome_not_all_answers() -> None:
    got = _read(["全年收到政府信息公开申请26件，其中同意公开答复8件，部分公开答复0件，不予公开答复3件。"])
    assert got == {
        NEW: 26,
        "applications.granted.total": 8,
        "applications.partially_granted.total": 0,
        "applications.denied.total": 3,
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度共收到政府信息公开申请40件，已答复39件，结转至下一年答复1件。",
        "本年度共收到政府信息公开申请40件，已答复39件，结转至下一年（答复）1件。",
        "本年度共收到政府信息公开申请40件，已答复39件，结转下一年度1件。",
        "本年度共收到政府信息公开申请40件，已答复39件，转下一年度办理答复的有1件。",
    ],
)
def test_carried_to_next_year_is_not_an_answer(sentence: str) -> None:
    assert _read([sentence]) == {
        NEW: 40,
        "applications.outcome_total.total": 39,
        "applications.carried_forward.total": 1,
    }


def test_no_carry_to_next_year_states_zero_carried_forward() -> None:
    got = _read(["本年度共收到政府信息公开申请40件，均已办结，无下年度结转。"])
    assert got == {NEW: 40, "applications.carried_forward.total": 0}
    # only that meaning: a clause about something else says nothing of it
    assert "applications.carried_forward.total" not in _read(
        ["本年度共收到政府信息公开申请40件，无下年度结转资金使用情况。"]
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("政府信息公开类行政复议2起，正在办理中。", {REVIEW: 2, "review_litigation.review.pending": 2}),
        (
            "因政府信息公开被提起行政诉讼1件，目前尚未审结。",
            {LITIGATION: 1, "review_litigation.litigation.pending": 1},
        ),
        # two kinds: which one is pending?
        ("因政府信息公开被申请行政复议1起、提起行政诉讼1件，正在办理中。", {REVIEW: 1, LITIGATION: 1}),
    ],
)
def test_a_single_review_count_said_to_be_in_progress_is_pending(
    sentence: str, expected: dict[str, int]
) -> None:
    assert _read([sentence]) == expected


def test_a_text_layer_line_break_inside_a_count_or_a_label_is_joined() -> None:
    lines = [
        "全年收到政府信息公开申请 26 件，上年结转政府信息公开申请 1 件，所有办结的",
        "申请中同意公开答复 8 件，部分公开答复 0 件，不予公开答复 3",
        "件，无法提供的 9 件，不予处理 0 件，其他处理 5 件，转下一",
        "年度办理答复的有 1 件。",
    ]
    got = _read(lines, 4, application_section=True)
    assert got["applications.denied.total"] == 3
    assert got["applications.carried_forward.total"] == 1
    assert "applications.outcome_total.total" not in got  # no line states all answers


def test_a_heading_line_is_not_joined_to_the_prose_after_it() -> None:
    lines = ["（一）主动公开政府信息数量、类别及受理申请数量以及办理情况", "2020年本局主动公开信息共计15条。"]
    assert _read(lines) == {}


def test_a_reply_letter_is_not_an_answer_count() -> None:
    got = _read(["全年共收到依申请公开申请 2 件，按时出具《政府信息公开申请答复书》2 份。"])
    assert got == {NEW: 2}


# --------------------------------------------------------------------------------------------------
# Through the whole pipeline: what the rest of the document says about a sentence's count
# --------------------------------------------------------------------------------------------------

_APPLICANT_HEADER = (
    "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
    "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
)


def _report(one: str, three: str = "", table: str = "") -> str:
    body = (
        f"<p>一、总体情况</p><p>{one}</p><p>二、主动公开政府信息情况</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p><p>{three}</p>{table}"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>"
    )
    title = "某县某局2022年政府信息公开工作年度报告"
    return f"<html><head><title>{title}</title></head><body><div id='zoom'><h1>{title}</h1>{body}</div></body></html>"


def _extract(html: str):  # noqa: ANN202 - a Report
    from linhai_scrape.extract import extract_text

    report = extract_text(html)
    return report.flat(), {c.code: c for c in report.checks}


def test_a_received_count_read_as_new_until_the_document_says_otherwise() -> None:
    received = read_narrative(["全年共收到政府信息公开申请58件，涉及自然人55件、商业企业3件。"], 1, year=2022)
    assert {s.key: s.basis for s in received} == {
        NEW: "received",
        "applications.new_received.natural_person": "received",
        "applications.new_received.commercial": "received",
    }
    stated = read_narrative(["本年新收政府信息公开申请58件，其中自然人55件。"], 1, year=2022)
    assert {s.basis for s in stated} == {None}
    # nothing about carried-over cases: the received count is new_received
    flat, _ = _extract(_report("全年共受理政府信息公开申请58件。"))
    assert flat[NEW] == 58


def test_a_received_count_equal_to_new_plus_carried_over_is_not_new() -> None:
    flat, checks = _extract(
        _report(
            "全年共受理政府信息公开申请731件。本年新收政府信息公开申请702件，上年结转政府信息公开申请29件。"
        )
    )
    assert flat[NEW] == 702
    assert flat["applications.carried_over.total"] == 29
    assert "narrative_includes_carried_over" in checks
    assert "narrative_conflict" not in checks


def test_a_received_count_beside_carried_over_cases_alone_is_ambiguous() -> None:
    flat, checks = _extract(
        _report(
            "全年共受理政府信息公开申请40件，涉及自然人38件、商业企业2件。", "上年结转政府信息公开申请4件。"
        )
    )
    assert NEW not in flat
    assert "applications.new_received.natural_person" not in flat
    assert flat["applications.carried_over.total"] == 4
    check = checks["narrative_ambiguous"]
    assert NEW in check.keys and "applications.new_received.natural_person" in check.keys
    # carried-over cases stated as none: the count is the new one
    flat, checks = _extract(_report("全年共受理政府信息公开申请40件。", "上年结转政府信息公开申请0件。"))
    assert flat[NEW] == 40 and "narrative_ambiguous" not in checks


def test_an_unread_carried_over_row_with_a_count_makes_a_received_count_ambiguous() -> None:
    one = "全年共收到政府信息公开申请53件，涉及自然人51件、商业企业2件。"
    flat, checks = _extract(_report(one, "二、上年结转政府信息公开申请数量 2000002三、本年度办理结果"))
    assert NEW not in flat and "narrative_ambiguous" in checks
    flat, checks = _extract(_report(one, "二、上年结转政府信息公开申请数量 0000000三、本年度办理结果"))
    assert flat[NEW] == 53 and "narrative_ambiguous" not in checks


def test_a_sentence_never_fills_a_key_whose_table_row_could_not_be_read() -> None:
    table = (
        f"<table>{_APPLICANT_HEADER}<tr><td>一、本年新收政府信息公开申请数量</td>"
        + "<td>10</td>"
        + "<td>0</td>" * 5
        + "<td>10</td></tr>"
        "<tr><td>（一）予以公开</td><td colspan=7>8</td></tr></table>"
    )
    flat, checks = _extract(_report("全年依法办理依申请公开，予以公开9件，部分公开1件。", table=table))
    assert "applications.granted.total" not in flat
    assert flat["applications.partially_granted.total"] == 1  # its row is not printed: the sentence stands
    check = checks["narrative_withheld"]
    assert check.keys == ["applications.granted.total"]


# --------------------------------------------------------------------------------------------------
# Section 二's rows stated in sentences
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "year", "expected"),
    [
        (
            "主动公开本年度制发的市政府规章3件、市政府办公室行政规范性文件7件，废止市政府规章2件。",
            2023,
            {"active.rules.issued": 3, "active.normative_docs.issued": 7, "active.rules.repealed": 2},
        ),
        # a library's documents in force need not be the table's 现行有效件数: not read
        (
            "集中公开现行有效行政规范性文件412件，及时更新本年度制发的规范性文件36件。",
            2022,
            {"active.normative_docs.issued": 36},
        ),
        ("本年度制发规范性文件6件，现行有效规范性文件58件。", 2022, {"active.normative_docs.issued": 6}),
        ("2019年，本乡行政许可决定86起。", 2019, {"active.licensing.decisions": 86}),
        (
            "全年作出行政处罚决定214件、行政强制决定3件。",
            2022,
            {"active.penalty.decisions": 214, "active.coercion.decisions": 3},
        ),
        # another verb between the column's verb and the count: other work on the documents
        ("严格规范性文件制发程序，全年审核规范性文件12件。", 2022, {}),
        ("本年度拟废止规章3件。", 2022, {}),
        ("制发党内规范性文件4件。", 2022, {}),
        # the 2021 columns do not exist in the 2019 edition
        ("主动公开本年度制发的规章5件。", 2020, {}),
        ("本年度制发规范性文件较上年增加2件。", 2022, {}),
    ],
)
def test_active_rows_stated_in_a_sentence(sentence: str, year: int, expected: dict[str, int]) -> None:
    assert _read([sentence], year=year) == expected


def test_an_unread_active_row_is_not_filled_by_a_sentence() -> None:
    table = (
        "<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td colspan=3>438</td></tr>"
        "<tr><td>行政规范性文件</td><td>2</td><td>1</td><td>30</td></tr></table>"
    )
    html = _report("本年度制发规章4件，制发行政规范性文件2件。").replace(
        "<p>二、主动公开政府信息情况</p>", f"<p>二、主动公开政府信息情况</p>{table}"
    )
    flat, checks = _extract(html)
    assert "active.rules.issued" not in flat
    assert flat["active.normative_docs.issued"] == 2
    assert "active.rules.issued" in checks["narrative_withheld"].keys


def test_approvals_at_a_service_window_are_not_answers() -> None:
    got = _read(
        ["全年收到政府信息公开申请3件。", "今年本局共受理审批事项150件，办结148件。"],
        3,
        application_section=True,
    )
    assert got == {NEW: 3}


def test_case_files_reviewed_are_not_a_denial_reason() -> None:
    got = _read(["全年收到政府信息公开申请5件。", "开展案卷评查，抽查行政执法案卷120份。"])
    assert got == {NEW: 5}


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # the count before its noun: applications, carried to next year, a review or lawsuit
        (
            ["本年度本区共收到52件申请，依法办结50件，2件结转下年度继续办理。"],
            {NEW: 52, "applications.outcome_total.total": 50, "applications.carried_forward.total": 2},
        ),
        (
            ["全年办结政府信息公开申请60件，另有4件申请按照《条例》顺延到下年度答复。"],
            {"applications.outcome_total.total": 60, "applications.carried_forward.total": 4},
        ),
        (["本年度本局有1件涉及政府信息公开工作的行政复议，结果维持。"], {REVIEW: 1}),
        (["全年发生2起因政府信息公开引起的行政诉讼案件。"], {LITIGATION: 2}),
        # not ours, or a result rather than the kind's total
        (["全年共收到3件行政许可申请。"], {}),
        (["本局有2件行政复议案件被纠正。"], {}),
        (["全年收到政府信息公开申请35件，2件涉及征收补偿。"], {NEW: 35}),
        # a thousands separator still joins digits; a clause comma does not
        (["全年收到政府信息公开申请1,204件。"], {NEW: 1204}),
    ],
)
def test_counts_before_their_nouns(sentences: list[str], expected: dict[str, int]) -> None:
    assert _read(sentences) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "截至2022年底，本市累计制发规范性文件120件。",
        "近三年来共制发规章6件、行政规范性文件40件。",
        "“十四五”以来先后废止规章9件。",
    ],
)
def test_active_counts_over_more_than_the_year_are_not_read(sentence: str) -> None:
    assert _read([sentence]) == {}


def test_reviews_the_agency_decides_are_not_counted_before_their_noun() -> None:
    assert _read(["本局作为行政复议机关，全年收到3件涉及政府信息公开的行政复议。"]) == {}


def test_a_number_touching_an_undecodable_character_is_not_read() -> None:
    from linhai_scrape import extract_text

    text = (
        "某县2022年政府信息公开工作年度报告\n一、总体情况\n略。\n二、主动公开政府信息情况\n略。\n"
        "三、收到和处理政府信息公开申请情况\n本年共收到政府信息公开申请300件，予以公开35件，无法提供\ufffd65件。\n"
    )
    report = extract_text(text)
    assert "applications.unavailable.total" not in report.flat()  # the source had 265: never 65
    assert report.flat()["applications.granted.total"] == 35
    assert "number_damaged" in report.check_codes()


def test_a_line_wrap_joined_with_a_space_does_not_cut_a_phrase() -> None:
    from linhai_scrape.read.narrative import read_narrative

    sentence = "所有办结的申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件，转下一 年度办理答复的有 1 件。"
    stats = {s.key: s.value for s in read_narrative([sentence], 3, application_section=True)}
    assert (
        "applications.outcome_total.total" not in stats
    )  # 转下一年度…答复 is carried forward, not all answers
    assert stats["applications.carried_forward.total"] == 1


def test_a_count_named_nearest_as_proactive_disclosure_is_not_applications() -> None:
    from linhai_scrape.read.narrative import read_narrative

    sentence = "（一）主动公开政府信息数量、类别及受理申请数量以及办理情况 2020年我局主动公开信息共计11条。"
    assert [s.key for s in read_narrative([sentence], 1)] == []


def test_the_pre_2019_statistics_table_glued_gives_this_years_zeros_only() -> None:
    # 指标名称 | 计量单位 | 2017年度 | 历年累计, glued: "00" is 0 then 0; "004、" is 0, 0 and the next
    # row's ordinal; a lone "0" (this year's or the running total's?) and "12" split no one way
    table = (
        "六、政府信息公开情况统计表指标名称计量单位2017年度历年累计对申请的答复总数条12其中：1、同意公开答复数条002、"
        "同意部分公开答复数条03、不予公开答复数条004、其他类型答复数条00接受行政诉讼、举报数件00行政复议数件0"
        "行政诉讼数件00"
    )
    got = _read([table], section=6, year=2017)
    assert got == {
        "applications.granted.total": 0,
        "applications.denied.total": 0,
        LITIGATION: 0,
    }
    assert _read([table.replace("计量单位", "")], section=6, year=2017) == {}  # not that table


def test_a_count_opening_its_clause_after_another_counts_words_takes_none_of_them() -> None:
    # a real 2021 report: "其中2件已…答复完毕，2件正在处理" — 答复完毕 is the first 2's, not the second's
    got = _read(
        [
            "2021年度，我县共收到9件政府信息公开申请，其中5件为协助市政务公开科办理，均已完成；"
            "4件为我县直接办理，其中2件已按要求处理答复完毕，2件正在处理。"
        ],
        year=2021,
    )
    assert "applications.outcome_total.total" not in got
    assert got[NEW] == 9


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("目前街道未因政府信息公开工作被申请行政复议或提起行政诉讼。", {REVIEW: 0, LITIGATION: 0}),
        ("本年度没有因政府信息公开引起行政复议或者行政起诉的案例发生。", {REVIEW: 0, LITIGATION: 0}),
    ],
)
def test_more_wordings_of_no_review_or_lawsuit(sentence: str, expected: dict[str, int]) -> None:
    assert _read([sentence]) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "2021年度，我县共收到9件“依申请公开”申请，均已办结。",
        "2022年，本局共收到9份政府信息依申请公开事项，均按时答复。",
    ],
)
def test_a_received_count_before_a_quoted_or_事项_noun(sentence: str) -> None:
    assert _read([sentence], year=2021)[NEW] == 9


def test_a_zero_application_clause_still_names_disclosure() -> None:
    assert NEW not in _read(["2022年，本局未收到行政许可申请。"], 3, application_section=True)


def test_an_outcome_printed_after_its_count_by_its_template_label() -> None:
    read = _read(
        [
            "本年度收到申请9件，其中2件办理结果为无法提供，另外5件办理结果为其他处理，"
            "2件为“本机关不掌握相关政府信息”。"
        ],
        3,
        application_section=True,
    )
    assert read["applications.unavailable.total"] == 2
    assert read["applications.other.total"] == 5
    assert read["applications.unavailable.not_held.total"] == 2
    # words that are no template row's label name no row: nothing is read from them
    none = _read(
        ["本年度收到申请6件，其中3件办理结果为主动公开，3件办理结果为依申请公开。"],
        3,
        application_section=True,
    )
    assert set(none) == {NEW}


def test_carried_over_and_forward_named_by_their_years() -> None:
    read = _read(
        [
            "全年累计处理政府信息依申请公开42件，其中本年度新接收40件，2021年结转办理2件，除3件结转2023年办理外均已办结。"
        ],
        3,
        application_section=True,
        year=2022,
    )
    assert read[NEW] == 40
    assert read["applications.carried_over.total"] == 2
    assert read["applications.carried_forward.total"] == 3
    assert (
        _read(["本年度收到申请8件，结转次年办理1件。"], 3, application_section=True)[
            "applications.carried_forward.total"
        ]
        == 1
    )


def test_a_received_count_before_the_noun_it_counts() -> None:
    assert _read(["2025年，本街道接到7条提出公开政府信息的申请，均已按时答复。"], 1)[NEW] == 7
