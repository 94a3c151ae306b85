"""Reading numbers as reports print them: cells (tri-state) and counts in sentences.

A cell is one of four things and they stay apart all the way through: a number, an empty cell, a
mark ("/", "——", "无": the author chose not to give a number) and unreadable text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from ..template import MONEY_UNIT_WAN, MONEY_UNITS

CellState = Literal["number", "empty", "mark", "text"]

_MARKS = {
    "/",
    "／",
    "-",
    "--",
    "—",
    "——",
    "―",
    "－",
    "−",
    "一",
    "无",
    "\\",
    "×",
    "x",
    "X",
    "N/A",
    "n/a",
    "——/",
}
_NUMBER = re.compile(
    r"""^(?P<sign>[+\-－—−]{0,2}|增加|减少|增|减)\s*  # 本年增/减: "+2", "-1", or worded "减4"
        (?P<num>\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?)\s*  # no longer runs
        (?P<unit>千万元|百万元|十万元|亿元|万元|千元|百元|元|件|个|项|条|宗|起|次|人次|%)?$""",
    re.VERBOSE,
)


_PLACEHOLDER_ZERO = re.compile(r"^[?？\ufffd]\s+0$")


@dataclass(frozen=True)
class CellValue:
    """What one cell says: ``state`` and, for numbers, the value, its printed unit and sign."""

    state: CellState
    value: int | float | None = None
    unit: str | None = None
    signed: bool = False


def fold(text: str) -> str:
    """NFKC-fold (full-width digits and signs → ASCII) and collapse whitespace."""
    # str.split() splits on exactly the characters a regex \s+ matches (Py_UNICODE_ISSPACE),
    # several times faster than collapsing them with re.sub and stripping.
    if text.isalnum() and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        # a bare count or a label with no space or punctuation (自然人), the commonest table cells:
        # nothing to fold, and no whitespace to collapse
        return text
    # Most text is already NFKC (normalising it would only copy it): the quick check is far cheaper.
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        # CPython's NFKC composes with a linear table search per character (thousands of
        # instructions each); the full-width punctuation that makes report text non-NFKC is
        # replaced by its NFKC form with C scans first, and NFKC runs only if anything else remains.
        for wide, narrow in _COMMON_COMPATIBILITY_FORMS:
            text = text.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", text):
            text = _normalize_keeping_marks(text)
    return " ".join(text.split())


# Footnote and ordinal marks that NFKC turns into digits: superscript and subscript digits, circled
# numbers (①, ㉑, ⓪), parenthesised (⑴) and full-stop (⒈) numbers. Beside a digit, NFKC would join
# the mark to the number (2871① → 28711, ①2023年 → 12023年: numbers the page never states), so a
# run of them there is kept as printed; anywhere else (①主动公开, m²) it folds as usual.
_DIGIT_LIKE_MARKS = (
    "\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u249b\u24ea\u3251-\u325f\u32b1-\u32bf"
)
_DIGIT_LIKE_MARK = re.compile(f"[{_DIGIT_LIKE_MARKS}]")
_MARKS_BY_A_DIGIT = re.compile(
    rf"(?<=[0-9\uff10-\uff19])\s*[{_DIGIT_LIKE_MARKS}]+|[{_DIGIT_LIKE_MARKS}]+(?=\s*[0-9\uff10-\uff19])"
)


def _normalize_keeping_marks(text: str) -> str:
    """NFKC, except for digit-like marks beside a digit (see ``_DIGIT_LIKE_MARKS``)."""
    # a search for the marks alone first: a character set is scanned for quickly, the context
    # of the full pattern is tried at every position
    kept = _MARKS_BY_A_DIGIT.search(text) if _DIGIT_LIKE_MARK.search(text) else None
    if kept is None:
        return unicodedata.normalize("NFKC", text)
    out: list[str] = []
    at = 0
    while kept is not None:
        out.append(unicodedata.normalize("NFKC", text[at : kept.start()]))
        out.append(kept.group())
        at = kept.end()
        kept = _MARKS_BY_A_DIGIT.search(text, at)
    out.append(unicodedata.normalize("NFKC", text[at:]))
    return "".join(out)


# (character, its NFKC form) for the compatibility characters report text is full of.
_COMMON_COMPATIBILITY_FORMS = (
    ("，", ","),
    ("（", "("),
    ("）", ")"),
    ("：", ":"),
    ("；", ";"),
    ("\u3000", " "),
    ("\xa0", " "),
)


# the footnote marks a cell may print after its number (fold keeps them as printed there)
_FOOTNOTE_MARK = re.compile(rf"(?<=\d)\s*[{_DIGIT_LIKE_MARKS}]+$")


@lru_cache(maxsize=8192)
def parse_cell(text: str) -> CellValue:
    """Classify a table cell's text. Never guesses: anything not plainly a number is ``text``."""
    folded = fold(text)
    if "&" in folded:  # a text dump keeps entities the page had ("&nbsp;" for an empty cell)
        folded = fold(html.unescape(folded))
    if not folded:
        return CellValue("empty")
    if folded in _MARKS or re.fullmatch(r"[-—/／－―−\s]+", folded):
        return CellValue("mark")
    m = _NUMBER.match(folded)
    if not m and (marked := _FOOTNOTE_MARK.search(folded)) is not None:
        # 2871① or 2871¹ (a <sup>1</sup>): a superscript or circled mark after the number is a
        # footnote's, never a digit of it. A mark of any other kind (2871*, 2871a) leaves the cell
        # unreadable.
        m = _NUMBER.match(folded[: marked.start()])
    if not m:
        if _PLACEHOLDER_ZERO.match(folded):
            # "? 0": a mirror's placeholder for a character it could not encode (a wide space), then
            # the number. Only a 0 is certain: a lost sign or digit would change any other number.
            return CellValue("number", 0)
        return CellValue("text")
    raw = m.group("num").replace(",", "")
    value: int | float = float(raw) if "." in raw else int(raw)
    sign = m.group("sign")
    negative = bool(sign) and sign[-1] in "-－—−少减"
    if negative:
        value = -value
    return CellValue("number", value, m.group("unit"), signed=bool(sign))


def csv_cell(value: int | float | None) -> str:
    """A statistic as a CSV cell: empty when absent, and never in exponent notation (0.00001 万元,
    not 1e-05: spreadsheets and readers of the file expect positional digits)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def is_numeric_token(text: str) -> bool:
    """True for a token that is a number cell (used to tell label cells from value cells)."""
    return parse_cell(text).state == "number"


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万"


def chinese_to_int(text: str) -> int | None:
    """Convert a Chinese numeral (两, 十二, 一百零五, 三千二百) to an int; None if it is not one."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit:  # "二三十", "三四": two digits in a row are a vague range, not a numeral
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_count(text: str) -> int | float | None:
    """A count as written in a sentence: Arabic (full-width allowed, thousands separators) or Chinese."""
    folded = fold(text).replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", folded):
        return float(folded) if "." in folded else int(folded)
    return chinese_to_int(folded)


def in_wan(amount: int | float | str, unit: str) -> float:
    """An amount printed in ``unit`` (元, 千元, 亿元 …) in 万元, the output's unit: in decimal, from
    the printed digits, so exact (1.005元 is 0.0001005 万元) and without float noise."""
    return float(Decimal(str(amount)) * MONEY_UNITS[unit] / MONEY_UNITS[MONEY_UNIT_WAN])
