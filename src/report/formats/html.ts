// index.html: one self-contained page (no network, opens from file://) with the verdict, a level × outcome matrix
// and every check, filterable by outcome, level, suite and text. A Content-Security-Policy with hashes of the
// inline style and script forbids every fetch, so the page cannot leak evidence even if a value slipped through.
import { createHash } from 'node:crypto';
import { LEVELS, OUTCOMES, type CheckResult, type ComplianceReport, type Outcome, type Verdict } from '../model.ts';
import { specReference } from '../spec-urls.ts';
import { escapeHtml as h } from './escape.ts';
import { byAttention } from './order.ts';

const OUTCOME_LABEL: Record<Outcome, string> = { fail: 'Fail', error: 'Error', warn: 'Warn', skip: 'Skip', pass: 'Pass' };
const OUTCOME_ICON: Record<Outcome, string> = { fail: '✖', error: '⚠', warn: '▲', skip: '–', pass: '✔' };
const VERDICT_LABEL: Record<Verdict, string> = {
  conformant: 'Conformant',
  'not-conformant': 'Not conformant',
  'could-not-test': 'Could not test',
};

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;
--pass:#116329;--pass-bg:#dafbe1;--fail:#a40e26;--fail-bg:#ffebe9;--warn:#7d4e00;--warn-bg:#fff8c5;--skip:#57606a;--skip-bg:#eaeef2;--error:#8a2be2;--error-bg:#f3e8ff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;--link:#79c0ff;
--pass:#56d364;--pass-bg:#0f2d1a;--fail:#ff9492;--fail-bg:#3c1618;--warn:#e3b341;--warn-bg:#33270a;--skip:#9198a1;--skip-bg:#21262d;--error:#d2a8ff;--error-bg:#2a1c40}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header,main,footer{max-width:1200px;margin:0 auto;padding:1rem 1.5rem}
header{border-bottom:1px solid var(--line)}
h1{font-size:1.5rem;margin:.25rem 0 .75rem}h2{font-size:1.2rem;margin:1.5rem 0 .75rem}
a{color:var(--link)}a:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.verdict{display:inline-block;font-weight:700;font-size:1.1rem;padding:.25rem .75rem;border-radius:999px;border:2px solid currentColor}
.verdict.conformant{color:var(--pass);background:var(--pass-bg)}.verdict.not-conformant{color:var(--fail);background:var(--fail-bg)}.verdict.could-not-test{color:var(--error);background:var(--error-bg)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.75rem 0 0}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--panel)}#checks thead th{position:sticky;top:0;z-index:1}
table.matrix{width:auto;min-width:24rem}table.matrix td,table.matrix th.num{text-align:right;font-variant-numeric:tabular-nums}table.matrix td.zero{color:var(--muted)}
caption{text-align:left;font-weight:600;padding:.25rem 0}
.badge{display:inline-block;min-width:4.2rem;padding:.05rem .5rem;border-radius:4px;font-weight:600;font-size:.85rem;white-space:nowrap;border:1px solid currentColor}
.badge.pass{color:var(--pass);background:var(--pass-bg)}.badge.fail{color:var(--fail);background:var(--fail-bg)}.badge.warn{color:var(--warn);background:var(--warn-bg)}.badge.skip{color:var(--skip);background:var(--skip-bg)}.badge.error{color:var(--error);background:var(--error-bg)}
.level{font-weight:600;font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:.75rem;flex-wrap:wrap}.filters legend{font-weight:600;padding:0;margin-bottom:.25rem;float:left;width:100%}
.filters label{white-space:nowrap}.filters .field{display:flex;flex-direction:column;gap:.25rem}.filters .field label{font-weight:600}
select,input[type=search]{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.25rem .4rem}
#shown{color:var(--muted);margin:.75rem 0 .25rem}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.check-id{font-weight:600;overflow-wrap:anywhere}#checks td{overflow-wrap:anywhere}td.msg{min-width:12rem}.title{display:block;color:var(--muted)}
.reqs a,.reqs span{display:inline-block;margin-right:.5rem;white-space:nowrap}
details{margin-top:.35rem}summary{cursor:pointer;color:var(--link)}
pre{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:.5rem;overflow:auto;max-height:24rem;white-space:pre-wrap;overflow-wrap:anywhere}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
`;

const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#checks tbody tr'));
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  function checked(name) {
    var set = {};
    form.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (i) { set[i.value] = true; });
    return set;
  }
  function apply() {
    var outcomes = checked('outcome'), levels = checked('level');
    var suite = form.elements.suite.value, text = form.elements.q.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var visible = outcomes[row.dataset.outcome] && levels[row.dataset.level] &&
        (!suite || row.dataset.suite === suite) && (!text || row.dataset.search.indexOf(text) !== -1);
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = 'Showing ' + count + ' of ' + rows.length + ' checks';
    empty.hidden = count !== 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function requirementLinks(r: CheckResult): string {
  const links = r.requirements.map((id, i) => {
    const ref = specReference(id);
    const url = ref?.url ?? r.specUrls[i];
    if (!url) return `<span>${h(id)}</span>`;
    return `<a href="${h(url)}" title="${h(ref?.label ?? url)}" rel="noopener noreferrer">${h(id)}</a>`;
  });
  const extra = r.specUrls.filter((u) => !r.requirements.some((id) => specReference(id)?.url === u));
  if (!r.requirements.length) links.push(...extra.map((u) => `<a href="${h(u)}" rel="noopener noreferrer">${h(u)}</a>`));
  return links.join(' ');
}

function evidenceBlock(r: CheckResult): string {
  if (!r.evidence) return '';
  const e = r.evidence;
  const line = [e.method, e.url, e.status !== undefined ? `→ ${e.status}` : undefined].filter(Boolean).join(' ');
  const rest: Record<string, unknown> = {};
  if (e.headers && Object.keys(e.headers).length) rest.headers = e.headers;
  if (e.body && Object.keys(e.body).length) rest.body = e.body;
  const text = [line, Object.keys(rest).length ? JSON.stringify(rest, null, 2) : ''].filter(Boolean).join('\n');
  return `<details><summary>Evidence <span class="visually-hidden">for ${h(r.checkId)}</span>(redacted)</summary><pre>${h(text)}</pre></details>`;
}

function row(r: CheckResult): string {
  const search = [r.checkId, r.title, r.suite, r.case, r.message, ...r.requirements].join(' ').toLowerCase();
  return `<tr data-outcome="${h(r.outcome)}" data-level="${h(r.level)}" data-suite="${h(r.suite)}" data-search="${h(search)}">
<td><span class="badge ${h(r.outcome)}"><span aria-hidden="true">${OUTCOME_ICON[r.outcome]}</span> ${OUTCOME_LABEL[r.outcome]}</span></td>
<td class="level">${h(r.level)}</td>
<td><code class="check-id">${h(r.checkId)}</code><span class="title">${h(r.title)}</span></td>
<td>${h(r.suite)}<br><span class="title">${h(r.case)}</span></td>
<td class="reqs">${requirementLinks(r)}</td>
<td class="msg">${h(r.message)}${evidenceBlock(r)}</td>
</tr>`;
}

function matrix(results: readonly CheckResult[]): string {
  const cells = (of: readonly CheckResult[]) =>
    OUTCOMES.map((o) => {
      const n = of.filter((r) => r.outcome === o).length;
      return `<td${n ? '' : ' class="zero"'}>${n}</td>`;
    }).join('') + `<td>${of.length}</td>`;
  return `<table class="matrix"><caption>Checks by requirement level and outcome</caption>
<thead><tr><th scope="col">Level</th>${OUTCOMES.map((o) => `<th scope="col" class="num">${OUTCOME_LABEL[o]}</th>`).join('')}<th scope="col" class="num">Total</th></tr></thead>
<tbody>${LEVELS.map((l) => `<tr><th scope="row">${l}</th>${cells(results.filter((r) => r.level === l))}</tr>`).join('\n')}</tbody>
<tfoot><tr><th scope="row">All</th>${cells(results)}</tr></tfoot></table>`;
}

function filters(results: readonly CheckResult[]): string {
  const count = (pred: (r: CheckResult) => boolean) => results.filter(pred).length;
  const box = (name: string, value: string, label: string, n: number) =>
    `<label><input type="checkbox" name="${name}" value="${h(value)}" checked> ${h(label)} (${n})</label>`;
  const suites = [...new Set(results.map((r) => r.suite))].sort();
  return `<form id="filters" class="filters" role="search" aria-label="Filter checks">
<fieldset><legend>Outcome</legend>${OUTCOMES.map((o) =>
    box(
      'outcome',
      o,
      OUTCOME_LABEL[o],
      count((r) => r.outcome === o),
    ),
  ).join('')}</fieldset>
<fieldset><legend>Level</legend>${LEVELS.map((l) =>
    box(
      'level',
      l,
      l,
      count((r) => r.level === l),
    ),
  ).join('')}</fieldset>
<div class="field"><label for="f-suite">Suite</label><select id="f-suite" name="suite"><option value="">All suites</option>${suites
    .map((s) => `<option value="${h(s)}">${h(s)}</option>`)
    .join('')}</select></div>
<div class="field"><label for="f-q">Search</label><input id="f-q" name="q" type="search" placeholder="check id, requirement, text"></div>
</form>`;
}

export function renderHtml(model: ComplianceReport): string {
  const { summary, target, tool } = model;
  const results = byAttention(model.results);
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const meta: [string, string | undefined][] = [
    ['Target', target.name],
    ['Issuer', target.issuer],
    ['Profile', target.profile],
    ['Started', model.startedAt],
    ['Duration', `${(model.durationMs / 1000).toFixed(1)} s`],
    [
      'Checks',
      `${summary.total} (${summary.passed} passed, ${summary.failed} failed, ${summary.warned} warned, ${summary.skipped} skipped, ${summary.errors} errors)`,
    ],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${h(`${VERDICT_LABEL[summary.verdict]}: ${target.name} (IdP conformance)`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>IdP conformance report</h1>
<p><span class="verdict ${h(summary.verdict)}" id="verdict">${VERDICT_LABEL[summary.verdict]}</span></p>
<dl class="meta">${meta
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<dt>${k}</dt><dd>${h(v)}</dd>`)
    .join('')}</dl>
</header>
<main>
<section aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2>${matrix(results)}</section>
<section aria-labelledby="checks-heading"><h2 id="checks-heading">Checks</h2>
${filters(results)}
<p id="shown" role="status" aria-live="polite">Showing ${results.length} of ${results.length} checks</p>
<table id="checks"><caption class="visually-hidden">Every check, most severe first</caption>
<thead><tr><th scope="col">Outcome</th><th scope="col">Level</th><th scope="col">Check</th><th scope="col">Suite / case</th><th scope="col">Requirements</th><th scope="col">Message and evidence</th></tr></thead>
<tbody>
${results.map(row).join('\n')}
</tbody></table>
<p id="empty" hidden>No checks match these filters.</p>
</section>
</main>
<footer>Generated by ${h(tool.name)} ${h(tool.version)} from compliance.json (schema ${h(model.schemaVersion)}). Evidence is redacted: no credentials, token values are fingerprints.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
