"""Is a text layer real text? Detects the garbage that PDFs with broken font mappings produce.

A PDF's text is only as good as its fonts' maps from glyph codes to Unicode. When a ``/ToUnicode``
map is missing (or wrong) and the font uses an identity or custom encoding, a reader gets either
``(cid:123)`` markers, control and private-use characters, or worse, well-formed but meaningless
Chinese: glyph ids read as character codes. Statistics over the characters tell these apart from
real report text without knowing anything about reports:

- markers: ``(cid:N)``, U+FFFD, C0/C1 controls, private-use code points;
- rare characters: real Chinese prose is ~99% inside GB2312 (a Traditional-script copy too, once its
  characters are taken to their Simplified forms); codes read through the wrong map spread over the
  whole CJK range (Extension A, compatibility ideographs, Hangul, Yi…);
- common characters: ~60% of the characters of real prose are among the 500 most frequent; a
  random draw from GB2312 hits them ~7% of the time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...template import drop_pinyin

# The 500 most frequent characters of modern written Chinese (order irrelevant here).
COMMON_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单"
    "风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土"
    "许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省"
    "列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置"
    "派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严息申请依息政务办理"
)

_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class TextQuality:
    chars: int  # non-space characters looked at
    markers: int  # (cid:N), U+FFFD, controls, private use
    cjk: int
    rare: int  # CJK-looking characters outside GB2312 (and other scripts unusual in these reports)
    common: int  # CJK characters among the most frequent

    @property
    def broken(self) -> bool:
        """True when the text is not plausibly real text. Needs enough characters to judge."""
        if self.chars < 20:
            return False
        if self.markers / self.chars > 0.05:
            return True
        if self.cjk >= 30:
            if self.rare / self.cjk > _RARE_SHARE:
                return True
            if self.common / self.cjk < 0.25:
                return True
        return False

    def describe(self) -> str:
        return (
            f"{self.chars} chars: {self.markers} undecodable markers, {self.cjk} CJK of which "
            f"{self.rare} outside GB2312 and {self.common} among the most common"
        )


def text_quality(text: str) -> TextQuality:
    # an archive's copy prints pinyin after characters (認(rèn)真): annotations, not text to judge
    # (their tone-marked letters look like the Latin-1 letters of single-byte garbage)
    text = drop_pinyin(text)
    markers = len(_CID.findall(text))
    text = _CID.sub("", text)
    chars = markers
    cjk = common = 0
    rare_chars: list[str] = []
    for ch in text:
        if ch.isspace():
            continue
        chars += 1
        cp = ord(ch)
        if ch == "\ufffd" or 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or unicodedata.category(ch) == "Cc":
            markers += 1
        elif _is_cjk_like(cp):
            cjk += 1
            if ch in COMMON_HANZI:
                common += 1
            elif not _in_gb2312(ch):
                rare_chars.append(ch)
        elif 0x80 <= cp < 0x2000 and unicodedata.category(ch).startswith("L"):
            # Latin-1/Greek/Cyrillic/Arabic letters amid Chinese: typical of single-byte garbage.
            rare_chars.append(ch)
            cjk += 1
    rare = len(rare_chars)
    if cjk and rare / cjk > _RARE_SHARE:
        rare -= _traditional_forms(rare_chars)
    return TextQuality(chars, markers, cjk, rare, common)


_RARE_SHARE = 0.15  # the share of rare characters above which a text layer is garbage


def _traditional_forms(chars: list[str]) -> int:
    """How many of ``chars`` are Traditional forms of GB2312 characters (機, 關, 資): a real
    Traditional-script copy is outside GB2312 for a third of its characters, garbage is not like
    that once converted (OpenCC t2s, one call for them all)."""
    import opencc  # imported on first use: only a text layer that looks rare needs it

    distinct = sorted(set(chars))
    simplified = opencc.OpenCC("t2s").convert("\n".join(distinct)).split("\n")
    if len(simplified) != len(distinct):
        return 0
    counts = {ch: 0 for ch in distinct}
    for ch in chars:
        counts[ch] += 1
    return sum(
        counts[t]
        for t, s in zip(distinct, simplified, strict=True)
        if s != t and len(s) == 1 and _in_gb2312(s)
    )


def _is_cjk_like(cp: int) -> bool:
    return (
        0x3400 <= cp <= 0x9FFF  # Ext A + URO
        or 0xF900 <= cp <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= cp <= 0x3FFFF  # Ext B+
        or 0xAC00 <= cp <= 0xD7AF  # Hangul syllables
        or 0xA000 <= cp <= 0xA4CF  # Yi
        or 0x1100 <= cp <= 0x11FF
    )


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False
