/**
 * TenantReasoners (fabric/node/TenantReasoners.ts): a named tenant's reasoner runs while the tenant is written to —
 * started by the first commit to its store, stopped after idleMs without one once it has caught up, started again
 * by the next commit; none for a store without a data directory or a change feed; all stopped by close().
 */
import { TenantReasoners, type TenantReasoner } from '../../../fabric/node/TenantReasoners.js';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';

const LINE = '<urn:x:s> <urn:x:p> "o" <urn:x:g> .\n';

/** Records what happens to the reasoners it creates; idle() resolves when `caughtUp` says so. */
function recorder() {
  const events: string[] = [];
  let caughtUp = true;
  let made = 0;
  const create = (tenant: string, _store: unknown, dir: string): TenantReasoner => {
    const n = ++made;
    events.push(`create ${tenant} ${dir} #${n}`);
    return {
      start: async () => { events.push(`start #${n}`); },
      idle: async () => { while (!caughtUp) await new Promise((r) => setTimeout(r, 5)); },
      stop: async () => { events.push(`stop #${n}`); },
    };
  };
  return { events, create, setCaughtUp: (v: boolean) => { caughtUp = v; } };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('TenantReasoners', () => {
  it('starts a reasoner at the first commit, stops it when idle and caught up, starts a new one at the next commit', async () => {
    const { events, create, setCaughtUp } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 1000, checkEveryMs: 60_000, now: () => now });
    const store = new ObservedMemoryStore();
    reasoners.opened('acme', store, '/data/tenants/acme');
    await flush();
    expect(events).toEqual([]); // opened, not written: no thread
    await store.load(LINE, { format: 'application/n-quads' });
    await store.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' });
    await flush();
    expect(events).toEqual(['create acme /data/tenants/acme #1', 'start #1']);
    expect(reasoners.running()).toEqual(['acme']);

    now = 999;
    await reasoners.stopIdle();
    expect(reasoners.running()).toEqual(['acme']); // not idle long enough

    now = 2000;
    setCaughtUp(false);
    const check = reasoners.stopIdle();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).not.toContain('stop #1'); // still processing
    setCaughtUp(true);
    await check;
    expect(events).toContain('stop #1');
    expect(reasoners.running()).toEqual([]);

    await store.update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o3" } }');
    await flush();
    expect(events.slice(-2)).toEqual(['create acme /data/tenants/acme #2', 'start #2']);
    await reasoners.close();
    expect(events.at(-1)).toBe('stop #2');
    await store.load(LINE.replace('"o"', '"o4"'), { format: 'application/n-quads' });
    await flush();
    expect(events.at(-1)).toBe('stop #2'); // closed: no new reasoner
  });

  it('a commit during the idle wait keeps the reasoner', async () => {
    const { events, create, setCaughtUp } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 1000, checkEveryMs: 60_000, now: () => now });
    const store = new ObservedMemoryStore();
    reasoners.opened('acme', store, '/d');
    await store.load(LINE, { format: 'application/n-quads' });
    await flush();
    now = 5000;
    setCaughtUp(false);
    const check = reasoners.stopIdle();
    await store.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' }); // lastCommit = 5000
    setCaughtUp(true);
    await check;
    expect(reasoners.running()).toEqual(['acme']);
    expect(events.filter((e) => e.startsWith('create'))).toHaveLength(1);
    await reasoners.close();
  });

  it('no reasoner for a tenant store without a data directory or without a change feed', async () => {
    const { events, create } = recorder();
    const reasoners = new TenantReasoners({ create, idleMs: 1000 });
    const observed = new ObservedMemoryStore();
    reasoners.opened('in-memory', observed, undefined);
    const plain = new MemoryGraphStore();
    reasoners.opened('no-feed', plain, '/d');
    await observed.load(LINE, { format: 'application/n-quads' });
    await plain.load(LINE, { format: 'application/n-quads' });
    await flush();
    expect(events).toEqual([]);
    await reasoners.close();
  });
});
