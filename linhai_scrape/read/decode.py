"""bytes → text, recording which encoding was used and why.

Order of evidence (first that decodes cleanly wins):

1. a byte-order mark — authoritative, as in WHATWG's "decode" algorithm; without one, UTF-16's own
   mark: NUL bytes on every other byte (``nul-pattern``, see :func:`sniff_utf16`);
2. the charset from the HTTP ``Content-Type`` header;
3. a ``<meta charset>`` / ``<meta http-equiv="Content-Type" content="…charset=…">`` (or an XML
   declaration) sniffed from the first 4 KB with a bytes regex;
4. detection: strict UTF-8, then GB18030 when the result looks like Chinese text, then
   charset-normalizer restricted to the encodings these portals plausibly use;
5. fallback: the least damaging of UTF-8, GB18030 and the declared encodings, with U+FFFD for
   undecodable bytes (UTF-8 on ties).

A declaration is skipped (and the next source tried) when it fails to decode strictly, or when it is
contradicted by the bytes: a Latin-1/windows-1252 label on bytes that are valid UTF-8 or Chinese
GB18030, or any non-UTF-8 label on bytes that are valid UTF-8 with non-ASCII content. GB2312, GBK,
cp936 and friends are decoded as GB18030, their superset (portals labelled GB2312 routinely contain
GBK-only characters such as 镕 or 堃). A truncated multibyte sequence at the very end of the data
(a capped or cut download) does not disqualify an encoding; it becomes one U+FFFD.

Pure functions, no I/O; never raises on bad bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DecodedText",
    "Reason",
    "decode_bytes",
    "normalise_charset",
    "recorded_http_charset",
    "sniff_meta_charset",
    "sniff_utf16",
]

Reason = Literal["bom", "nul-pattern", "http-charset", "meta-charset", "detected", "fallback"]


@dataclass(frozen=True)
class DecodedText:
    text: str  # decoded text (BOM stripped)
    encoding: str  # codec actually used, python codec name: "utf-8", "gb18030", "big5", ...
    reason: str  # "bom" | "nul-pattern" | "http-charset" | "meta-charset" | "detected" | "fallback"
    declared: str | None  # what the HTTP header or <meta> declared, as written (lowercased)
    replaced: int  # number of U+FFFD characters introduced by decoding (0 when clean)


# --------------------------------------------------------------------------- charset labels

# Labels (lowercased, with every non-alphanumeric removed) that mean "some flavour of GB".
_GB_LABELS = frozenset(
    {
        "gb2312",
        "gb231280",
        "gb23121980",
        "gbk",
        "xgbk",
        "cp936",
        "ms936",
        "windows936",
        "936",
        "csgb2312",
        "csgbk",
        "csiso58gb231280",
        "isoir58",
        "chinese",
        "euccn",
        "xeuccn",
        "eucgb2312cn",
        "gb18030",
        "gb180302000",
        "gb180302005",
        "gb180302022",
        "xmaccnsimp",
    }
)
# WHATWG decodes these as windows-1252; so do we (cp1252 keeps “smart quotes” instead of C1 controls).
_LATIN1_LABELS = frozenset(
    {"iso88591", "latin1", "l1", "iso885911987", "isoir100", "csisolatin1", "ibm819", "cp819", "ascii"}
)
_LATIN1_LABELS |= {"usascii", "ansix341968", "us", "iso646us", "csascii", "windows1252", "cp1252", "xcp1252"}
# Python codecs that are not usable (or not safe) to decode a web page with.
_REFUSED = frozenset(
    {
        "utf-7",
        "idna",
        "punycode",
        "unicode-escape",
        "raw-unicode-escape",
        "undefined",
        "mbcs",
        "oem",
        "charmap",
    }
)
# Single-byte codecs that decode (nearly) any byte string, so a strict success proves nothing.
_UNRELIABLE = frozenset({"cp1252", "iso8859-1", "iso8859-15"})
_UTF16 = frozenset({"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})


def normalise_charset(name: str) -> str | None:
    """Map a charset label to the Python codec we decode it with, or None if unknown/unusable.

    ``"GB2312"``, ``"gbk"``, ``"cp936"``, ``"x-gbk"``, ``"gb_2312-80"`` → ``"gb18030"``;
    ``"ISO-8859-1"``, ``"latin1"``, ``"us-ascii"`` → ``"cp1252"`` (as browsers do);
    ``"UTF8"`` → ``"utf-8"``; ``"utf-7"``, ``"base64"``, ``"nonsense"`` → None.
    """
    label = name.strip().strip("\"'").strip().lower()
    if not label:
        return None
    squashed = re.sub(r"[^a-z0-9]", "", label)
    if squashed in _GB_LABELS:
        return "gb18030"
    if squashed in _LATIN1_LABELS:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
        return None
    # A BOM-less "utf-16"/"utf-32" label means little-endian (WHATWG); Python would insist on a BOM.
    return {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(info.name, info.name)


# --------------------------------------------------------------------------- sniffing

_META_RE = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9][a-z0-9._:\-]*)""",
    re.IGNORECASE,
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9._:\-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset label declared inside the document's first 4 KB (lowercased), if any."""
    head = data[:_SNIFF_BYTES]
    m = _META_RE.search(head) or _XML_DECL_RE.search(head)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def recorded_http_charset(data: bytes, reason: str | None, declared: str | None) -> str | None:
    """The HTTP charset an earlier :func:`decode_bytes` of ``data`` was given, from what it recorded
    (its ``reason`` and ``declared`` label): decoding the same bytes again with it gives the same
    text, codec and reason. ``declared`` is the HTTP label when there was one, else the meta label."""
    if not declared:
        return None
    if reason == "http-charset" or declared != sniff_meta_charset(data):
        return declared
    return None  # the meta's own label (an HTTP label equal to it decodes the same)


def _http_label(http_charset: str | None) -> str | None:
    """Accept a bare charset (``gbk``) or, tolerantly, a whole Content-Type value."""
    if not http_charset:
        return None
    value = http_charset.strip()
    m = re.search(r"charset\s*=\s*([^;\s]+)", value, re.IGNORECASE)
    if m:
        value = m.group(1)
    elif "/" in value or ";" in value:  # a Content-Type without a charset parameter
        return None
    value = value.strip().strip("\"'").strip().lower()
    return value or None


# --------------------------------------------------------------------------- decoding helpers

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# UTF-16 without a BOM. Every ASCII character (markup, digits, spaces, line ends, pipes) is a NUL
# byte beside its own: on the odd bytes in little-endian, on the even ones in big-endian. No
# ASCII-compatible encoding puts a NUL in text, and binary data has NULs on both sides alike.
_UTF16_SAMPLE = 4096
_UTF16_MIN_NULS = 0.05  # of the sample's byte pairs: a page or a dump prints far more ASCII than that
_UTF16_MIN_NUL_COUNT = 8  # a stray NUL or two in a few bytes is no pattern
# NULs tolerated on the other side: 开 (U+5F00, in every 公开) and 一 (U+4E00) have a NUL byte too
_UTF16_OTHER_SIDE = 0.25
_UTF16_CONTROLS = 0.02  # control characters tolerated in the decoded text (binary is full of them)


def sniff_utf16(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the bytes are UTF-16 without a byte-order mark (their
    NULs fall on every other byte, and the whole decodes cleanly), else None."""
    sample = data[: _UTF16_SAMPLE - (_UTF16_SAMPLE % 2)]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    many, few, codec = (odd, even, "utf-16-le") if odd >= even else (even, odd, "utf-16-be")
    if many < max(_UTF16_MIN_NUL_COUNT, _UTF16_MIN_NULS * pairs) or few > _UTF16_OTHER_SIDE * many:
        return None
    decoded = _strict(data, codec)
    if decoded is None or decoded[1] and len(data) % 2 == 0:  # invalid surrogates: not UTF-16 after all
        return None
    head = decoded[0][: _UTF16_SAMPLE // 2]
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\n\r\f")
    return codec if controls <= _UTF16_CONTROLS * len(head) else None  # NULs and controls: binary


def _strict(data: bytes, encoding: str) -> tuple[str, int] | None:
    """Decode strictly; tolerate only an incomplete sequence at the very end (→ one U+FFFD).

    Returns (text, replaced) or None when the bytes are not valid in ``encoding``.
    """
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        text = decoder.decode(data, final=False)
    except (UnicodeError, LookupError):
        return None
    try:
        text += decoder.decode(b"", final=True)
    except UnicodeError:
        return text + "\ufffd", 1
    return text, 0


def _lenient(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes; count only the U+FFFD the decoder introduced."""
    genuine = data.decode(encoding, errors="ignore").count("\ufffd")
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd") - genuine


def _utf8_non_ascii(data: bytes) -> str | None:
    """The non-ASCII characters of ``data`` read as strict UTF-8, or None if not valid UTF-8."""
    if data.isascii():
        return None
    decoded = _strict(data, "utf-8")
    if decoded is None or decoded[1]:
        return None
    return _non_ascii(decoded[0], "")


# A page's non-ASCII characters are gathered a piece at a time: joined from the whole of a large page,
# one string object each sits in the join's list, many times the page's size.
_SCAN_PIECE = 1 << 16


def _non_ascii(text: str, but: str) -> str:
    """The characters of ``text`` beyond ASCII, other than ``but``'s."""
    return "".join(
        "".join(ch for ch in text[i : i + _SCAN_PIECE] if ch > "\x7f" and ch not in but)
        for i in range(0, len(text), _SCAN_PIECE)
    )


def _looks_chinese(text: str) -> bool:
    """Most non-ASCII characters are in GB2312 (hanzi, CJK punctuation, full-width forms).

    Real GBK pages are >95 % GB2312 characters even with the odd 镕/堃; Big5 or Latin-1 bytes that
    happen to decode as GB18030 land mostly outside it (ASCII trail bytes → GBK extension area).
    """
    non_ascii = _non_ascii(text, "\ufffd")
    if not non_ascii:
        return False
    in_gb2312 = len(non_ascii.encode("gb2312", errors="ignore")) // 2
    return in_gb2312 >= 0.8 * len(non_ascii)


def _contradicted(data: bytes, encoding: str) -> bool:
    """Do the bytes clearly belong to another encoding than the declared one?

    - Latin-1/windows-1252 decode anything, so any valid non-ASCII UTF-8, or GB18030 that reads as
      Chinese, overrides them.
    - Other declared encodings are overridden by UTF-8 only on strong evidence: at least four
      non-ASCII characters, nearly all three-byte ones (CJK). Short GBK strings are valid UTF-8
      surprisingly often (蝿 is CE 84 = "΄"), but they read as Greek/Latin, not as CJK.
    """
    if encoding == "utf-8" or data.isascii():
        return False
    utf8 = _utf8_non_ascii(data)
    if encoding in _UNRELIABLE:
        if utf8:
            return True
        gb = _strict(data, "gb18030")
        return gb is not None and _looks_chinese(gb[0])
    if not utf8 or len(utf8) < 4:
        return False
    wide = sum(1 for ch in utf8 if ch >= "\u0800")
    return wide >= 0.9 * len(utf8)


# Encodings charset-normalizer may propose; anything else on these portals is a misdetection.
_DETECTABLE = ["utf_8", "gb18030", "big5", "cp950", "big5hkscs", "utf_16", "utf_32", "shift_jis", "euc_jp"]
_DETECTABLE += ["euc_kr", "cp1252"]


def _detect(data: bytes) -> tuple[str, str, int] | None:
    """(encoding, text, replaced) by inspection of the bytes, or None."""
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return "utf-8", *utf8
    gb = _strict(data, "gb18030")
    if gb is not None and _looks_chinese(gb[0]):
        return "gb18030", *gb
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data, cp_isolation=_DETECTABLE).best()
    except Exception:  # detection is best-effort; a detector bug must not break decoding
        best = None
    if best is None:
        return None
    encoding = normalise_charset(best.encoding)
    if encoding is None or (encoding in _UNRELIABLE and _contradicted(data, encoding)):
        return None
    decoded = _strict(data, encoding)
    if decoded is None:
        return None
    return encoding, *decoded


# --------------------------------------------------------------------------- public entry point


def decode_bytes(data: bytes, http_charset: str | None = None) -> DecodedText:
    """Decode a fetched body; see the module docstring for the order of evidence."""
    data = bytes(data)
    http_label = _http_label(http_charset)
    meta_label = sniff_meta_charset(data)
    declared = http_label or meta_label

    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            text, replaced = _lenient(data[len(bom) :], bom_encoding)
            return DecodedText(text, bom_encoding, "bom", declared, replaced)

    utf16 = sniff_utf16(data)
    if utf16 is not None:
        text, replaced = _lenient(data, utf16)
        return DecodedText(text, utf16, "nul-pattern", declared, replaced)

    candidates: list[tuple[Reason, str]] = []
    if http_label:
        candidates.append(("http-charset", http_label))
    if meta_label:
        candidates.append(("meta-charset", meta_label))

    tried: list[str] = []
    for reason, label in candidates:
        encoding = normalise_charset(label)
        if encoding is None:
            continue
        if encoding in _UTF16 and reason == "meta-charset":
            encoding = "utf-8"  # WHATWG: a meta that could be read as ASCII cannot really be UTF-16
        tried.append(encoding)
        decoded = _strict(data, encoding)
        if decoded is None or _contradicted(data, encoding):
            continue
        return DecodedText(decoded[0], encoding, reason, label, decoded[1])

    detected = _detect(data)
    if detected is not None:
        encoding, text, replaced = detected
        return DecodedText(text, encoding, "detected", declared, replaced)

    # Nothing decodes cleanly: take the least damaging decode (fewest U+FFFD), UTF-8 on ties.
    best: tuple[int, str, str] | None = None
    for encoding in dict.fromkeys(["utf-8", "gb18030", *tried]):
        if encoding in _UNRELIABLE:
            continue  # never "wins" by hiding damage as mojibake
        text, replaced = _lenient(data, encoding)
        if best is None or replaced < best[0]:
            best = (replaced, encoding, text)
    assert best is not None
    replaced, encoding, text = best
    return DecodedText(text, encoding, "fallback", declared, replaced)
