/**
 * orchestration/placement/RejectionList.ts: rejected candidates worded on first read give the very text of wording
 * them at once (rejectionReasons, then the extra reasons, "; "-joined), in the order added, or by IE after sortByIe().
 */
import { RejectionList } from '../../../../orchestration/placement/RejectionList.js';
import { isRejected, needOf, rejectionReasons } from '../../../../orchestration/placement/candidateFilters.js';
import type { IeFacts } from '../../../../orchestration/placement/candidateQuery.js';
import type { ComponentRequirements } from '../../../../orchestration/request/ServiceRequest.js';
import { ieIri } from './continuumFixture.js';
import { wordedRejectionView } from '../../../../orchestration/placement/rejectionView.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';

const READY = 'https://w3id.org/aerOS/continuum#ReadyInfrastructureElement';
const ie = (name: string, facts: Partial<IeFacts>): IeFacts => ({ iri: ieIri(name), status: READY, cpuCores: 4, cpuUsage: 10, availableRam: 4000, domains: [], orchestrationTypes: [], ...facts });

const requirements: ComponentRequirements = { requiredCpu: 2, requiredRamMiB: 1024, maxCpuUsage: 80, cpuArch: ['x64'] };
const need = needOf(requirements);

describe('RejectionList', () => {
  it('words each filtered IE on first read exactly as rejectionReasons does, keeping the order added', () => {
    const ies = [
      ie('z', { cpuUsage: 95, architecture: 'arm64' }),
      ie('a', { availableRam: 100, architecture: 'x64' }),
      ie('m', { status: undefined, cpuCores: 1, architecture: 'x64' }),
    ];
    const taken = { cpu: 0.5, ram: 512, disk: 0 };
    const list = new RejectionList({ requirements, need });
    for (const x of ies) {
      expect(isRejected(x, requirements, need, taken)).toBe(true);
      list.addFiltered(x, taken, x.iri.endsWith('m') ? ['anti-affinity: web already runs there'] : undefined);
    }
    list.add({ ie: ieIri('b'), reason: 'policy p: no', policy: 'p' });
    const eager = ies.map((x) => [...rejectionReasons(x, requirements, need, taken), ...(x.iri.endsWith('m') ? ['anti-affinity: web already runs there'] : [])].join('; '));
    expect(list.list()).toEqual([
      { ie: ieIri('z'), reason: eager[0] }, { ie: ieIri('a'), reason: eager[1] }, { ie: ieIri('m'), reason: eager[2] },
      { ie: ieIri('b'), reason: 'policy p: no', policy: 'p' },
    ]);
    expect(eager[0]).toBe('architecture: arm64, needs x64; CPU usage: 95 %, must be at most 80 %; free CPU: -0.3 cores (0.5 reserved), needs 2');
    expect(list.list()).toBe(list.list());
    list.sortByIe();
    expect(list.list().map((r) => r.ie)).toEqual(['a', 'b', 'm', 'z'].map(ieIri));
    expect(list).toHaveLength(4);
  });

  it('isRejected agrees with rejectionReasons on feasible and infeasible IEs', () => {
    const nothing = { cpu: 0, ram: 0, disk: 0 };
    for (const x of [ie('ok', { architecture: 'x64' }), ie('busy', { architecture: 'x64', cpuUsage: 81 }), ie('small', { architecture: 'x64', availableRam: 1023 })]) {
      expect(isRejected(x, requirements, need, nothing)).toBe(rejectionReasons(x, requirements, need, nothing).length > 0);
    }
    expect(isRejected(ie('ok', { architecture: 'x64' }), requirements, need, nothing)).toBe(false);
  });

  it('as a RejectionView answers what the worded list answers, without wording it (random IEs, every criterion)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = new SeededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[rnd.int(0, xs.length - 1)];
      const maybe = <T>(x: T): T | undefined => (rnd.next() < 0.5 ? x : undefined);
      const r: ComponentRequirements = {
        requiredCpu: maybe(rnd.float(0, 4)), requiredRamMiB: maybe(rnd.int(0, 4000)), requiredDiskGiB: maybe(rnd.int(0, 4)),
        maxCpuUsage: maybe(rnd.int(10, 90)), cpuCores: maybe(rnd.int(1, 8)), gpu: maybe(true), realtime: maybe(true),
        cpuArch: maybe(['x64']), tier: maybe(['Edge', 'Cloud']), domains: maybe([`urn:d:${rnd.int(1, 3)}`]),
        minEnergyEfficiency: maybe(rnd.float(0, 1)), minGreenEnergyRatio: maybe(rnd.float(0, 1)), minTrustScore: maybe(rnd.float(0, 1)),
        orchestrationTypes: maybe(['Kubernetes']),
      };
      // Deterministic, as the engine's area test is: the IE's point lies in the area when its x is odd.
      const inArea = rnd.next() < 0.3 ? (location: unknown) => ((location as { coordinates?: number[] } | undefined)?.coordinates?.[0] ?? 0) % 2 === 1 : undefined;
      const context = { requirements: r, need: needOf(r), ...(inArea ? { inArea } : {}) };
      const lists = [new RejectionList(context), new RejectionList(context)];
      const n = rnd.int(0, 140);
      for (let i = 0; i < n; i++) {
        const x = ie(`ie${rnd.int(0, 99999)}-${i}`, {
          status: maybe(READY) ?? pick([undefined, 'urn:x:OverloadInfrastructureElement']), architecture: maybe(pick(['x64', 'arm64'])),
          cpuCores: maybe(rnd.int(1, 8)), cpuUsage: maybe(rnd.int(0, 100)), availableRam: maybe(rnd.int(0, 8000)), availableDisk: maybe(rnd.int(0, 9000)),
          gpu: maybe(true), realTime: maybe(true), tier: maybe(pick(['Edge', 'Cloud', 'FarEdge'])), domains: [`urn:d:${rnd.int(1, 3)}`],
          energyEfficiency: maybe(rnd.float(0, 1)), greenRatio: maybe(rnd.float(0, 1)), trustScore: maybe(rnd.float(0, 1)),
          orchestrationTypes: rnd.next() < 0.5 ? ['Kubernetes'] : [], location: maybe({ type: 'Point', coordinates: [rnd.int(0, 9), 2] }),
        });
        const taken = { cpu: rnd.float(0, 2), ram: rnd.int(0, 1000), disk: 0 };
        const extra = rnd.next() < 0.2 ? [pick(['anti-affinity: web already runs there', 'avoided: db is being moved away from this IE'])] : undefined;
        const kind = rnd.next();
        if (kind < 0.7 && isRejected(x, r, needOf(r), taken, inArea)) for (const l of lists) l.addFiltered(x, taken, extra);
        else if (kind < 0.85) {
          const candidate = { ie: x.iri, reason: 'policy urn:p:GpuTrust: trustScore 0.4 < 0.7', policy: pick(['urn:p:GpuTrust', 'urn:p:Eu']) };
          for (const l of lists) l.add(candidate);
        } else if (extra) for (const l of lists) l.add({ ie: x.iri, reason: extra.join('; ') });
      }
      if (rnd.next() < 0.5) for (const l of lists) l.sortByIe();
      const [lazy, eager] = lists;
      const worded = wordedRejectionView(eager.list());
      const k = rnd.int(1, 120);
      const at = `seed ${seed}`;
      expect([at, lazy.count]).toEqual([at, worded.count]);
      expect([at, lazy.criterionCounts()]).toEqual([at, worded.criterionCounts()]);
      expect([at, lazy.policies()]).toEqual([at, worded.policies()]);
      for (const m of [k, lazy.count, Math.max(1, lazy.count - 1)]) expect([at, m, lazy.recordedSample(m)]).toEqual([at, m, worded.recordedSample(m)]);
      expect([at, lazy.head(k)]).toEqual([at, worded.head(k)]);
    }
  });
});
