/**
 * reasoner/trust/WrittenScores.ts and scoreChange.ts: a service that remembers the cf:trustScore instances it wrote
 * rewrites a score without reading the replaced instance from the store, and deletes and inserts exactly what a
 * service reading it deletes and inserts (differential: the same steps on a store with a change feed and on one
 * without), also when someone else edited the score's instances between two of its writes (a sub-attribute, the
 * reifier's metadata, a stale reifier of the value written next, a datasetId instance, a reifier kept in part, the
 * natural triple removed, another trust service, the entity deleted and created again). On its own: which lines of
 * someone else's record forget which IE.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { memoryAndDurableStores } from './support/memoryAndDurableStores.js';
import { contents, D, ie, ieEntity, setCpu, twoServices, type Step } from './support/twoTrustServices.js';
import type { ChangeRecord, ChangeSet, GraphStore } from '../../../../fabric/store/GraphStore.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { reifierIri } from '../../../../fabric/ngsi-ld/mapping/reifierIri.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { WrittenScores, type ScoreInstance } from '../../../../reasoner/trust/WrittenScores.js';
import { nquadsKey } from '../../../../reasoner/trust/quadDifference.js';
import { TRUST, TRUST_GRAPH } from '../../../../reasoner/trust/trustVocabulary.js';

const SCORE = TRUST.trustScore;
const AEROS = 'https://w3id.org/aerOS/continuum#';
const CPU = `${AEROS}currentCpuUsage`;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const REIFIES = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies';
const KIND = 'https://w3id.org/continuum-fabric/ns#attributeKind';
const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';
const DATASET_ID = `${NGSI_LD}datasetId`;
const OBSERVED_AT = `${NGSI_LD}observedAt`;
const DATASET = 'urn:ngsi-ld:Dataset:someone-else';
const OTHER_GRAPH = 'urn:test:loaded-by-sparql';
const n = oxigraph.namedNode;
const defaultReifier = (i: number): string => reifierIri(ie(i), SCORE, undefined);
const scoreOf = (store: GraphStore, i: number): string => store.match(n(ie(i)), n(SCORE), null, null)[0]!.object.value;
const recompute = (i: number): Step => (_, trust) => trust.recomputeChanged({ domains: [D] }, [ie(i)]);
const cpuThenRecompute = (i: number, cpu: number): Step => async (store, trust) => { await setCpu(store, i, cpu); return trust.recomputeChanged({ domains: [D] }, [ie(i)]); };

/** The IEs whose score instance a service read from the store: `match` calls with a default score reifier as subject. */
function countScoreReads(store: GraphStore, ies = 12): { count: number; ies: Set<string> } {
  const byReifier = new Map(Array.from({ length: ies }, (_, i) => [defaultReifier(i), ie(i)]));
  const counter = { count: 0, ies: new Set<string>() };
  const match = store.match.bind(store);
  store.match = (s, p, o, g) => {
    const read = s ? byReifier.get(s.value) : undefined;
    if (read) {
      counter.count++;
      counter.ies.add(read);
    }
    return match(s, p, o, g);
  };
  return counter;
}

/** The quads outside the trust graph that each commit deletes and inserts (the score and status writes), as sorted N-Quads. */
function recordEntityGraphChanges(store: GraphStore): Array<{ deletes: string[]; inserts: string[] }> {
  const changes: Array<{ deletes: string[]; inserts: string[] }> = [];
  const commit = store.commit.bind(store);
  const keys = (quads: readonly RDF.Quad[]): string[] => quads.map(nquadsKey).filter((k) => !k.endsWith(`<${TRUST_GRAPH}>`)).sort();
  store.commit = (change: ChangeSet) => {
    changes.push({ deletes: keys(change.deletes), inserts: keys(change.inserts) });
    return commit(change);
  };
  return changes;
}

describe.each(memoryAndDurableStores('written-scores-'))('TrustService with the score instances it wrote, on %s', (_, open) => {
  let remembering: GraphStore;
  let close: () => Promise<void>;
  beforeEach(async () => { ({ store: remembering, close } = await open()); });
  afterEach(() => close());

  /** Both services' full runs, then `check` the steps: the same contents and the same score / status changes on both stores. */
  async function differential() {
    const { reading, both, other, restart } = await twoServices(remembering);
    await both((_, trust) => trust.recompute());
    const changes = { remembering: recordEntityGraphChanges(remembering), reading: recordEntityGraphChanges(reading) };
    const check = (): void => {
      expect(changes.remembering).toEqual(changes.reading);
      expect(contents(remembering)).toEqual(contents(reading));
    };
    return { reading, both, other, restart, changes, check };
  }

  it('rewrites scores without reading the replaced instance, and changes what a service reading it changes', async () => {
    const { both, changes, check } = await differential();
    const reads = countScoreReads(remembering);
    for (const [i, cpu] of [[3, 95], [3, 5], [7, 60], [3, 31], [0, 99]] as const) await both(cpuThenRecompute(i, cpu));
    await both((_, trust) => trust.recompute());
    expect(reads.count).toBe(0);
    expect(changes.remembering.filter((c) => c.deletes.some((k) => k.includes(`<${SCORE}>`))).length).toBeGreaterThan(3); // scores were replaced
    check();
  });

  it('a service that did not write the stored scores (a restart) remembers them from a run that leaves them as they are', async () => {
    const { both, restart, check } = await differential();
    restart();
    await both((_, trust) => trust.recompute()); // every breakdown written again, no score changed: the instances are read
    const reads = countScoreReads(remembering);
    await both(cpuThenRecompute(4, 97));
    await both(cpuThenRecompute(9, 3));
    expect(reads.count).toBe(0);
    check();
  });

  const sparql = (store: GraphStore, text: string) => store.update(text);
  /** N-Quads loaded as they are (SPARQL Update here takes no triple terms); a durable store logs the text given. */
  const nquads = (store: GraphStore, text: string) => store.load(text, { format: 'application/n-quads' });
  const d = (x: number): string => `"${x}"^^<${XSD}double>`;

  /** Someone else's edit of IE 2's score instances between two of the service's writes, by every way in. */
  const edits: Array<[string, (store: GraphStore, other: TrustService) => Promise<unknown>]> = [
    ['a sub-attribute on the default instance, with its own reifier', (store) => nquads(store, `<${defaultReifier(2)}> <urn:test:confidence> "high" <${ie(2)}> .
      <urn:test:confidence-reifier> <${REIFIES}> <<( <${defaultReifier(2)}> <urn:test:confidence> "high" )>> <${ie(2)}> .
      <urn:test:confidence-reifier> <${KIND}> <${NGSI_LD}Property> <${ie(2)}> .\n`)],
    ['the default instance\'s observedAt changed', (store) => sparql(store, `DELETE { GRAPH ?g { <${defaultReifier(2)}> <${OBSERVED_AT}> ?t } }
      INSERT { GRAPH ?g { <${defaultReifier(2)}> <${OBSERVED_AT}> "2020-01-01T00:00:00Z"^^<${XSD}dateTime> } }
      WHERE { GRAPH ?g { <${defaultReifier(2)}> <${OBSERVED_AT}> ?t } }`)],
    ['the natural triple removed (the default reifier left stale)', (store) => sparql(store, `DELETE WHERE { GRAPH ?g { <${ie(2)}> <${SCORE}> ?o } }`)],
    ['a datasetId instance of another value', (store) => nquads(store, `<${reifierIri(ie(2), SCORE, DATASET)}> <${REIFIES}> <<( <${ie(2)}> <${SCORE}> ${d(0.123)} )>> <${ie(2)}> .
      <${reifierIri(ie(2), SCORE, DATASET)}> <${DATASET_ID}> <${DATASET}> <${ie(2)}> .
      <${reifierIri(ie(2), SCORE, DATASET)}> <${KIND}> <${NGSI_LD}Property> <${ie(2)}> .\n`)],
    ['another trust service writing the scores', async (store, other) => {
      await sparql(store, `DELETE WHERE { GRAPH ?g { <${ie(2)}> <${SCORE}> ?o } }`);
      await other.recompute();
    }],
    ['the entity deleted and created again', async (store) => {
      await store.commit({ deletes: store.match(null, null, null, n(ie(2))), inserts: [] });
      await store.commit({ deletes: [], inserts: entityToQuads(ieEntity(2)) });
    }],
  ];

  it.each(edits)('after someone else\'s edit (%s) reads the store again, and changes what a service reading it changes', async (_, edit) => {
    const { both, other, check } = await differential();
    await both(cpuThenRecompute(2, 90)); // a write from memory first
    const reads = countScoreReads(remembering);
    await both((store) => edit(store, other(store)));
    await both(cpuThenRecompute(2, 40));
    expect(reads.ies.has(ie(2))).toBe(true);
    check();
    // Its own write after that one is remembered again: the next rewrite reads nothing.
    const after = reads.count;
    await both(cpuThenRecompute(2, 70));
    expect(reads.count).toBe(after);
    check();
  });

  it('a stale reifier of the value written next, left from before its last write, is found from memory too (one lookup) and removed', async () => {
    const { both, check } = await differential();
    const v1 = scoreOf(remembering, 2); // cpu 24
    await both(cpuThenRecompute(2, 93));
    // Stale from here on: no natural triple of v1 anywhere; another graph, another IRI (not found by a write of another value).
    await both((store) => nquads(store, `<urn:test:stale> <${REIFIES}> <<( <${ie(2)}> <${SCORE}> ${d(Number(v1))} )>> <${OTHER_GRAPH}> .
      <urn:test:stale> <${KIND}> <${NGSI_LD}Property> <${OTHER_GRAPH}> .\n`));
    await both(cpuThenRecompute(2, 60)); // read from the store (the edit named IE 2), remembered again; the stale reifier stays
    expect(remembering.match(n('urn:test:stale'), null, null, null)).toHaveLength(2);
    const reads = countScoreReads(remembering);
    await both(cpuThenRecompute(2, 24)); // v1 again
    expect(scoreOf(remembering, 2)).toBe(v1);
    expect(remembering.match(n('urn:test:stale'), null, null, null)).toHaveLength(0);
    expect(reads.ies.has(ie(2))).toBe(true); // the lookup found it, so the instance was read from the store
    check();
  });

  it('a datasetId added to a stale reifier in the entity graph (a line naming neither the score nor the reifier) forgets the IE', async () => {
    const { both, check } = await differential();
    await both((store) => nquads(store, `<urn:test:was-stale> <${REIFIES}> <<( <${ie(2)}> <${SCORE}> ${d(0.123)} )>> <${ie(2)}> .
      <urn:test:was-stale> <${KIND}> <${NGSI_LD}Property> <${ie(2)}> .\n`));
    await both(cpuThenRecompute(2, 90)); // not found (another value, no datasetId): it stays; the score is remembered
    expect(remembering.match(n('urn:test:was-stale'), null, null, null)).toHaveLength(2);
    await both((store) => store.load(`<urn:test:was-stale> <${DATASET_ID}> <${DATASET}> .\n`, { format: 'application/n-triples', graph: ie(2) }));
    await both(cpuThenRecompute(2, 40));
    expect(remembering.match(n('urn:test:was-stale'), null, null, null)).toHaveLength(0);
    check();
  });

  it('a datasetId instance kept in part (it reifies another attribute) is not remembered: once that triple term goes, it goes whole', async () => {
    const { both, check } = await differential();
    const kept = reifierIri(ie(2), SCORE, DATASET);
    const cpuTerm = `<<( <${ie(2)}> <${CPU}> "24"^^<${XSD}integer> )>>`;
    await both((store) => nquads(store, `<${kept}> <${REIFIES}> ${cpuTerm} <${ie(2)}> .
      <${kept}> <${DATASET_ID}> <${DATASET}> <${ie(2)}> .
      <${kept}> <${KIND}> <${NGSI_LD}Property> <${ie(2)}> .\n`));
    await both(cpuThenRecompute(2, 90)); // found by its IRI, kept: it reifies currentCpuUsage
    expect(remembering.match(n(kept), null, null, null)).toHaveLength(3);
    // A commit naming neither the score nor a datasetId nor a default reifier.
    await both((store) => store.commit({ deletes: store.match(n(kept), n(REIFIES), null, n(ie(2))), inserts: [] }));
    await both(cpuThenRecompute(2, 40));
    expect(remembering.match(n(kept), null, null, null)).toHaveLength(0);
    check();
  });

  it('keeps what it remembers across someone else\'s telemetry writes and other IEs\' scores', async () => {
    const { both, check } = await differential();
    await both(cpuThenRecompute(2, 90));
    const reads = countScoreReads(remembering);
    await both(async (store) => { await setCpu(store, 5, 66); await setCpu(store, 2, 12); });
    await both(recompute(2));
    await both(recompute(5));
    expect(reads.count).toBe(0);
    check();
  });
});

describe('WrittenScores', () => {
  const instance: ScoreInstance = { value: 0.5, observedAt: '2026-12-05T03:00:00.120Z' };
  const written = new Map([[ie(1), instance], [ie(2), instance]]);
  const line = (s: string, p: string, o: string, g: string): string => `${s} ${p} ${o} ${g} .\n`;

  function feed() {
    const listeners: Array<(r: ChangeRecord) => void> = [];
    const emit = (deletes = '', inserts = '') => { for (const l of listeners) l({ seq: 0, deletes, inserts }); };
    const store = { onCommit: (l: (r: ChangeRecord) => void) => { listeners.push(l); return () => undefined; } } as unknown as GraphStore;
    const scores = new WrittenScores();
    scores.watch(store);
    return { scores, emit, remembered: () => [ie(1), ie(2)].filter((x) => scores.instance(x) !== undefined) };
  }

  it('forgets only the IE a line of someone else\'s record names beside the score or a datasetId, or whose default reifier it is about', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['telemetry of IE 1', line(`<${ie(1)}>`, `<${CPU}>`, '"3"', `<${ie(1)}>`), [ie(1), ie(2)]],
      ['a score of IE 1 elsewhere', line(`<${ie(1)}>`, `<${SCORE}>`, '"0.1"', '<urn:g>'), [ie(2)]],
      ['a reifier of IE 2\'s score', line('<urn:r>', `<${REIFIES}>`, `<<( <${ie(2)}> <${SCORE}> "0.1" )>>`, '<urn:g>'), [ie(1)]],
      ['a datasetId in IE 1\'s graph', line('<urn:r>', `<${DATASET_ID}>`, `<${DATASET}>`, `<${ie(1)}>`), [ie(2)]],
      ['a datasetId in another graph', line('<urn:r>', `<${DATASET_ID}>`, `<${DATASET}>`, '<urn:g>'), [ie(1), ie(2)]],
      ['IE 2\'s default reifier', line(`<${defaultReifier(2)}>`, '<urn:test:note>', '"x"', `<${ie(2)}>`), [ie(1)]],
      ['IE 2\'s default reifier after spaces (N-Quads as given)', ` \t${line(`<${defaultReifier(2)}>`, '<urn:test:note>', '"x"', `<${ie(2)}>`)}`, [ie(1)]],
      ['IE 1\'s default reifier on a later line', `${line('<urn:a>', '<urn:b>', '"c"', '<urn:g>')}${line(`<${defaultReifier(1)}>`, `<${OBSERVED_AT}>`, '"x"', `<${ie(1)}>`)}`, [ie(2)]],
      ['IE 2\'s default reifier in a triple term only', line('<urn:r2>', `<${REIFIES}>`, `<<( <${defaultReifier(2)}> <urn:test:note> "x" )>>`, '<urn:g>'), [ie(1), ie(2)]],
      ['an IRI that starts like IE 2\'s default reifier', line(`<${defaultReifier(2)}x>`, '<urn:test:note>', '"x"', `<${ie(2)}>`), [ie(1), ie(2)]],
      ['another reifier', line(`<${reifierIri(ie(2), CPU, undefined)}>`, `<${OBSERVED_AT}>`, '"x"', `<${ie(2)}>`), [ie(1), ie(2)]],
      ['an escaped IRI', line('<urn:\\u0041>', '<urn:p>', '"x"', '<urn:g>'), []],
    ];
    for (const [what, text, left] of cases) {
      for (const side of ['deletes', 'inserts'] as const) {
        const { scores, emit, remembered } = feed();
        await scores.own(async () => { emit('', 'own'); }, written, []);
        if (side === 'deletes') emit(text); else emit('', text);
        expect([what, side, remembered()]).toEqual([what, side, left]);
      }
    }
  });

  it('keeps nothing for an IE its own commit leaves unknown, nor across a commit reporting no record or two', async () => {
    const { scores, emit, remembered } = feed();
    await scores.own(async () => { emit('', 'own'); }, written, []);
    await scores.own(async () => { emit('', 'own'); }, new Map([[ie(1), undefined]]), []);
    expect(remembered()).toEqual([ie(2)]);
    await scores.own(async () => { emit('', 'own'); }, new Map(), [ie(2)]);
    expect(remembered()).toEqual([]);
    await scores.own(async () => { emit('', 'own'); }, written, []);
    await scores.own(async () => { emit('', 'own'); emit('', 'own'); }, new Map(), []);
    expect(remembered()).toEqual([]);
  });
});
