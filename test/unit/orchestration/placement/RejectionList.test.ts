/**
 * orchestration/placement/RejectionList.ts: rejected candidates worded on first read give the very text of wording
 * them at once (rejectionReasons, then the extra reasons, "; "-joined), in the order added, or by IE after sortByIe().
 */
import { RejectionList } from '../../../../orchestration/placement/RejectionList.js';
import { isRejected, needOf, rejectionReasons } from '../../../../orchestration/placement/candidateFilters.js';
import type { IeFacts } from '../../../../orchestration/placement/candidateQuery.js';
import type { ComponentRequirements } from '../../../../orchestration/request/ServiceRequest.js';
import { ieIri } from './continuumFixture.js';

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
});
