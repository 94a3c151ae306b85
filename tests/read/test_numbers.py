"""Cell and count parsing (read/numbers)."""

from __future__ import annotations

import pytest

from linhai_scrape.read.numbers import chinese_to_int, parse_cell, parse_count


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
