/**
 * JsonValuedPredicates: per predicate, whether a named graph holds an rdf:JSON value of it, kept from
 * the change feed after one COUNT, and never "no" while the ASK the compiler's probe makes says "yes"
 * (a stale "yes" after a bulk load that repeated present quads is allowed, and recounted).
 * Real stores: ObservedMemoryStore (feed of effective changes) and DurableGraphStore (its ground bulk
 * loads list their input, present quads included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { JsonValuedPredicates } from '../../../../fabric/ngsi-ld/index/JsonValuedPredicates.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';

const JSON_DT = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>';
const A = 'urn:p:a';
const B = 'urn:p:b';

function follow(store: GraphStore & Required<Pick<GraphStore, 'onCommit'>>, options = {}): JsonValuedPredicates {
  const directory = new JsonValuedPredicates(store, options);
  store.onCommit((r) => directory.follow(r.deletes, r.inserts));
  return directory;
}

/** The answer once counted (the first question starts the COUNT and is not answered). */
async function counted(directory: JsonValuedPredicates, predicates: string[]): Promise<boolean> {
  const first = directory.mayHold(predicates);
  if (first !== undefined) return first;
  await directory.whenCounted();
  const answer = directory.mayHold(predicates);
  expect(answer).toBeDefined();
  return answer!;
}

/** What the compiler's probe asks the store. */
async function ask(store: GraphStore, predicates: string[]): Promise<boolean> {
  const r = await store.query(`ASK { GRAPH ?g { VALUES ?p { ${predicates.map((p) => `<${p}>`).join(' ')} } ?s ?p ?j FILTER(DATATYPE(?j) = ${JSON_DT}) } }`);
  return r.kind === 'boolean' && r.value;
}

const insert = (s: string, p: string, o: string, g: string): string => `INSERT DATA { GRAPH <${g}> { <${s}> <${p}> ${o} } }`;

describe('on a store whose feed lists effective changes', () => {
  test('counted once, then inserts and deletes move the count; only a zero says "no"', async () => {
    const store = new ObservedMemoryStore();
    await store.update(insert('urn:e:1', A, `"[1]"^^${JSON_DT}`, 'urn:e:1'));
    await store.update(insert('urn:e:1', B, '"[1]"', 'urn:e:1'));
    const directory = follow(store);
    const query = jest.spyOn(store, 'query');
    expect(directory.mayHold([A])).toBeUndefined();
    await directory.whenCounted();
    expect(directory.counts()).toEqual(new Map([[A, 1]]));
    expect(await counted(directory, [B])).toBe(false);
    expect(directory.mayHold([A, B])).toBe(true);
    await store.update(insert('urn:e:2', B, `"[2]"^^${JSON_DT}`, 'urn:e:2'));
    await store.update(insert('urn:e:3', B, `"[3]"^^${JSON_DT}`, 'urn:e:3'));
    expect(directory.counts().get(B)).toBe(2);
    await store.update(`DELETE DATA { GRAPH <urn:e:2> { <urn:e:2> <${B}> "[2]"^^${JSON_DT} } }`);
    expect(directory.mayHold([B])).toBe(true);
    await store.update(`DELETE WHERE { GRAPH ?g { ?s <${B}> ?o } }`);
    expect(directory.mayHold([B])).toBe(false);
    expect(query).toHaveBeenCalledTimes(2); // the two COUNTs; every later answer came from the feed
  });

  test('graph clears and drops remove the values', async () => {
    const store = new ObservedMemoryStore();
    const directory = follow(store);
    expect(await counted(directory, [A])).toBe(false);
    await store.update(insert('urn:e:1', A, `"[1]"^^${JSON_DT}`, 'urn:e:1') + ';' + insert('urn:e:2', A, `"[2]"^^${JSON_DT}`, 'urn:e:2'));
    expect(directory.mayHold([A])).toBe(true);
    await store.update('CLEAR GRAPH <urn:e:1>');
    expect(directory.counts().get(A)).toBe(1);
    const tx = store.transaction();
    tx.clearGraph('urn:e:2');
    await tx.commit();
    expect(directory.mayHold([A])).toBe(false);
    await store.update(insert('urn:e:3', A, `"[3]"^^${JSON_DT}`, 'urn:e:3'));
    await store.update('DROP ALL');
    expect(directory.mayHold([A])).toBe(false);
    expect(await ask(store, [A])).toBe(false);
  });

  test('the default graph does not count (the probe asks GRAPH ?g)', async () => {
    const store = new ObservedMemoryStore();
    const directory = follow(store);
    expect(await counted(directory, [A])).toBe(false);
    await store.update(`INSERT DATA { <urn:e:1> <${A}> "[1]"^^${JSON_DT} }`);
    expect(directory.mayHold([A])).toBe(false);
    expect(await ask(store, [A])).toBe(false);
  });

  test('changes while the COUNT runs: inserts are added to its answer, deletes are not subtracted', async () => {
    const store = new ObservedMemoryStore();
    await store.update(insert('urn:e:1', A, `"[1]"^^${JSON_DT}`, 'urn:e:1'));
    const directory = follow(store);
    // The COUNT answers as of the moment it is asked (a synchronous store); the writes below come after.
    expect(directory.mayHold([A])).toBeUndefined();
    await store.update(`DELETE DATA { GRAPH <urn:e:1> { <urn:e:1> <${A}> "[1]"^^${JSON_DT} } }`);
    await store.update(insert('urn:e:2', A, `"[2]"^^${JSON_DT}`, 'urn:e:2'));
    await directory.whenCounted();
    expect(directory.counts().get(A)).toBe(2); // 1 counted + 1 inserted; the true number is 1
    await store.update(`DELETE DATA { GRAPH <urn:e:2> { <urn:e:2> <${A}> "[2]"^^${JSON_DT} } }`);
    expect(await ask(store, [A])).toBe(false);
    expect(directory.mayHold([A])).toBe(true); // stale (recounted once recountIntervalMs, 10 s here, has passed)
  });

  test('a count that may be high is counted again when it says "yes"', async () => {
    const store = new ObservedMemoryStore();
    await store.update(insert('urn:e:1', A, `"[1]"^^${JSON_DT}`, 'urn:e:1'));
    const directory = follow(store, { recountIntervalMs: 0 });
    expect(directory.mayHold([A])).toBeUndefined();
    await store.update(`DELETE DATA { GRAPH <urn:e:1> { <urn:e:1> <${A}> "[1]"^^${JSON_DT} } }`);
    await directory.whenCounted();
    expect(directory.counts().get(A)).toBe(1); // the delete during the COUNT was not subtracted
    expect(directory.mayHold([A])).toBe(true); // … so this "yes" starts a recount
    await directory.whenCounted();
    expect(directory.mayHold([A])).toBe(false);
  });

  test('a record it cannot read forgets every count', async () => {
    const store = new ObservedMemoryStore();
    const directory = follow(store);
    expect(await counted(directory, [A])).toBe(false);
    directory.follow('', `<urn:e:1> <${A}> "[1]"^^${JSON_DT} <urn:e:1> <urn:not-a-statement> .\n`);
    expect(directory.mayHold([A])).toBeUndefined();
  });
});

describe('on a durable store, whose ground bulk loads list their input', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'json-valued-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a load repeating a present JSON value counts it twice: a stale "yes", never a wrong "no"; a recount settles it', async () => {
    const store = await DurableGraphStore.open(dir);
    const directory = follow(store, { recountIntervalMs: 0 });
    const nquad = `<urn:e:1> <${A}> "[1]"^^${JSON_DT} <urn:e:1> .\n`;
    expect(await counted(directory, [A])).toBe(false);
    await store.load(nquad, { format: 'application/n-quads' });
    await store.load(nquad + nquad, { format: 'application/n-quads' }); // present already, and twice in the input
    expect(directory.counts().get(A)).toBe(3); // one statement, listed three times
    expect(await ask(store, [A])).toBe(true);
    await store.update(`DELETE DATA { GRAPH <urn:e:1> { <urn:e:1> <${A}> "[1]"^^${JSON_DT} } }`);
    expect(await ask(store, [A])).toBe(false);
    expect(directory.mayHold([A])).toBe(true); // stale; starts a recount (the count may be high after a bulk-like insert)
    await directory.whenCounted();
    expect(directory.mayHold([A])).toBe(false);
    await store.close();
  });

  test('random writes: never "no" while the probe says "yes"', async () => {
    const store = await DurableGraphStore.open(dir);
    const directory = follow(store, { recountIntervalMs: 0 });
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const predicates = [A, B, 'urn:p:c'];
    let yes = 0;
    let no = 0;
    for (let step = 0; step < 120; step++) {
      const e = `urn:e:${Math.floor(random() * 6)}`;
      const p = pick(predicates);
      const value = pick([`"[${step}]"^^${JSON_DT}`, `"{}"^^${JSON_DT}`, `${step}`, '"[1]"']);
      switch (pick(['insert', 'insert', 'load', 'delete', 'clear'])) {
        case 'insert': await store.update(insert(e, p, value, e)); break;
        case 'load': await store.load(`<${e}> <${p}> "[0]"^^${JSON_DT} <${e}> .\n`, { format: 'application/n-quads' }); break;
        case 'delete': await store.update(`DELETE WHERE { GRAPH <${e}> { <${e}> <${p}> ?o } }`); break;
        default: await store.update(`CLEAR SILENT GRAPH <${e}>`);
      }
      const asked = pick([[A], [B], [A, B], predicates]);
      const answer = await counted(directory, asked);
      const truth = await ask(store, asked);
      if (truth) expect({ step, asked, answer }).toEqual({ step, asked, answer: true });
      if (answer) yes++;
      else no++;
      if (step % 10 === 9) await directory.whenCounted(); // recounts settle
    }
    expect(yes).toBeGreaterThan(10);
    expect(no).toBeGreaterThan(10);
    await store.close();
  });
});
