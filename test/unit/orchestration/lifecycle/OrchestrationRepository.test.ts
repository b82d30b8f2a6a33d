/** orchestration/lifecycle/OrchestrationRepository.ts: the history graph keeps the newest historyLimit transitions per component. */
import N3 from 'n3';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { OrchestrationRepository, type ComponentRecord } from '../../../../orchestration/lifecycle/OrchestrationRepository.js';
import type { ComponentStatus } from '../../../../orchestration/lifecycle/ComponentStatus.js';
import { historyGraph } from '../../../../orchestration/lifecycle/orchestrationVocabulary.js';

const SERVICE = 'urn:ngsi-ld:Service:svc';
const component = (name: string, status: ComponentStatus): ComponentRecord => ({
  id: `urn:ngsi-ld:ServiceComponent:svc:${name}`, name, serviceId: SERVICE, image: 'busybox', args: [], env: {}, isJob: false, status,
});
const CYCLE: ComponentStatus[] = ['Locating', 'Starting', 'Running', 'Failed'];

async function writeCycles(repository: OrchestrationRepository, name: string, transitions: number): Promise<void> {
  let from: ComponentStatus | undefined;
  for (let i = 0; i < transitions; i++) {
    const to = CYCLE[i % CYCLE.length];
    await repository.writeComponent(component(name, to), { from, reason: `step ${i + 1}` });
    from = to;
  }
}

describe('OrchestrationRepository history', () => {
  it('keeps every transition up to historyLimit, numbered in order', async () => {
    let ms = Date.parse('2026-12-03T08:00:00Z');
    const repository = new OrchestrationRepository(new MemoryGraphStore(), () => new Date(ms++), 10);
    await writeCycles(repository, 'web', 10);
    const history = repository.history(SERVICE);
    expect(history.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(history.map((t) => t.reason)).toEqual(Array.from({ length: 10 }, (_, i) => `step ${i + 1}`));
  });

  it('drops the oldest transitions of a component beyond historyLimit, quads and all, and keeps numbering on', async () => {
    let ms = Date.parse('2026-12-03T08:00:00Z');
    const store = new MemoryGraphStore();
    const repository = new OrchestrationRepository(store, () => new Date(ms++), 10);
    await writeCycles(repository, 'web', 25);
    await writeCycles(repository, 'db', 3);
    const history = repository.history(SERVICE);
    const web = history.filter((t) => t.component.endsWith(':web'));
    expect(web.map((t) => t.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(web.map((t) => t.reason)).toEqual(Array.from({ length: 10 }, (_, i) => `step ${i + 16}`));
    expect(web.map((t) => t.to)).toEqual(Array.from({ length: 10 }, (_, i) => CYCLE[(i + 15) % CYCLE.length]));
    expect(history.filter((t) => t.component.endsWith(':db')).map((t) => t.seq)).toEqual([1, 2, 3]);
    // Nothing of a dropped transition is left behind: 13 transitions of 5–7 quads each.
    const graph = N3.DataFactory.namedNode(historyGraph(SERVICE));
    const subjects = new Set(store.match(null, null, null, graph).map((q) => q.subject.value));
    expect(subjects.size).toBe(13);
  });
});
