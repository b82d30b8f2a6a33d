/**
 * End to end: the compiled `continuum` CLI (dist/, built by `npm test` before jest)
 * against a real node process on a free port with a temporary data directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startNode as startServe, stopNode, type RunningNode } from './support/runningNode.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';

/** CF_E2E_REPLICAS=n overrides the replica count, to tell replica faults apart. */
const replicas = process.env.CF_E2E_REPLICAS ? ['--replicas', process.env.CF_E2E_REPLICAS] : [];
const startNode = (dataDir: string, extra: string[] = []): Promise<RunningNode> => startServe(dataDir, [...extra, ...replicas]);

/**
 * The demo node without the incremental reasoner and trust on change: these tests count the store's quads exactly,
 * and those write derived triples and trust scores in the background (docs/reasoner.md, docs/trust.md).
 */
const STATIC_DEMO = ['--demo', '--no-incremental-reasoning'];

describe('continuum CLI against a running node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-cli-e2e-'));
  const dataDir = join(dir, 'data');
  let node: RunningNode | undefined;

  afterAll(async () => {
    if (node) await stopNode(node);
    rmSync(dir, { recursive: true, force: true });
  });

  const countQuery = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
  const countOf = async (url: string) => Number(JSON.parse((await cli(['query', '--url', url, '-o', 'json', countQuery])).stdout).results.bindings[0].n.value);

  it('serves the demo continuum on a fresh data dir and answers a competency query', async () => {
    node = await startNode(dataDir, STATIC_DEMO);
    expect(node.output()).toMatch(/Fresh data dir: loaded ontology .* and the demo continuum/);
    const r = await cli(['query', '--url', node.url, `PREFIX aeros: <${AEROS}> SELECT ?domain (COUNT(?ie) AS ?ies) WHERE { ?ie aeros:domain ?domain } GROUP BY ?domain ORDER BY ?domain`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^domain\s+\| ies\n-+\+-+\n/);
    expect(r.stdout).toContain('urn:ngsi-ld:Domain:cloud    | 10');
    expect(r.stdout).toContain('(3 rows)');
  });

  it('loads Turtle into a named graph and N-Quads in chunks, then queries as table, json and csv', async () => {
    const ttl = join(dir, 'extra.ttl');
    writeFileSync(ttl, `@prefix aeros: <${AEROS}> .\n<urn:ngsi-ld:InfrastructureElement:extra> a aeros:InfrastructureElement ; aeros:cpuCores 96 ; aeros:domain <urn:ngsi-ld:Domain:cloud> .\n`);
    const before = await countOf(node!.url);
    const r1 = await cli(['load', '--url', node!.url, ttl, '--graph', 'urn:ngsi-ld:InfrastructureElement:extra']);
    expect(r1).toMatchObject({ code: 0 });
    expect(r1.stderr).toContain('Loaded 3 statements');

    const nq = join(dir, 'bulk.nq');
    writeFileSync(nq, Array.from({ length: 1000 }, (_, i) => `<urn:bulk:${i}> <urn:p> "${i}" <urn:bulk> .`).join('\n') + '\n');
    const r2 = await cli(['load', '--url', node!.url, nq, '--chunk-size', '100']);
    expect(r2.code).toBe(0);
    expect(await countOf(node!.url)).toBe(before + 1003);

    const q = `PREFIX aeros: <${AEROS}> SELECT ?ie ?cores WHERE { GRAPH <urn:ngsi-ld:InfrastructureElement:extra> { ?ie aeros:cpuCores ?cores } }`;
    const table = await cli(['query', '--url', node!.url, q]);
    const ie = 'urn:ngsi-ld:InfrastructureElement:extra';
    expect(table.stdout).toBe(`${'ie'.padEnd(ie.length)} | cores\n${'-'.repeat(ie.length)}-+------\n${ie} | 96\n(1 row)\n`);
    const json = JSON.parse((await cli(['query', '--url', node!.url, '-o', 'json', q])).stdout);
    expect(json.results.bindings[0].cores.value).toBe('96');
    const csv = await cli(['query', '--url', node!.url, '-o', 'csv', q]);
    expect(csv.stdout.replace(/\r/g, '')).toBe('ie,cores\nurn:ngsi-ld:InfrastructureElement:extra,96\n');
  });

  it('reads the query from --file', async () => {
    const rq = join(dir, 'ask.rq');
    writeFileSync(rq, 'ASK { GRAPH <urn:bulk> { <urn:bulk:999> ?p ?o } }');
    expect((await cli(['query', '--url', node!.url, '-f', rq])).stdout).toBe('true\n');
  });

  it('prints server errors (RFC 7807) readably with a non-zero exit code', async () => {
    const r = await cli(['query', '--url', node!.url, 'SELEC ?x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: the node answered 400 SPARQL syntax error: .*\(line 1, column \d+\)/);
    const bad = join(dir, 'bad.nt');
    writeFileSync(bad, '<urn:a> <urn:b> .\n');
    const r2 = await cli(['load', '--url', node!.url, bad]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/error: the node answered 400 RDF syntax error/);
  });

  it('dumps the dataset and one graph as N-Quads / N-Triples', async () => {
    const all = await cli(['dump', '--url', node!.url]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('<urn:bulk:7> <urn:p> "7" <urn:bulk> .');
    expect(all.stdout.trim().split('\n').length).toBe(await countOf(node!.url));
    const one = await cli(['dump', '--url', node!.url, '--graph', 'urn:bulk']);
    expect(one.stdout.trim().split('\n')).toHaveLength(1000);
  });

  it('refuses an offline load while the node holds the data dir', async () => {
    const r = await cli(['load', '--data-dir', dataDir, join(dir, 'extra.ttl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: Data directory .* is in use by another Continuum Fabric node/);
  });

  it('explains an IE: what the reasoner derived about it, its trust score in plain words (issue 4 "Explanations")', async () => {
    expect((await fetch(`${node!.url}/reasoner/run`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${node!.url}/trust/recompute`, { method: 'POST' })).status).toBe(200);
    const first = await cli(['query', '--url', node!.url, '-o', 'json', `SELECT ?ie WHERE { ?ie a <${AEROS}InfrastructureElement> } ORDER BY ?ie LIMIT 1`]);
    const ie = JSON.parse(first.stdout).results.bindings[0].ie.value as string;
    const r = await cli(['explain', '--url', node!.url, ie]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`<${ie}> <https://smartdatamodels.org/dataModel.IT/cpuArchitecture>`);
    expect(r.stdout).toMatch(/derived by rule subproperty-statement \(rule set rdfs-owl\)/);
    expect(r.stdout).toMatch(new RegExp(`\nTrust score:\n\n  Trust score [0-9.]+ of <${ie.replace(/[.:]/g, '\\$&')}>, computed at .*: 0\\.3 × reliability [0-9.]+ \\+ 0\\.5 × security`));
    expect(r.stdout).toMatch(/\n  Reliability [0-9.]+: TOPSIS closeness among the \d+ IEs of domain </);
    const json = JSON.parse((await cli(['explain', '--url', node!.url, '-o', 'json', ie])).stdout);
    expect(json.trust.infrastructureElement).toBe(ie);
    expect(json.explanations.length).toBeGreaterThan(0);
  });

  it('keeps the data across SIGTERM and restart; offline load and dump work on the stopped data dir', async () => {
    const before = await countOf(node!.url);
    expect(await stopNode(node!)).toBe(0);
    node = undefined;

    const offline = join(dir, 'offline.nt');
    writeFileSync(offline, '<urn:offline:a> <urn:p> "o" .\n');
    const r = await cli(['load', '--data-dir', dataDir, offline, '--graph', 'urn:offline']);
    expect(r.code).toBe(0);
    const dumped = await cli(['dump', '--data-dir', dataDir, '--graph', 'urn:offline']);
    expect(dumped.stdout).toBe('<urn:offline:a> <urn:p> "o" .\n');

    node = await startNode(dataDir, STATIC_DEMO);
    expect(node.output()).not.toContain('Fresh data dir'); // not re-seeded
    expect(await countOf(node.url)).toBe(before + 1);
    const ask = await cli(['query', '--url', node.url, 'ASK { GRAPH <urn:ngsi-ld:InfrastructureElement:extra> { ?s ?p 96 } }']);
    expect(ask.stdout).toBe('true\n');
  });
});

describe('continuum validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for a conforming file and 1 with a readable report for a violating one', async () => {
    const good = join(dir, 'good.ttl');
    writeFileSync(good, `@prefix aeros: <${AEROS}> .\n<urn:ngsi-ld:InfrastructureElement:ok> a aeros:InfrastructureElement ; aeros:domain <urn:ngsi-ld:Domain:x> ; aeros:cpuCores 4 .\n`);
    const ok = await cli(['validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Conforms: yes');

    const bad = join(dir, 'bad.ttl');
    writeFileSync(bad, `@prefix aeros: <${AEROS}> .\n<urn:ngsi-ld:InfrastructureElement:bad> a aeros:InfrastructureElement ; aeros:cpuCores "many" .\n`);
    const no = await cli(['validate', bad]);
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('Conforms: no');
    expect(no.stdout).toContain('urn:ngsi-ld:InfrastructureElement:bad');
    expect(no.stdout).toMatch(/\[Violation\] <https:\/\/w3id.org\/aerOS\/continuum#domain>/);
    expect(no.stdout).toMatch(/cpuCores> = many/);
    expect(no.stderr).toContain('1 file violates the shapes');

    const json = await cli(['validate', '-o', 'json', bad]);
    expect(JSON.parse(json.stdout).conforms).toBe(false);
  });

  it('shows accurate help and exits 2 on usage errors', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['serve', 'load', 'query', 'validate', 'dump']) expect(help.stdout).toContain(c);
    const usage = await cli(['query', '-o', 'xml', 'ASK {}']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Allowed choices are table, json, csv");
  });
});
