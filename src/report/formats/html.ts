// index.html: one self-contained page (no network, opens from file:// and from a CI artifact) with the verdict, an
// inline SVG chart, a level × outcome matrix and every check grouped by suite → case (collapsible, groups with a
// failure open), each linked to its suite file and line, sortable, filterable with the filters kept in the URL
// fragment, and its two-sided evidence with a "copy as curl" button (issue #12). A Content-Security-Policy with
// hashes of the inline style and script forbids every fetch, so the page cannot leak evidence even if a value
// slipped through.
import { createHash } from 'node:crypto';
import {
  LEVELS,
  OUTCOMES,
  type CheckResult,
  type ComplianceReport,
  type Evidence,
  type Outcome,
  type TimelineEntry,
  type Verdict,
} from '../model.ts';
import { sourceLink } from '../source-links.ts';
import { specReference } from '../spec-urls.ts';
import { escapeHtml as h } from './escape.ts';

export interface HtmlOptions {
  /** Prefix of the suite-file links (src/report/source-links.ts); '' = relative to the report's directory. */
  sourceBase?: string;
}

const OUTCOME_LABEL: Record<Outcome, string> = { fail: 'Fail', error: 'Error', warn: 'Warn', skip: 'Skip', pass: 'Pass' };
const OUTCOME_ICON: Record<Outcome, string> = { fail: '✖', error: '⚠', warn: '▲', skip: '–', pass: '✔' };
const VERDICT_LABEL: Record<Verdict, string> = {
  conformant: 'Conformant',
  'not-conformant': 'Not conformant',
  'could-not-test': 'Could not test',
};
/** Chart order: good news first, left to right. */
const CHART_ORDER: readonly Outcome[] = ['pass', 'warn', 'skip', 'error', 'fail'];

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;
--pass:#116329;--pass-bg:#dafbe1;--fail:#a40e26;--fail-bg:#ffebe9;--warn:#7d4e00;--warn-bg:#fff8c5;--skip:#57606a;--skip-bg:#eaeef2;--error:#8a2be2;--error-bg:#f3e8ff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;--link:#79c0ff;
--pass:#56d364;--pass-bg:#0f2d1a;--fail:#ff9492;--fail-bg:#3c1618;--warn:#e3b341;--warn-bg:#33270a;--skip:#9198a1;--skip-bg:#21262d;--error:#d2a8ff;--error-bg:#2a1c40}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header,main,footer{width:100%;padding:1rem 1.5rem}
header{border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:1rem 3rem;align-items:flex-start}
header .about{flex:1 1 24rem}header .overview{flex:2 1 36rem;display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start}
h1{font-size:1.5rem;margin:.25rem 0 .75rem}h2{font-size:1.2rem;margin:1.5rem 0 .75rem}h4{font-size:.85rem;margin:.5rem 0 .25rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
a{color:var(--link)}a:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,button:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.verdict{display:inline-block;font-weight:700;font-size:1.1rem;padding:.25rem .75rem;border-radius:999px;border:2px solid currentColor}
.verdict.conformant{color:var(--pass);background:var(--pass-bg)}.verdict.not-conformant{color:var(--fail);background:var(--fail-bg)}.verdict.could-not-test{color:var(--error);background:var(--error-bg)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.75rem 0 0}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
figure.chart{margin:.5rem 0 0;flex:1 1 22rem;max-width:40rem}figure.chart svg{display:block;width:100%;height:2rem;border-radius:4px}
svg .pass{fill:var(--pass)}svg .fail{fill:var(--fail)}svg .warn{fill:var(--warn)}svg .skip{fill:var(--skip)}svg .error{fill:var(--error)}svg .none{fill:var(--line)}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0 0;padding:0;list-style:none;font-size:.9rem}
.legend .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-.05rem}
.swatch.pass{background:var(--pass)}.swatch.fail{background:var(--fail)}.swatch.warn{background:var(--warn)}.swatch.skip{background:var(--skip)}.swatch.error{background:var(--error)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--panel);white-space:nowrap}a.src{display:block;font-size:.85rem;white-space:nowrap}
table.matrix{width:auto;min-width:24rem}table.matrix td,table.matrix th.num{text-align:right;font-variant-numeric:tabular-nums}table.matrix td.zero{color:var(--muted)}
caption{text-align:left;font-weight:600;padding:.25rem 0}
.badge{display:inline-block;min-width:4.2rem;padding:.05rem .5rem;border-radius:4px;font-weight:600;font-size:.85rem;white-space:nowrap;border:1px solid currentColor}
.badge.pass{color:var(--pass);background:var(--pass-bg)}.badge.fail{color:var(--fail);background:var(--fail-bg)}.badge.warn{color:var(--warn);background:var(--warn-bg)}.badge.skip{color:var(--skip);background:var(--skip-bg)}.badge.error{color:var(--error);background:var(--error-bg)}
.count{font-size:.85rem;font-weight:600;white-space:nowrap;margin-left:.5rem}.count.pass{color:var(--pass)}.count.fail{color:var(--fail)}.count.warn{color:var(--warn)}.count.skip{color:var(--skip)}.count.error{color:var(--error)}
.level{font-weight:600;font-size:.85rem;white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem}
.filters fieldset{border:0;margin:0;padding:0;flex:0 0 auto}.filters fieldset label{margin-right:.9rem}.filters legend{font-weight:600;padding:0;margin-bottom:.35rem}
.filters label{white-space:nowrap}.filters .field{display:flex;flex-direction:column;gap:.25rem}.filters .field label{font-weight:600}
select,input[type=search],button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.25rem .5rem}
button{cursor:pointer}
.toolbar{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:.75rem 0 .25rem}#shown{color:var(--muted);margin:0 auto 0 0}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
details.suite{border:1px solid var(--line);border-radius:6px;margin:.75rem 0}
details.suite>summary{padding:.5rem .75rem;background:var(--panel);border-radius:6px;font-weight:600}
details.suite[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
.suite-name{white-space:nowrap;font-size:1.05rem}.file{font-weight:400;font-size:.85rem;margin-left:.75rem;white-space:nowrap}
details.case{margin:0 .75rem .5rem}details.case>summary{padding:.4rem 0;font-weight:600}.case-title{font-weight:400;color:var(--muted)}
summary{cursor:pointer}summary::marker{color:var(--muted)}
.check-id{font-weight:600;overflow-wrap:break-word}td.check{min-width:10rem;width:24%}td.msg{width:50%;min-width:11rem;overflow-wrap:anywhere}.title{display:block;color:var(--muted);overflow-wrap:anywhere}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.reqs a,.reqs span{display:inline-block;margin-right:.5rem;white-space:nowrap}
th button.sort{border:0;background:none;padding:0;font-weight:700;color:inherit}th button.sort::after{content:" ↕";color:var(--muted)}
th[aria-sort=ascending] button.sort::after{content:" ▲";color:inherit}th[aria-sort=descending] button.sort::after{content:" ▼";color:inherit}
details.evidence{margin-top:.35rem}details.evidence>summary{color:var(--link)}
.ev{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(18rem,100%),1fr));gap:.25rem 1rem}.ev .wide{grid-column:1/-1}
pre{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:.5rem;margin:0;overflow:auto;max-height:24rem;white-space:pre-wrap;overflow-wrap:anywhere}
.curl-head{display:flex;align-items:center;gap:.75rem}.curl-head h4{margin-right:auto}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media (max-width:900px){th,td{padding:.3rem .3rem}details.case{margin:0 .25rem .5rem}.reqs a,.reqs span{white-space:normal;overflow-wrap:anywhere}}
`;

// Filters and sort live in the URL fragment (#outcome=fail,error&level=MUST&suite=…&q=…&sort=time&dir=desc): a link
// or a reload shows the same view, and nothing is sent anywhere (a fragment never leaves the browser).
const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  var root = document.getElementById('checks');
  var rows = Array.prototype.slice.call(root.querySelectorAll('tbody tr'));
  var cases = Array.prototype.slice.call(root.querySelectorAll('details.case'));
  var suites = Array.prototype.slice.call(root.querySelectorAll('details.suite'));
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  var sort = { key: '', dir: 'asc' };
  function boxes(name) { return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]')); }
  function checked(name) {
    var set = {};
    boxes(name).forEach(function (i) { if (i.checked) set[i.value] = true; });
    return set;
  }
  function isDefault() {
    return boxes('outcome').concat(boxes('level')).every(function (i) { return i.checked; }) &&
      !form.elements.suite.value && !form.elements.q.value.trim();
  }
  function writeHash() {
    var p = new URLSearchParams();
    ['outcome', 'level'].forEach(function (name) {
      var all = boxes(name), on = all.filter(function (i) { return i.checked; });
      if (on.length !== all.length) p.set(name, on.map(function (i) { return i.value; }).join(',') || 'none');
    });
    if (form.elements.suite.value) p.set('suite', form.elements.suite.value);
    if (form.elements.q.value.trim()) p.set('q', form.elements.q.value.trim());
    if (sort.key) { p.set('sort', sort.key); p.set('dir', sort.dir); }
    var hash = p.toString();
    var url = location.href.split('#')[0] + (hash ? '#' + hash : '');
    try { history.replaceState(null, '', url); } catch (e) { location.replace(hash ? '#' + hash : '#'); }
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    ['outcome', 'level'].forEach(function (name) {
      var v = p.get(name), set = {};
      if (v !== null) v.split(',').forEach(function (x) { set[x] = true; });
      boxes(name).forEach(function (i) { i.checked = v === null || !!set[i.value]; });
    });
    var suite = p.get('suite') || '';
    form.elements.suite.value = Array.prototype.some.call(form.elements.suite.options, function (o) { return o.value === suite; }) ? suite : '';
    form.elements.q.value = p.get('q') || '';
    sort.key = p.get('sort') || '';
    sort.dir = p.get('dir') === 'desc' ? 'desc' : 'asc';
  }
  function apply() {
    var outcomes = checked('outcome'), levels = checked('level');
    var suite = form.elements.suite.value, text = form.elements.q.value.trim().toLowerCase();
    var filtered = !isDefault(), count = 0;
    rows.forEach(function (row) {
      var visible = outcomes[row.dataset.outcome] && levels[row.dataset.level] &&
        (!suite || row.dataset.suite === suite) && (!text || row.dataset.search.indexOf(text) !== -1);
      row.hidden = !visible;
      if (visible) count++;
    });
    cases.concat(suites).forEach(function (group) {
      var any = !!group.querySelector('tbody tr:not([hidden])');
      group.hidden = !any;
      // Filtering opens what it found; the unfiltered view keeps the failures-open layout.
      if (filtered && any) group.open = true;
    });
    shown.textContent = 'Showing ' + count + ' of ' + rows.length + ' checks';
    empty.hidden = count !== 0;
  }
  function value(row, key) {
    var d = row.dataset;
    if (key === 'time') return d.time === '' ? -1 : Number(d.time);
    if (key === 'outcome' || key === 'level') return Number(d[key + 'Rank']);
    return (key === 'message' ? row.querySelector('.msg-text').textContent : d[key] || '').toLowerCase();
  }
  function sortRows() {
    var key = sort.key || 'index', sign = sort.dir === 'desc' ? -1 : 1;
    root.querySelectorAll('tbody').forEach(function (body) {
      var list = Array.prototype.slice.call(body.children);
      list.sort(function (a, b) {
        var x = value(a, key), y = value(b, key);
        return (x < y ? -sign : x > y ? sign : 0) || Number(a.dataset.index) - Number(b.dataset.index);
      });
      list.forEach(function (r) { body.appendChild(r); });
    });
    root.querySelectorAll('th[data-key]').forEach(function (th) {
      if (th.dataset.key === sort.key) th.setAttribute('aria-sort', sort.dir === 'desc' ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
  }
  function copy(button) {
    var text = button.closest('.curl').querySelector('code').textContent;
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 2000); };
    var fallback = function () {
      var area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      try { document.execCommand('copy'); done(); } finally { area.remove(); }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  form.addEventListener('input', function () { apply(); writeHash(); });
  form.addEventListener('change', function () { apply(); writeHash(); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  root.addEventListener('click', function (e) {
    var button = e.target.closest('button');
    if (!button) return;
    if (button.classList.contains('copy')) return copy(button);
    if (button.classList.contains('sort')) {
      var key = button.closest('th').dataset.key;
      sort.dir = sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc';
      sort.key = key;
      sortRows(); writeHash();
    }
  });
  document.getElementById('expand-all').addEventListener('click', function () { cases.concat(suites).forEach(function (d) { d.open = true; }); });
  document.getElementById('collapse-all').addEventListener('click', function () { cases.concat(suites).forEach(function (d) { d.open = false; }); });
  window.addEventListener('hashchange', function () { readHash(); apply(); sortRows(); });
  readHash(); apply(); sortRows();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const rank = <T>(list: readonly T[], v: T) => list.indexOf(v);
const worst = (results: readonly CheckResult[]) => Math.min(...results.map((r) => rank(OUTCOMES, r.outcome)));
const needsAttention = (results: readonly CheckResult[]) => results.some((r) => r.outcome === 'fail' || r.outcome === 'error');
const anchor = (...parts: string[]) => parts.map((p) => p.replace(/[^A-Za-z0-9_-]+/g, '-')).join('--');

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

const ms = (n: number | undefined) => (n === undefined ? '—' : `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`);

function requestText(e: Evidence): string | undefined {
  const q = e.request;
  if (!q) return undefined;
  const lines = [`${q.method} ${q.url}`, ...Object.entries(q.headers).map(([k, v]) => `${k}: ${v}`)];
  if (q.body !== undefined) lines.push('', q.body);
  return lines.join('\n');
}

function responseText(e: Evidence): string {
  // A 1.0 report has no request side: its method and URL lead the response, as before.
  const first = [e.request ? undefined : [e.method, e.url].filter(Boolean).join(' '), e.status !== undefined ? `→ ${e.status}` : undefined]
    .filter(Boolean)
    .join(' ');
  const rest: Record<string, unknown> = {};
  if (e.headers && Object.keys(e.headers).length) rest.headers = e.headers;
  if (e.body && Object.keys(e.body).length) rest.body = e.body;
  return [first, Object.keys(rest).length ? JSON.stringify(rest, null, 2) : ''].filter(Boolean).join('\n');
}

/** A client's requests (`idp-conformance client`), one line each: time, method, path, status, what it showed. */
function timelineText(timeline: TimelineEntry[]): string {
  const sec = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  return timeline
    .map((t) => {
      const when = t.count ? `${sec(t.atMs)} – ${sec(t.untilMs ?? t.atMs)}` : sec(t.atMs);
      const status = t.status === 0 ? '—' : String(t.status);
      return `${when.padEnd(19)} ${t.count ? `${t.count}× ` : ''}${t.method} ${t.path} → ${status}${t.note ? `  ${t.note}` : ''}`;
    })
    .join('\n');
}

function evidenceBlock(r: CheckResult): string {
  if (!r.evidence) return '';
  const e = r.evidence;
  const request = requestText(e);
  const response = responseText(e);
  const parts = [
    request ? `<section><h4>Request</h4><pre>${h(request)}</pre></section>` : '',
    request || response
      ? `<section><h4>Response${e.elapsedMs !== undefined ? ` · ${ms(e.elapsedMs)}` : ''}</h4><pre>${h(response)}</pre></section>`
      : '',
    e.timeline ? `<section class="wide"><h4>Requests of the client</h4><pre>${h(timelineText(e.timeline))}</pre></section>` : '',
    e.curl
      ? `<section class="curl wide"><div class="curl-head"><h4>Copy as curl</h4><button type="button" class="copy" aria-label="Copy the curl command for ${h(r.checkId)}">Copy</button></div><pre><code>${h(e.curl)}</code></pre></section>`
      : '',
  ];
  const open = r.outcome === 'fail' || r.outcome === 'error' ? ' open' : '';
  return `<details class="evidence"${open}><summary>Evidence <span class="visually-hidden">for ${h(r.checkId)}</span>(redacted)</summary><div class="ev">${parts.join('')}</div></details>`;
}

function row(r: CheckResult, index: number, sourceBase: string): string {
  const search = [r.checkId, r.title, r.suite, r.case, r.message, ...r.requirements].join(' ').toLowerCase();
  const where = r.suiteFile ? `${r.suiteFile}${r.line ? `:${r.line}` : ''}` : '';
  const link = r.suiteFile
    ? `<a class="src" href="${h(sourceLink(sourceBase, r.suiteFile, r.line))}" title="${h(where)}">${r.line ? `line ${r.line}` : 'suite file'}<span class="visually-hidden"> of ${h(r.suiteFile)}</span></a>`
    : '';
  const data = {
    outcome: r.outcome,
    'outcome-rank': rank(OUTCOMES, r.outcome),
    level: r.level,
    'level-rank': rank(LEVELS, r.level),
    suite: r.suite,
    check: r.checkId,
    requirements: r.requirements.join(' '),
    time: r.evidence?.elapsedMs ?? '',
    index,
    search,
  };
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${h(v)}"`)
    .join('');
  return `<tr${attrs}>
<td><span class="badge ${h(r.outcome)}"><span aria-hidden="true">${OUTCOME_ICON[r.outcome]}</span> ${OUTCOME_LABEL[r.outcome]}</span></td>
<td class="level">${h(r.level)}</td>
<td class="check"><code class="check-id">${h(r.checkId)}</code><span class="title">${h(r.title)}</span>${link}</td>
<td class="reqs">${requirementLinks(r)}</td>
<td class="msg"><span class="msg-text">${h(r.message)}</span>${evidenceBlock(r)}</td>
<td class="num">${h(ms(r.evidence?.elapsedMs))}</td>
</tr>`;
}

const COLUMNS: [key: string, label: string, cls?: string][] = [
  ['outcome', 'Outcome'],
  ['level', 'Level'],
  ['check', 'Check'],
  ['requirements', 'Requirements'],
  ['message', 'Message and evidence'],
  ['time', 'Time', 'num'],
];

function counts(results: readonly CheckResult[]): string {
  return OUTCOMES.map((o) => [o, results.filter((r) => r.outcome === o).length] as const)
    .filter(([, n]) => n)
    .map(([o, n]) => `<span class="count ${o}">${n} ${OUTCOME_LABEL[o].toLowerCase()}</span>`)
    .join('');
}

function caseGroup(suite: string, id: string, results: CheckResult[], start: number, sourceBase: string): string {
  const table = `<table class="checks"><caption class="visually-hidden">Checks of ${h(suite)} › ${h(id)}</caption>
<thead><tr>${COLUMNS.map(([key, label, cls]) => `<th scope="col" data-key="${key}"${cls ? ` class="${cls}"` : ''}><button type="button" class="sort">${label}</button></th>`).join('')}</tr></thead>
<tbody>
${results.map((r, i) => row(r, start + i, sourceBase)).join('\n')}
</tbody></table>`;
  return `<details class="case" id="${h(anchor(suite, id))}" data-case="${h(id)}"${needsAttention(results) ? ' open' : ''}><summary>${h(id)}${counts(results)}</summary>
${table}
</details>`;
}

/** Suites and cases: those needing attention first, then by name; checks likewise, then in suite-file order. */
function groups(results: readonly CheckResult[]): [suite: string, cases: [string, CheckResult[]][]][] {
  const suites = new Map<string, Map<string, CheckResult[]>>();
  for (const r of results) {
    const cases = suites.get(r.suite) ?? new Map<string, CheckResult[]>();
    cases.set(r.case, [...(cases.get(r.case) ?? []), r]);
    suites.set(r.suite, cases);
  }
  const order = <T>(entries: [string, T][], all: (v: T) => CheckResult[]) =>
    entries.sort(([a, x], [b, y]) => worst(all(x)) - worst(all(y)) || a.localeCompare(b));
  return order(
    [...suites].map(([s, cases]) => [
      s,
      order([...cases], (v) => v).map(
        ([c, rs]) =>
          [c, [...rs].sort((a, b) => rank(OUTCOMES, a.outcome) - rank(OUTCOMES, b.outcome) || (a.line ?? 0) - (b.line ?? 0))] as [
            string,
            CheckResult[],
          ],
      ),
    ]),
    (cases) => cases.flatMap(([, rs]) => rs),
  );
}

function suiteGroups(results: readonly CheckResult[], sourceBase: string): string {
  let index = 0;
  return groups(results)
    .map(([suite, cases]) => {
      const all = cases.flatMap(([, rs]) => rs);
      const file = all.find((r) => r.suiteFile)?.suiteFile;
      const fileLink = file ? `<a class="file" href="${h(sourceLink(sourceBase, file, undefined))}">${h(file)}</a>` : '';
      const body = cases
        .map(([id, rs]) => {
          const html = caseGroup(suite, id, rs, index, sourceBase);
          index += rs.length;
          return html;
        })
        .join('\n');
      return `<details class="suite" id="${h(anchor(suite))}" data-suite="${h(suite)}"${needsAttention(all) ? ' open' : ''}><summary><span class="suite-name">${h(suite)}</span>${counts(all)}${fileLink}</summary>
${body}
</details>`;
    })
    .join('\n');
}

/** A stacked bar of outcomes, drawn inline (no network, no script): what share of the checks passed. */
function chart(results: readonly CheckResult[]): string {
  const total = results.length;
  const width = 1000;
  let x = 0;
  const segments = CHART_ORDER.map((o) => {
    const n = results.filter((r) => r.outcome === o).length;
    if (!n) return '';
    const w = (n / total) * width;
    const rect = `<rect class="${o}" x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="32"><title>${OUTCOME_LABEL[o]}: ${n}</title></rect>`;
    x += w;
    return rect;
  }).join('');
  const label = CHART_ORDER.map((o) => `${results.filter((r) => r.outcome === o).length} ${OUTCOME_LABEL[o].toLowerCase()}`).join(', ');
  const legend = CHART_ORDER.map(
    (o) =>
      `<li><span class="swatch ${o}" aria-hidden="true"></span>${OUTCOME_LABEL[o]} ${results.filter((r) => r.outcome === o).length}</li>`,
  ).join('');
  return `<figure class="chart" id="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 32" preserveAspectRatio="none" role="img" aria-labelledby="chart-title"><title id="chart-title">${total} checks: ${label}</title>${total ? segments : `<rect class="none" x="0" y="0" width="${width}" height="32"/>`}</svg>
<figcaption><ul class="legend">${legend}</ul></figcaption></figure>`;
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

export function renderHtml(model: ComplianceReport, options: HtmlOptions = {}): string {
  const { summary, target, tool, results } = model;
  const sourceBase = options.sourceBase ?? '';
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
<div class="about">
<h1>IdP conformance report</h1>
<p><span class="verdict ${h(summary.verdict)}" id="verdict">${VERDICT_LABEL[summary.verdict]}</span></p>
<dl class="meta">${meta
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<dt>${k}</dt><dd>${h(v)}</dd>`)
    .join('')}</dl>
</div>
<section class="overview" aria-labelledby="summary-heading"><h2 id="summary-heading" class="visually-hidden">Summary</h2>${chart(results)}${matrix(results)}</section>
</header>
<main>
<section aria-labelledby="checks-heading"><h2 id="checks-heading">Checks by suite and case</h2>
${filters(results)}
<div class="toolbar"><p id="shown" role="status" aria-live="polite">Showing ${results.length} of ${results.length} checks</p><button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></div>
<div id="checks">
${suiteGroups(results, sourceBase)}
</div>
<p id="empty" hidden>No checks match these filters.</p>
</section>
</main>
<footer>Generated by ${h(tool.name)} ${h(tool.version)} from compliance.json (schema ${h(model.schemaVersion)}). Evidence is redacted: no credentials, token values are fingerprints; the curl lines read secrets and tokens from environment variables ($IDP_CLIENT_SECRET, $IDP_ACCESS_TOKEN, $IDP_CLIENT_ASSERTION).</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
