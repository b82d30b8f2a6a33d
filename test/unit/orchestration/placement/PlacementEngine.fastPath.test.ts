/**
 * PlacementEngine's one-check-per-plan fast path (PolicyGate.allowsEachPrefix, issue 5): on the demo continuum with
 * the built-in policies, the decisions — chosen IEs, scores, every rejected candidate and its reason — are identical
 * to those of checking each component as it is placed (a gate without the fast path), with and without policy
 * rejections; and the fast path asks PolicyService.check once for a plan no policy objects to.
 */
import { PlacementEngine } from '../../../../orchestration/placement/PlacementEngine.js';
import type { PolicyGate } from '../../../../orchestration/placement/PolicyGate.js';
import type { ServiceRequest } from '../../../../orchestration/request/ServiceRequest.js';
import { PolicyService } from '../../../../reasoner/policy/PolicyService.js';
import type { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { AEROS, CF, iri, lit, requirements, seededStore, setFact } from '../../reasoner/policy/support.js';

const SERVICE = 'urn:ngsi-ld:Service:fast';
const now = () => new Date(0);

function service(): ServiceRequest {
  return {
    id: SERVICE, name: 'fast',
    components: ['a', 'b', 'c', 'd'].map((name, i) => ({
      id: `urn:ngsi-ld:ServiceComponent:fast:${name}`, name, image: 'busybox', args: [], env: {}, ports: [], isJob: false,
      requirements: { requiredCpu: 0.25 * (i + 1), requiredRamMiB: 256, maxCpuUsage: 90 },
      affinity: [], antiAffinity: name === 'b' ? ['a'] : [], labels: [],
    })),
  };
}

let store: MemoryGraphStore;
beforeAll(async () => {
  store = await seededStore();
  for (const c of service().components) {
    await setFact(store, c.id, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', iri(`${AEROS}ServiceComponent`));
    await setFact(store, c.id, `${AEROS}isPartOfService`, iri(SERVICE));
    await requirements(store, c.id, [[`${AEROS}requiredRam`, lit(256)]]);
  }
});

/** The decisions as plain data (the rejected reasons read, so worded). */
const plain = (ds: unknown) => JSON.parse(JSON.stringify(ds)) as Array<{ ie?: string; rejected: Array<{ ie: string; reason: string; policy?: string }> }>;

async function both(): Promise<{ fast: ReturnType<typeof plain>; oneByOne: ReturnType<typeof plain>; checks: number }> {
  const policies = new PolicyService(store);
  let checks = 0;
  const check = policies.check.bind(policies);
  policies.check = (async (...args: Parameters<PolicyService['check']>) => { checks++; return check(...args); }) as PolicyService['check'];
  const slow: PolicyGate = { check: (p, t) => new PolicyService(store).check(p, t) };
  const fast = plain(await new PlacementEngine(store, policies, { now }).plan(service()));
  const oneByOne = plain(await new PlacementEngine(store, slow, { now }).plan(service()));
  return { fast, oneByOne, checks };
}

describe('one policy check per plan', () => {
  it('decides exactly as checking one by one when no policy objects, with one check instead of four', async () => {
    const { fast, oneByOne, checks } = await both();
    expect(fast.every((d) => d.ie)).toBe(true);
    expect(fast.flatMap((d) => d.rejected).filter((r) => r.policy)).toEqual([]);
    expect(fast).toEqual(oneByOne);
    expect(checks).toBe(1);
  });

  it('decides exactly as checking one by one when a policy rejects the best IEs (falls back, same rejections)', async () => {
    // Personal data on a: PersonalDataInEU rejects IEs whose domain owner is outside the EU (or unknown).
    await setFact(store, 'urn:ngsi-ld:ServiceComponent:fast:a', `${CF}dataLabel`, lit('personal-data'));
    const before = await both();
    // And b asks for real time in the graph only (RealTimeRequirement rejects, the request's filters do not).
    await requirements(store, 'urn:ngsi-ld:ServiceComponent:fast:b', [[`${AEROS}requiredRam`, lit(256)], [`${AEROS}realTimeCapable`, lit(true)]]);
    const after = await both();
    for (const { fast, oneByOne } of [before, after]) {
      expect(fast).toEqual(oneByOne);
      expect(fast.some((d) => d.ie)).toBe(true);
    }
    expect([...before.fast, ...after.fast].flatMap((d) => d.rejected).filter((r) => r.policy).length).toBeGreaterThan(0);
  });
});
