"""Region paths: read from an agency's name (provinces by GB/T 2260, lower divisions by their endings),
or the source's, and what each rests on."""

from __future__ import annotations

import pytest

from linhai_scrape.read.regions import PROVINCES, agency_places, province_name, region_for


@pytest.mark.parametrize(
    ("agency", "places", "rest"),
    [
        ("临海市人民政府", ("临海市",), "人民政府"),
        ("临海市财政局", ("临海市",), "财政局"),
        ("安康市汉滨区人民政府", ("安康市", "汉滨区"), "人民政府"),
        ("浙江省台州市临海市", ("浙江省", "台州市", "临海市"), ""),
        ("临海市古城街道办事处", ("临海市", "古城街道"), "办事处"),
        ("临海市杜桥镇人民政府", ("临海市", "杜桥镇"), "人民政府"),
        # a department's words end like a division without naming one
        ("临海市城市管理局", ("临海市",), "城市管理局"),
        ("临海市市场监督管理局", ("临海市",), "市场监督管理局"),
        ("宁波市鄞州区住房和城乡建设局", ("宁波市", "鄞州区"), "住房和城乡建设局"),
        ("天台县市场监督管理局", ("天台县",), "市场监督管理局"),
        ("临海市经济开发区管委会", ("临海市",), "经济开发区管委会"),
        ("临海市景区管理委员会", ("临海市",), "景区管理委员会"),
        ("台州市生态环境局临海分局", ("台州市",), "生态环境局临海分局"),
        # no city, township or banner has a one-character name; counties and districts may
        ("新乡市红旗区", ("新乡市", "红旗区"), ""),
        ("萍乡市", ("萍乡市",), ""),
        ("徐州市沛县", ("徐州市", "沛县"), ""),
        ("大同市城区", ("大同市", "城区"), ""),
        ("济南市市中区财政局", ("济南市", "市中区"), "财政局"),
        # autonomous divisions, long names, the endings of other levels
        ("内蒙古自治区鄂温克族自治旗", ("内蒙古自治区", "鄂温克族自治旗"), ""),
        (
            "云南省临沧市双江拉祜族佤族布朗族傣族自治县",
            ("云南省", "临沧市", "双江拉祜族佤族布朗族傣族自治县"),
            "",
        ),
        ("丽江市玉龙纳西族自治县", ("丽江市", "玉龙纳西族自治县"), ""),
        ("恩施土家族苗族自治州恩施市", ("恩施土家族苗族自治州", "恩施市"), ""),
        ("西藏自治区阿里地区", ("西藏自治区", "阿里地区"), ""),
        ("湖北省神农架林区", ("湖北省", "神农架林区"), ""),
        ("上海市浦东新区", ("上海市", "浦东新区"), ""),
        ("北京市 朝阳区（人民政府）", ("北京市", "朝阳区"), "人民政府"),
        ("国务院办公厅", (), "国务院办公厅"),
        (None, (), ""),
    ],
)
def test_the_places_an_agency_name_opens_with(agency, places, rest):
    got = agency_places(agency)
    assert (got.places, got.rest) == (places, rest)


def test_governments_and_departments():
    assert agency_places("临海市人民政府").is_government
    assert agency_places("临海市").is_government
    assert agency_places("临海市古城街道办事处").is_government
    assert agency_places("临海市古城街道办事处").is_township
    assert not agency_places("临海市财政局").is_government
    assert not agency_places("临海市人民政府办公室").is_government  # a department of the government
    assert not agency_places("国务院办公厅").is_government


def test_provinces_are_the_34_of_gb_t_2260():
    assert len(PROVINCES) == 34 and PROVINCES["330000"] == "浙江省" and PROVINCES["610000"] == "陕西省"
    assert province_name("浙江") == "浙江省" and province_name("广西") == "广西壮族自治区"
    assert province_name("浙江省") == "浙江省" and province_name("台州市") is None


SOURCE = ("浙江省", "台州市", "临海市")


@pytest.mark.parametrize(
    ("agency", "source_region", "source_agency", "region", "basis"),
    [
        # the source's region, for its own body and its departments
        ("临海市人民政府", SOURCE, "临海市人民政府", SOURCE, "source"),
        ("临海市财政局", SOURCE, "临海市人民政府", SOURCE, "source"),
        ("财政局", SOURCE, "临海市人民政府", SOURCE, "source"),  # the name gives no place
        (None, SOURCE, None, SOURCE, "source"),
        # a body the column republishes: its own places, under the part of the path they share
        ("台州市黄岩区", SOURCE, "临海市人民政府", ("浙江省", "台州市", "黄岩区"), "agency_name"),
        ("台州市人民政府", SOURCE, None, ("浙江省", "台州市"), "agency_name"),
        ("临海市古城街道办事处", SOURCE, None, (*SOURCE, "古城街道"), "agency_name"),
        ("汉滨区财政局", SOURCE, None, ("汉滨区",), "agency_name"),  # shares nothing: no guess
        # no region given: the agency's name, else the source's agency
        ("安康市汉滨区人民政府", None, None, ("安康市", "汉滨区"), "agency_name"),
        ("财政局", None, "临海市人民政府", ("临海市",), "agency_name"),
        ("国务院办公厅", None, None, (), "none"),
        (None, None, None, (), "none"),
    ],
)
def test_region_for(agency, source_region, source_agency, region, basis):
    assert region_for(agency, source_region, source_agency) == (region, basis)
