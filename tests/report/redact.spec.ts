// The one redaction module (issue #13 "one of each helper") and its cost on hostile text (issue #15): one marker
// style, every registered secret in every encoding, JWT / JWE shapes, and time linear in the input for every
// pattern, so that a target's 0.9 MB `eyJeyJ…` error_description cannot stall a worker.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { fingerprint, maskJwtShapes, Redactor, scrubReport, scrubString } from '../../src/report/redact.ts';
import { sampleReport, SAMPLE_RESULTS } from './fixtures/sample-report.ts';

const JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGllbnQtMSJ9.c2lnbmF0dXJlLXZhbHVl';

test('one marker style: [redacted], [redacted:jwt], [redacted:<label>], [redacted:token sha256:…] (RFC 6749 §10.3)', () => {
  const r = new Redactor();
  r.add('s3cr3t:+/ é%&-x', 'client secret');
  r.add('opaque-token-value-1234', 'token');
  const forms = ['s3cr3t:+/ é%&-x', Buffer.from('s3cr3t:+/ é%&-x').toString('base64'), encodeURIComponent('s3cr3t:+/ é%&-x')];
  const out = r.redact(`a ${forms.join(' b ')} c opaque-token-value-1234 d ${JWS} e Bearer abcdefghijk`);
  expect(out).toBe(
    `a [redacted:client secret] b [redacted:client secret] b [redacted:client secret] c [redacted:token ${fingerprint('opaque-token-value-1234')}] d [redacted:jwt] e Bearer [redacted]`,
  );
  expect(scrubReport(sampleReport([{ ...SAMPLE_RESULTS[0]!, message: `got ${JWS}` }])).results[0]!.message).toBe('got [redacted:jwt]');
});

test('the longest registered form wins where forms overlap, as a longest-first alternation would', () => {
  const r = new Redactor();
  r.add('abcdef', 'short');
  r.add('abcdefghij', 'long');
  r.add('zzabcd', 'other');
  expect(r.redact('xabcdefghijy abcdefq zzabcdefghij')).toBe('x[redacted:long]y [redacted:short]q [redacted:other]efghij');
});

test('JWS and JWE shapes are masked wherever they are, up to the end of their dotted run (RFC 7515 §7.1, RFC 7516 §7.1)', () => {
  expect(maskJwtShapes(`x${JWS} y`)).toBe('x[redacted:jwt] y');
  expect(maskJwtShapes('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. rest')).toBe('[redacted:jwt] rest'); // alg none: empty signature
  expect(maskJwtShapes('eyJhbGciOiJSU0EifQ.a2V5a2V5.aXZpdg.Y2lwaGVy.dGFn, next')).toBe('[redacted:jwt], next'); // JWE: 5 parts
  expect(maskJwtShapes('eyJeyJeyJ eyJab.cdefg.h eyJabcd.efg.h')).toBe('eyJeyJeyJ eyJab.cdefg.h eyJabcd.efg.h'); // too short: kept
  expect(scrubString('Basic realm="x", Bearer error="invalid_token"')).toBe('Basic realm="x", Bearer error="invalid_token"');
});

/** CPU time of this process (user + system), best of three, in ms: wall time on a shared CI machine is noise. */
function timeOf(f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

const MB = 1 << 20;
const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

test('redaction is linear in its input: 1 MB of adversarial text for each pattern in well under a second (issue #15)', () => {
  const registered = new Redactor();
  const token = `${'A'.repeat(4095)}B`; // a registered value whose every prefix is the hostile text
  registered.add(token, 'token');
  registered.add('s3cr3t-value', 'client secret');
  const cases: [pattern: string, unit: string, run: (s: string) => unknown][] = [
    ['JWT shape, eyJ without dots (the hang of issue #15)', 'eyJ', (s) => maskJwtShapes(s)],
    ['JWT shape, header and payload without signature dot', 'eyJabcd.eyJabcd', (s) => maskJwtShapes(s)],
    ['JWT shape, header only', 'eyJabcdefgh.', (s) => maskJwtShapes(s)],
    ['registered secrets, prefixes of a 4 KiB token', 'A', (s) => registered.redact(s)],
    ['registered secrets, near-misses of the Base64 form', 'QUFB', (s) => registered.redact(s)],
    ['Basic / Bearer credential, scheme then short values', 'Bearer abc ', (s) => scrubString(s)],
    ['Basic / Bearer credential, scheme then spaces', `Basic${' '.repeat(999)}`, (s) => scrubString(s)],
    [
      'secret member names and kept values in evidence',
      '[aaaa',
      (s) => scrubReport(sampleReport([{ ...SAMPLE_RESULTS[0]!, evidence: { body: { [`${s}_token`]: s, x: `sha256:${s}` } } }])),
    ],
    ['the whole harness redactor on a JSON record', 'eyJ\\"', (s) => registered.redactDeep({ message: s, evidence: { body: { e: s } } })],
  ];
  const rows: string[] = [];
  for (const [pattern, unit, run] of cases) {
    const [small, full, large] = [MB / 4, MB, 2 * MB].map((bytes) => fill(unit, bytes)) as [string, string, string];
    run(small); // warm-up
    const [tSmall, tFull, tLarge] = [small, full, large].map((s) => timeOf(() => run(s))) as [number, number, number];
    rows.push(`${pattern}: 1 MB in ${tFull.toFixed(1)} ms (256 KB ${tSmall.toFixed(1)} ms, 2 MB ${tLarge.toFixed(1)} ms)`);
    expect(tFull, pattern).toBeLessThan(1000);
    // The linear baseline is the same pattern on 256 KB: 8× the input costs about 8× the time when linear, 64×
    // when quadratic. The bound leaves room for JIT warm-up and a loaded machine (sub-5 ms timings are noise).
    expect(tLarge / Math.max(tSmall, 5), pattern).toBeLessThan(24);
  }
  console.log(rows.join('\n'));
});

test('registering values as a case goes is cheap: 20 tokens of ~1.7 KB, a record redacted after each, in well under 0.5 s of CPU (issue #15)', () => {
  // Each token in seven encodings is ~10k pattern characters; a case that requests tokens redacts a record
  // between requests. Rebuilding a Map-per-node automaton from scratch after each one took 2.8 s of CPU here
  // (120 ms now), and tens of MB of garbage per case in every Playwright worker.
  const part = (bytes: number) => randomBytes(bytes).toString('base64url');
  const tokens = Array.from({ length: 20 }, () => `eyJ${part(600)}.${part(400)}.${part(256)}`);
  const record = JSON.stringify({ message: 'x'.repeat(2000), evidence: { body: { access_token: tokens[19] } } });
  const ms = timeOf(() => {
    const r = new Redactor();
    for (const t of tokens) {
      r.add(t, 'token');
      r.redact(record);
    }
    expect(r.redact(`a ${tokens[3]} b`)).toBe(`a [redacted:token ${fingerprint(tokens[3]!)}] b`);
  });
  console.log(`registering 20 tokens: ${ms.toFixed(1)} ms`);
  expect(ms, `${ms.toFixed(0)} ms`).toBeLessThan(500);
});
