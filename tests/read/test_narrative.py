"""Sentences → statistics (read/narrative)."""

from __future__ import annotations

import pytest
from stage_helpers import _NEW

from linhai_scrape.read.narrative import read_narrative


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


@pytest.mark.parametrize(
    "sentence",
    [
        "本年新收政府信息公开申请较上年增加15件。",  # a change, not the count
        "上年度收到政府信息公开申请200件。",  # another year's figure
        "本年度收到政府信息公开申请约300件。",  # approximate
        "本年度收到政府信息公开申请300件左右。",
        "本年度收到政府信息公开申请余300件。",  # 余 alone before a count: approximate (剩余 is the rest)
        "主动公开情况无。",  # 情况无 after a label that names no outcome row
        "本机关政府信息公开工作未发生被申请行政复议或被提起行政诉讼后被纠错的情况。",  # denies one result
        "本年度收到政府信息公开申请3百件。",  # digits run into a numeral
        "本年度收到政府信息公开申请" + "9" * 5000 + "件。",  # not a count at all
    ],
)
def test_sentences_that_state_no_statistic_of_ours(sentence: str) -> None:
    assert read_narrative([sentence], 3) == []


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
        # the count before 依申请公开 at its clause's end; 剩余/其余 is the rest, not an approximation
        (
            "本街道共收到12件信息依申请公开，其中10件已按时答复，剩余2件结转下年度继续办理。",
            {"applications.new_received.total": 12, "applications.carried_forward.total": 2},
        ),
        # "要求信息公开的申请" is the applications; an outcome row's label, then 情况无: none of it;
        # 无上年和下年结转: neither carried over nor carried forward
        (
            "2022年我街共收到1条要求信息公开的申请，不予公开政府信息情况无，其中部分公开的情况无。",
            {
                "applications.new_received.total": 1,
                "applications.denied.total": 0,
                "applications.partially_granted.total": 0,
            },
        ),
        (
            "本年度共收到依申请公开28件，无上年和下年结转件。",
            {
                "applications.new_received.total": 28,
                "applications.carried_over.total": 0,
                "applications.carried_forward.total": 0,
            },
        ),
        # c11's wordings: a count before 依申请公开请求 or before 有关政府信息公开事务的申请; 不掌握信息 is
        # the not-held row
        ("共收到10件依申请公开请求，均已答复。", {"applications.new_received.total": 10}),
        ("收到4件针对本部门有关政府信息公开事务的申请。", {"applications.new_received.total": 4}),
        (
            "依申请公开政府信息共4件，其中，予以公开2件，不掌握信息2件。",
            {"applications.granted.total": 2, "applications.unavailable.not_held.total": 2},
        ),
        (
            "本局共收到政府信息公开申请12件，已答复10件，其余2件结转下年度继续办理。",
            {
                "applications.new_received.total": 12,
                "applications.outcome_total.total": 10,
                "applications.carried_forward.total": 2,
            },
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


def test_a_count_including_carried_over_cases_states_only_those_cases() -> None:
    # 248 holds new and carried-over cases together: not new_received; the 5 is the carried-over count
    got = read_narrative(["全年受理政府信息公开申请248件（含上年结转5件）。"], 3)
    assert [(st.key, st.value) for st in got] == [("applications.carried_over.total", 5)]
    # among the cases completed, the carried-over ones are some of them: not the carried-over count
    got = read_narrative(["全年受理政府信息公开申请248件，办结的240件申请中（含上年结转的4件）。"], 3)
    assert "applications.carried_over.total" not in [st.key for st in got]


# --------------------------------------------------------------------------------------------------
# Section 二 stated in its table's own words (fixtures/cut_column_sentences_2022.txt)
# --------------------------------------------------------------------------------------------------


def _active(sentence: str, year: int) -> dict[str, float]:
    return {s.key: s.value for s in read_narrative([sentence], 2, year=year) if s.key.startswith("active.")}


def test_a_row_then_its_columns_names_each_with_a_count_is_read_in_the_reports_edition() -> None:
    assert _active("本年出台行政规范性文件：制发件数2件，废止件数1件，现行有效件数22件。", 2022) == {
        "active.normative_docs.issued": 2,
        "active.normative_docs.repealed": 1,
        "active.normative_docs.in_force": 22,
    }
    # a count of another verb in the list is passed over, not read
    assert _active("本年度行政规范性文件发布0条，废止数量0条，现行有效数量3条。", 2025) == {
        "active.normative_docs.repealed": 0,
        "active.normative_docs.in_force": 3,
    }
    # the 2019 edition's columns in a 2020 report; 2021 column names there are no statement
    assert _active("规范性文件：新制作数量5件，新公开数量5件，对外公开总数量40件。", 2020) == {
        "active.normative_docs.made": 5,
        "active.normative_docs.published": 5,
        "active.normative_docs.total": 40,
    }
    assert _active("规范性文件：制发件数5件。", 2020) == {}
    # the count of the verb before the row's words is passed over too; the column after it is read
    assert _active("通过门户网站集中公开行政规范性文件3件，现行有效件数5件。", 2023) == {
        "active.normative_docs.in_force": 5,
    }


def test_column_words_over_more_than_the_year_or_not_right_after_the_row_are_no_statement() -> None:
    assert _active("截至2022年底累计清理规范性文件现行有效件数120件。", 2022) == {}
    assert _active("党内规范性文件：制发件数2件。", 2022) == {}
    assert _active("发布现行有效行政规范性文件393件。", 2022) == {}
    assert _active("行政规范性文件起草中，制发件数另行统计为2件。", 2022) == {}


def test_a_decision_count_named_first_carries_over_the_rows_listed_after_it() -> None:
    assert _active(
        "行政许可2022年处理决定数量450项，行政处罚2项、行政强制0项，行政事业性收费0元。", 2022
    ) == {
        "active.licensing.decisions": 450,
        "active.penalty.decisions": 2,
        "active.coercion.decisions": 0,
        "active.fees.amount": 0,  # the list runs on to the fees row
    }
    # a bare count after a row with no column named first may be the row's items: not read
    assert _active("涉及行政处罚2项、行政强制0项。", 2022) == {}


def _read(paragraphs: list[str]) -> dict[str, float]:
    return {s.key: s.value for s in read_narrative(paragraphs, 1, year=2021)}


def test_a_sub_heading_on_reviews_over_disclosure_gives_the_sentences_under_it_their_topic() -> None:
    heading = "（三）政府信息公开行政复议、行政诉讼情况。"
    assert _read([heading, "2021年，我办未收到公开行政复议、行政诉讼的情况。"]) == {
        "review_litigation.review.total": 0,
        "review_litigation.litigation.total": 0,
    }
    # the year before the negation is no count in the clause
    assert _read(
        [
            "（三）信息公开申请行政复议、提起行政诉讼的情况",
            "2021年我乡未发生由政务公开引起的行政复议、行政诉讼和行政申诉。",
        ]
    ) == {"review_litigation.review.total": 0, "review_litigation.litigation.total": 0}


def test_reviews_under_another_sub_heading_or_one_not_about_disclosure_are_not_ours() -> None:
    assert _read(["（三）行政复议工作情况。", "全年未发生行政复议、行政诉讼。"]) == {}
    assert (
        _read(
            [
                "（三）政府信息公开行政复议、行政诉讼情况。",
                "无。",
                "（四）法治政府建设情况。",
                "全年未发生行政复议、行政诉讼。",
            ]
        )
        == {}
    )


def test_reviews_told_among_the_applications_without_a_tie_to_disclosure_are_not_ours() -> None:
    # under （二）依申请公开情况 a review count may still be the body's whole caseload (本系统, 作为被申请人,
    # 应诉), which no word there tells apart from reviews over its answers: none is read
    received = "2021年，我县共收到政府信息公开申请21件，均在规定时间内答复。"
    for reviews in (
        "2021年度发生行政复议案件1件，为其他结果；行政诉讼案件1件，为其他结果。",
        "本局作为被申请人的行政复议案件共3件。",
    ):
        read = _read(["（二）依申请公开情况", received, reviews])
        assert read == {"applications.new_received.total": 21}


def test_a_lawsuit_count_of_one_kind_or_over_a_disputed_answer_is_read_as_what_it_counts() -> None:
    # a kind named before 行政诉讼 in its clause is that kind's count, not every lawsuit's
    assert _read(
        ["因依申请公开工作引起的行政复议2件；因依申请公开工作引起的经复议后起诉的行政诉讼0件。"]
    ) == {
        "review_litigation.review.total": 2,
        "review_litigation.litigation_after_review.total": 0,
    }
    assert _read(["因政府信息公开引起未经复议直接起诉的行政诉讼2件。"]) == {
        "review_litigation.litigation_direct.total": 2
    }
    # "不服…答复" names the answers disputed, not answers given; 行政诉 is 行政诉讼 with 讼 left out
    sentence = "2021年，不服政府信息公开答复产生的行政诉共3项。"
    assert _read(["（四）因政府信息公开申请行政复议及提起行政诉讼情况。", sentence]) == {
        "review_litigation.litigation.total": 3
    }
    assert _read(["收到政府信息公开申请5件。不服政府信息公开答复3件。"]) == {
        "applications.new_received.total": 5
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本年度未收到申请人提出的依申请公开。", {"applications.new_received.total": 0}),
        ("本年度未接到针对本部门有关政府信息公开的申请。", {"applications.new_received.total": 0}),
        (
            "不存在因申请政府信息公开引起的行政复议和行政诉讼等情况。",
            {"review_litigation.review.total": 0, "review_litigation.litigation.total": 0},
        ),
    ],
)
def test_c11_zero_wordings(sentence: str, expected: dict[str, int]) -> None:
    assert _read([sentence]) == expected


def test_a_phrase_printed_with_a_character_left_out_is_the_phrase() -> None:
    sentence = "2022年，我局共收到依申公开事项7件，均按时答复。"
    assert _read([sentence]) == {"applications.new_received.total": 7}


def test_a_review_result_printed_after_its_count_is_that_counts_result() -> None:
    assert _read(["因政府信息公开答复引起行政复议3件，1件结果维持，2件结果纠正。"]) == {
        "review_litigation.review.total": 3,
        "review_litigation.review.upheld": 1,
        "review_litigation.review.corrected": 2,
    }
    # the words before a count are the count before's: 维持 is never 2's result
    assert _read(["因政府信息公开引起行政复议3件，其中1件维持，2件正在审理。"]) == {
        "review_litigation.review.total": 3,
        "review_litigation.review.upheld": 1,
    }


def test_reviews_of_the_answers_to_the_applications_just_named_are_ours() -> None:
    paragraph = "全年共收到政府信息公开申请24件。规范办理答复完成24件，因不服答复引起行政复议3件，1件结果维持，2件结果纠正。"
    got = _read([paragraph])
    assert got["review_litigation.review.total"] == 3
    assert got["review_litigation.review.upheld"] == 1
    assert got["review_litigation.review.corrected"] == 2
    # without the applications before it, an answer may be any answer (信访, 行政许可): not ours
    assert not any(k.startswith("review_litigation.") for k in _read(["因不服答复引起行政复议3件。"]))


def test_a_sentence_opening_with_sheji_de_continues_the_review_sentence_before_it() -> None:
    paragraph = "本年有1件涉及政府信息公开工作的行政复议，该件未被纠错。涉及的行政诉讼数为0件。"
    assert _read([paragraph])["review_litigation.litigation.total"] == 0
    # not after a sentence about other reviews, nor across paragraphs
    assert "review_litigation.litigation.total" not in _read(
        ["全年办理行政复议案件40件。涉及的行政诉讼数为2件。"]
    )
    assert "review_litigation.litigation.total" not in _read(
        ["本年有1件涉及政府信息公开工作的行政复议。", "涉及的行政诉讼数为2件。"]
    )


def test_a_lawsuit_counted_among_the_applications_just_named_is_ours() -> None:
    paragraph = "本年新收政府信息公开申请数量为4件，全部按时办结。其中，收到行政诉讼案件1件，一审判决驳回原告诉讼请求。"
    assert _read([paragraph])["review_litigation.litigation.total"] == 1
    assert "review_litigation.litigation.total" not in _read(
        ["全年办结人大建议10件。其中，收到行政诉讼案件1件。"]
    )


def test_pinyin_an_archive_inserted_in_a_sentence_is_dropped_but_not_latin_words() -> None:
    assert _read(["本年度我局没(méi)有收到要求公开政府信息的申请(qǐng)。"]) == {
        "applications.new_received.total": 0
    }
    from linhai_scrape.template import drop_pinyin

    assert drop_pinyin("见附件(PDF)，认(rèn)真") == "见附件(PDF)，认真"


def test_zhiding_and_yinfa_of_normative_documents_are_issued() -> None:
    assert _active("全年共制定行政规范性文件4件，文件制定严格遵循原则。", 2021) == {
        "active.normative_docs.issued": 4
    }
    assert _active("共印发规范性文件3份。", 2022) == {"active.normative_docs.issued": 3}
    assert _active("拟制定规范性文件3件。", 2022) == {}
    assert _active("制定工作方案，清理规范性文件12件。", 2022) == {}


def test_a_count_of_a_clean_up_is_not_the_years_repealed() -> None:
    # 清理废止: a campaign clearing out documents, whose count need not be the table's 本年废止件数
    assert _active("2023年清理废止失效规范性文件共4件，公开现行有效规范性文件25件。", 2023) == {}
    assert _active("审查废止规章2件。", 2023) == {}
    assert _active("全年废止行政规范性文件4件。", 2023) == {"active.normative_docs.repealed": 4}


def test_the_carried_over_cases_inside_the_completed_ones_are_read_where_the_identity_says_which() -> None:
    # 161 + 14 = 168 + 7: the received count is the new one, and the 14 are all carried over; had
    # 161 held the 14, 147 + 14 would not make 175
    sentence = "全年收到政府信息公开申请共161件，当年办结168件（含上年结转14件），结转下一年7件。"
    assert _read([sentence]) == {
        "applications.new_received.total": 161,
        "applications.carried_over.total": 14,
        "applications.outcome_total.total": 168,
        "applications.carried_forward.total": 7,
    }
    # where the identity does not hold, or a count is missing, which is which stays unsaid
    for other in (
        sentence.replace("161件", "175件"),
        sentence.replace("，结转下一年7件", ""),
        sentence.replace("168件", "170件"),
    ):
        read = _read([other])
        assert "applications.new_received.total" not in read and "applications.carried_over.total" not in read


def test_every_applicant_in_the_regulations_words_is_no_applicant_column() -> None:
    # 公民、法人和其他组织 names all applicants: the count is of the applications, not of 其他组织
    assert _read(["全年共收到公民、法人或者其他组织提出的政府信息公开申请35件。"]) == {
        "applications.new_received.total": 35
    }
    read = _read(["全年收到公民、法人和其他组织政府信息公开申请共12件。"])
    assert read == {"applications.new_received.total": 12}
    # its own columns, named one by one, are still columns
    assert (
        _read(["收到申请35件，其中自然人30件，法人或其他组织5件。"])[
            "applications.new_received.natural_person"
        ]
        == 30
    )


def test_applications_addressed_to_a_body_the_sentence_names_are_not_counted_as_this_ones() -> None:
    # a street office's report: the applications were made to the city government and its office
    assert (
        _read(["受理公民、法人和其他组织向市政府及市政府办公室提出的政府信息公开申请5件，均按时答复。"]) == {}
    )
    assert _read(["共受理群众向区政府提出的政府信息公开申请5件。"]) == {}
    assert _read(["共受理向我局提出的政府信息公开申请5件。"]) == {"applications.new_received.total": 5}


def test_section_twos_list_in_words_runs_on_to_the_fees_row_and_its_amount() -> None:
    # the table's rows in a sentence, down to 行政事业性收费 with its amount: 元 is converted to 万元
    listed = "行政许可2022年处理决定数量450项，行政处罚2项、行政强制0项，行政事业性收费{}。"
    assert _active(listed.format("0元"), 2022)["active.fees.amount"] == 0
    assert _active(listed.format("251000元"), 2022)["active.fees.amount"] == 25.1
    assert _active(listed.format("12.5万元"), 2022)["active.fees.amount"] == 12.5
    # no amount without a unit of money, and none outside the list (减免 is a relief, not the fees)
    assert "active.fees.amount" not in _active(listed.format("5项"), 2022)
    assert _active("全年减免行政事业性收费200万元。", 2022) == {}


def test_one_negation_over_applications_and_reviews_is_a_zero_for_each() -> None:
    # a Traditional mirror's 無依申請公開和復議、訴訟和申訴的情況, in Simplified
    for sentence in ("无依申请公开和复议、诉讼和申诉的情况。", "全年无依申请公开和行政复议、行政诉讼情况。"):
        assert _read([sentence]) == {
            "applications.new_received.total": 0,
            "review_litigation.review.total": 0,
            "review_litigation.litigation.total": 0,
        }
    assert "applications.new_received.total" not in _read(["无依申请公开办理超期和复议的情况。"])


def test_a_channels_share_is_not_the_years_count_or_outcome() -> None:
    # 3 came through the portal and 36 on paper: neither is the year's answered total; and
    # 顺延至下一年答复2件 is carried forward, not answered
    assert _read(["通过政府门户网站共办理并答复信息公开申请3件、纸质申请36件，顺延至下一年答复2件。"]) == {
        "applications.carried_forward.total": 2
    }
    assert _read(["全年共收到政府信息公开申请20件，其中网上申请15件、信函申请5件。"]) == {
        "applications.new_received.total": 20
    }


def test_all_applications_from_natural_persons_give_the_natural_person_column() -> None:
    assert _read(["共收到依申请公开21件，均为公民个人申请。"]) == {
        "applications.new_received.total": 21,
        "applications.new_received.natural_person": 21,
    }
    assert "applications.new_received.natural_person" not in _read(["共收到申请9件，均为自然人和法人申请。"])


def test_swapped_and_short_carried_wordings() -> None:
    assert _read(["上年转结政府信息公开申请0件，结转至下年办理1件。"]) == {
        "applications.carried_over.total": 0,
        "applications.carried_forward.total": 1,
    }


def _reviews(sentence: str) -> dict[str, float]:
    return {s.key: s.value for s in read_narrative([sentence], 4, review_section=True, year=2022)}


def test_one_cases_result_in_the_clause_after_it_and_zeros_of_未引起() -> None:
    assert _reviews("因政府信息公开引起的行政复议案件1件，为其他结果；行政诉讼案件1件，结果为维持。") == {
        "review_litigation.review.total": 1,
        "review_litigation.review.other": 1,
        "review_litigation.litigation.total": 1,
        "review_litigation.litigation.upheld": 1,
    }
    # of several cases prose rounds ("诉讼9件，均获维持" where the table prints 8 upheld, 1 pending)
    assert "review_litigation.litigation.upheld" not in _reviews(
        "因政府信息公开引起的行政诉讼9件，均获维持。"
    )
    assert _reviews("本年度未引起行政复议，也未引起行政诉讼。") == {
        "review_litigation.review.total": 0,
        "review_litigation.litigation.total": 0,
    }
