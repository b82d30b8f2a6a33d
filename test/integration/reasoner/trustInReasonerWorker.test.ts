/**
 * A real node with incremental reasoning, trust on change in the reasoner's worker thread (docs/trust.md "In the
 * reasoner's worker thread"): trust's writes reach the node's store and the reasoner follows them — a security
 * alert (NGSI-LD create, GS CIM 009 §5.6.1) makes an IE Untrusted, and the sdm: alias of its aeros
 * infrastructureElementStatus (owl:equivalentProperty, ontology/continuum.ttl) is derived from trust's status
 * write, which it would not be if the write were marked as the reasoner's own. GET /trust/{ieId} and
 * POST /trust/recompute keep answering (the breakdown read on the main thread, the recompute made in the worker).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeConfig } from '../../../fabric/config/loadNodeConfig.js';
import { FabricNode } from '../../../fabric/node/FabricNode.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { IE as TRUST_IE } from '../../../reasoner/trust/trustVocabulary.js';
import { builtReasonerWorker } from '../../unit/reasoner/worker/builtReasonerWorker.js';

const IE = JSON.parse(readFileSync('test/fixtures/ngsi-ld/aeros-ie.normalized.json', 'utf8')) as Record<string, unknown>;
const DOMAIN = 'urn:ngsi-ld:Domain:trust-worker';
const AEROS = 'https://w3id.org/aerOS/continuum#';
const UNTRUSTED = TRUST_IE.Untrusted;
const SDM_STATUS = 'https://smartdatamodels.org/dataModel.IT/infrastructureElementStatus';
const idOf = (i: number): string => `urn:ngsi-ld:InfrastructureElement:trust-worker:${i}`;

/** IE 0 is the worst on every criterion (TOPSIS anti-ideal: reliability 0), the others better. */
function entity(i: number): Record<string, unknown> {
  const observedAt = '2026-12-01T10:00:00Z';
  return {
    ...IE,
    id: idOf(i),
    domain: { type: 'Relationship', object: DOMAIN },
    hostname: { type: 'Property', value: `trust-worker-${i}` },
    cpuCores: { type: 'Property', value: 2 + 4 * i },
    currentCpuUsage: { type: 'Property', value: 90 - 20 * i, unitCode: 'P1', observedAt },
    availableRam: { type: 'Property', value: 1000 + 4000 * i, unitCode: '4L', observedAt },
    currentRamUsage: { type: 'Property', value: 8000 - 2000 * i, unitCode: '4L', observedAt },
  };
}

describe('FabricNode with trust on change in the reasoner worker', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-trust-worker-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes scores and statuses the reasoner follows, and answers /trust', async () => {
    const node = new FabricNode(loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent', incrementalReasoning: true, reasoningDebounceMs: 50, trustRerankIntervalMs: 0, trustInReasonerWorker: true } }), { reasonerWorkerScript: builtReasonerWorker() });
    try {
      const { url } = await node.start();
      await node.reasoningSettled();
      const sparql = async (query: string): Promise<Array<Record<string, { value: string }>>> => {
        const reply = await fetch(`${url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
        return ((await reply.json()) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
      };
      /** Polls a condition (the worker computes asynchronously); fails after 60 s. */
      const eventually = async (what: string, ok: () => Promise<boolean>): Promise<void> => {
        for (let attempt = 0; attempt < 600; attempt++) {
          if (await ok()) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`Not reached within 60 s: ${what}`);
      };
      const post = (body: Record<string, unknown>) => fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: JSON.stringify(body) });
      for (let i = 0; i < 3; i++) expect((await post(entity(i))).status).toBe(201);
      const scored = async (): Promise<number> => (await sparql(`SELECT ?ie WHERE { GRAPH ?g { ?ie <https://w3id.org/continuum-fabric/ns#trustScore> ?s } FILTER(STRSTARTS(STR(?ie), "urn:ngsi-ld:InfrastructureElement:trust-worker:")) }`)).length;
      await eventually('every IE scored', async () => (await scored()) === 3);

      // Priority 5: security 0, so IE 0 (reliability 0) scores 0.2 < 0.5 and trust flips it to Untrusted.
      const alert = { '@context': IE['@context'], id: 'urn:ngsi-ld:SecurityAlert:trust-worker:1', type: 'SecurityAlert',
        aboutInfrastructureElement: { type: 'Relationship', object: idOf(0) }, priority: { type: 'Property', value: 5 } };
      expect((await post(alert)).status).toBe(201);
      const status = (graphFilter: string, predicate: string) => sparql(`SELECT ?s WHERE { GRAPH ?g { <${idOf(0)}> <${predicate}> ?s } FILTER(${graphFilter}) }`);
      await eventually('IE 0 Untrusted', async () => (await status(`?g = <${idOf(0)}>`, `${AEROS}infrastructureElementStatus`)).some((b) => b.s.value === UNTRUSTED));
      await eventually('the sdm: alias of the status derived', async () =>
        (await status(`STRSTARTS(STR(?g), "${REASONER_GRAPHS.prefix}")`, SDM_STATUS)).some((b) => b.s.value === UNTRUSTED));

      const breakdown = await fetch(`${url}/trust/${encodeURIComponent(idOf(0))}`);
      expect(breakdown.status).toBe(200);
      const view = (await breakdown.json()) as { trustScore: number; untrustedByTrust: boolean };
      expect(view.trustScore).toBeLessThan(0.5);
      expect(view.untrustedByTrust).toBe(true);
      const recompute = await fetch(`${url}/trust/recompute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domains: [DOMAIN] }) });
      expect(recompute.status).toBe(200);
      expect(((await recompute.json()) as { ies: number }).ies).toBe(3);
    } finally {
      await node.stop();
    }
  }, 300_000);
});
