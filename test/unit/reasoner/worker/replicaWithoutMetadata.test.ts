/**
 * The reasoner worker's replica without the NGSI-LD reifier metadata (reasoner/worker/replicaWithoutMetadata.ts,
 * docs/reasoner.md "Reifier metadata outside the mirror"): with the built-in rules the worker leaves it out and derives
 * what a from-scratch run over all data derives; with a rule that reads ngsi-ld:observedAt (here added after the
 * start, as /reasoner/rules would) the worker asks for a seed with the metadata, a new worker takes over (no crash),
 * and the derived triples are again those of a from-scratch run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { jest } from '@jest/globals';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { AEROS, GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { NGSI_OBSERVED_AT } from '../../../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import type { AttributeInstance } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { ReasonerThread } from '../../../../reasoner/worker/ReasonerThread.js';
import type { IncrementalRunSummary } from '../../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';
import { loadingWithoutMetadata } from '../../../../reasoner/worker/replicaWithoutMetadata.js';
import { toNQuads } from '../../../../fabric/store/rdfText.js';
import { builtReasonerWorker } from './builtReasonerWorker.js';

const NQUADS = 'application/n-quads';
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const OBSERVED_RULE = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/observed> a cf:Rule ; cf:construct "CONSTRUCT { ?r <http://example.org/observedOn> ?t } WHERE { ?r <${NGSI_OBSERVED_AT}> ?t }" .`;

const ie = (i: number, observedAt: string): RDF.Quad[] => entityToQuads({
  id: `urn:ngsi-ld:InfrastructureElement:replica:${i}`, types: [`${AEROS}InfrastructureElement`], attributes: new Map([
    [`${AEROS}currentCpuUsage`, [{ kind: 'Property', value: 10 + i, unitCode: 'P1', observedAt, subAttributes: new Map() } as AttributeInstance]],
  ]),
});

const inferredLines = (store: ObservedMemoryStore): string[] =>
  store.dump(NQUADS).split('\n').filter((l) => l.includes(`<${REASONER_GRAPHS.prefix}`) && !l.endsWith(`<${REASONER_GRAPHS.provenance}> .`)).sort();

async function fromScratch(store: ObservedMemoryStore): Promise<string[]> {
  const copy = new ObservedMemoryStore();
  await copy.load(store.dump(NQUADS).split('\n').filter((l) => l && !l.includes(`<${REASONER_GRAPHS.prefix}`)).join('\n'), { format: NQUADS });
  await new RuleEngine(copy).run();
  return inferredLines(copy);
}

describe('the reasoner worker\'s replica without the reifier metadata', () => {
  const script = builtReasonerWorker();
  let thread: ReasonerThread | undefined;
  afterEach(async () => { await thread?.stop(); thread = undefined; jest.restoreAllMocks(); });

  it('seeds without the metadata lines, keeps everything else', () => {
    const raw = new oxigraph.Store();
    const text = toNQuads(ie(1, '2026-12-01T10:00:00Z'));
    loadingWithoutMetadata(raw).load(text, { format: NQUADS });
    const kept = raw.match(null, null, null, null);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((q) => !q.subject.value.includes('/.well-known/genid/attr/'))).toBe(true);
    expect(kept.length).toBe(text.split('\n').filter((l) => l && !l.startsWith('<https://w3id.org/continuum-fabric/.well-known/genid/attr/')).length);
  });

  it('with the built-in rules: left out, NGSI-LD writes followed, the same derived triples as a run over all data', async () => {
    const store = new ObservedMemoryStore();
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    for (let i = 0; i < 3; i++) await store.commit({ deletes: [], inserts: ie(i, '2026-12-01T10:00:00Z') });
    const runs: IncrementalRunSummary[] = [];
    thread = new ReasonerThread(store, { script, debounceMs: 20, onRun: (s) => runs.push(s), onError: () => undefined });
    expect(await thread.start()).toMatchObject({ kind: 'full', reifierMetadata: 'left out' });
    await store.commit({ deletes: [], inserts: ie(3, '2026-12-02T10:00:00Z') });
    await thread.idle();
    expect(inferredLines(store).length).toBeGreaterThan(0);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
    expect(thread.stats().crashes).toBe(0);
  });

  it('a rule reading ngsi-ld:observedAt: a new worker seeded with the metadata takes over and derives from it', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const store = new ObservedMemoryStore();
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    for (let i = 0; i < 2; i++) await store.commit({ deletes: [], inserts: ie(i, '2026-12-01T10:00:00Z') });
    const runs: IncrementalRunSummary[] = [];
    thread = new ReasonerThread(store, { script, debounceMs: 20, onRun: (s) => runs.push(s), onError: () => undefined });
    expect(await thread.start()).toMatchObject({ reifierMetadata: 'left out' });
    await store.load(OBSERVED_RULE, { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: ie(2, '2026-12-03T10:00:00Z') });
    await thread.idle();
    expect(info.mock.calls.map((c) => String(c[0])).join('\n')).toContain('the worker is seeded again with it');
    const observedOn = store.match(null, oxigraph.namedNode('http://example.org/observedOn'), null, null).map((q) => q.object.value);
    expect(observedOn).toEqual(expect.arrayContaining(['2026-12-01T10:00:00Z', '2026-12-03T10:00:00Z']));
    expect(inferredLines(store)).toEqual(await fromScratch(store));
    expect(thread.stats().crashes).toBe(0);
  });
});
