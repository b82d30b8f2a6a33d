/**
 * W3C SPARQL 1.1 test suite (query, update, syntax, result formats) through
 * our HTTP app (SPARQL 1.1 Protocol + Graph Store Protocol on a loopback port),
 * against oxigraph's own pass rate measured in the same run. Pass counts and
 * every failing/skipped test: docs/conformance.md. The protocol and GSP suites:
 * sparql11Protocol.test.ts.
 */
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { HttpEndpoint } from './httpEndpoint.js';
import { BASELINE_FAILURES, OUR_KNOWN_DIFFERENCES } from './knownFailures.js';
import { loadSuite } from './manifest.js';
import { OxigraphEndpoint } from './oxigraphEndpoint.js';
import { PROTOCOL_SUITES, runSuite, SKIPPED_SUITES } from './runner.js';
import { sameOutcome } from './compare.js';
import type { ConformanceTest, TestOutcome } from './types.js';
import N3 from 'n3';

// The protocol and graph-store-protocol suites are HTTP transcripts: sparql11Protocol.test.ts plays them.
const tests = loadSuite().filter((t) => !PROTOCOL_SUITES.includes(t.suite));
let ours: TestOutcome[] = [];
let baseline: TestOutcome[] = [];

const passed = (outcomes: TestOutcome[]) => new Set(outcomes.filter((o) => o.verdict === 'pass').map((o) => o.id));
const failed = (outcomes: TestOutcome[]) => outcomes.filter((o) => o.verdict === 'fail');

function summaryTable(all: readonly ConformanceTest[]): string {
  const oursPass = passed(ours);
  const basePass = passed(baseline);
  const skipped = new Set(ours.filter((o) => o.verdict === 'skip').map((o) => o.id));
  const rows = new Map<string, [number, number, number, number]>();
  for (const t of all) {
    const row = rows.get(t.suite) ?? [0, 0, 0, 0];
    row[0]++;
    if (oursPass.has(t.id)) row[1]++;
    if (basePass.has(t.id)) row[2]++;
    if (skipped.has(t.id)) row[3]++;
    rows.set(t.suite, row);
  }
  const total = [...rows.values()].reduce((a, r) => a.map((x, i) => x + r[i]) as typeof r, [0, 0, 0, 0]);
  const line = (name: string, r: number[]) => `${name.padEnd(22)} ${r.map((x) => String(x).padStart(8)).join(' ')}`;
  return [line('suite', []) + '   total     ours oxigraph  skipped', ...[...rows].map(([s, r]) => line(s, r)), line('ALL', total)].join('\n');
}

beforeAll(async () => {
  baseline = await runSuite(new OxigraphEndpoint(), tests);
  const http = new HttpEndpoint('fabric-http', () => buildHttpApp({ store: new MemoryGraphStore(), config: { bodyLimitBytes: 16 * 1024 * 1024 } }));
  try {
    ours = await runSuite(http, tests);
  } finally {
    await http.close();
  }
  console.log(`W3C SPARQL 1.1 conformance\n${summaryTable(tests)}`);
}, 110_000);

describe('W3C SPARQL 1.1 test suite through the HTTP endpoint', () => {
  it('reads the whole suite from the local fixtures', () => {
    expect(tests.length).toBeGreaterThan(550);
    expect(ours).toHaveLength(tests.length);
  });

  it('passes at least as many tests as oxigraph itself, minus the documented differences', () => {
    const documented = Object.keys(OUR_KNOWN_DIFFERENCES).length;
    expect(passed(ours).size).toBeGreaterThanOrEqual(passed(baseline).size - documented);
  });

  it('fails no test that is not documented in knownFailures.ts / docs/conformance.md', () => {
    const documented = { ...BASELINE_FAILURES, ...OUR_KNOWN_DIFFERENCES };
    const undocumented = failed(ours).filter((o) => !(o.id in documented)).map((o) => `${o.id}: ${o.reason}`);
    expect(undocumented).toEqual([]);
  });

  it('fails every documented failure (a fixed test must leave the list)', () => {
    const oursFailed = new Set(failed(ours).map((o) => o.id));
    const stale = Object.keys({ ...BASELINE_FAILURES, ...OUR_KNOWN_DIFFERENCES }).filter((id) => !oursFailed.has(id));
    expect(stale).toEqual([]);
  });

  it('baseline failures really are oxigraph failures in this run', () => {
    const baseFailed = new Set(failed(baseline).map((o) => o.id));
    expect(Object.keys(BASELINE_FAILURES).filter((id) => !baseFailed.has(id))).toEqual([]);
  });

  it('skips only the whole suites listed with a reason', () => {
    const skippedSuites = new Set(tests.filter((_, i) => ours[i].verdict === 'skip').map((t) => t.suite));
    expect([...skippedSuites].sort()).toEqual(Object.keys(SKIPPED_SUITES).filter((s) => tests.some((t) => t.suite === s)).sort());
  });

  it('the comparison detects a changed solution (guards against a runner that passes everything)', () => {
    const { literal, namedNode } = N3.DataFactory;
    const a = { kind: 'bindings' as const, variables: ['x'], rows: [{ x: literal('1', namedNode('http://www.w3.org/2001/XMLSchema#decimal')) }] };
    const b = { kind: 'bindings' as const, variables: ['x'], rows: [{ x: literal('1.0', namedNode('http://www.w3.org/2001/XMLSchema#decimal')) }] };
    const c = { kind: 'bindings' as const, variables: ['x'], rows: [{ x: literal('2', namedNode('http://www.w3.org/2001/XMLSchema#decimal')) }] };
    expect(sameOutcome(a, b, false)).toBe(true);
    expect(sameOutcome(a, c, false)).toBe(false);
    expect(sameOutcome(a, { ...a, rows: [...a.rows, ...a.rows] }, false)).toBe(false);
  });
});
