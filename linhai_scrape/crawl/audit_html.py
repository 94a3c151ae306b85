"""The audit as one self-contained HTML page: it opens offline, from a file, with nothing fetched.

Everything is inline: the style, a small script that filters the findings by code and severity, and
the charts (SVG drawn by matplotlib, the optional ``report`` extra; without it the page says so). The
only addresses in the page are the reports' own pages, as links.

Order: the totals; per region and year the bodies ranked by score (the formula printed beside it)
with the region's heat map of scores by body and year; the summary per agency and year; the findings
with their evidence; per agency, its charts of applications received and outcome shares by year;
the codes.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable

from ..models import Severity
from .audit import OUTCOME_KEYS, Audit, AuditedReport, Finding, region_text
from .audit_charts import OUTCOME_COLOURS, REPORT_EXTRA, body_chart, charts_available, heat_map
from .auditcodes import AUDIT_CODES

__all__ = ["render_html"]

# Beyond these, a page of a whole province's store would take minutes to draw and weigh megabytes:
# the agencies (and a heat map's bodies) with the highest scores are drawn, and the page says so.
MAX_AGENCY_CHARTS = 60
MAX_HEAT_MAP_BODIES = 40

_SEVERITIES: tuple[tuple[Severity, str], ...] = (
    ("error", "errors"),
    ("warning", "warnings"),
    ("info", "notes"),
)

_STYLE = """
:root { --error: #c62828; --warning: #ef6c00; --info: #607d8b; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei",
       sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 4rem; color: #222; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin-top: 2.2rem;
  border-bottom: 2px solid #222; padding-bottom: .2rem; } h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
nav a { margin-right: 1rem; } .muted { color: #666; } .formula { font-family: ui-monospace, monospace;
  background: #f5f5f5; padding: .1rem .4rem; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #fafafa; font-weight: 600; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; min-width: 4.6em; padding: 0 .4em; border-radius: 3px; color: #fff;
  font-size: .8em; text-align: center; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); }
.sev.info { background: var(--info); }
.totals span { margin-right: 1.2rem; font-size: 1.05rem; }
.ranking { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.ranking > div { flex: 1 1 420px; } .ranking figure { margin: 0; flex: 0 1 auto; }
.filters { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; background: #f5f5f5;
  padding: .5rem .8rem; border-radius: 4px; position: sticky; top: 0; }
ul.evidence { margin: 0; padding-left: 1.1rem; font-size: .9em; color: #333; }
code { font-size: .9em; } .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.chart { border: 1px solid var(--line); border-radius: 4px; padding: .4rem .6rem; flex: 0 1 auto; }
.chart h3 { margin: 0 0 .2rem; font-size: .95rem; } svg { max-width: 100%; height: auto; }
.legend span { display: inline-block; margin-right: .9rem; } .legend i { display: inline-block; width: .8em;
  height: .8em; margin-right: .3em; vertical-align: -.05em; }
.note { background: #fff8e1; border: 1px solid #ffe082; padding: .5rem .8rem; border-radius: 4px; }
tr[hidden] { display: none; }
"""

_SCRIPT = """
(function () {
  var code = document.getElementById('filter-code');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=severity]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings-table tbody tr'));
  var shown = document.getElementById('filter-shown');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var n = 0;
    rows.forEach(function (r) {
      var ok = (!code.value || r.dataset.code === code.value) && on[r.dataset.severity];
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  code.addEventListener('change', apply);
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _sev(severity: str) -> str:
    return f'<span class="sev {_e(severity)}">{_e(severity)}</span>'


def _agency(r: AuditedReport) -> str:
    return r.agency or "(agency unknown)"


def render_html(result: Audit) -> str:
    charts = charts_available()
    chosen = result.selected
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>linhai-scrape audit · {_e(result.database)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        *_header(result),
        *_rankings(result, charts),
        *_summary(chosen),
        *_findings(chosen),
        *_charts(result, charts),
        *_codes(),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(out)


def _header(result: Audit) -> Iterable[str]:
    totals = result.totals()
    filters = ", ".join(f"--{k} {v}" for k, v in result.filters.items() if v is not None) or "none"
    yield f"<h1>Audit of {len(result.selected)} report(s)</h1>"
    yield (
        f'<p class="muted">database <code>{_e(result.database)}</code> · filters: {_e(filters)}'
        + (
            f" · {result.duplicates_skipped} copy(ies) of a report stored twice not audited again"
            if result.duplicates_skipped
            else ""
        )
        + "</p>"
    )
    yield (
        '<p class="totals">'
        + "".join(
            f"<span>{_sev(sev)} {totals.get(sev, 0)} {label if totals.get(sev, 0) != 1 else label[:-1]}</span>"
            for sev, label in _SEVERITIES
        )
        + "</p>"
    )
    yield (
        '<nav><a href="#rankings">Rankings</a><a href="#summary">Summary</a><a href="#findings">Findings</a>'
        '<a href="#charts">Charts</a><a href="#codes">Codes</a></nav>'
    )


def _rankings(result: Audit, charts: bool) -> Iterable[str]:
    yield '<h2 id="rankings">Rankings by region and year</h2>'
    yield (
        f'<p>Bodies ordered by their findings; <span class="formula">{_e(result.score_formula)}</span>. '
        "Equal scores share a rank.</p>"
    )
    by_region: dict[tuple[str, ...], list] = defaultdict(list)
    for ranking in result.rankings:
        by_region[tuple(ranking.region)].append(ranking)
    for region, rankings in by_region.items():
        yield f"<h3>{_e(region_text(region))}</h3>"
        yield '<div class="ranking"><div>'
        for ranking in rankings:
            yield (
                f'<table><caption style="text-align:left"><b>{_e(ranking.year or "year unknown")}</b> · '
                f'<span class="formula">{_e(result.score_formula)}</span></caption>'
                '<thead><tr><th class="n">rank</th><th>body</th><th class="n">score</th>'
                '<th class="n">errors</th><th class="n">warnings</th><th class="n">notes</th></tr></thead><tbody>'
            )
            for body in ranking.bodies:
                yield (
                    f'<tr><td class="n">{body.rank}</td><td><a href="#r{body.report_id}">'
                    f'{_e(body.agency or "(agency unknown)")}</a></td><td class="n"><b>{body.score}</b></td>'
                    + "".join(f'<td class="n">{body.counts.get(sev, 0)}</td>' for sev, _ in _SEVERITIES)
                    + "</tr>"
                )
            yield "</tbody></table>"
        yield "</div>"
        yield from _heat_map(result, region, charts)
        yield "</div>"


def _heat_map(result: Audit, region: tuple[str, ...], charts: bool) -> Iterable[str]:
    members = [r for r in result.reports if tuple(r.region) == region and r.year is not None]
    chosen_bodies = {r.body for r in result.selected if tuple(r.region) == region}
    members = [r for r in members if r.body in chosen_bodies]
    if not members:
        return
    if not charts:
        yield f'<figure><p class="note">The heat map needs the report extra: <code>{_e(REPORT_EXTRA)}</code></p></figure>'
        return
    names: dict[str | None, str] = {}
    scores: dict[tuple[str, int], int] = {}
    for r in sorted(members, key=lambda r: (r.year or 0, r.report_id)):
        names[r.body] = _agency(r)  # the latest name a body went by
    for r in members:
        assert r.year is not None
        key = (names[r.body], r.year)
        scores[key] = max(scores.get(key, 0), r.score)
    total: dict[str, int] = defaultdict(int)
    for (name, _year), value in scores.items():
        total[name] += value
    bodies = sorted(sorted(total, key=lambda b: (-total[b], b))[:MAX_HEAT_MAP_BODIES])
    cut = (
        f"; the {len(bodies)} of {len(total)} bodies with the highest scores"
        if len(total) > len(bodies)
        else ""
    )
    years = sorted({r.year for r in members if r.year is not None})
    yield (
        f'<figure><figcaption class="muted">scores by body and year ({_e(result.score_formula)}{cut})</figcaption>'
        f"{heat_map(bodies, years, scores)}</figure>"
    )


def _summary(chosen: list[AuditedReport]) -> Iterable[str]:
    yield '<h2 id="summary">Summary per agency and year</h2>'
    yield (
        '<table><thead><tr><th>agency</th><th class="n">year</th><th>region</th><th>edition</th>'
        '<th>published</th><th class="n">errors</th><th class="n">warnings</th><th class="n">notes</th>'
        '<th class="n">score</th></tr></thead><tbody>'
    )
    for r in sorted(chosen, key=lambda r: (_agency(r), r.year or 0)):
        basis = "" if r.region_basis == "source" else f' <span class="muted">({_e(r.region_basis)})</span>'
        yield (
            f'<tr id="r{r.report_id}"><td><a href="{_e(r.url)}">{_e(_agency(r))}</a></td>'
            f'<td class="n">{_e(r.year or "")}</td><td>{_e(region_text(r.region))}{basis}</td>'
            f"<td>{_e(r.edition or '')}</td><td>{_e(r.published or 'unknown')}</td>"
            + "".join(f'<td class="n">{r.counts.get(sev, 0)}</td>' for sev, _ in _SEVERITIES)
            + f'<td class="n"><b>{r.score}</b></td></tr>'
        )
    yield "</tbody></table>"


def _findings(chosen: list[AuditedReport]) -> Iterable[str]:
    rows = [
        (r, f)
        for r in sorted(chosen, key=lambda r: (tuple(r.region), _agency(r), r.year or 0))
        for f in sorted(r.findings, key=lambda f: ("error", "warning", "info").index(f.severity))
    ]
    present = sorted({f.code for _, f in rows}, key=list(AUDIT_CODES).index)
    yield '<h2 id="findings">Findings</h2>'
    yield '<div class="filters"><label>code <select id="filter-code"><option value="">all codes</option>'
    for code in present:
        yield f'<option value="{_e(code)}">{_e(code)} — {_e(AUDIT_CODES[code].title)}</option>'
    yield "</select></label>"
    for sev, label in _SEVERITIES:
        yield f'<label><input type="checkbox" name="severity" value="{sev}" checked> {_e(label)}</label>'
    yield f'<span class="muted">showing <b id="filter-shown">{len(rows)}</b> of {len(rows)}</span></div>'
    yield (
        '<table id="findings-table"><thead><tr><th>severity</th><th>code</th><th>agency</th>'
        '<th class="n">year</th><th>finding</th><th>evidence</th></tr></thead><tbody>'
    )
    for r, f in rows:
        yield (
            f'<tr data-code="{_e(f.code)}" data-severity="{_e(f.severity)}"><td>{_sev(f.severity)}</td>'
            f'<td><code>{_e(f.code)}</code></td><td><a href="#r{r.report_id}">{_e(_agency(r))}</a></td>'
            f'<td class="n">{_e(r.year or "")}</td><td>{_e(f.message)}</td><td>{_evidence(f)}</td></tr>'
        )
    yield "</tbody></table>"
    if not rows:
        yield "<p>No findings.</p>"


def _evidence(f: Finding) -> str:
    if not f.evidence:
        return ""
    return '<ul class="evidence">' + "".join(f"<li>{_e(e.line())}</li>" for e in f.evidence) + "</ul>"


def _charts(result: Audit, charts: bool) -> Iterable[str]:
    yield '<h2 id="charts">Applications by agency and year</h2>'
    if not charts:
        yield (
            '<p class="note">Charts need the report extra (matplotlib): '
            f"<code>{_e(REPORT_EXTRA)}</code>. Everything else on this page is complete without it.</p>"
        )
        return
    yield (
        '<p class="legend">outcome shares: '
        + "".join(
            f'<span><i style="background:{colour}"></i>{_e(label)}</span>'
            for (_, label), colour in zip(OUTCOME_KEYS, OUTCOME_COLOURS, strict=False)
        )
        + ' <span class="muted">n/a: not stated (never drawn as 0)</span></p>'
    )
    by_body: dict[str | None, list[AuditedReport]] = defaultdict(list)
    for r in result.reports:
        if r.year is not None:
            by_body[r.body or f"#{r.report_id}"].append(r)
    score: dict[str, int] = defaultdict(int)
    for r in result.selected:
        score[r.body or f"#{r.report_id}"] += r.score
    # a chart per agency, for the agencies with most findings when there are too many to draw
    drawn = sorted(score, key=lambda b: (-score[b], b))[:MAX_AGENCY_CHARTS]
    if len(score) > len(drawn):
        yield (
            f'<p class="note">Charts for the {len(drawn)} agencies with the highest scores of {len(score)}: '
            "choose others with <code>--agency</code> or <code>--year</code>.</p>"
        )
    yield '<div class="charts">'
    for body in sorted(drawn, key=lambda b: _agency(max(by_body[b], key=lambda r: r.year or 0))):
        reports = sorted(by_body[body], key=lambda r: (r.year or 0, r.report_id))
        years = sorted({r.year for r in reports if r.year is not None})
        received = {
            r.year: float(r.new_received)
            for r in reports
            if r.year is not None and r.new_received is not None
        }
        shares = {r.year: r.outcome_shares for r in reports if r.year is not None and r.outcome_shares}
        svg = body_chart(years, received, shares, [k for k, _ in OUTCOME_KEYS])
        yield f'<div class="chart"><h3>{_e(_agency(reports[-1]))}</h3>{svg}</div>'
    yield "</div>"


def _codes() -> Iterable[str]:
    yield '<h2 id="codes">Codes</h2>'
    yield "<table><thead><tr><th>code</th><th>severity</th><th>what it says</th></tr></thead><tbody>"
    for code, spec in AUDIT_CODES.items():
        yield f"<tr><td><code>{_e(code)}</code></td><td>{_sev(spec.severity)}</td><td>{_e(spec.description)}</td></tr>"
    yield "</tbody></table>"
