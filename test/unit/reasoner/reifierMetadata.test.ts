/**
 * NGSI-LD reifier metadata outside the incremental reasoner's mirror (reasoner/reifierMetadata.ts, docs/reasoner.md
 * "Reifier metadata outside the mirror"): with the built-in rules the mirror leaves out the reifiers' metadata
 * statements; a rule that reads one of their predicates, or a schema statement that makes the built-in rules read
 * one, keeps them. In every case the derived triples equal a from-scratch run over all data (differential).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { jest } from '@jest/globals';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { AEROS, CF, GRAPHS, OWL, RDFS } from '../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { REIFIER_PREFIX } from '../../../fabric/ngsi-ld/mapping/reifierIri.js';
import { NGSI_OBSERVED_AT, REIFIER_METADATA } from '../../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import type { AttributeInstance } from '../../../fabric/ngsi-ld/model/Entity.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { IncrementalReasoner, type IncrementalRunSummary } from '../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { SCRATCH_DATA_GRAPH } from '../../../reasoner/scratchCopy.js';
import { metadataGuards } from '../../../reasoner/reifierMetadata.js';

const n = oxigraph.namedNode;
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const isInferred = (q: RDF.Quad): boolean => q.graph.value.startsWith(REASONER_GRAPHS.prefix);
const isRuleGraph = (q: RDF.Quad): boolean => isInferred(q) && q.graph.value !== REASONER_GRAPHS.provenance;
const isMetadata = (q: RDF.Quad): boolean => q.subject.value.startsWith(REIFIER_PREFIX) && REIFIER_METADATA.has(q.predicate.value);
const key = (q: RDF.Quad): string => `${q.subject.value} ${q.predicate.value} ${oxigraph.fromTerm(q.object).toString()}`;
const all = (store: GraphStore): RDF.Quad[] => store.match(null, null, null, null) as RDF.Quad[];

const cpu = (value: number, observedAt: string): AttributeInstance => ({ kind: 'Property', value, unitCode: 'P1', observedAt, subAttributes: new Map() });
const ie = (i: number, observedAt = '2026-12-01T10:00:00Z'): RDF.Quad[] => entityToQuads({
  id: `urn:ngsi-ld:InfrastructureElement:meta:${i}`, types: [`${AEROS}InfrastructureElement`], attributes: new Map([
    [`${AEROS}currentCpuUsage`, [cpu(10 + i, observedAt)]],
    [`${AEROS}domain`, [{ kind: 'Relationship', object: 'urn:ngsi-ld:Domain:meta', subAttributes: new Map() } as AttributeInstance]],
  ]),
});

/** The derived triples of a from-scratch run over the store's data (everything outside the inferred graphs). */
async function fromScratch(store: GraphStore): Promise<Set<string>> {
  const scratch = new MemoryGraphStore();
  await scratch.commit({ deletes: [], inserts: all(store).filter((q) => !isInferred(q)) });
  await new RuleEngine(scratch).run();
  return new Set(all(scratch).filter(isRuleGraph).map(key));
}

async function expectSameAsScratch(store: GraphStore, step: string): Promise<number> {
  const expected = await fromScratch(store);
  const held = new Set(all(store).filter(isRuleGraph).map(key));
  expect({ step, missing: [...expected].filter((k) => !held.has(k)), extra: [...held].filter((k) => !expected.has(k)) }).toEqual({ step, missing: [], extra: [] });
  return held.size;
}

/** What the store's data holds that the mirror's data graph lacks (and the reverse, which must be nothing). */
function mirrorGap(reasoner: IncrementalReasoner, store: GraphStore): { lacking: RDF.Quad[]; extra: string[] } {
  const mirror = (reasoner as unknown as { mirror: oxigraph.Store }).mirror;
  const mirrored = new Set(mirror.match(null, null, null, n(SCRATCH_DATA_GRAPH)).map((q) => key(q as RDF.Quad)));
  const data = all(store).filter((q) => !isInferred(q));
  const keys = new Set(data.map(key));
  return { lacking: data.filter((q) => !mirrored.has(key(q))), extra: [...mirrored].filter((k) => !keys.has(k)) };
}

async function setup(extra: { rules?: string; schema?: string } = {}): Promise<{ store: ObservedMemoryStore; reasoner: IncrementalReasoner; runs: IncrementalRunSummary[] }> {
  const store = new ObservedMemoryStore();
  await store.load(ontology + (extra.schema ?? ''), { format: 'text/turtle', graph: GRAPHS.ontology });
  if (extra.rules) await store.load(extra.rules, { format: 'text/turtle', graph: GRAPHS.rules });
  for (let i = 0; i < 3; i++) await store.commit({ deletes: [], inserts: ie(i) });
  const runs: IncrementalRunSummary[] = [];
  const reasoner = new IncrementalReasoner(store, new RuleEngine(store), { debounceMs: 60_000, onRun: (s) => runs.push(s) });
  await reasoner.start();
  return { store, reasoner, runs };
}

/** NGSI-LD writes: a new IE, and an IE's currentCpuUsage replaced with a new observedAt (natural triple and reifier). */
async function writes(store: ObservedMemoryStore): Promise<void> {
  await store.commit({ deletes: [], inserts: ie(3) });
  const written = ie(1);
  const reifier = written.find((q) => q.object.termType === 'Quad' && (q.object as RDF.Quad).predicate.value === `${AEROS}currentCpuUsage`)!.subject;
  const old = written.filter((q) => q.predicate.value === `${AEROS}currentCpuUsage` || q.subject.equals(reifier));
  const fresh = entityToQuads({ id: 'urn:ngsi-ld:InfrastructureElement:meta:1', types: [], attributes: new Map([[`${AEROS}currentCpuUsage`, [cpu(99, '2026-12-02T11:00:00Z')]]]) });
  await store.commit({ deletes: old, inserts: fresh });
}

const RULES_PREFIX = '@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .\n';
const quietInfo = () => jest.spyOn(console, 'info').mockImplementation(() => undefined);

describe('reifier metadata outside the mirror', () => {
  let reasoner: IncrementalReasoner | undefined;
  afterEach(async () => { await reasoner?.stop(); jest.restoreAllMocks(); });

  it('leaves the metadata out with the built-in rules, follows NGSI-LD writes, and derives what a full run over everything derives', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    expect(ctx.runs[0]).toMatchObject({ kind: 'full', reifierMetadata: 'left out' });
    let gap = mirrorGap(reasoner, ctx.store);
    expect(gap.extra).toEqual([]);
    expect(gap.lacking.length).toBeGreaterThan(0);
    expect(gap.lacking.filter((q) => !isMetadata(q))).toEqual([]);
    expect(await expectSameAsScratch(ctx.store, 'start')).toBeGreaterThan(0);

    const inertBefore = reasoner.stats().inertQuads;
    await writes(ctx.store);
    await reasoner.flush();
    expect(reasoner.stats().inertQuads).toBeGreaterThan(inertBefore);
    gap = mirrorGap(reasoner, ctx.store);
    expect(gap.extra).toEqual([]);
    expect(gap.lacking.filter((q) => !isMetadata(q))).toEqual([]);
    expect(gap.lacking.some((q) => q.subject.value.startsWith(REIFIER_PREFIX) && q.object.termType === 'Literal' && q.object.value === '2026-12-02T11:00:00Z')).toBe(true);
    await expectSameAsScratch(ctx.store, 'after writes');
  });

  it('keeps the metadata when a rule reads ngsi-ld:observedAt, and says so', async () => {
    const info = quietInfo();
    const ctx = await setup({ rules: `${RULES_PREFIX}ex:observed a cf:Rule ; cf:construct "CONSTRUCT { ?r <http://example.org/observedOn> ?t } WHERE { ?r <${NGSI_OBSERVED_AT}> ?t }" .` });
    reasoner = ctx.reasoner;
    expect(ctx.runs[0]).toMatchObject({ kind: 'full', reifierMetadata: 'kept' });
    expect(info.mock.calls.map((c) => String(c[0])).join('\n')).toContain(`rule observed reads <${NGSI_OBSERVED_AT}>`);
    expect(mirrorGap(reasoner, ctx.store)).toEqual({ lacking: [], extra: [] });
    await writes(ctx.store);
    await reasoner.flush();
    expect(mirrorGap(reasoner, ctx.store)).toEqual({ lacking: [], extra: [] });
    await expectSameAsScratch(ctx.store, 'after writes');
    const observedOn = ctx.store.match(null, n('http://example.org/observedOn'), null, null).map((q) => q.object.value);
    expect(observedOn).toContain('2026-12-02T11:00:00Z');
  });

  it('keeps the metadata when the schema makes a built-in rule read it (a derived guard, found on the fixpoint)', async () => {
    quietInfo();
    const ctx = await setup({ schema: `\n<${NGSI_OBSERVED_AT}> <${OWL}equivalentProperty> <http://example.org/time> .\n` });
    reasoner = ctx.reasoner;
    expect(ctx.runs[0]).toMatchObject({ kind: 'full', reifierMetadata: 'kept' });
    expect(ctx.store.match(null, n('http://example.org/time'), null, null).length).toBeGreaterThan(0);
    await expectSameAsScratch(ctx.store, 'start');
  });

  it('runs in full and keeps the metadata once a change makes a rule read it (owl:inverseOf, followed by delta evaluation otherwise)', async () => {
    quietInfo();
    const ctx = await setup();
    reasoner = ctx.reasoner;
    expect(ctx.runs[0]).toMatchObject({ reifierMetadata: 'left out' });
    const axiom = oxigraph.quad(n(`${CF}attributeKind`), n(`${OWL}inverseOf`), n('http://example.org/kindOf'), n(GRAPHS.ontology));
    await ctx.store.commit({ deletes: [], inserts: [axiom as unknown as RDF.Quad] });
    const summary = await reasoner.flush();
    expect(summary).toMatchObject({ kind: 'full', reifierMetadata: 'kept' });
    expect(ctx.store.match(null, n('http://example.org/kindOf'), null, null).length).toBeGreaterThan(0);
    await expectSameAsScratch(ctx.store, 'after the axiom');
    expect(mirrorGap(reasoner, ctx.store)).toEqual({ lacking: [], extra: [] });
    // The axiom gone, the next full run leaves the metadata out again.
    await ctx.store.commit({ deletes: [axiom as unknown as RDF.Quad], inserts: [] });
    await reasoner.flush();
    await expectSameAsScratch(ctx.store, 'axiom removed');
    expect((await reasoner.start())).toMatchObject({ kind: 'full', reifierMetadata: 'left out' });
  });
});

describe('metadataGuards (the static condition over the rules)', () => {
  const premises = async (construct: string) => {
    const store = new MemoryGraphStore();
    await store.load(`${RULES_PREFIX}ex:r a cf:Rule ; cf:construct """${construct}""" .`, { format: 'text/turtle', graph: GRAPHS.rules });
    return new RuleEngine(store, { ruleFolder: null }).rules();
  };

  it('accepts the built-in rules (guarded variable predicates) and names the guards', () => {
    const guards = metadataGuards(new RuleEngine(new MemoryGraphStore()).rules());
    expect(Array.isArray(guards)).toBe(true);
    expect(guards).toEqual(expect.arrayContaining([{ predicate: `${RDFS}subPropertyOf`, position: 'subject' }, { predicate: `${OWL}inverseOf`, position: 'subject' }]));
  });

  it.each([
    ['an unguarded variable predicate', 'CONSTRUCT { ?s <http://example.org/any> ?o } WHERE { ?s ?p ?o }', /unguarded variable predicate/],
    ['a metadata predicate in a path', `CONSTRUCT { ?s <http://example.org/x> ?o } WHERE { ?s <${CF}attributeKind>|<http://example.org/y> ?o }`, /reads <https:\/\/w3id.org\/continuum-fabric\/ns#attributeKind>/],
    ['a metadata predicate in its template', `CONSTRUCT { ?s <${NGSI_OBSERVED_AT}> ?o } WHERE { ?s <http://example.org/at> ?o }`, /derives </],
    ['a variable predicate under OPTIONAL', 'CONSTRUCT { ?s <http://example.org/x> ?o } WHERE { ?s a <http://example.org/C> OPTIONAL { ?s ?p ?o } }', /outside the conjunctive part/],
    ['a negated property set', 'CONSTRUCT { ?s <http://example.org/x> ?o } WHERE { ?s !<http://example.org/y> ?o }', /./],
    ['a zero-length path (binds every node, metadata-only reifiers included)', 'CONSTRUCT { ?x <http://example.org/x> <http://example.org/y> } WHERE { ?x <http://example.org/link>* ?x }', /zero-length property path/],
    ['a zero-or-one path under FILTER EXISTS', 'CONSTRUCT { ?s <http://example.org/x> ?o } WHERE { ?s <http://example.org/y> ?o FILTER EXISTS { ?o <http://example.org/z>? ?w } }', /zero-length property path/],
  ])('refuses a rule with %s', async (_what, construct, reason) => {
    const loaded = await premises(construct);
    expect(loaded).toHaveLength(1);
    expect(metadataGuards(loaded)).toMatch(reason);
  });
});
