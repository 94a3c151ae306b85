"""Tests for linhai_scrape.read.decode: bytes → text with the encoding and the reason recorded."""

from __future__ import annotations

import codecs

import pytest

from linhai_scrape.read.decode import (
    DecodedText,
    decode_bytes,
    normalise_charset,
    recorded_http_charset,
    sniff_meta_charset,
)

REPORT = (
    "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "全年主动公开政府信息1,234条，受理政府信息公开申请248件，行政复议3件。"
)
GBK_ONLY = "朱镕基 王堃"  # 镕 and 堃 are in GBK but not in GB2312


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>年报</title></head><body><p>{body}</p></body></html>"


def test_gbk_only_characters_really_are_outside_gb2312():
    for ch in "镕堃":
        ch.encode("gbk")
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gb2312")


def test_gbk_bytes_without_any_declaration_are_detected():
    result = decode_bytes(page(REPORT).encode("gbk"))
    assert result == DecodedText(page(REPORT), "gb18030", "detected", None, 0)


def test_gb2312_declaration_with_gbk_only_characters_decodes_as_gb18030():
    html = page(REPORT + GBK_ONLY, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    data = html.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # what a naive decoder would do
    result = decode_bytes(data)
    assert result.text == html
    assert (result.encoding, result.reason, result.declared, result.replaced) == (
        "gb18030",
        "meta-charset",
        "gb2312",
        0,
    )


def test_gb2312_http_charset_with_gbk_only_characters():
    html = page(REPORT + GBK_ONLY)
    result = decode_bytes(html.encode("gbk"), http_charset="GB2312")
    assert (result.text, result.encoding, result.reason, result.declared) == (
        html,
        "gb18030",
        "http-charset",
        "gb2312",
    )


def test_utf8_bom_is_stripped_and_authoritative():
    html = page(REPORT, '<meta charset="gbk">')
    result = decode_bytes(codecs.BOM_UTF8 + html.encode("utf-8"), http_charset="gbk")
    assert result.text == html  # BOM stripped, and it beats both declarations
    assert (result.encoding, result.reason, result.declared, result.replaced) == ("utf-8", "bom", "gbk", 0)


def test_utf16_bom():
    html = page(REPORT)
    result = decode_bytes(codecs.BOM_UTF16_LE + html.encode("utf-16-le"))
    assert (result.text, result.encoding, result.reason) == (html, "utf-16-le", "bom")


def test_declared_utf8_that_is_really_gbk_falls_back_to_detection():
    html = page(REPORT, '<meta charset="utf-8">')
    result = decode_bytes(html.encode("gbk"), http_charset="utf-8")
    assert result.text == html
    assert (result.encoding, result.reason, result.declared, result.replaced) == (
        "gb18030",
        "detected",
        "utf-8",
        0,
    )


def test_declared_gbk_that_is_really_utf8_is_not_trusted():
    html = page(REPORT, '<meta charset="gb2312">')  # site migrated to UTF-8, template did not
    result = decode_bytes(html.encode("utf-8"))
    assert (result.text, result.encoding, result.reason, result.declared) == (
        html,
        "utf-8",
        "detected",
        "gb2312",
    )


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "windows-1252", "us-ascii"])
def test_latin1_declaration_is_unreliable_for_chinese_bytes(label):
    html = page(REPORT)
    for encoding in ("gbk", "utf-8"):
        result = decode_bytes(html.encode(encoding), http_charset=label)
        assert result.text == html
        assert result.reason == "detected"
        assert result.declared == label


def test_latin1_declaration_is_kept_for_latin1_text():
    html = "<html><body><p>Müller, café, “résumé” — 1 €</p></body></html>"
    result = decode_bytes(html.encode("cp1252"), http_charset="ISO-8859-1")
    assert (result.text, result.encoding, result.reason) == (html, "cp1252", "http-charset")


def test_http_charset_beats_meta():
    html = page(REPORT, '<meta charset="big5">')
    result = decode_bytes(html.encode("gbk"), http_charset="text/html; charset=GBK")
    assert (result.text, result.encoding, result.reason, result.declared) == (
        html,
        "gb18030",
        "http-charset",
        "gbk",
    )


def test_unknown_http_charset_falls_through_to_meta():
    html = page(REPORT, "<meta charset='gbk'>")
    result = decode_bytes(html.encode("gbk"), http_charset="x-no-such-charset")
    assert (result.text, result.reason, result.declared) == (html, "meta-charset", "gbk")


def test_garbage_bytes_never_raise_and_are_counted():
    garbage = b"<p>\x81\x20\xff\xfe\x00\xc3(\x80\x80\xa1</p>" * 3
    for http in (None, "utf-8", "gbk", "big5", "utf-16", "nonsense"):
        result = decode_bytes(garbage, http_charset=http)
        assert isinstance(result.text, str)
        assert result.replaced > 0
        assert result.replaced == result.text.count("\ufffd")


def test_genuine_replacement_characters_are_not_counted():
    result = decode_bytes("坏字符\ufffd在原文里".encode())
    assert (result.encoding, result.replaced) == ("utf-8", 0)


def test_truncated_multibyte_tail_costs_one_replacement_not_the_encoding():
    data = page(REPORT).encode("gbk") + "报".encode("gbk")[:1]
    result = decode_bytes(data, http_charset="gbk")
    assert (result.encoding, result.reason, result.replaced) == ("gb18030", "http-charset", 1)
    assert result.text.endswith("</html>\ufffd")


def test_one_corrupt_byte_in_a_gbk_page_keeps_gb18030():
    data = page(REPORT * 5).encode("gbk")
    data = data[:200] + b"\xff" + data[200:]
    result = decode_bytes(data, http_charset="gb2312")
    assert result.encoding == "gb18030"
    assert result.replaced == 1
    assert "受理政府信息公开申请" in result.text


def test_empty_and_ascii():
    assert decode_bytes(b"") == DecodedText("", "utf-8", "detected", None, 0)
    assert decode_bytes(b"<p>hello</p>", "gbk").reason == "http-charset"


def test_xml_declaration_counts_as_in_document_declaration():
    html = '<?xml version="1.0" encoding="GB2312"?>' + page(REPORT)
    result = decode_bytes(html.encode("gbk"))
    assert (result.reason, result.declared) == ("meta-charset", "gb2312")


def test_meta_declaring_utf16_means_utf8():
    html = page(REPORT, '<meta charset="utf-16">')
    result = decode_bytes(html.encode("utf-8"))
    assert (result.text, result.encoding, result.reason) == (html, "utf-8", "meta-charset")


def test_big5_without_declaration_is_not_read_as_gbk():
    text = "臺灣政府資訊公開工作年度報告，依申請公開件數統計，行政複議與訴訟情況"
    result = decode_bytes(text.encode("big5"))
    assert (result.text, result.reason) == (text, "detected")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("x-gbk", "gb18030"),
        ("gb_2312-80", "gb18030"),
        ("GB18030", "gb18030"),
        (' "gbk" ', "gb18030"),
        ("UTF8", "utf-8"),
        ("utf-8", "utf-8"),
        ("Big5", "big5"),
        ("ISO-8859-1", "cp1252"),
        ("shift-jis", "shift_jis"),
        ("utf-7", None),
        ("base64", None),
        ("rot13", None),
        ("unicode_escape", None),
        ("no-such-thing", None),
        ("", None),
    ],
)
def test_normalise_charset(label, expected):
    assert normalise_charset(label) == expected


def test_sniff_meta_charset_variants():
    assert sniff_meta_charset(b'<META HTTP-EQUIV="content-type" CONTENT="text/html; charset=GBK">') == "gbk"
    assert sniff_meta_charset(b"<meta charset=utf-8>") == "utf-8"
    assert sniff_meta_charset(b"<meta name=description content=x>") is None
    assert sniff_meta_charset(b" " * 5000 + b"<meta charset=gbk>") is None  # only the first 4 KB


try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:

    @given(st.binary(max_size=600), st.sampled_from([None, "utf-8", "gbk", "latin1", "utf-16", "junk"]))
    def test_never_raises_and_counts_replacements(data, http):
        result = decode_bytes(data, http_charset=http)
        assert isinstance(result.text, str)
        assert result.replaced >= 0
        assert result.reason in {"bom", "nul-pattern", "http-charset", "meta-charset", "detected", "fallback"}

    @given(st.text(alphabet=st.characters(codec="gbk"), max_size=200))
    def test_any_gbk_text_with_a_gbk_label_round_trips(text):
        assert decode_bytes(text.encode("gbk"), http_charset="gbk").text == text


_GBK_PAGE = "<html><head>{meta}</head><body>临海市2020年政府信息公开工作年度报告 受理申请248件</body></html>"


@pytest.mark.parametrize("meta", ["", '<meta charset="gbk">', '<meta charset="utf-8">'])
@pytest.mark.parametrize("http_charset", [None, "gbk", "utf-8", "iso-8859-1"])
@pytest.mark.parametrize("codec", ["gbk", "utf-8"])
def test_a_recorded_decode_replays_exactly(meta: str, http_charset: str | None, codec: str) -> None:
    # reextract has only what the first decode recorded (reason, declared label) and the bytes
    data = _GBK_PAGE.format(meta=meta).encode(codec)
    first = decode_bytes(data, http_charset)
    again = decode_bytes(data, recorded_http_charset(data, first.reason, first.declared))
    assert again == first


# ---------------------------------------------------------------- UTF-16 without a byte-order mark


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised_by_its_nul_bytes(codec: str) -> None:
    """A page saved as UTF-16 without a BOM: every ASCII character is a NUL byte beside its byte, on
    the odd bytes (little-endian) or the even ones (big-endian). No ASCII-compatible encoding puts
    NULs in text, so that pattern names the codec as surely as a BOM would."""
    html = page(REPORT)
    result = decode_bytes(html.encode(codec))
    assert (result.text, result.encoding, result.reason, result.replaced) == (html, codec, "nul-pattern", 0)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_dump_of_mostly_chinese_without_a_bom(codec: str) -> None:
    dump = "一、总体情况\n" + REPORT + "\n规章 | 0 | 0 | 0 |\n"
    result = decode_bytes(dump.encode(codec))
    assert (result.text, result.encoding, result.reason) == (dump, codec, "nul-pattern")


def test_utf16_cut_at_an_odd_byte_costs_one_replacement() -> None:
    html = page(REPORT)
    result = decode_bytes(html.encode("utf-16-le")[:-1])
    assert result.encoding == "utf-16-le" and result.text == html[:-1] + "\ufffd" and result.replaced == 1


def test_nul_bytes_on_both_parities_are_not_utf16() -> None:
    data = bytes(range(256)) * 8  # binary: NULs wherever they fall
    assert decode_bytes(data).reason != "nul-pattern"
    one_nul = page(REPORT).encode("utf-8").replace(b"<title>", b"<title>\x00")  # one stray NUL in UTF-8
    assert decode_bytes(one_nul).encoding == "utf-8"
