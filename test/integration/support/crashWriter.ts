/**
 * Child process of test/integration/store-crash.test.ts. Writes to a durable
 * store until killed. Every write is one commit that adds a whole entity graph
 * (6 quads, 2 with blank nodes) or deletes one, and updates a counter:
 *   <state> <count> = number of entity graphs; <state> <nextId> = next id.
 * Before issuing a commit it prints "begin add|del <id>", after the
 * acknowledgement "ack add|del <id> <seq>" — synchronously (fs.writeSync), so a
 * SIGKILL cannot lose a line that was printed before a later one.
 * Usage: node crashWriter.js <dataDir> <snapshotThresholdBytes>
 */
import { writeSync } from 'node:fs';
import oxigraph from 'oxigraph';
import { DurableGraphStore } from '../../../fabric/store/durable/DurableGraphStore.js';

const E = 'http://example.org/crash/';
const n = (local: string) => oxigraph.namedNode(E + local);
const STATE = n('state');
const STATE_GRAPH = n('stateGraph');

function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

function stateValue(store: DurableGraphStore, property: string): oxigraph.Quad | undefined {
  return store.match(STATE, n(property), null, STATE_GRAPH)[0] as oxigraph.Quad | undefined;
}

function entityQuads(id: number): oxigraph.Quad[] {
  const g = n(`w${id}`);
  const s = n(`entity${id}`);
  const b = oxigraph.blankNode(`w${id}part`);
  return [
    oxigraph.quad(s, n('type'), n('Thing'), g),
    oxigraph.quad(s, n('label'), oxigraph.literal(`entity "${id}"\nline two`, 'en'), g),
    oxigraph.quad(s, n('value'), oxigraph.literal(String(id), oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#integer')), g),
    oxigraph.quad(s, n('part'), b, g),
    oxigraph.quad(b, n('weight'), oxigraph.literal(String(id * 2)), g),
    oxigraph.quad(s, n('padding'), oxigraph.literal('x'.repeat(200)), g),
  ];
}

function counterChange(store: DurableGraphStore, countDelta: number, nextId: number): { deletes: oxigraph.Quad[]; inserts: oxigraph.Quad[] } {
  const count = stateValue(store, 'count');
  const next = stateValue(store, 'nextId');
  const current = count ? Number(count.object.value) : 0;
  return {
    deletes: [count, next].filter((q): q is oxigraph.Quad => q !== undefined),
    inserts: [
      oxigraph.quad(STATE, n('count'), oxigraph.literal(String(current + countDelta)), STATE_GRAPH),
      oxigraph.quad(STATE, n('nextId'), oxigraph.literal(String(nextId)), STATE_GRAPH),
    ],
  };
}

/** One write, decided and applied in this tick (check-then-write is serializable). */
function issue(store: DurableGraphStore): Promise<void> {
  const next = stateValue(store, 'nextId');
  const nextId = next ? Number(next.object.value) : 1;
  const present = store.match(null, n('type'), n('Thing'), null);
  if (present.length > 3 && Math.random() < 0.3) {
    const victim = present[Math.floor(Math.random() * present.length)];
    const id = Number(victim.graph.value.slice(E.length + 1));
    const counter = counterChange(store, -1, nextId);
    say(`begin del ${id}`);
    const receipt = store.commit({ deletes: [...store.match(null, null, null, victim.graph), ...counter.deletes], inserts: counter.inserts });
    return receipt.then((r) => say(`ack del ${id} ${r.seq}`));
  }
  const counter = counterChange(store, +1, nextId + 1);
  say(`begin add ${nextId}`);
  const receipt = store.commit({ deletes: counter.deletes, inserts: [...entityQuads(nextId), ...counter.inserts] });
  return receipt.then((r) => say(`ack add ${nextId} ${r.seq}`));
}

async function main(): Promise<void> {
  const [dataDir, threshold] = process.argv.slice(2);
  const store = await DurableGraphStore.open(dataDir, { snapshotThresholdBytes: Number(threshold) });
  say('ready');
  const inFlight = new Set<Promise<void>>();
  for (;;) {
    while (inFlight.size < 8) {
      const p: Promise<void> = issue(store).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.race(inFlight);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
