"""Red team of the reader across issue 12's families (session 10: "never a wrong number").

Session 9's red team (test_redteam_s9.py) attacked the newest narrative and text-PDF rules; this one
attacks the rest: HTML tables whose spans disagree, flattened layouts, cut and joined pages, other
outlines, sentences, label typos and PDFs. Every input is our own wording and numbers, most of them
a one-place change to one of our fixtures. An ``xfail(strict=True)`` test is a wrong value the
reader gives today: it states what the document says (or that the key must stay absent) and fails
until the reader is fixed. A passing test pins down a rule that held against an input not tested
elsewhere.
"""

from __future__ import annotations

import pytest
from page_builders import FIXTURES

from linhai_scrape import extract_bytes, extract_text
from linhai_scrape.models import Report

PENALTY = "active.penalty.decisions"


def _html_2021(old: str, new: str, count: int = 1) -> Report:
    """The 2021-edition HTML fixture (黄岩区 2022) with ``old`` replaced by ``new``."""
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8")
    assert html.count(old) >= count, old
    return extract_bytes(html.replace(old, new, count).encode("utf-8"))


# --------------------------------------------------------------------------------------------------
# 1. HTML table cells
# --------------------------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="numbers.parse_cell: NFKC turns a footnote mark into a digit of the number")
@pytest.mark.parametrize("cell", ["2871<sup>1</sup>", "2871①", "2871¹"])
def test_a_footnote_mark_after_a_number_is_not_a_digit_of_it(cell: str) -> None:
    # the page prints 行政处罚 2871 with a footnote mark; 28711 is a number it never states
    report = _html_2021(">2871<", f">{cell}<")
    assert report.flat().get(PENALTY) in (2871, None)


@pytest.mark.xfail(
    strict=True, reason="document.py: hidden or struck-out markup inside a number cell is read as digits of it"
)
@pytest.mark.parametrize(
    "cell",
    ['28<span style="display:none">0</span>71', "<del>2780</del>2871", "<strike>2780</strike>2871"],
)
def test_hidden_or_struck_digits_are_not_part_of_the_number(cell: str) -> None:
    # a browser shows 2871 (the struck 2780 is the figure the page corrects); 28071 and 27802871
    # are numbers the page never states
    report = _html_2021(">2871<", f">{cell}<")
    assert report.flat().get(PENALTY) in (2871, None)


# --------------------------------------------------------------------------------------------------
# 2. Flattened text: glued cells
# --------------------------------------------------------------------------------------------------

PARTIAL_2021 = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


@pytest.mark.xfail(
    strict=True,
    reason="placer.split_glued: a row whose printed total breaks its own sum is split the one way that adds up",
)
def test_a_glued_row_with_a_typo_in_its_total_is_not_split_into_other_numbers() -> None:
    # the page prints 部分公开 as 12 | 0 | 0 | 0 | 0 | 0 | 21 (a transposed total) with the digits run
    # together; the only 7-number split that adds up is 1 | 20 | 0 | 0 | 0 | 0 | 21, which the page
    # never states: 商业企业 20 is a wrong number
    text = (FIXTURES / "oneline_glued_2021.txt").read_text(encoding="utf-8")
    assert PARTIAL_2021 + "3100004" in text
    flat = extract_text(text.replace(PARTIAL_2021 + "3100004", PARTIAL_2021 + "120000021")).flat()
    assert flat.get("applications.partially_granted.natural_person") in (12, None)
    assert flat.get("applications.partially_granted.commercial") in (0, None)
