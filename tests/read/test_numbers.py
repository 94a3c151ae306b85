"""Cell and count parsing (read/numbers)."""

from __future__ import annotations

import pytest

from linhai_scrape.read.numbers import chinese_to_int, fold, parse_cell, parse_count


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
        # 本年增/减 in words: the column names the sign, the cell says which
        ("减4", "number", -4),
        ("减少3", "number", -3),
        ("增2", "number", 2),
        ("增加1", "number", 1),
        ("减", "text", None),
        # a mirror's placeholder for a character it could not encode, then a space and the number:
        # only 0 is certain (a lost sign or digit would change any other number)
        ("? 0", "number", 0),
        ("? 5", "text", None),
        ("?0", "text", None),
        # a superscript or circled footnote mark after the number is no digit of it (never 28711);
        # any other mark leaves the cell unreadable
        ("2871①", "number", 2871),
        ("2871¹", "number", 2871),
        ("2871 ①", "number", 2871),
        ("２８７１¹²", "number", 2871),
        ("-3①", "number", -3),
        ("2871*", "text", None),
        ("2871a", "text", None),
        ("①2871", "text", None),  # an ordinal before it: whose number is this?
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


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("共２８７１①件", "共2871①件"),  # a mark beside a digit stays as printed
        ("①２０２３年", "①2023年"),  # not 12023年
        ("行政处罚2871¹件", "行政处罚2871¹件"),
        ("①主动公开", "1主动公开"),  # away from a digit, a mark folds as NFKC folds it
        ("面积m²", "面积m2"),
    ],
)
def test_fold_never_joins_a_footnote_mark_to_a_number(text: str, folded: str) -> None:
    assert fold(text) == folded
