/**
 * POST /reasoner/run off the main thread (issue 4, docs/reasoner.md "POST /reasoner/run in a worker thread"): a
 * real node on a durable data directory (incremental reasoning off, the default) keeps answering reads while a full
 * run is in progress, and the run's derived triples are visible through SPARQL when its answer arrives.
 * Ordering, not timing: after the run is requested (and a pause that lets the node start it), successive SPARQL
 * GETs — each sent once the previous one is answered — must be answered, seeing no derived triple yet, before the
 * run's answer arrives. With the run on the main thread (the old wiring) the node answers nothing between the start
 * of the run and its write, so every GET answered before the run's answer sees the derived triples (or there is none).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeConfig } from '../../../fabric/config/loadNodeConfig.js';
import { FabricNode } from '../../../fabric/node/FabricNode.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { builtReasonerWorker } from '../../unit/reasoner/worker/builtReasonerWorker.js';

const AEROS_IE = 'https://w3id.org/aerOS/continuum#InfrastructureElement';
const SDM_IE = 'https://smartdatamodels.org/dataModel.IT/InfrastructureElement';
/** Demo IEs: a run of a few seconds, so that a run on the main thread would visibly hold the node. */
const IES = Number(process.env.REASONER_RUN_TEST_IES ?? 3000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Bindings = Array<Record<string, { value: string }>>;

describe('POST /reasoner/run on a durable node, incremental reasoning off', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-reasoner-run-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers GETs while the run is in progress, and the derived triples are visible when the run answers', async () => {
    const node = new FabricNode(
      loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent', demo: true, demoIes: IES, demoSeed: 7, incrementalReasoning: false } }),
      { reasonerWorkerScript: builtReasonerWorker() },
    );
    try {
      const { url } = await node.start();
      await node.readIndexWarmed();
      const sparql = async (query: string): Promise<{ boolean?: boolean; results?: { bindings: Bindings } }> => {
        const reply = await fetch(`${url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
        expect(reply.status).toBe(200);
        return await reply.json() as { boolean?: boolean; results?: { bindings: Bindings } };
      };
      const ie = (await sparql(`SELECT ?ie WHERE { GRAPH ?g { ?ie a <${AEROS_IE}> } } ORDER BY ?ie LIMIT 1`)).results!.bindings[0].ie.value;
      // The SDM type of the IE, derived by subclass-type from owl:equivalentClass (shapes/rules/rdfs-owl.ttl).
      const derivedType = async (): Promise<boolean> =>
        (await sparql(`ASK { GRAPH ?g { <${ie}> a <${SDM_IE}> } FILTER(STRSTARTS(STR(?g), "${REASONER_GRAPHS.prefix}")) }`)).boolean === true;
      expect(await derivedType()).toBe(false);

      const events: string[] = [];
      let answered = false;
      const run = fetch(`${url}/reasoner/run`, { method: 'POST' }).then(async (reply) => {
        events.push('run');
        answered = true;
        return { status: reply.status, stats: await reply.json() as { run: string; triplesDerived: number } };
      });
      await sleep(300); // the node receives the request and starts the run
      while (!answered) events.push((await derivedType()) ? 'get:derived' : 'get:not-yet');
      const { status, stats } = await run;
      expect(status).toBe(200);
      const beforeAnswer = events.slice(0, events.indexOf('run'));
      expect(beforeAnswer.filter((e) => e === 'get:not-yet').length).toBeGreaterThanOrEqual(2);

      // Visible at once: the derived type, the run's provenance record, and as many derived triples as the run reports.
      expect(await derivedType()).toBe(true);
      expect((await sparql(`ASK { GRAPH <${REASONER_GRAPHS.provenance}> { <${stats.run}> ?p ?o } }`)).boolean).toBe(true);
      const count = (await sparql(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${REASONER_GRAPHS.prefix}") && ?g != <${REASONER_GRAPHS.provenance}>) }`)).results!.bindings[0].n.value;
      expect(Number(count)).toBe(stats.triplesDerived);
    } finally {
      await node.stop();
    }
  }, 300_000);
});

describe('POST /reasoner/run on a durable node with incremental reasoning on', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-reasoner-run-inc-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is made by the reasoner worker, and its write is visible when it answers', async () => {
    const node = new FabricNode(
      loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent', demo: true, demoIes: 20, demoSeed: 7, incrementalReasoning: true, reasoningDebounceMs: 20 } }),
      { reasonerWorkerScript: builtReasonerWorker() },
    );
    try {
      const { url } = await node.start();
      await node.reasoningSettled();
      const reply = await fetch(`${url}/reasoner/run`, { method: 'POST' });
      expect(reply.status).toBe(200);
      const stats = await reply.json() as { run: string; triplesDerived: number; rules: number };
      expect(stats.rules).toBeGreaterThan(0);
      const ask = await fetch(`${url}/sparql?query=${encodeURIComponent(`ASK { GRAPH <${REASONER_GRAPHS.provenance}> { <${stats.run}> ?p ?o } }`)}`, { headers: { accept: 'application/sparql-results+json' } });
      expect(((await ask.json()) as { boolean: boolean }).boolean).toBe(true);
    } finally {
      await node.stop();
    }
  }, 300_000);
});
