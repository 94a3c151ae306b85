"""Sentences from c12's corpus documents that were read wrong (issue 12: never a wrong number),
in our own wording and numbers."""

from __future__ import annotations

import pytest

from linhai_scrape import extract_text

_HEAD = "某区人社局2021年政府信息公开工作年度报告\n一、总体情况\n"
_TAIL = "\n二、主动公开政府信息情况\n无。\n"


def _flat(sentence: str) -> dict[str, int | float]:
    return extract_text(_HEAD + sentence + _TAIL).flat()


@pytest.mark.parametrize(
    "sentence",
    [
        "公开实施行政处罚的依据、条件以及具有一定社会影响的行政处罚决定0条",
        "在网站公示行政许可决定45条",
        "通过政务公开栏，发布行政强制决定3件",
    ],
)
def test_decisions_published_are_not_the_decisions_made(sentence: str) -> None:
    assert not any(key.startswith("active.") for key in _flat(sentence + "。"))


def test_decisions_made_are_read_beside_a_publishing_clause_before_them() -> None:
    flat = _flat("依法公开执法信息，全年作出行政处罚决定5件，均在网站公示。")
    assert flat["active.penalty.decisions"] == 5


def test_applications_done_are_the_outcome_total_and_expose_a_caseload() -> None:
    # 31 = 28 + 3: the cases taken up are the year's whole caseload (new and carried over alike),
    # which no statement separates
    report = extract_text(
        _HEAD
        + "全年共受理政府信息公开申请31件，其中网站申请20件、信函申请11件；已办理28件，结转下年度继续办理3件。"
        + _TAIL
    )
    flat = report.flat()
    assert flat["applications.outcome_total.total"] == 28
    assert flat["applications.carried_forward.total"] == 3
    assert "applications.new_received.total" not in flat
    assert any(c.code == "narrative_ambiguous" for c in report.checks)


@pytest.mark.parametrize(
    "sentence",
    [
        "共受理政府信息公开申请12件，答复7件，不予受理4件，补正后申请内容仍不明确1件。",
        "共收到政府信息公开申请15件，办结9件，不予受理5件。",
        "共收到政府信息公开申请15件，已答复9件，予以公开2件，不予公开1件。",  # the list adds up to neither
    ],
)
def test_answered_applications_listed_beside_other_outcomes_are_not_the_outcome_total(sentence: str) -> None:
    assert "applications.outcome_total.total" not in _flat(sentence)


@pytest.mark.parametrize(
    ("sentence", "done"),
    [
        ("共收到政府信息公开申请23件，办结23件，予以公开10件，不予公开3件，无法提供10件。", 23),
        ("共收到政府信息公开申请23件，办结23件，其中予以公开10件。", 23),
        ("共受理政府信息公开申请7件，在办结的5件申请中，予以公开3件，不予公开1件，申请撤销1件。", 5),
        ("共收到政府信息公开申请23件，办结20件，结转下年度继续办理3件。", 20),
    ],
)
def test_answered_applications_broken_down_after_them_are_the_outcome_total(sentence: str, done: int) -> None:
    assert _flat(sentence)["applications.outcome_total.total"] == done


@pytest.mark.parametrize(
    "clause",
    [
        "本年度本局未收到社会公众提出的政府信息公开申请",
        "本局未收到公民依法提出的政府信息公开申请",
        "本镇无收到和处理政府信息公开申请情况",
        "本年度未收到和处理过政府信息公开申请相关事项",
        "全年未接收受理过依申请公开",
        "本年度未收到个人、法人或者其他组织向本机关申请公开政府信息",
        "全年未发生有关本系统政府信息公开事务的申请",
        "本年度未接到提出公开政府信息的申请",
        "全年未有受理信息公开申请、行政复议、诉讼和申诉情况",
    ],
)
def test_more_wordings_of_no_application_received_state_zero_new(clause: str) -> None:
    assert _flat(clause + "。")["applications.new_received.total"] == 0


@pytest.mark.parametrize(
    "clause",
    [
        "全年无超期答复政府信息公开申请的情况",
        "未发生因政府信息公开申请引起的行政诉讼",
        "未收到个人向本机关申请公开政府信息的投诉",
    ],
)
def test_clauses_denying_something_else_about_applications_state_no_count(clause: str) -> None:
    assert "applications.new_received.total" not in _flat(clause + "。")


@pytest.mark.parametrize(
    "text",
    [
        "本年度本镇收到政府信息公开申请2件，均按时答复。未发生被行政复议、行政诉讼的情况。",
        "定期检查已发布的政府信息，确保信息公开工作顺利开展。年度无行政复议、行政诉讼的情况发生。",
    ],
)
def test_a_sentence_saying_only_that_no_review_happened_after_one_about_disclosure_is_zero(text: str) -> None:
    flat = _flat(text)
    assert flat["review_litigation.review.total"] == 0
    assert flat["review_litigation.litigation.total"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "全年办理行政处罚案件12起。未发生行政复议、行政诉讼。",  # the sentence before names other work
        "加强政务服务。全年未发生行政复议、行政诉讼的情况。",
        "收到政府信息公开申请2件。全年办理执法案件未发生行政复议。",  # the sentence names its own topic
    ],
)
def test_a_bare_review_zero_after_another_topic_states_nothing(text: str) -> None:
    flat = _flat(text)
    assert "review_litigation.review.total" not in flat
    assert "review_litigation.litigation.total" not in flat


def test_one_negation_over_applications_reviews_and_lawsuits_is_zero_for_each() -> None:
    flat = _flat("全年未有受理信息公开申请、行政复议、诉讼和申诉情况。")
    assert flat["applications.new_received.total"] == 0
    assert flat["review_litigation.review.total"] == 0
    assert flat["review_litigation.litigation.total"] == 0


@pytest.mark.parametrize(
    ("sentence", "received"),
    [
        ("某县人民政府2021年接受依申请公开3件。", 3),
        ("全年共接受政府信息公开申请14件，均按时答复。", 14),
        ("本年度，园区没有收到公开申请。", 0),
    ],
)
def test_applications_received_in_other_words(sentence: str, received: int) -> None:
    assert _flat(sentence)["applications.new_received.total"] == received


def test_applications_taken_up_and_handled_are_not_the_new_ones() -> None:
    # 接受办理: taken up and handled, which may count last year's cases too
    assert "applications.new_received.total" not in _flat("全年共接受办理政府信息公开申请62件。")


def test_no_documents_under_the_tables_own_column_names_is_zero_under_each() -> None:
    flat = extract_text(
        "某局2022年政府信息公开工作年度报告\n一、总体情况\n"
        "本局无行政规范性文件本年制发件数、现行有效件数，行政处罚5件，无规章、行政许可信息公开。"
        "\n二、主动公开政府信息情况\n无。\n"
    ).flat()
    assert flat["active.normative_docs.issued"] == 0
    assert flat["active.normative_docs.in_force"] == 0
    assert "active.normative_docs.repealed" not in flat  # not named
    assert "active.penalty.decisions" not in flat  # 行政处罚5件 names no column
    assert not any(key.startswith(("active.rules.", "active.licensing.")) for key in flat)  # no column named


def test_column_names_after_no_that_run_on_into_other_words_state_nothing() -> None:
    flat = extract_text(
        "某局2022年政府信息公开工作年度报告\n一、总体情况\n本局无行政规范性文件本年制发件数和废止件数的情况。"
        "\n二、主动公开政府信息情况\n无。\n"
    ).flat()
    assert not any(key.startswith("active.") for key in flat)


@pytest.mark.parametrize(
    ("sentence", "received"),
    [
        ("本局共收到政府信息公开申请6其中：当面申请2件，网络申请3件，信函申请1件，均已答复。", 6),
        ("本局共收到政府信息公开申请7其中：当面申请2件，网络申请3件，信函申请1件。", None),  # 2 + 3 + 1 ≠ 7
        ("本局共收到政府信息公开申请6其中当面申请6件。", None),  # one part: nothing to add up
    ],
)
def test_a_count_that_lost_its_unit_is_read_only_where_its_parts_add_up_to_it(
    sentence: str, received: int | None
) -> None:
    assert _flat(sentence).get("applications.new_received.total") == received


@pytest.mark.parametrize(
    "sentence",
    [
        "县政府收到政府信息公开申请3件，各部门收到政府信息公开申请3件。",
        "处理结果中，予以公开2件，因本机关不掌握相关政府信息无法提供1件，信息不存在的1件。",
    ],
)
def test_one_sentence_giving_a_key_the_same_count_twice_gives_no_value(sentence: str) -> None:
    report = extract_text(_HEAD + "共收到政府信息公开申请8件。" + sentence + _TAIL)
    flat = report.flat()
    assert flat.get("applications.new_received.total") in (8, None)
    assert "applications.unavailable.not_held.total" not in flat
    assert any(c.code == "narrative_not_whole" for c in report.checks)


def test_a_zero_given_twice_in_one_sentence_is_still_zero() -> None:
    flat = _flat("全年因政府信息公开引起的行政复议0件，因政府信息公开引起的行政诉讼0件，行政复议0件。")
    assert flat["review_litigation.review.total"] == 0


def test_equal_parts_in_two_clauses_without_outcomes_give_no_count() -> None:
    flat = _flat("本年度县政府新收政府信息公开申请3件；县直部门新收政府信息公开申请3件。")
    assert "applications.new_received.total" not in flat


def test_the_same_count_restated_in_another_sentence_is_still_read() -> None:
    # two full sentences of equal standing that agree: the year's count said twice
    flat = _flat("本年度共收到政府信息公开申请3件。全年收到政府信息公开申请3件，均按时答复。")
    assert flat["applications.new_received.total"] == 3
