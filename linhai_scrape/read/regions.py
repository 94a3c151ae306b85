"""Where a body is: the region path (province → city → county → township) its name or its source gives.

A region is a path of administrative divisions, highest first: ``("浙江省", "台州市", "临海市")``. A
source may state its path (``region = [...]`` in ``sources.toml``); otherwise the path is read from
the agency's name, which opens with the places it belongs to: 临海市财政局 is a department of
临海市 (region ``("临海市",)``), 安康市汉滨区人民政府 is the government of 汉滨区 in 安康市.

What the name gives is read with two pieces of knowledge, both public and stable:

- the 34 provincial-level divisions (``PROVINCES``), by the names and codes of the national standard
  GB/T 2260 (中华人民共和国行政区划代码), as the Ministry of Civil Affairs (民政部) publishes them;
- the endings of the names of divisions below them (``PLACE_SUFFIXES``): 市 and 自治州, 地区, 盟 for
  prefectures; 县, 自治县, 区, 旗, 自治旗, 林区 and county-level 市 for counties; 镇, 乡, 苏木 and 街道 for
  townships (民政部's 行政区划 naming rules; 民族乡 ends in 乡).

A name's places are read one after another from its start, each the shortest run ending in a
division's ending; a run that names no division (城市管理局's 城市, 住房和城乡建设局's 城乡, an
开发区 or a 景区) ends the places. There is no table of the 2,800 county names: a county is known
by its ending, never by a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "PLACE_SUFFIXES",
    "PROVINCES",
    "AgencyPlaces",
    "RegionBasis",
    "agency_places",
    "province_name",
    "region_for",
]

RegionBasis = Literal["source", "agency_name", "none"]

#: GB/T 2260 code → the provincial-level division's name (省, 自治区, 直辖市 and 特别行政区).
PROVINCES: dict[str, str] = {
    "110000": "北京市",
    "120000": "天津市",
    "130000": "河北省",
    "140000": "山西省",
    "150000": "内蒙古自治区",
    "210000": "辽宁省",
    "220000": "吉林省",
    "230000": "黑龙江省",
    "310000": "上海市",
    "320000": "江苏省",
    "330000": "浙江省",
    "340000": "安徽省",
    "350000": "福建省",
    "360000": "江西省",
    "370000": "山东省",
    "410000": "河南省",
    "420000": "湖北省",
    "430000": "湖南省",
    "440000": "广东省",
    "450000": "广西壮族自治区",
    "460000": "海南省",
    "500000": "重庆市",
    "510000": "四川省",
    "520000": "贵州省",
    "530000": "云南省",
    "540000": "西藏自治区",
    "610000": "陕西省",
    "620000": "甘肃省",
    "630000": "青海省",
    "640000": "宁夏回族自治区",
    "650000": "新疆维吾尔自治区",
    "710000": "台湾省",
    "810000": "香港特别行政区",
    "820000": "澳门特别行政区",
}
_PROVINCE_NAMES = frozenset(PROVINCES.values())
# The short names people write (浙江, 广西, 内蒙古): for messages that suggest the full name.
_SHORT_PROVINCE = {
    re.sub(r"(壮族|回族|维吾尔)?(省|市|自治区|特别行政区)$", "", name): name for name in PROVINCES.values()
}

#: How the name of a division below a province ends, longest first (自治县 before 县).
PLACE_SUFFIXES: tuple[str, ...] = (
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "街道",
    "苏木",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "镇",
    "乡",
)
_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
# Endings no one-character name takes (counties and districts do: 沛县, 郊区).
_NO_ONE_CHARACTER_NAME = frozenset({"市", "镇", "乡", "旗", "盟"})
# The longest name before an ending: 双江拉祜族佤族布朗族傣族自治县 has 12 characters before 自治县;
# other divisions have at most 6 (克孜勒苏柯尔克孜 … is an 自治州).
_AUTONOMOUS = re.compile(r"[^省市县区旗盟镇乡]{1,14}(?:自治州|自治县|自治旗)")
_PLACE = re.compile(r".{1,6}(?:地区|林区|街道|苏木|市|县|区|旗|盟|镇|乡)")
# A run that ends like a division but names none: words of departments' names and areas that are
# no division (an 开发区 has a 管委会, not a government).
_NOT_A_PLACE_WORDS = frozenset(
    {"城市", "都市", "超市", "门市", "城乡", "城镇", "乡镇", "市县", "县区", "县市"}
)
_NOT_A_PLACE_ENDINGS = (
    "开发区",
    "高新区",
    "新技术产业区",
    "园区",
    "景区",
    "保税区",
    "度假区",
    "试验区",
    "实验区",
    "示范区",
    "自贸区",
    "功能区",
    "集聚区",
    "合作区",
    "工业区",
    "产业区",
    "管理区",
    "片区",
    "社区",
    "小区",
    "辖区",
)
_NOT_A_PLACE_CHARS = re.compile(r"[和与及、的局委办厅署院会所站处科部司队社]")
_DROP = re.compile(r"[\s\u3000\xa0()（）【】\[\]《》<>·,，、.。:：;；\"'“”‘’-]+")
# What follows a government's places in its name: nothing, or these (临海市人民政府, 古城街道办事处).
_GOVERNMENT_RESTS = frozenset({"", "人民政府", "政府", "办事处", "街道办事处", "人民政府办事处"})


@dataclass(frozen=True, slots=True)
class AgencyPlaces:
    """What an agency's name says of where it is: the places it opens with, and what follows them."""

    places: tuple[str, ...]  # ("安康市", "汉滨区"); () when the name opens with no place
    rest: str  # "人民政府", "财政局", "" — what the name says after its places

    @property
    def is_government(self) -> bool:
        """The name is a place's government (临海市, 临海市人民政府, 古城街道办事处), not one of its departments."""
        return bool(self.places) and self.rest in _GOVERNMENT_RESTS

    @property
    def is_township(self) -> bool:
        """The last place is a township (镇, 乡, 街道, 苏木), below the county."""
        return bool(self.places) and self.places[-1].endswith(_TOWNSHIP_SUFFIXES)


def _fold(name: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", name))


def _place_at(text: str, start: int) -> str | None:
    """The division whose name opens ``text[start:]``, or None.

    The shortest run ending in a division's ending is taken, except that a city, township or
    banner is never named by one character (新乡市 is no 乡 called 新, 红旗区 no 旗 called 红); a run
    holding a department's word (和, 局, 委 …) or naming an area that is no division stops the places.
    """
    for pattern in (_AUTONOMOUS, _PLACE):
        for end in range(start + 2, min(len(text), start + 17) + 1):
            m = pattern.fullmatch(text, start, end)
            if m is None:
                continue
            place = m.group(0)
            suffix = next(s for s in PLACE_SUFFIXES if place.endswith(s))
            name = place[: -len(suffix)]
            if (
                place in _NOT_A_PLACE_WORDS
                or place.endswith(_NOT_A_PLACE_ENDINGS)
                or _NOT_A_PLACE_CHARS.search(name)
            ):
                return None
            if len(name) == 1 and suffix in _NO_ONE_CHARACTER_NAME:
                continue
            return place
    return None


def agency_places(agency: str | None) -> AgencyPlaces:
    """The places an agency's name opens with (``临海市财政局`` → ``("临海市",)``, rest ``财政局``)."""
    if not agency:
        return AgencyPlaces((), "")
    text = _fold(agency)
    places: list[str] = []
    at = 0
    for province in _PROVINCE_NAMES:
        if text.startswith(province):
            places.append(province)
            at = len(province)
            break
    while at < len(text) and len(places) < 6:
        place = _place_at(text, at)
        if place is None:
            break
        places.append(place)
        at += len(place)
    return AgencyPlaces(tuple(places), text[at:])


def province_name(name: str) -> str | None:
    """The full name of a provincial-level division written in full or short (浙江 → 浙江省), or None."""
    if name in _PROVINCE_NAMES:
        return name
    return _SHORT_PROVINCE.get(name)


def region_for(
    agency: str | None,
    source_region: Sequence[str] | None = None,
    source_agency: str | None = None,
) -> tuple[tuple[str, ...], RegionBasis]:
    """A report's region path and what it rests on.

    - The source states a region and the agency's places fit it (临海市财政局 in a source of
      ``浙江省/台州市/临海市``), or the agency's name gives no place: the source's region, ``source``.
    - The source states a region and the agency's places leave it (a report of 台州市黄岩区 in
      临海市's column, or of a 街道 below it): the places, under the part of the source's path they
      share (``浙江省/台州市/黄岩区``), ``agency_name``.
    - The source states none: the places the agency's name (else the source's agency) opens with,
      ``agency_name``; no place at all: ``()``, ``none``.
    """
    places = agency_places(agency).places or agency_places(source_agency).places
    region = tuple(source_region or ())
    if region:
        if not places:
            return region, "source"
        if places[0] in region:
            path = region[: region.index(places[0])] + places
            return path, "source" if path == region else "agency_name"
        return places, "agency_name"
    if places:
        return places, "agency_name"
    return (), "none"
