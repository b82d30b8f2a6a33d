/**
 * A real node with incremental reasoning and trust on change (issue 4, docs/reasoner.md
 * "Incremental re-evaluation", docs/trust.md "Recomputation on change") under concurrent NGSI-LD
 * creates in one domain (GS CIM 009 §5.6.1 Create Entity): every created IE joins the domain, so
 * each batch re-ranks it (TOPSIS) and rewrites members' scores — at most once per minRerankIntervalMs,
 * the new IEs' own scores on every batch —, which the reasoner then follows.
 * This stalled the node (bench `ngsi-ld --scenarios create --incremental-reasoning`). Asserted:
 * the node keeps answering, and afterwards the scores maintained on change equal a from-scratch
 * recompute and every created IE has its derived type (aeros:InfrastructureElement ≡ sdm's).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeConfig } from '../../../fabric/config/loadNodeConfig.js';
import { FabricNode } from '../../../fabric/node/FabricNode.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { DEFAULT_MIN_RERANK_INTERVAL_MS } from '../../../reasoner/trust/TrustOnChange.js';
import { builtReasonerWorker } from '../../unit/reasoner/worker/builtReasonerWorker.js';

const IE = JSON.parse(readFileSync('test/fixtures/ngsi-ld/aeros-ie.normalized.json', 'utf8')) as Record<string, unknown>;
const COUNT = 96;
const CONCURRENCY = 32;
const DOMAIN = 'urn:ngsi-ld:Domain:load';
const SDM_IE = 'https://smartdatamodels.org/dataModel.IT/InfrastructureElement';
const idOf = (i: number): string => `urn:ngsi-ld:InfrastructureElement:load:${i}`;

function entity(i: number): Record<string, unknown> {
  const observedAt = '2026-12-01T10:00:00Z';
  return {
    ...IE,
    id: idOf(i),
    domain: { type: 'Relationship', object: DOMAIN },
    hostname: { type: 'Property', value: `load-${i}` },
    cpuCores: { type: 'Property', value: 2 ** (1 + (i % 5)) },
    currentCpuUsage: { type: 'Property', value: (i * 37) % 100, unitCode: 'P1', observedAt },
    availableRam: { type: 'Property', value: 1000 + ((i * 7919) % 15000), unitCode: '4L', observedAt },
    currentRamUsage: { type: 'Property', value: 500 + ((i * 104729) % 8000), unitCode: '4L', observedAt },
  };
}

describe('FabricNode with incremental reasoning under concurrent creates', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-reasoning-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps answering, and the maintained scores and derived types equal a from-scratch computation', async () => {
    const node = new FabricNode(loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent', incrementalReasoning: true, reasoningDebounceMs: 50, trustRerankIntervalMs: DEFAULT_MIN_RERANK_INTERVAL_MS } }), { reasonerWorkerScript: builtReasonerWorker() });
    try {
      const { url } = await node.start();
      await node.reasoningSettled();
      const post = (i: number) => fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: JSON.stringify(entity(i)) });
      let next = 0;
      const statuses: number[] = [];
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < COUNT) statuses.push((await post(next++)).status);
      }));
      expect(statuses.filter((s) => s !== 201)).toEqual([]);

      const sparql = async (query: string): Promise<Array<Record<string, { value: string }>>> => {
        const reply = await fetch(`${url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
        return ((await reply.json()) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
      };
      const scores = async (): Promise<Map<string, string>> => new Map((await sparql(`SELECT ?ie ?score WHERE { GRAPH ?g { ?ie <https://w3id.org/continuum-fabric/ns#trustScore> ?score } FILTER(STRSTARTS(STR(?ie), "urn:ngsi-ld:InfrastructureElement:load:")) }`)).map((b) => [b.ie.value, b.score.value]));
      // Settled: every created IE scored by trust on change, and the scores unchanged for longer than a domain's
      // deferred re-ranking can wait (minRerankIntervalMs) plus a few debounce windows.
      let before = new Map<string, string>();
      let stableSince = performance.now();
      for (let attempt = 0; attempt < 600; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const now = await scores();
        const same = now.size === COUNT && [...now].every(([ie, s]) => before.get(ie) === s);
        if (!same) stableSince = performance.now();
        else if (performance.now() - stableSince > DEFAULT_MIN_RERANK_INTERVAL_MS + 500) break;
        before = now;
      }
      const maintained = await scores();
      expect(maintained.size).toBe(COUNT);
      const typed = await sparql(`SELECT (COUNT(DISTINCT ?ie) AS ?n) WHERE { GRAPH ?g { ?ie a <${SDM_IE}> } FILTER(STRSTARTS(STR(?g), "${REASONER_GRAPHS.prefix}") && STRSTARTS(STR(?ie), "urn:ngsi-ld:InfrastructureElement:load:")) }`);
      expect(Number(typed[0].n.value)).toBe(COUNT);

      // The same scores from scratch (a full run ranks the domain anew).
      const recompute = await fetch(`${url}/trust/recompute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(recompute.status).toBe(200);
      expect(await scores()).toEqual(maintained);
    } finally {
      await node.stop();
    }
  }, 300_000);
});
