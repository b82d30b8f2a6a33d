/**
 * `continuum explain <IRI>` (issue 4 "Explanations") run through runCli against the HTTP app
 * listening on a loopback port, in-process: a subclass chain A ⊑ B ⊑ C, POST /reasoner/run,
 * then the text explanation names the rule, its rule set, the run time and the premises,
 * marking the derived ones; --output json is the node's answer; errors exit with 1.
 */
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { ReasonerService } from '../../reasoner/ReasonerService.js';
import { RuleEngine } from '../../reasoner/RuleEngine.js';
import { runCli } from '../../fabric/cli/runCli.js';
import type { CliIo } from '../../fabric/cli/CliIo.js';
import { QueryTimeoutError } from '../../fabric/errors/FabricError.js';
import { cliAgainst } from './support/cliAgainst.js';

const DATA = `@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:x a ex:A .`;

let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  const store = new MemoryGraphStore();
  await store.load(DATA, { format: 'text/turtle', graph: 'http://example.org/data' });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, reasoner: new ReasonerService(store, new RuleEngine(store)) });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const cli = cliAgainst(() => url);
const explain = (...args: string[]) => cli('explain', ...args);

describe('continuum explain', () => {
  it('says there is nothing derived before the reasoner ran', async () => {
    const before = await explain('http://example.org/x');
    expect(before).toMatchObject({ code: 0, err: '' });
    expect(before.out).toMatch(/^No derived triples about <http:\/\/example.org\/x>/);
  });

  it('prints rule, rule set, run time and premises (derived ones marked) after a run', async () => {
    const run = await app.inject({ method: 'POST', url: '/reasoner/run' });
    expect(run.statusCode).toBe(200);

    const text = await explain('http://example.org/x');
    expect(text).toMatchObject({ code: 0, err: '' });
    const blocks = text.out.trim().split('\n\n');
    const aC = blocks.find((b) => b.startsWith('<http://example.org/x> a <http://example.org/C>\n'));
    expect(aC).toBeDefined();
    expect(aC).toContain('derived by rule subclass-type (rule set rdfs-owl)');
    expect(aC).toMatch(/run <[^>]+> at \d{4}-\d\d-\d\dT/);
    // The premises of the first solution: a path premise, and x a B, itself derived by the same rule.
    expect(aC).toContain('premises:\n      <http://example.org/B> rdfs:subClassOf+ <http://example.org/C>   [property path]\n'
      + '      <http://example.org/x> a <http://example.org/B>   [derived by rdfs-owl/subclass-type]');
    expect(blocks.some((b) => b.startsWith('<http://example.org/x> a <http://example.org/B>\n'))).toBe(true);

    // The class node: B ⊑ C is asserted, A ⊑ C is derived by the transitive rule from A ⊑ B and B ⊑ C.
    const klass = await explain('http://example.org/A');
    const aSubC = klass.out.trim().split('\n\n').find((b) => b.startsWith('<http://example.org/A> rdfs:subClassOf <http://example.org/C>\n'));
    expect(aSubC).toContain('derived by rule subclass-transitive (rule set rdfs-owl)');
    expect(aSubC).toContain('premises:');
  });

  it('--output json prints the node\'s answer, premises flagged derived', async () => {
    const res = await explain('http://example.org/x', '-o', 'json');
    expect(res.code).toBe(0);
    const json = JSON.parse(res.out) as { explanations: Array<{ object: string; derivations: Array<{ ruleId: string; premises: Array<{ derived: boolean; object: string }> }> }> };
    const aC = json.explanations.find((e) => e.object === '<http://example.org/C>')!;
    expect(aC.derivations.map((d) => d.ruleId)).toEqual(['subclass-type']);
    expect(aC.derivations[0]!.premises).toContainEqual(expect.objectContaining({ object: '<http://example.org/B>', derived: true }));
  });

  it('prints the node\'s RFC 7807 problem and exits with 1', async () => {
    /** A reasoner whose explanation query hits the node's time limit. */
    class TimingOutReasoner extends ReasonerService {
      override explain(): never { throw new QueryTimeoutError(30_000); }
    }
    const store = new MemoryGraphStore();
    const slow = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, reasoner: new TimingOutReasoner(store, new RuleEngine(store)) });
    const slowUrl = await slow.listen({ host: '127.0.0.1', port: 0 });
    try {
      const err: string[] = [];
      const io: CliIo = { out: () => undefined, err: (t) => { err.push(t); }, interactive: false };
      const code = await runCli(['node', 'continuum', 'explain', 'http://example.org/x', '--url', slowUrl], io);
      expect(code).toBe(1);
      expect(err.join('')).toMatch(/^error: the node answered 503 Query time limit exceeded: The query was stopped after 30000 ms/);
      expect(err.join('')).toContain('type: https://uri.etsi.org/ngsi-ld/errors/TooComplexQuery');
    } finally {
      await slow.close();
    }
  });

  it('exits with 1 when the node cannot be reached', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => { out.push(t); }, err: (t) => { err.push(t); }, interactive: false };
    await app.close().catch(() => undefined);
    const code = await runCli(['node', 'continuum', 'explain', 'http://example.org/x', '--url', url], io);
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/^error: Cannot reach the node/);
  });
});
