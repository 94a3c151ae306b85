"""Property tests: on arbitrary input, ``extract`` returns a Report or raises the package's own error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linhai_scrape import LinhaiError, Report, extract
from linhai_scrape.extract import extract_bytes, extract_text
from linhai_scrape.read.checks import verify

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML_FIXTURES = [
    (FIXTURES / name).read_text(encoding="utf-8")
    for name in ("html_2021_utf8.html", "list_page.html", "attachment_only.html")
]
TEXT_FIXTURES = [
    (FIXTURES / name).read_text(encoding="utf-8") for name in ("text_2021.txt", "seed_linhai_2020.txt")
]

# Text drawn from the report's own vocabulary, so that the generator reaches the parser's paths.
VOCAB = st.sampled_from(
    [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、",
        "五、",
        "六、其他需要报告的事项",
        " | ",
        "||||",
        "\n",
        "自然人",
        "商业企业",
        "总计",
        "予以公开",
        "（三）不予公开",
        "1.属于国家秘密",
        "3.其他",
        "受理政府信息公开申请",
        "件",
        "两",
        "十二",
        "248",
        "２４８",
        "-3",
        "/",
        "——",
        "。",
        "，",
        "<table>",
        "<tr>",
        "<td rowspan=3>",
        "<td colspan=99999>",
        "</td>",
        "<br>",
        "行政复议",
        "未发生",
        "结转下年度继续办理",
        "2020年",
        "1月1日至",
        "12月31日",
        "临海市2020年政府信息公开工作年度报告",
        "本年新收政府信息公开申请数量",
        "信息内容",
        "本年收费金额（单位：万元）",
        "251000元",
        "<script>",
        "$_ts",
        "\x00",
        "\ufffd",
    ]
)


def _check(result_fn) -> None:  # type: ignore[no-untyped-def]
    try:
        report = result_fn()
    except LinhaiError:
        return
    assert isinstance(report, Report)
    # the output contract holds for whatever came out
    assert set(report.evidence) == set(report.stats)
    report.model_dump_json()
    verify(report.stats, report.edition)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(lambda: extract_text(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(VOCAB, max_size=80).map("".join))
def test_report_vocabulary_soup(text: str) -> None:
    _check(lambda: extract_text(text))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(lambda: extract_bytes(data))


@st.composite
def mutated(draw: st.DrawFn, sources: list[str]) -> str:
    text = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 400)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(VOCAB) + text[i:]
        else:
            text = text[:j]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(HTML_FIXTURES))
def test_mutated_fixture_html(html: str) -> None:
    _check(lambda: extract_text(html))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(TEXT_FIXTURES))
def test_mutated_text_dumps(text: str) -> None:
    _check(lambda: extract_bytes(text.encode("gb18030")))


def test_extract_rejects_unsupported_source_types() -> None:
    try:
        extract(12345)  # type: ignore[arg-type]
    except LinhaiError as exc:
        assert "cannot extract" in str(exc)
    else:  # pragma: no cover - the assertion above must be reached
        raise AssertionError("no error raised")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list("，（）：；\u3000\xa0 \n\t１２Ａａ①¹㎡…⒎℃\u0301\u0308A公开件")),
            st.text(max_size=3),
        ),
        max_size=30,
    ).map("".join)
)
def test_fold_equals_nfkc_with_whitespace_collapsed(text: str) -> None:
    """``fold`` replaces common full-width forms before NFKC as a shortcut; the result must be
    exactly NFKC's, including a combining mark that composes with a replaced character. Only a
    digit-like mark beside a digit (2871①, ⒎0) is kept as printed, never joined to the number:
    NFKC then gives the rest."""
    import unicodedata

    from linhai_scrape.read.numbers import _MARKS_BY_A_DIGIT, fold

    nfkc = " ".join(unicodedata.normalize("NFKC", text).split())
    if _MARKS_BY_A_DIGIT.search(text) is None:
        assert fold(text) == nfkc
    else:
        assert " ".join(unicodedata.normalize("NFKC", fold(text)).split()) == nfkc


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,  # one line without spaces or punctuation
        "临海市政府信息公开工作" * 20_000,
        "一、总体情况\n"
        + "本年度新收政府信息公开申请3件" * 20_000
        + "\n三、收到和处理政府信息公开申请情况\n",
        "<html><body><p>" + "（含上年结转" * 30_000 + "</p></body></html>",
    ],
)
def test_long_run_on_lines_take_linear_time(text: str) -> None:
    """Regexes with unbounded lazy runs went quadratic on such lines (minutes for 100 k characters).
    Not a speed target: a generous bound that only a quadratic search exceeds."""
    import subprocess
    import sys

    code = "import sys\nfrom linhai_scrape import LinhaiError, extract\ntry:\n    extract(sys.stdin.read())\nexcept LinhaiError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], input=text, text=True, timeout=60, check=True)
