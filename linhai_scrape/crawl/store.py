"""The embedded store: one SQLite file (stdlib ``sqlite3``, WAL) holding everything a crawl learns.

Tables (``SCHEMA_VERSION`` 4)

``sources``      one row per configured portal column (name, agency, its region path as configured,
                 the config entry as JSON)
``blobs``        raw bytes, content-addressed by sha256 (zlib-compressed), so that a new parser
                 version re-extracts every report without fetching anything (``reextract``)
``pages``        the last fetch of every URL: final URL, HTTP status, fetch outcome, ETag,
                 Last-Modified, sha256, encoding, fetched_at, changed_at, error, and for report
                 candidates the extraction result (``report``, ``not_report:<reason>``, ``error``)
``reports``      one row per *version* of a report URL (a new row whenever its bytes change; the old
                 one is kept with ``current = 0``): agency, year, edition, title, the whole
                 ``Report`` as JSON, parser version, extracted_at, and the body's region path
                 (``region``, a JSON list, province first) with what it rests on
                 (``region_basis``: ``source``, ``agency_name`` or ``none``; see ``read/regions.py``)
``stats``        a view, one row per statistic: (report_id, canonical key, value, origin) — plain SQL and
                 CSV (stored as ``stat_values`` with integer ``stat_keys``: a third of the size;
                 kept in report order, with no index by key: see ``_SCHEMA_4``)
``checks``       the report's own checks (``origin = 'extract'``) and the store's cross-year check
                 (``origin = 'store'``)
``attachments``  files (.pdf, .doc, .docx, .wps, images) linked from a report page's body
``runs``         one row per crawl/reextract: start, end, status, counts and errors as JSON

Every report is written in one transaction together with its page row and its bytes, so a process
killed at any moment (kill -9) leaves either the whole report or none of it. WAL journaling with
``synchronous = NORMAL`` is durable against process death (only an OS crash can lose the last
transactions). The log is copied back into the file every 10,000 pages (40 MB) rather than
SQLite's 1,000: a report rewrites some of the same pages as the reports before it, and each copy
costs a disk sync. The schema version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` upgrades an
older file in place, and a file written by a newer version is refused rather than damaged.

Cross-year check: for the same agency, last year's ``applications.carried_forward.<col>`` must
equal this year's ``applications.carried_over.<col>``. Whenever a report is saved and the other
year is present (current versions), the store records the outcome on every current report of the
*newer* year:
``carry_over_mismatch`` (warning) or ``carry_over_unverified`` (info, a number is missing on one side).
A match records nothing, like every other check that plainly passes.

One crawl at a time: :meth:`Store.lock` takes an exclusive advisory lock on ``<db>.lock``; the
operating system releases it when the process dies, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import TypeAdapter

from ..models import Check, Evidence, LinhaiError, NotReport, Report
from ..read.checks import carry_over_checks
from ..read.regions import RegionBasis, region_for
from ..template import APPLICATION_COLUMNS

if TYPE_CHECKING:
    from ..fetch import FetchResult

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AttachmentRow",
    "FetchFacts",
    "PackedBlob",
    "PackedEvidence",
    "PageRow",
    "ReportRow",
    "SaveResult",
    "Store",
    "StoreError",
    "StoreLockedError",
    "agency_key",
    "now",
]

# --------------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------------

_SCHEMA_1 = """
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    agency      TEXT,
    config      TEXT NOT NULL,              -- the source's config entry, JSON
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);

CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,          -- of the raw bytes
    size         INTEGER NOT NULL,          -- raw size in bytes
    compression  TEXT NOT NULL,             -- 'zlib' or 'none'
    data         BLOB NOT NULL
);

CREATE TABLE pages (
    url            TEXT PRIMARY KEY,
    source_id      INTEGER REFERENCES sources(id),
    kind           TEXT NOT NULL,           -- 'list' | 'report'
    final_url      TEXT,
    status         INTEGER,                 -- HTTP status of the last answer (NULL: no answer)
    outcome        TEXT NOT NULL,           -- fetch outcome: ok, not_modified, attachment, blocked, error
    etag           TEXT,
    last_modified  TEXT,
    sha256         TEXT,                    -- of the bytes last received (kept across 304s)
    content_type   TEXT,
    encoding       TEXT,
    fetched_at     TEXT NOT NULL,           -- last request
    changed_at     TEXT,                    -- last time the bytes changed
    error          TEXT,
    result         TEXT,                    -- report pages: 'report', 'not_report:<reason>', 'error'
    run_id         INTEGER
);
CREATE INDEX pages_source ON pages(source_id, kind);

CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL,
    version         INTEGER NOT NULL,       -- 1, 2, … : a new version each time the bytes change
    current         INTEGER NOT NULL DEFAULT 1,
    source_id       INTEGER REFERENCES sources(id),
    sha256          TEXT NOT NULL REFERENCES blobs(sha256),
    agency          TEXT,                   -- as written
    agency_key      TEXT,                   -- normalised, for the cross-year check
    year            INTEGER,
    edition         TEXT,
    title           TEXT,
    published       TEXT,
    report          TEXT NOT NULL,          -- the Report as JSON, without its evidence (json_extract works)
    evidence        BLOB,                   -- the Report's evidence map: zlib-compressed JSON
    parser_version  TEXT NOT NULL,
    fetched_at      TEXT,
    extracted_at    TEXT NOT NULL,
    run_id          INTEGER,
    UNIQUE (url, version),
    UNIQUE (url, sha256)
);
-- Lookups by URL and by (agency, year) must not be planned on a low-selectivity "current" column.
CREATE INDEX reports_url_current ON reports(url, current);
CREATE INDEX reports_agency_year ON reports(agency_key, year, current);
CREATE INDEX reports_year ON reports(year);

CREATE TABLE stat_keys (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE               -- canonical key (docs/keys.md)
);

CREATE TABLE stat_values (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    key_id     INTEGER NOT NULL REFERENCES stat_keys(id),
    value      NUMERIC NOT NULL,
    origin     TEXT,                        -- table | narrative | derived
    PRIMARY KEY (report_id, key_id)
) WITHOUT ROWID;
CREATE INDEX stat_values_key ON stat_values(key_id);

-- One row per statistic, keys spelled out: what SQL and CSV users read.
CREATE VIEW stats AS
    SELECT v.report_id AS report_id, k.key AS key, v.value AS value, v.origin AS origin
    FROM stat_values v JOIN stat_keys k ON k.id = v.key_id;

CREATE TABLE checks (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    origin     TEXT NOT NULL,               -- 'extract' | 'store'
    code       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    message    TEXT NOT NULL,
    keys       TEXT NOT NULL                -- JSON list
);
CREATE INDEX checks_report ON checks(report_id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    page_url     TEXT NOT NULL,             -- the report page that links it
    page_sha256  TEXT NOT NULL,             -- the version of that page
    report_id    INTEGER REFERENCES reports(id) ON DELETE SET NULL,
    url          TEXT NOT NULL,
    text         TEXT,                      -- link text
    kind         TEXT NOT NULL,             -- pdf, doc, docx, wps, xls, image, …
    UNIQUE (page_url, page_sha256, url)
);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    command     TEXT NOT NULL,              -- 'crawl' | 'reextract'
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    status      TEXT NOT NULL,              -- running, ok, failed, interrupted
    exit_code   INTEGER,
    pid         INTEGER,
    options     TEXT,                       -- JSON
    counts      TEXT,                       -- JSON
    errors      TEXT                        -- JSON list
);
"""

# Version 2: ``stat_values.value`` had NUMERIC affinity, under which SQLite stores 26.0 as the
# integer 26, so an amount printed "26.00" came back as an int (in CSV "26" where JSON says 26.0).
# A column with no declared type has no affinity and keeps each value's own type. Values already
# stored are taken again from the report's JSON, which kept them exactly.
_SCHEMA_2 = """
CREATE TABLE stat_values_2 (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    key_id     INTEGER NOT NULL REFERENCES stat_keys(id),
    value      NOT NULL,                    -- no declared type: an int stays an int, 26.0 stays real
    origin     TEXT,
    PRIMARY KEY (report_id, key_id)
) WITHOUT ROWID;
INSERT INTO stat_values_2 (report_id, key_id, value, origin)
    SELECT v.report_id, v.key_id,
           coalesce(json_extract(r.report, '$.stats."' || k.key || '"'), v.value), v.origin
    FROM stat_values v JOIN stat_keys k ON k.id = v.key_id JOIN reports r ON r.id = v.report_id;
DROP VIEW stats;
DROP TABLE stat_values;
ALTER TABLE stat_values_2 RENAME TO stat_values;
CREATE INDEX stat_values_key ON stat_values(key_id);
CREATE VIEW stats AS
    SELECT v.report_id AS report_id, k.key AS key, v.value AS value, v.origin AS origin
    FROM stat_values v JOIN stat_keys k ON k.id = v.key_id;
"""


# Version 3: every source and report has a region path (province → city → county → township). A
# source's is its ``region`` in sources.toml (kept in its config JSON since it was allowed); a
# report's is the source's, or what its agency's name gives (``region_basis`` says which), so the
# reports already stored get theirs here, from what they hold.
_SCHEMA_3 = """
ALTER TABLE sources ADD COLUMN region TEXT;     -- JSON list as configured, province first; NULL: none given
ALTER TABLE reports ADD COLUMN region TEXT;     -- JSON list, province first; '[]' when nothing says
ALTER TABLE reports ADD COLUMN region_basis TEXT; -- source | agency_name | none
CREATE INDEX reports_region ON reports(region, year);
UPDATE sources SET region = json_extract(config, '$.region') WHERE json_type(config, '$.region') = 'array';
"""


def _migrate_3(conn: sqlite3.Connection) -> None:
    for statement in _split_sql(_SCHEMA_3):
        conn.execute(statement)
    rows = conn.execute(
        "SELECT r.id, r.agency, s.region, s.agency FROM reports r LEFT JOIN sources s ON s.id = r.source_id"
    ).fetchall()
    conn.executemany(
        "UPDATE reports SET region = ?, region_basis = ? WHERE id = ?",
        [
            (*_region_columns(agency, source_region, source_agency), rid)
            for rid, agency, source_region, source_agency in rows
        ],
    )


# Version 4: no index of ``stat_values`` by key. A report's 230 rows went each to another leaf of
# that index (one per key), so that writing one report rewrote some 230 pages of it: two thirds of
# the writer's cost per report, growing with the file. Nothing in the package reads by key; a query
# over one key across all reports scans the table (see the README for what that costs), and an
# analyst who runs many such queries can create the index on a copy.
_SCHEMA_4 = """
DROP INDEX IF EXISTS stat_values_key;
"""


Migration = str | Callable[[sqlite3.Connection], None]

#: ``MIGRATIONS[i]`` upgrades a file from ``user_version`` i to i + 1: a script, or a function for
#: an upgrade that computes what it fills in.
MIGRATIONS: list[Migration] = [_SCHEMA_1, _SCHEMA_2, _migrate_3, _SCHEMA_4]
SCHEMA_VERSION = len(MIGRATIONS)

# The statistics the cross-year check compares: last year's 结转下年度, this year's 上年结转.
_CARRY_KEYS = tuple(
    f"applications.{side}.{col}"
    for side in ("carried_forward", "carried_over")
    for col in APPLICATION_COLUMNS
)
_PAGE_NOT_REPORT = "page_not_report"  # store check: the report's page now shows something else
_COMPRESS_MIN = 256  # bytes; smaller blobs are stored as they are
_KEEP = "COALESCE(NULLIF(?, ''), {0})"  # a new value, else what the last good fetch learnt
# Store._update_page's statement, built once (it runs for most requests of a nightly crawl).
_UPDATE_PAGE = (
    "UPDATE pages SET source_id = ?, kind = ?, status = ?, outcome = ?, fetched_at = ?, run_id = ?, "
    + ", ".join(
        f"{column} = " + _KEEP.format(column)
        for column in ("final_url", "etag", "last_modified", "encoding", "content_type", "sha256", "result")
    )
    + ", error = CASE WHEN ? IS NOT NULL THEN ? "
    # what the page is instead of a report: still true of the same bytes
    + "WHEN substr("
    + _KEEP.format("result")
    + ", 1, 11) = 'not_report:' THEN error ELSE NULL END "
    + "WHERE url = ?"
)

# --------------------------------------------------------------------------------------------------
# Errors and rows
# --------------------------------------------------------------------------------------------------


class StoreError(LinhaiError):
    """The database cannot be used: a newer schema, not a SQLite file, …"""

    exit_code = 2


class StoreLockedError(StoreError):
    """Another run holds the database."""


@dataclass(frozen=True)
class FetchFacts:
    """What one fetch learnt about a page, as its ``pages`` row keeps it: the crawl hands these to
    :meth:`Store.record_page`, :meth:`Store.save_report` and :meth:`Store.record_not_report`."""

    outcome: str  # a FetchResult outcome: ok, not_modified, attachment, blocked, disallowed, error
    status: int | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    encoding: str | None = None

    @classmethod
    def of(cls, result: FetchResult) -> FetchFacts:
        return cls(
            outcome=result.outcome,
            status=result.status,
            final_url=result.final_url,
            etag=result.etag,
            last_modified=result.last_modified,
            content_type=result.content_type,
            encoding=result.decoded.encoding if result.decoded is not None else None,
        )


@dataclass(frozen=True)
class PageRow:
    url: str
    source_id: int | None
    kind: str
    final_url: str | None
    status: int | None
    outcome: str
    etag: str | None
    last_modified: str | None
    sha256: str | None
    content_type: str | None
    encoding: str | None
    fetched_at: str
    changed_at: str | None
    error: str | None
    result: str | None
    run_id: int | None


@dataclass(frozen=True)
class ReportRow:
    id: int
    url: str
    version: int
    current: bool
    source_id: int | None
    sha256: str
    agency: str | None
    year: int | None
    edition: str | None
    title: str | None
    published: str | None
    parser_version: str
    extracted_at: str
    report_json: str  # without evidence
    evidence_blob: bytes | None = None
    region: tuple[str, ...] = ()  # province first; () when neither the source nor the agency's name says
    region_basis: RegionBasis = "none"

    def report(self) -> Report:
        """The whole ``Report``, evidence included."""
        return Report.model_validate(self.report_dict())

    def report_dict(self) -> dict[str, Any]:
        data = json.loads(self.report_json)
        if self.evidence_blob:
            data["evidence"] = json.loads(zlib.decompress(self.evidence_blob))
        return data


@dataclass(frozen=True)
class AttachmentRow:
    url: str
    text: str | None
    kind: str


@dataclass(frozen=True)
class SaveResult:
    """What :meth:`Store.save_report` did: a ``new`` URL, a ``changed`` one (new version), or ``unchanged``."""

    status: Literal["new", "changed", "unchanged"]
    report_id: int
    version: int


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def now() -> str:
    """UTC, ISO 8601 to the second: the store's only timestamp format."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_AGENCY_DROP = re.compile(r"[\s\u3000\xa0()（）【】\[\]《》<>·,，、.。:：;；\"'“”‘’-]+")


def agency_key(agency: str | None) -> str | None:
    """Fold an agency name for matching across years: NFKC, no spaces or punctuation, no 人民政府 suffix.

    "临海市人民政府" and "临海市" are the same body for the carry-over check; "临海市人民政府办公室" is not.
    """
    if not agency:
        return None
    key = _AGENCY_DROP.sub("", unicodedata.normalize("NFKC", agency))
    key = key.removesuffix("人民政府")
    return key or None


def _region_columns(
    agency: str | None, source_region: str | None, source_agency: str | None
) -> tuple[str, RegionBasis]:
    """The ``region`` (JSON list) and ``region_basis`` columns of a report of ``agency`` from a source
    whose ``region`` column is ``source_region``."""
    configured = json.loads(source_region) if source_region else None
    region, basis = region_for(agency, configured, source_agency)
    return json.dumps(list(region), ensure_ascii=False, separators=(",", ":")), basis


@dataclass(frozen=True)
class PackedBlob:
    """Raw bytes as the ``blobs`` table keeps them (``compression``: ``zlib`` or ``none``), packed
    where the bytes were read (a worker process): the writer only inserts them."""

    compression: str
    data: bytes
    size: int  # of the raw bytes

    @classmethod
    def of(cls, raw: bytes) -> PackedBlob:
        if len(raw) < _COMPRESS_MIN:
            return cls("none", raw, len(raw))
        packed = zlib.compress(raw, 6)
        if len(packed) >= len(raw):
            return cls("none", raw, len(raw))
        return cls("zlib", packed, len(raw))

    def unpack(self) -> bytes:
        return zlib.decompress(self.data) if self.compression == "zlib" else self.data


_EVIDENCE = TypeAdapter(dict[str, Evidence])


@dataclass(frozen=True)
class PackedEvidence:
    """A report's evidence as the ``reports.evidence`` column keeps it (zlib-compressed JSON, about
    80 % of a report's weight), and each statistic's origin for ``stat_values``: made where the
    report was read (a worker process), so that the writer neither serialises nor compresses it.
    The report then travels without its evidence."""

    blob: bytes
    origins: dict[str, str]  # canonical key → table | narrative | derived

    @classmethod
    def of(cls, report: Report) -> PackedEvidence:
        data = _EVIDENCE.dump_json(report.evidence, exclude_none=True)
        return cls(zlib.compress(data, 6), {key: ev.origin for key, ev in report.evidence.items()})


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# --------------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------------


class Store:
    """One SQLite database file. Not thread-safe: use it from one thread (the crawl's event loop)."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
        try:
            self.conn = sqlite3.connect(uri, uri=readonly, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self._check_writable()
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA wal_autocheckpoint = 10000")
            self._migrate()
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                raise StoreError(
                    f"{self.path}: the database is read-only (file permissions); it can be exported, "
                    "not written"
                ) from None
            if "locked" in str(exc):
                raise StoreError(
                    f"{self.path}: the database stayed locked by another process for 30 s; try again "
                    "when it is done"
                ) from None
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc
        self._lock_fd: int | None = None
        self._key_cache: dict[str, int] | None = None

    def _check_writable(self) -> None:
        """SQLite opens a file it may not write read-only without a word, and fails only at the
        first write, mid-run: a no-op write at open says so at once."""
        version = self.schema_version
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(f"PRAGMA user_version = {version}")
        finally:
            self.conn.execute("ROLLBACK")

    # ---------------------------------------------------------------- lifecycle

    def close(self) -> None:
        self.unlock()
        with contextlib.suppress(sqlite3.Error):
            if not self.readonly:
                self.conn.execute("PRAGMA optimize")  # keeps the planner's statistics fresh, cheaply
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this linhai-scrape understands "
                f"({SCHEMA_VERSION}); upgrade linhai-scrape"
            )
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreError(
                f"{self.path}: schema version {version} needs an upgrade to {SCHEMA_VERSION}, which a "
                f"read-only command cannot make: run `linhai-scrape reextract --db {self.path} --limit 0` once"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                # Re-check inside the write lock: another process may have migrated meanwhile.
                if self.schema_version >= target:
                    continue
                migration = MIGRATIONS[target - 1]
                if callable(migration):
                    migration(self.conn)
                else:
                    for statement in _split_sql(migration):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {int(target)}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception, KeyboardInterrupt included)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._key_cache = None  # it may hold ids of keys the rollback removed
            raise
        else:
            self.conn.execute("COMMIT")

    # ---------------------------------------------------------------- run lock

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def lock(self) -> None:
        """Take the exclusive run lock, or raise :class:`StoreLockedError` at once."""
        if self._lock_fd is not None:
            return
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _try_lock(fd)
        except OSError:
            holder = ""
            with contextlib.suppress(OSError, ValueError):
                holder = os.pread(fd, 64, 0).decode().strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise StoreLockedError(
                f"{self.path} is in use by another linhai-scrape run{who}; "
                "wait for it to finish (runs on one database cannot overlap)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock_fd, 0)
            os.close(self._lock_fd)  # closing the descriptor releases the lock
            self._lock_fd = None

    # ---------------------------------------------------------------- runs

    def start_run(
        self, command: str, options: dict[str, Any] | None = None, *, started_at: str | None = None
    ) -> int:
        """Open a ``runs`` row. Rows left ``running`` by a killed process become ``interrupted``.

        Call it while holding :meth:`lock`, so that ``running`` rows are known to be dead.
        ``started_at``: when the run started (:func:`now`'s format), if it started before the
        store was opened: the time its summary gives, not a second reading of the clock that may
        fall in the next second.
        """
        with self.transaction() as c:
            c.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cur = c.execute(
                "INSERT INTO runs (command, started_at, status, pid, options) VALUES (?, ?, 'running', ?, ?)",
                (command, started_at or now(), os.getpid(), _json(options or {})),
            )
        return int(cur.lastrowid)  # type: ignore[arg-type]

    def finish_run(
        self, run_id: int, *, status: str, exit_code: int, counts: dict[str, Any], errors: Sequence[Any]
    ) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE runs SET ended_at = ?, status = ?, exit_code = ?, counts = ?, errors = ? WHERE id = ?",
                (now(), status, exit_code, _json(counts), _json(list(errors)), run_id),
            )

    def runs(self) -> list[dict[str, Any]]:
        out = []
        for row in self.conn.execute("SELECT * FROM runs ORDER BY id"):
            d = dict(row)
            for k in ("options", "counts", "errors"):
                d[k] = json.loads(d[k]) if d[k] else None
            out.append(d)
        return out

    # ---------------------------------------------------------------- sources

    def upsert_source(
        self,
        name: str,
        *,
        agency: str | None,
        config: dict[str, Any],
        region: Sequence[str] | None = None,
    ) -> int:
        """Insert or update a source. A changed agency or region re-derives the region of every
        report stored from it (a region added to sources.toml reaches the reports crawled before)."""
        t = now()
        region_json = json.dumps(list(region), ensure_ascii=False, separators=(",", ":")) if region else None
        with self.transaction() as c:
            before = c.execute("SELECT agency, region FROM sources WHERE name = ?", (name,)).fetchone()
            c.execute(
                "INSERT INTO sources (name, agency, region, config, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET agency = excluded.agency, region = excluded.region, "
                "config = excluded.config, last_seen = excluded.last_seen",
                (name, agency, region_json, _json(config), t, t),
            )
            source_id = int(c.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0])
            if before is not None and (before["agency"], before["region"]) != (agency, region_json):
                rows = c.execute(
                    "SELECT id, agency FROM reports WHERE source_id = ?", (source_id,)
                ).fetchall()
                c.executemany(
                    "UPDATE reports SET region = ?, region_basis = ? WHERE id = ?",
                    [(*_region_columns(r["agency"], region_json, agency), r["id"]) for r in rows],
                )
        return source_id

    def _report_region(self, agency: str | None, source_id: int | None) -> tuple[str, RegionBasis]:
        source = (
            self.conn.execute("SELECT region, agency FROM sources WHERE id = ?", (source_id,)).fetchone()
            if source_id is not None
            else None
        )
        return _region_columns(agency, *(tuple(source) if source is not None else (None, None)))

    def source_names(self) -> dict[int, str]:
        return {int(r[0]): r[1] for r in self.conn.execute("SELECT id, name FROM sources")}

    # ---------------------------------------------------------------- blobs

    def _put_blob(self, data: bytes | PackedBlob, sha256: str) -> None:
        """Keep bytes under their sha256; ``data`` may come packed already (by a worker process)."""
        if self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone() is not None:
            return  # content-addressed: the same bytes are stored once, and not compressed again
        packed = data if isinstance(data, PackedBlob) else PackedBlob.of(data)
        self.conn.execute(
            "INSERT INTO blobs (sha256, size, compression, data) VALUES (?, ?, ?, ?)",
            (sha256, packed.size, packed.compression, packed.data),
        )

    def put_blob(self, data: bytes, sha256: str) -> None:
        with self.transaction():
            self._put_blob(data, sha256)

    def get_blob(self, sha256: str) -> bytes | None:
        packed = self.get_packed_blob(sha256)
        return packed.unpack() if packed is not None else None

    def get_packed_blob(self, sha256: str) -> PackedBlob | None:
        """The bytes as stored (for a worker process to unpack)."""
        row = self.conn.execute(
            "SELECT compression, data, size FROM blobs WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return PackedBlob(row[0], bytes(row[1]), int(row[2])) if row is not None else None

    def has_blob(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone() is not None

    # ---------------------------------------------------------------- pages

    def page(self, url: str) -> PageRow | None:
        row = self.conn.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return PageRow(**dict(row)) if row is not None else None

    def _put_page(
        self,
        url: str,
        fetch: FetchFacts,
        *,
        source_id: int | None,
        kind: str,
        sha256: str | None = None,
        error: str | None = None,
        result: str | None = None,
        run_id: int | None = None,
        body: bytes | PackedBlob | None = None,
    ) -> None:
        """Insert or update the page row. A 304 or a failure keeps what the last good fetch learnt
        (validators, sha256, encoding) so that the next run can still ask conditionally."""
        outcome, status = fetch.outcome, fetch.status
        final_url, etag, last_modified = fetch.final_url, fetch.etag, fetch.last_modified
        content_type, encoding = fetch.content_type, fetch.encoding
        t = now()
        if body is not None and sha256 is not None:
            self._put_blob(body, sha256)
        prev = self.conn.execute(
            "SELECT sha256, etag, last_modified, encoding, content_type, changed_at, final_url, result, error "
            "FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        if prev is not None and body is None:
            # No new bytes: keep the validators and the identity of the bytes we hold.
            sha256 = sha256 or prev["sha256"]
            etag = etag or prev["etag"]
            last_modified = last_modified or prev["last_modified"]
            encoding = encoding or prev["encoding"]
            content_type = content_type or prev["content_type"]
            final_url = final_url or prev["final_url"]
            result = result or prev["result"]
            if error is None and (result or "").startswith("not_report:"):
                error = prev["error"]  # what the page is instead of a report: still true of the same bytes
        changed_at = prev["changed_at"] if prev is not None else None
        if body is not None and (prev is None or prev["sha256"] != sha256):
            changed_at = t
        self.conn.execute(
            "INSERT INTO pages (url, source_id, kind, final_url, status, outcome, etag, last_modified, sha256, "
            "content_type, encoding, fetched_at, changed_at, error, result, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET source_id = excluded.source_id, kind = excluded.kind, "
            "final_url = excluded.final_url, status = excluded.status, outcome = excluded.outcome, "
            "etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256, "
            "content_type = excluded.content_type, encoding = excluded.encoding, fetched_at = excluded.fetched_at, "
            "changed_at = excluded.changed_at, error = excluded.error, result = excluded.result, "
            "run_id = excluded.run_id",
            (
                url,
                source_id,
                kind,
                final_url,
                status,
                outcome,
                etag,
                last_modified,
                sha256,
                content_type,
                encoding,
                t,
                changed_at,
                error,
                result,
                run_id,
            ),
        )

    def _update_page(
        self,
        url: str,
        fetch: FetchFacts,
        *,
        source_id: int | None,
        kind: str,
        sha256: str | None,
        error: str | None,
        result: str | None,
        run_id: int | None,
    ) -> bool:
        """What :meth:`_put_page` does to a page already stored when no bytes come (a 304, a failure),
        in one statement: most fetches of a nightly run are that, and a transaction with a read
        before the write cost the crawl as much again. False when the page is not stored yet."""
        cur = self.conn.execute(
            _UPDATE_PAGE,
            (
                source_id,
                kind,
                fetch.status,
                fetch.outcome,
                now(),
                run_id,
                fetch.final_url,
                fetch.etag,
                fetch.last_modified,
                fetch.encoding,
                fetch.content_type,
                sha256,
                result,
                error,
                error,
                result,
                url,
            ),
        )
        return cur.rowcount == 1

    def record_page(
        self,
        url: str,
        fetch: FetchFacts | None = None,
        *,
        source_id: int | None,
        kind: str,
        outcome: str | None = None,
        final_url: str | None = None,
        status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        sha256: str | None = None,
        content_type: str | None = None,
        encoding: str | None = None,
        error: str | None = None,
        result: str | None = None,
        run_id: int | None = None,
        body: bytes | PackedBlob | None = None,
        attachments: Sequence[AttachmentRow] | None = None,
    ) -> None:
        """Record one fetch (list pages, failures, 304s, not-a-report pages) in its own transaction.

        What the fetch learnt comes as ``fetch``, or as keyword arguments named as the ``pages``
        columns (``outcome`` then required); the other keyword arguments are the row's own columns,
        plus ``body`` (bytes to keep in ``blobs``) and ``attachments`` (for report candidates whose
        bytes are new).
        """
        if fetch is None:
            if outcome is None:
                raise TypeError("record_page needs fetch facts or an outcome")
            fetch = FetchFacts(outcome, status, final_url, etag, last_modified, content_type, encoding)
        if (
            body is None
            and not attachments
            and self._update_page(
                url,
                fetch,
                source_id=source_id,
                kind=kind,
                sha256=sha256,
                error=error,
                result=result,
                run_id=run_id,
            )
        ):
            return
        with self.transaction():
            self._put_page(
                url,
                fetch,
                source_id=source_id,
                kind=kind,
                sha256=sha256,
                error=error,
                result=result,
                run_id=run_id,
                body=body,
            )
            if attachments and sha256:
                self._put_attachments(url, sha256, None, attachments)

    # ---------------------------------------------------------------- reports

    def current_sha256(self, url: str) -> str | None:
        """The sha256 of the bytes the URL's current report version was read from."""
        row = self.conn.execute("SELECT sha256 FROM reports WHERE url = ? AND current = 1", (url,)).fetchone()
        return str(row[0]) if row is not None else None

    def current_report(self, url: str) -> ReportRow | None:
        row = self.conn.execute(
            f"SELECT {_REPORT_COLS} FROM reports r WHERE url = ? AND current = 1", (url,)
        ).fetchone()
        return _report_row(row) if row is not None else None

    def report_versions(self, url: str) -> list[ReportRow]:
        rows = self.conn.execute(
            f"SELECT {_REPORT_COLS} FROM reports r WHERE url = ? ORDER BY version", (url,)
        )
        return [_report_row(r) for r in rows]

    def save_report(
        self,
        url: str,
        report: Report,
        *,
        body: bytes | PackedBlob,
        sha256: str,
        source_id: int | None,
        run_id: int | None = None,
        page: FetchFacts | None = None,
        attachments: Sequence[AttachmentRow] = (),
        evidence: PackedEvidence | None = None,
    ) -> SaveResult:
        """Store one report with its bytes, page row, statistics, checks and attachments — atomically.

        Same URL and same bytes as the current version: ``unchanged`` (only the page row is touched).
        Same URL, different bytes: a new version; the previous one stays, with ``current = 0``.
        Bytes seen before for this URL (a portal reverting an edit): that version becomes current again.
        ``evidence``: the report's evidence packed where it was read (the report then comes without it).
        """
        with self.transaction() as c:
            self._put_page(
                url,
                page or FetchFacts("ok"),
                source_id=source_id,
                kind="report",
                sha256=sha256,
                body=body,
                result="report",
                run_id=run_id,
            )
            c.execute(
                "DELETE FROM checks WHERE origin = 'store' AND code = ? AND report_id IN "
                "(SELECT id FROM reports WHERE url = ?)",
                (_PAGE_NOT_REPORT, url),
            )
            cur = c.execute(
                "SELECT id, version, sha256 FROM reports WHERE url = ? AND current = 1", (url,)
            ).fetchone()
            if cur is not None and cur["sha256"] == sha256:
                return SaveResult("unchanged", int(cur["id"]), int(cur["version"]))
            seen = c.execute(
                "SELECT id, version FROM reports WHERE url = ? AND sha256 = ?", (url, sha256)
            ).fetchone()
            c.execute("UPDATE reports SET current = 0 WHERE url = ? AND current = 1", (url,))
            if seen is not None:
                c.execute("UPDATE reports SET current = 1 WHERE id = ?", (seen["id"],))
                report_id, version = int(seen["id"]), int(seen["version"])
            else:
                version = int(
                    c.execute(
                        "SELECT COALESCE(MAX(version), 0) + 1 FROM reports WHERE url = ?", (url,)
                    ).fetchone()[0]
                )
                report_id = self._insert_report(
                    url,
                    version,
                    report,
                    evidence or PackedEvidence.of(report),
                    sha256=sha256,
                    source_id=source_id,
                    run_id=run_id,
                )
            self._put_attachments(url, sha256, report_id, attachments)
            self._cross_year(report_id, report.stats if seen is None else None)
            return SaveResult("new" if cur is None and seen is None else "changed", report_id, version)

    def _insert_report(
        self,
        url: str,
        version: int,
        report: Report,
        evidence: PackedEvidence,
        *,
        sha256: str,
        source_id: int | None,
        run_id: int | None,
    ) -> int:
        t = now()
        cur = self.conn.execute(
            "INSERT INTO reports (url, version, current, source_id, sha256, agency, agency_key, year, edition, "
            "title, published, report, evidence, parser_version, fetched_at, extracted_at, run_id, region, "
            "region_basis) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                url,
                version,
                source_id,
                sha256,
                report.agency,
                agency_key(report.agency),
                report.year,
                report.edition,
                report.title,
                report.published.isoformat() if report.published else None,
                _report_json(report),
                evidence.blob,
                report.parser_version,
                t,
                t,
                run_id,
                *self._report_region(report.agency, source_id),
            ),
        )
        report_id = int(cur.lastrowid)  # type: ignore[arg-type]
        self._put_extraction(report_id, report, evidence)
        return report_id

    def _put_extraction(self, report_id: int, report: Report, evidence: PackedEvidence) -> None:
        flat = report.flat()
        ids = self._key_ids(flat)
        origins = evidence.origins
        self.conn.executemany(
            "INSERT INTO stat_values (report_id, key_id, value, origin) VALUES (?, ?, ?, ?)",
            [(report_id, ids[key], value, origins.get(key)) for key, value in flat.items()],
        )
        self.conn.executemany(
            "INSERT INTO checks (report_id, origin, code, severity, message, keys) VALUES (?, 'extract', ?, ?, ?, ?)",
            [(report_id, ch.code, ch.severity, ch.message, _json(ch.keys)) for ch in report.checks],
        )

    def _key_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """Integer ids of statistic keys, created on first use (inside the caller's transaction)."""
        if self._key_cache is None:
            self._key_cache = {k: int(i) for i, k in self.conn.execute("SELECT id, key FROM stat_keys")}
        missing = [k for k in keys if k not in self._key_cache]
        if missing:
            self.conn.executemany("INSERT OR IGNORE INTO stat_keys (key) VALUES (?)", [(k,) for k in missing])
            marks = ",".join("?" * len(missing))
            for i, k in self.conn.execute(f"SELECT id, key FROM stat_keys WHERE key IN ({marks})", missing):
                self._key_cache[k] = int(i)
        return self._key_cache

    def replace_extraction(
        self, report_id: int, report: Report, *, evidence: PackedEvidence | None = None
    ) -> None:
        """Overwrite one report version's extraction in place (``reextract``): same bytes, new parser.
        ``evidence``: as for :meth:`save_report`."""
        evidence = evidence or PackedEvidence.of(report)
        with self.transaction() as c:
            c.execute("DELETE FROM stat_values WHERE report_id = ?", (report_id,))
            c.execute("DELETE FROM checks WHERE report_id = ? AND origin = 'extract'", (report_id,))
            source = c.execute("SELECT source_id FROM reports WHERE id = ?", (report_id,)).fetchone()
            region = self._report_region(report.agency, source[0] if source is not None else None)
            c.execute(
                "UPDATE reports SET agency = ?, agency_key = ?, year = ?, edition = ?, title = ?, published = ?, "
                "report = ?, evidence = ?, parser_version = ?, extracted_at = ?, region = ?, region_basis = ? "
                "WHERE id = ?",
                (
                    report.agency,
                    agency_key(report.agency),
                    report.year,
                    report.edition,
                    report.title,
                    report.published.isoformat() if report.published else None,
                    _report_json(report),
                    evidence.blob,
                    report.parser_version,
                    now(),
                    *region,
                    report_id,
                ),
            )
            self._put_extraction(report_id, report, evidence)
            self._cross_year(report_id, report.stats)

    def record_not_report(
        self,
        url: str,
        outcome: NotReport,
        *,
        body: bytes | PackedBlob,
        sha256: str,
        source_id: int | None,
        run_id: int | None = None,
        page: FetchFacts | None = None,
        attachments: Sequence[AttachmentRow] = (),
        label: str | None = None,
    ) -> None:
        """A report candidate that is not a report (attachment-only, list page, …): page row + bytes.

        ``pages.result`` becomes ``not_report:<label or outcome.reason>``."""
        with self.transaction() as c:
            self._put_page(
                url,
                page or FetchFacts("ok"),
                source_id=source_id,
                kind="report",
                sha256=sha256,
                body=body,
                result=f"not_report:{label or outcome.reason}",
                error=outcome.message,
                run_id=run_id,
            )
            self._put_attachments(url, sha256, None, attachments)
            cur = c.execute("SELECT id FROM reports WHERE url = ? AND current = 1", (url,)).fetchone()
            if cur is not None:
                # The report stays current (a maintenance page must not retire a year's numbers),
                # but says that its page now shows something else, until the page reads as a report.
                c.execute(
                    "DELETE FROM checks WHERE report_id = ? AND origin = 'store' AND code = ?",
                    (cur["id"], _PAGE_NOT_REPORT),
                )
                self._put_store_check(
                    int(cur["id"]),
                    Check(
                        code=_PAGE_NOT_REPORT,
                        severity="warning",
                        message=f"the page no longer reads as a report ({label or outcome.reason}: "
                        f"{outcome.message}); this stored version is the last one that did",
                    ),
                )

    # ---------------------------------------------------------------- attachments

    def _put_attachments(
        self, page_url: str, page_sha256: str, report_id: int | None, attachments: Sequence[AttachmentRow]
    ) -> None:
        self.conn.executemany(
            "INSERT INTO attachments (page_url, page_sha256, report_id, url, text, kind) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(page_url, page_sha256, url) DO UPDATE SET "
            "report_id = COALESCE(excluded.report_id, attachments.report_id), text = excluded.text",
            [(page_url, page_sha256, report_id, a.url, a.text, a.kind) for a in attachments],
        )

    def attachments(self, page_url: str) -> list[AttachmentRow]:
        """Attachments of the page's current bytes."""
        rows = self.conn.execute(
            "SELECT a.url, a.text, a.kind FROM attachments a JOIN pages p ON p.url = a.page_url "
            "AND p.sha256 = a.page_sha256 WHERE a.page_url = ? ORDER BY a.id",
            (page_url,),
        )
        return [AttachmentRow(r[0], r[1], r[2]) for r in rows]

    # ---------------------------------------------------------------- the cross-year check

    def _cross_year(self, report_id: int, stats: dict[str, int | float] | None = None) -> None:
        """The carry-over check between the saved report's year and the years beside it.
        ``stats``: the saved report's own statistics when the caller holds them (not read back)."""
        row = self.conn.execute("SELECT agency_key, year FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None or row["agency_key"] is None or row["year"] is None:
            return

        def carry(other: int) -> dict[str, int | float]:
            return stats if stats is not None and other == report_id else self._carry_stats(other)

        key, year = row["agency_key"], int(row["year"])
        for newer_year in (year, year + 1):
            older = self._current_for(key, newer_year - 1)
            older_stats = carry(older) if older is not None else None
            # every current report of the newer year (the same report at two URLs, a republished
            # copy) gets the check, and loses it when its cause is gone
            for newer in self._all_current_for(key, newer_year):
                self.conn.execute(
                    "DELETE FROM checks WHERE report_id = ? AND origin = 'store' AND code LIKE 'carry_over_%'",
                    (newer,),
                )
                if older_stats is None:
                    continue
                for check in carry_over_checks(older_stats, carry(newer), newer_year):
                    self._put_store_check(newer, check)

    def _carry_stats(self, report_id: int) -> dict[str, int | float]:
        """The statistics the carry-over check compares (结转下年度 and 上年结转), not all 230."""
        cache = self._key_cache if self._key_cache is not None else {}
        keys = {cache[k]: k for k in _CARRY_KEYS if k in cache}
        if len(keys) < len(_CARRY_KEYS):  # keys not cached (yet): ask the table, without creating any
            marks = ",".join("?" * len(_CARRY_KEYS))
            rows = self.conn.execute(f"SELECT id, key FROM stat_keys WHERE key IN ({marks})", _CARRY_KEYS)
            keys = {int(i): k for i, k in rows}
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT key_id, value FROM stat_values WHERE report_id = ? AND key_id IN ({marks})",
            (report_id, *keys),
        )
        return {keys[int(r[0])]: r[1] for r in rows}

    def _put_store_check(self, report_id: int, check: Check) -> None:
        """A check the store itself makes about a report (across years, or about its page)."""
        self.conn.execute(
            "INSERT INTO checks (report_id, origin, code, severity, message, keys) VALUES (?, 'store', ?, ?, ?, ?)",
            (report_id, check.code, check.severity, check.message, _json(check.keys)),
        )

    def _current_for(self, agency: str, year: int) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM reports WHERE agency_key = ? AND year = ? AND current = 1 ORDER BY published DESC, id DESC LIMIT 1",
            (agency, year),
        ).fetchone()
        return int(row[0]) if row is not None else None

    def current_by_agency_year(self) -> dict[tuple[str, int], list[tuple[int, str]]]:
        """Current reports grouped by (normalised agency, year), as (id, url) in id order. Reports with
        no agency or no year are in no group: an unknown agency is no agency."""
        groups: dict[tuple[str, int], list[tuple[int, str]]] = {}
        for report_id, url, key, year in self.conn.execute(
            "SELECT id, url, agency_key, year FROM reports "
            "WHERE current = 1 AND agency_key IS NOT NULL AND year IS NOT NULL ORDER BY id"
        ):
            groups.setdefault((key, int(year)), []).append((int(report_id), url))
        return groups

    def _all_current_for(self, agency: str, year: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT id FROM reports WHERE agency_key = ? AND year = ? AND current = 1", (agency, year)
        )
        return [int(r[0]) for r in rows]

    def _stats(self, report_id: int) -> dict[str, float]:
        return {
            r[0]: r[1]
            for r in self.conn.execute("SELECT key, value FROM stats WHERE report_id = ?", (report_id,))
        }

    # ---------------------------------------------------------------- reading

    def stats(self, report_id: int) -> dict[str, int | float]:
        return self._stats(report_id)

    def checks(self, report_id: int, *, origin: str | None = None) -> list[Check]:
        sql = "SELECT code, severity, message, keys FROM checks WHERE report_id = ?"
        args: list[Any] = [report_id]
        if origin:
            sql += " AND origin = ?"
            args.append(origin)
        return [
            Check(code=r[0], severity=r[1], message=r[2], keys=json.loads(r[3]))
            for r in self.conn.execute(sql + " ORDER BY id", args)
        ]

    def iter_reports(
        self,
        *,
        year: int | None = None,
        agency: str | None = None,
        all_versions: bool = False,
        parser_version_not: str | None = None,
    ) -> Iterator[ReportRow]:
        """Reports, oldest first; current versions only unless ``all_versions``.

        ``agency`` matches a substring of the agency as written or of the source's name.
        """
        # Ids first, rows one by one: flat memory, and callers may write while iterating.
        for report_id in self.report_ids(
            year=year, agency=agency, all_versions=all_versions, parser_version_not=parser_version_not
        ):
            row = self.report_row(report_id)
            if row is not None:
                yield row

    def report_row(self, report_id: int, *, evidence: bool = True) -> ReportRow | None:
        """One report version; without its evidence (not even read) unless ``evidence``."""
        cols = _REPORT_COLS if evidence else _REPORT_COLS.replace("r.evidence", "NULL")
        row = self.conn.execute(f"SELECT {cols} FROM reports r WHERE r.id = ?", (report_id,)).fetchone()
        return _report_row(row) if row is not None else None

    def report_ids(
        self,
        *,
        year: int | None = None,
        agency: str | None = None,
        all_versions: bool = False,
        parser_version_not: str | None = None,
    ) -> list[int]:
        """The ids :meth:`iter_reports` goes through, in its order."""
        sql = "SELECT r.id FROM reports r LEFT JOIN sources s ON s.id = r.source_id WHERE 1"
        args: list[Any] = []
        if not all_versions:
            sql += " AND r.current = 1"
        if year is not None:
            sql += " AND r.year = ?"
            args.append(year)
        if agency:
            # a substring, not a pattern: "_" and "%" in the text match only themselves
            sql += (
                " AND (r.agency LIKE ? ESCAPE '!' OR s.name LIKE ? ESCAPE '!' OR s.agency LIKE ? ESCAPE '!')"
            )
            escaped = agency.replace("!", "!!").replace("%", "!%").replace("_", "!_")
            args += [f"%{escaped}%"] * 3
        if parser_version_not is not None:
            sql += " AND r.parser_version != ?"
            args.append(parser_version_not)
        order = " ORDER BY r.year, r.agency, r.url, r.version"
        return [int(r[0]) for r in self.conn.execute(sql + order, args)]

    def not_report_pages(self) -> list[PageRow]:
        rows = self.conn.execute(
            "SELECT * FROM pages WHERE kind = 'report' AND result LIKE 'not_report:%' AND sha256 IS NOT NULL ORDER BY url"
        )
        return [PageRow(**dict(r)) for r in rows]

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (for summaries and tests)."""
        out = {}
        for table in ("sources", "pages", "blobs", "reports", "stats", "checks", "attachments", "runs"):
            out[table] = int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        out["current_reports"] = int(
            self.conn.execute("SELECT COUNT(*) FROM reports WHERE current = 1").fetchone()[0]
        )
        return out


_REPORT_COLS = (
    "r.id, r.url, r.version, r.current, r.source_id, r.sha256, r.agency, r.year, r.edition, r.title, "
    "r.published, r.parser_version, r.extracted_at, r.report, r.evidence, r.region, r.region_basis"
)


def _report_json(report: Report) -> str:
    """The ``reports.report`` column: the report as JSON without its evidence (kept apart, packed)."""
    return report.model_dump_json(exclude={"evidence"}, exclude_none=True)


def _report_row(row: sqlite3.Row) -> ReportRow:
    return ReportRow(
        id=int(row[0]),
        url=row[1],
        version=int(row[2]),
        current=bool(row[3]),
        source_id=row[4],
        sha256=row[5],
        agency=row[6],
        year=row[7],
        edition=row[8],
        title=row[9],
        published=row[10],
        parser_version=row[11],
        extracted_at=row[12],
        report_json=row[13],
        evidence_blob=bytes(row[14]) if row[14] is not None else None,
        region=tuple(json.loads(row[15])) if row[15] else (),
        region_basis=row[16] or "none",
    )


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (no semicolons inside our statements; comments dropped)."""
    lines = [ln.split("--", 1)[0] for ln in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _try_lock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
