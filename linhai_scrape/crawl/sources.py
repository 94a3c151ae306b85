"""The crawl's configuration: a TOML file listing portals, validated with pydantic.

::

    [defaults]                  # optional; every key may be overridden per source
    delay = 2.0                 # seconds between two requests to one host
    max_pages = 100             # list pages followed per start URL
    timeout = 30.0              # seconds per request

    [[source]]
    name = "linhai"                                        # unique; the key in the database
    agency = "临海市人民政府"
    start_urls = ["http://www.linhai.gov.cn/col/col1229331474/index.html"]
    cms = "hanweb"              # auto | hanweb | trs | generic (default auto: detected per page)
    list_selector = "div.default_pgContainer"   # optional CSS selector of the list on list pages
    link_pattern = "年度报告|年报"                # optional regex replacing the built-in report-title test
    region = ["浙江省", "台州市", "临海市"]       # optional region path, province first
    allow_hosts = ["xxgk.linhai.gov.cn"]        # optional hosts besides the start URLs' own
    delay = 3.0

Every mistake is reported with its line (``sources.toml:12: source[2].start_urls[0]: …``), all at
once, by :class:`ConfigError` (exit code 2). TOML has no line numbers after parsing, so the lines are
found again in the text: the ``[[source]]`` header of the N-th entry, then the ``key =`` line inside it.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from ..models import LinhaiError
from ..read.regions import province_name

__all__ = [
    "ConfigError",
    "ConfigIssue",
    "Defaults",
    "SourceConfig",
    "SourcesConfig",
    "example_sources_path",
    "example_sources_text",
    "load_sources",
    "parse_sources",
]

Cms = Literal["auto", "hanweb", "trs", "generic"]


# --------------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delay: float = Field(1.0, ge=0, le=600, description="seconds between two requests to one host")
    max_pages: int = Field(100, ge=1, le=10_000, description="list pages followed per start URL")
    timeout: float = Field(30.0, gt=0, le=600, description="seconds per request")
    user_agent: str | None = Field(None, min_length=1)


class SourceConfig(BaseModel):
    """One portal column (年报专栏)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\s/\\]+$")
    agency: str = Field(min_length=1)
    start_urls: list[Annotated[str, AfterValidator(_check_url)]] = Field(min_length=1)
    cms: Cms = "auto"
    list_selector: str | None = Field(None, min_length=1)
    link_pattern: str | None = Field(None, min_length=1)
    allow_hosts: list[str] = Field(default_factory=list)
    delay: float | None = Field(None, ge=0, le=600)
    max_pages: int | None = Field(None, ge=1, le=10_000)
    timeout: float | None = Field(None, gt=0, le=600)
    verify_tls: bool = Field(
        True,
        description="false for a portal whose TLS certificate is broken (expired, self-signed, wrong host): "
        "its pages are fetched without verifying the certificate",
    )
    region: list[str] | None = Field(
        None,
        description="the region path of the column's body, province first: "
        '["浙江省", "台州市", "临海市"]; without it, each report\'s region is read from its agency\'s name',
    )
    enabled: bool = True

    @field_validator("region")
    @classmethod
    def _region(cls, region: list[str] | None) -> list[str] | None:
        if region is None:
            return None
        if not region:
            raise ValueError('an empty region: give the path province first, e.g. ["浙江省", "台州市"]')
        if len(region) > 6:
            raise ValueError("a region path has at most 6 levels (province, city, county, township …)")
        for place in region:
            if not place.strip() or place != place.strip() or "/" in place or any(c.isspace() for c in place):
                raise ValueError(f"not a place name: {place!r} (no spaces or slashes)")
        if len(set(region)) != len(region):
            raise ValueError("a place is named twice in the region path")
        first = region[0]
        if province_name(first) != first:
            full = province_name(first)
            hint = f"write {full!r}" if full else "a province, autonomous region or municipality, in full"
            raise ValueError(f"the region path starts with the province: {first!r} is none ({hint})")
        return region

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        if len(set(urls)) != len(urls):
            raise ValueError("the same start URL is listed twice")
        return urls

    @field_validator("allow_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        out = []
        for host in hosts:
            host = host.strip().lower()
            if not host or "/" in host or " " in host:
                raise ValueError(
                    f"not a host name: {host!r} (write the host only, e.g. 'xxgk.example.gov.cn')"
                )
            out.append(host)
        return out

    @field_validator("link_pattern")
    @classmethod
    def _regex(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return pattern

    @field_validator("list_selector")
    @classmethod
    def _selector(cls, selector: str | None) -> str | None:
        if selector is not None:
            from selectolax.lexbor import LexborHTMLParser

            try:
                LexborHTMLParser("<p></p>").css(selector)
            except Exception as exc:  # selectolax raises ValueError or its own errors
                raise ValueError(f"not a valid CSS selector: {exc}") from None
        return selector

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts this source may fetch from: its start URLs' hosts (with ports) and ``allow_hosts``."""
        return frozenset({urlsplit(u).netloc.lower() for u in self.start_urls} | set(self.allow_hosts))


class SourcesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: Defaults = Field(default_factory=Defaults)
    source: list[SourceConfig] = Field(min_length=1, description="the [[source]] entries")

    @model_validator(mode="after")
    def _unique_names(self) -> SourcesConfig:
        seen: dict[str, int] = {}
        for i, s in enumerate(self.source):
            if s.name in seen:
                raise _DuplicateName(i, s.name, seen[s.name])
            seen[s.name] = i
        return self

    @property
    def sources(self) -> list[SourceConfig]:
        """The enabled sources."""
        return [s for s in self.source if s.enabled]

    def delay(self, source: SourceConfig) -> float:
        return self.defaults.delay if source.delay is None else source.delay

    def max_pages(self, source: SourceConfig) -> int:
        return self.defaults.max_pages if source.max_pages is None else source.max_pages

    def timeout(self, source: SourceConfig) -> float:
        return self.defaults.timeout if source.timeout is None else source.timeout

    def select(self, names: list[str] | None) -> SourcesConfig:
        """A copy keeping only the named sources (``--source NAME``); unknown names are a ConfigError."""
        if not names:
            return self
        known = {s.name for s in self.source}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ConfigError(
                [ConfigIssue(None, f"source {n!r}", "no such source") for n in unknown], "sources"
            )
        return self.model_copy(update={"source": [s for s in self.source if s.name in names]})


class _DuplicateName(ValueError):
    def __init__(self, index: int, name: str, first: int) -> None:
        super().__init__(f"duplicate source name {name!r} (also used by source[{first + 1}])")
        self.index = index


# --------------------------------------------------------------------------------------------------
# Errors with lines
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigIssue:
    line: int | None
    where: str  # "source[2].start_urls[0]"
    message: str

    def format(self, filename: str) -> str:
        at = f"{filename}:{self.line}" if self.line else filename
        return f"{at}: {self.where}: {self.message}" if self.where else f"{at}: {self.message}"


class ConfigError(LinhaiError):
    """The sources file is missing, not TOML, or not a valid configuration. Exit code 2."""

    exit_code = 2

    def __init__(self, issues: list[ConfigIssue], filename: str) -> None:
        self.issues = issues
        self.filename = filename
        n = len(issues)
        head = f"{filename}: {n} error{'s' if n != 1 else ''} in the sources configuration"
        super().__init__("\n".join([head, *(i.format(filename) for i in issues)]))


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def load_sources(path: str | os.PathLike[str]) -> SourcesConfig:
    """Read and validate a sources TOML file; raise :class:`ConfigError` listing every mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([ConfigIssue(None, "", "no such file")], str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([ConfigIssue(None, "", f"cannot read it: {exc}")], str(path)) from None
    return parse_sources(text, filename=str(path))


def parse_sources(text: str, *, filename: str = "sources.toml") -> SourcesConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        raise ConfigError([ConfigIssue(line, "", f"not valid TOML: {msg}")], filename) from None
    if isinstance(data.get("source"), dict):  # [source] written instead of [[source]]
        lines = _Lines(text)
        raise ConfigError(
            [
                ConfigIssue(
                    lines.find(("source",)), "source", "write [[source]] (an array of tables), one per portal"
                )
            ],
            filename,
        )
    try:
        return SourcesConfig.model_validate(data)
    except ValidationError as exc:
        lines = _Lines(text)
        issues = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            ctx_error = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_error, _DuplicateName):
                loc = ("source", ctx_error.index, "name")
            issues.append(ConfigIssue(lines.find(loc, err.get("input")), _where(loc), _message(err)))
        issues.sort(key=lambda i: i.line or 0)
        raise ConfigError(issues, filename) from None


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            # [[source]] entries are numbered from 1 for people; list items from 0 like TOML arrays.
            out += f"[{part + 1}]" if out == "source" else f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: ErrorDetails) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key (a typo?)"
    msg = str(err.get("msg", ""))
    msg = msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        msg = "must not contain spaces or slashes"
    return msg


class _Lines:
    """Where each table and key of a TOML text is: ``("source", 1, "start_urls") → line``."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
    _KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.index: dict[tuple[Any, ...], int] = {}
        table: tuple[Any, ...] = ()
        counts: dict[str, int] = {}
        in_multiline = False
        for n, line in enumerate(self.lines, 1):
            if in_multiline:
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_multiline = False
                continue
            m = self._HEADER.match(line)
            if m:
                name = m.group(2).strip().strip("\"'")
                if m.group(1) == "[[":
                    counts[name] = counts.get(name, -1) + 1
                    table = (name, counts[name])
                else:
                    table = tuple(name.split("."))
                self.index.setdefault(table, n)
                continue
            m = self._KEY.match(line)
            if m:
                self.index.setdefault((*table, m.group(1).strip("\"'")), n)
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_multiline = True

    def find(self, loc: tuple[Any, ...], value: Any = None) -> int | None:
        for cut in range(len(loc), 0, -1):
            line = self.index.get(tuple(loc[:cut]))
            if line is None:
                continue
            if cut < len(loc) and isinstance(loc[cut], int) and isinstance(value, str) and value:
                # An item of a (possibly multi-line) array: the first line from the key on naming it.
                for n in range(line, min(line + 200, len(self.lines)) + 1):
                    if value in self.lines[n - 1]:
                        return n
            return line
        return None


# --------------------------------------------------------------------------------------------------
# The shipped example
# --------------------------------------------------------------------------------------------------


def example_sources_path() -> Path:
    """The example ``sources.toml`` shipped inside the package (``linhai_scrape/data/``)."""
    return Path(str(resources.files("linhai_scrape") / "data" / "sources.example.toml"))


def example_sources_text() -> str:
    return (resources.files("linhai_scrape") / "data" / "sources.example.toml").read_text(encoding="utf-8")
