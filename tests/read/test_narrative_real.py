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
