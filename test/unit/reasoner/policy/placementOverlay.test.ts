/** reasoner/policy/placementOverlay.ts: the check overlay's rewriting of placement triple patterns, run on oxigraph. */
import sparqljs from 'sparqljs';
import type { SelectQuery } from 'sparqljs';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { fillPlaceholders, rewritePatterns } from '../../../../reasoner/policy/placementOverlay.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';
const DATA = `@prefix cf: <${CF}> . @prefix ex: <http://example.org/> .
ex:c1 cf:infrastructureElement ex:ie1 . ex:c2 cf:infrastructureElement ex:ie2 . ex:ie1 ex:tier ex:edge . ex:ie2 ex:tier ex:cloud . ex:ie3 ex:tier ex:far .`;

async function rewritten(query: string, rows: Array<[string, string]>): Promise<string[]> {
  const parsed = new sparqljs.Parser().parse(query) as SelectQuery;
  const state = { fresh: 0, limitations: [] as string[] };
  const text = new sparqljs.Generator().stringify({ ...parsed, prefixes: {}, where: rewritePatterns(parsed.where ?? [], state) });
  const store = new MemoryGraphStore();
  await store.load(DATA, { format: 'text/turtle', graph: 'http://example.org/g' });
  const result = await store.query(fillPlaceholders(text, rows, [...new Set(rows.map(([c]) => c))], []));
  if (result.kind !== 'bindings') throw new Error('not bindings');
  return result.rows.map((r) => [...r.values()].map((t) => t.value.replace('http://example.org/', '')).join(' ')).sort();
}

const ex = (l: string) => `http://example.org/${l}`;

describe('placement overlay', () => {
  it('adds proposals and hides the moved component\'s stored placement', async () => {
    const q = `PREFIX cf: <${CF}> SELECT ?c ?ie WHERE { ?c cf:infrastructureElement ?ie }`;
    expect(await rewritten(q, [])).toEqual(['c1 ie1', 'c2 ie2']);
    expect(await rewritten(q, [[ex('c1'), ex('ie3')], [ex('c9'), ex('ie1')]])).toEqual(['c1 ie3', 'c2 ie2', 'c9 ie1']);
  });

  it('sees proposals through sequence paths, inverse paths and constant subjects', async () => {
    const seq = `PREFIX cf: <${CF}> PREFIX ex: <http://example.org/> SELECT ?c ?t WHERE { ?c cf:infrastructureElement/ex:tier ?t }`;
    expect(await rewritten(seq, [[ex('c2'), ex('ie3')]])).toEqual(['c1 edge', 'c2 far']);
    const inv = `PREFIX cf: <${CF}> PREFIX ex: <http://example.org/> SELECT ?c WHERE { ex:ie3 ^cf:infrastructureElement ?c }`;
    expect(await rewritten(inv, [[ex('c1'), ex('ie3')]])).toEqual(['c1']);
    const constant = `PREFIX cf: <${CF}> PREFIX ex: <http://example.org/> SELECT ?ie WHERE { ex:c1 cf:infrastructureElement ?ie }`;
    expect(await rewritten(constant, [[ex('c1'), ex('ie2')], [ex('c2'), ex('ie3')]])).toEqual(['ie2']);
  });

  it('cf:proposedInfrastructureElement holds the proposals only (nothing is stored as proposed)', async () => {
    const q = `PREFIX cf: <${CF}> SELECT ?c ?ie WHERE { ?c cf:proposedInfrastructureElement ?ie }`;
    expect(await rewritten(q, [])).toEqual([]);
    expect(await rewritten(q, [[ex('c2'), ex('ie1')]])).toEqual(['c2 ie1']);
  });
});
