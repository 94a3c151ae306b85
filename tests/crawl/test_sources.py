"""Tests for linhai_scrape.crawl.sources: TOML → validated config, every mistake with its line."""

from __future__ import annotations

import pytest

from linhai_scrape.crawl.sources import (
    ConfigError,
    SourcesConfig,
    example_sources_path,
    example_sources_text,
    load_sources,
    parse_sources,
)

GOOD = """\
[defaults]
delay = 0.5

[[source]]
name = "linhai"
agency = "临海市人民政府"
start_urls = ["http://www.linhai.gov.cn/col/col1229317620/index.html"]
cms = "hanweb"
delay = 3

[[source]]
name = "hanbin"
agency = "安康市汉滨区人民政府"
start_urls = [
    "http://127.0.0.1:8001/zwgk/xxgknb/index.html",
    "http://127.0.0.1:8001/zwgk/xxgknb2/index.html",
]
allow_hosts = ["Files.Example.gov.cn"]
list_selector = "ul.list li"
link_pattern = "年度报告"
enabled = false
"""


def test_good_file():
    cfg = parse_sources(GOOD)
    assert isinstance(cfg, SourcesConfig)
    assert [s.name for s in cfg.source] == ["linhai", "hanbin"]
    assert [s.name for s in cfg.sources] == ["linhai"]  # hanbin is disabled
    linhai, hanbin = cfg.source
    assert cfg.delay(linhai) == 3 and cfg.delay(hanbin) == 0.5
    assert cfg.max_pages(linhai) == 100 and cfg.timeout(linhai) == 30
    assert hanbin.hosts == {"127.0.0.1:8001", "files.example.gov.cn"}
    assert cfg.select(["hanbin"]).source == [hanbin]


def test_every_mistake_is_reported_with_its_line():
    text = """\
[defaults]
delay = -1

[[source]]
name = "linhai"
agency = "临海市"
start_urls = ["ftp://www.linhai.gov.cn/"]

[[source]]
name = "linhai"
start_urls = [
    "http://ok.example/",
    "not a url",
]
link_pattern = "年报("
list_selector = "ul >> li["
colour = "blue"
cms = "wordpress"
"""
    with pytest.raises(ConfigError) as info:
        parse_sources(text, filename="s.toml")
    err = info.value
    assert err.exit_code == 2
    got = {(i.line, i.where) for i in err.issues}
    assert (2, "defaults.delay") in got
    assert (7, "source[1].start_urls[0]") in got
    assert (9, "source[2].agency") in got  # missing: the [[source]] header line
    assert (13, "source[2].start_urls[1]") in got
    assert (15, "source[2].link_pattern") in got
    assert (16, "source[2].list_selector") in got
    assert (17, "source[2].colour") in got
    assert (18, "source[2].cms") in got
    text_out = str(err)
    assert text_out.splitlines()[0] == f"s.toml: {len(err.issues)} errors in the sources configuration"
    assert "s.toml:17: source[2].colour: unknown key (a typo?)" in text_out
    assert "s.toml:9: source[2].agency: required key is missing" in text_out
    assert "not an http(s) URL: 'ftp://www.linhai.gov.cn/'" in text_out
    assert "not a valid regular expression" in text_out and "not a valid CSS selector" in text_out


def test_duplicate_names_point_at_the_second():
    text = GOOD.replace('name = "hanbin"', 'name = "linhai"')
    with pytest.raises(ConfigError) as info:
        parse_sources(text, filename="s.toml")
    (issue,) = info.value.issues
    assert issue.line == 12 and "duplicate source name 'linhai'" in issue.message


def test_items_of_multiline_arrays_point_at_their_own_line():
    text = GOOD.replace('"http://127.0.0.1:8001/zwgk/xxgknb2/index.html"', '"mailto:someone"')
    with pytest.raises(ConfigError) as info:
        parse_sources(text)
    (issue,) = info.value.issues
    assert issue.line == 16 and issue.where == "source[2].start_urls[1]"


def test_toml_syntax_error_line():
    with pytest.raises(ConfigError) as info:
        parse_sources('[[source]]\nname = "x"\nagency = \n', filename="bad.toml")
    (issue,) = info.value.issues
    assert issue.line == 3 and "not valid TOML" in issue.message


def test_structure_mistakes():
    with pytest.raises(ConfigError, match=r"source: Field required|source: required key is missing"):
        parse_sources("[defaults]\ndelay = 1\n")
    with pytest.raises(ConfigError, match=r"write \[\[source\]\]"):
        parse_sources('[source]\nname = "a"\n')
    with pytest.raises(ConfigError, match="no such file"):
        load_sources("/nonexistent/sources.toml")
    with pytest.raises(ConfigError, match="no such source"):
        parse_sources(GOOD).select(["nope"])


def test_the_shipped_example_is_valid_and_starts_with_linhai():
    cfg = load_sources(example_sources_path())
    first = cfg.source[0]
    assert first.name == "linhai" and first.start_urls[0].startswith("http://www.linhai.gov.cn/")
    assert len({s.cms for s in cfg.source}) >= 3  # several CMS families
    assert example_sources_text().startswith("# linhai-scrape")


def test_a_region_is_a_path_province_first():
    text = GOOD.replace('cms = "hanweb"\n', 'cms = "hanweb"\nregion = ["浙江省", "台州市", "临海市"]\n')
    linhai, hanbin = parse_sources(text).source
    assert linhai.region == ["浙江省", "台州市", "临海市"]
    assert hanbin.region is None  # none given: each report's is read from its agency's name


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ('["浙江", "台州市"]', "'浙江' is none (write '浙江省')"),
        ('["台州市", "临海市"]', "starts with the province: '台州市' is none"),
        ("[]", "an empty region"),
        ('["浙江省", "台州 市"]', "not a place name: '台州 市'"),
        ('["浙江省", "台州市/临海市"]', "no spaces or slashes"),
        ('["浙江省", "台州市", "台州市"]', "named twice"),
        ('"浙江省/台州市"', "valid list"),
        ('["浙江省", 7]', "valid string"),
    ],
)
def test_a_wrong_region_is_reported_on_its_line(region, message):
    text = GOOD.replace('cms = "hanweb"\n', f'cms = "hanweb"\nregion = {region}\n')
    with pytest.raises(ConfigError) as info:
        parse_sources(text, filename="s.toml")
    assert info.value.exit_code == 2
    (issue,) = info.value.issues
    assert issue.line == 9 and issue.where.startswith("source[1].region")
    assert message in issue.message
