/**
 * MemoryGraphStore keeps its quad count from the effective change of every write (size() is a /metrics
 * gauge; oxigraph's Store.size walks the store). Differential: after every step of a seeded random mix of
 * all write paths, size() equals a fresh count by oxigraph.
 */
import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { exactChangeText } from '../../../fabric/store/exactChangeText.js';
import { SeededRandom } from '../../../fabric/demo/SeededRandom.js';

const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);

describe('MemoryGraphStore.size', () => {
  it.each([1, 2, 3])('equals oxigraph\'s own count after every write of a random mix (seed %i)', (seed) => {
    const random = new SeededRandom(seed);
    const pick = (n: number) => random.int(0, n - 1);
    const quad = () => oxigraph.quad(ex(`s${pick(30)}`), ex(`p${pick(3)}`), oxigraph.literal(`v${pick(5)}`), ex(`g${pick(4)}`));
    const store = new MemoryGraphStore();
    const steps: Array<[string, () => void]> = [
      ['applyChange', () => store.applyChange({ deletes: Array.from({ length: pick(6) }, quad), inserts: Array.from({ length: pick(8) }, quad) })],
      ['bulk applyChange', () => store.applyChange({ deletes: [], inserts: Array.from({ length: 600 }, quad) })],
      ['applyExactText', () => {
        const present = store.match(null, null, null, null).slice(0, pick(4));
        const absent = Array.from({ length: pick(4) }, quad).filter((q) => !store.has(q));
        const text = exactChangeText(present, [...absent, ...absent]);
        if (text) store.applyExactText(text);
      }],
      ['applyUpdate', () => store.applyUpdate(`PREFIX : <http://example.org/>
        DELETE { GRAPH ?g { ?s :p${pick(3)} ?o } } INSERT { GRAPH :g9 { ?s :copied ?o } } WHERE { GRAPH ?g { ?s :p${pick(3)} ?o } FILTER(?o = "v${pick(5)}") }`)],
      ['DROP', () => store.applyUpdate(`DROP SILENT GRAPH <http://example.org/g${pick(5)}>`)],
      ['loadText with blank nodes', () => store.loadText(`_:b <http://example.org/p0> "v${pick(5)}" .\n<http://example.org/s1> <http://example.org/p1> "v1" .`, { format: 'application/n-triples', graph: 'http://example.org/g1' })],
      ['loadGround repeating present quads', () => store.loadGround(store.dump('application/n-quads') + `<http://example.org/x${pick(50)}> <http://example.org/p0> "v" .\n`, { format: 'application/n-quads' })],
    ];
    for (let i = 0; i < 80; i++) {
      const [name, step] = steps[pick(steps.length)];
      step();
      const truth = store.raw.size; // oxigraph walks its store
      if (store.size() !== truth) throw new Error(`seed ${seed}, step ${i} (${name}): size() ${store.size()}, oxigraph counts ${truth}`);
    }
    expect(store.size()).toBeGreaterThan(0);
  });

  it('counts once after a direct write to raw when asked to recount', () => {
    const store = new MemoryGraphStore();
    store.applyChange({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('p'), ex('o'), ex('g'))] });
    expect(store.size()).toBe(1);
    store.raw.add(oxigraph.quad(ex('s'), ex('p'), ex('o2'), ex('g')));
    expect(store.recount()).toBe(2);
    expect(store.size()).toBe(2);
  });
});
