/** orchestration/placement/ReservationIndex.ts: current reservations kept fresh from the change feed equal a full read. */
import fc from 'fast-check';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { ReservationIndex } from '../../../../orchestration/placement/ReservationIndex.js';
import { readReservations, type Reservation } from '../../../../orchestration/placement/candidateQuery.js';
import { DecisionRecorder } from '../../../../orchestration/decision/DecisionRecorder.js';
import type { PlacementDecision } from '../../../../orchestration/placement/PlacementDecision.js';
import { component, ieIri, service } from './continuumFixture.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const byComponent = (list: readonly Reservation[]) => [...list].sort((a, b) => (a.component < b.component ? -1 : 1));

const step = fc.oneof(
  fc.record({ kind: fc.constant('decide' as const), c: fc.integer({ min: 0, max: 2 }), ie: fc.constantFrom('x', 'y'), placed: fc.boolean() }),
  fc.record({ kind: fc.constant('release' as const), c: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('status' as const), c: fc.integer({ min: 0, max: 2 }), status: fc.constantFrom('RunningServiceComponent', 'FinishedServiceComponent') }),
  fc.record({ kind: fc.constant('forget' as const), c: fc.integer({ min: 0, max: 2 }) }),
);

describe('ReservationIndex', () => {
  it('after any sequence of decisions, releases, status changes and removals, equals a full read', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
      const store = new ObservedMemoryStore();
      const index = new ReservationIndex(store);
      const request = service(component('c0', { requiredCpu: 1 }), component('c1', { requiredRamMiB: 512 }), component('c2', { requiredDiskGiB: 1 }));
      const recorder = new DecisionRecorder(store);
      expect(await index.current()).toEqual([]);
      let clock = Date.parse('2026-12-02T08:00:00Z');
      for (const s of steps) {
        const c = request.components[s.c];
        if (s.kind === 'decide') {
          const d: PlacementDecision = { component: c.id, service: request.id, rejected: [], reasons: s.placed ? [] : ['none'], decidedAt: new Date(clock += 1000), ...(s.placed ? { ie: ieIri(s.ie) } : {}) };
          await recorder.record([d], request);
        } else if (s.kind === 'release') {
          await recorder.release([c.id], new Date(clock += 1000));
        } else if (s.kind === 'status') {
          await store.update(`DELETE { GRAPH ?g { <${c.id}> <${AEROS}serviceComponentStatus> ?s } } WHERE { GRAPH ?g { <${c.id}> <${AEROS}serviceComponentStatus> ?s } };
            INSERT DATA { GRAPH <${c.id}> { <${c.id}> <${AEROS}serviceComponentStatus> <${AEROS}${s.status}> } }`);
        } else {
          await store.update(`DELETE WHERE { GRAPH ?d { ?d <https://w3id.org/continuum-fabric/ns#forComponent> <${c.id}> ; ?p ?o } }`);
        }
        expect(byComponent(await index.current())).toEqual(byComponent(await readReservations(store)));
      }
    }), { numRuns: 40 });
  });
});
