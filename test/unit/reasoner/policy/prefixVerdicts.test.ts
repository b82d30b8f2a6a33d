/**
 * reasoner/policy/prefixVerdicts.ts (PolicyService.allowsEachPrefix, placement's one-check-per-plan fast path) against
 * the reference: PolicyService.check — the `/policies/check` evaluation — of every prefix, one by one. Random
 * hypothetical plans (seeded) over the demo continuum with the built-in policies, on components whose requirements and
 * labels make the policies fire (CPU architecture, real time, RAM, GPU trust, personal data, service spread).
 */
import type { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { PolicyService } from '../../../../reasoner/policy/PolicyService.js';
import type { ProposedPlacement } from '../../../../orchestration/placement/PolicyGate.js';
import { AEROS, CF, POL, comp, iri, lit, requirements, seededStore, setFact } from './support.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';

const SERVICE = 'urn:ngsi-ld:Service:prefix-test';
const COMPONENTS = Array.from({ length: 8 }, (_, i) => comp(`prefix-test:c${i}`));

let store: MemoryGraphStore;
let policies: PolicyService;
let ies: string[];
/** Ready cloud IEs: where most placements pass. */
let easy: string[];

/** Seeded (SeededRandom, mulberry32), so a failure can be replayed. */
const random = (seed: number): (() => number) => { const r = new SeededRandom(seed); return () => r.next(); };

beforeAll(async () => {
  store = await seededStore();
  policies = new PolicyService(store);
  const result = await store.query(`SELECT ?ie WHERE { ?ie a <${AEROS}InfrastructureElement> } ORDER BY ?ie`);
  ies = result.kind === 'bindings' ? result.rows.map((r) => r.get('ie')!.value) : [];
  const ready = await store.query(`SELECT ?ie WHERE { ?ie <${AEROS}infrastructureElementStatus> <${AEROS}ReadyInfrastructureElement> ;
    <${AEROS}infrastructureElementTier> <${AEROS}CloudTier> } ORDER BY ?ie`);
  easy = ready.kind === 'bindings' ? ready.rows.map((r) => r.get('ie')!.value) : [];
  await setFact(store, SERVICE, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', iri(`${AEROS}Service`));
  for (const [i, c] of COMPONENTS.entries()) {
    await setFact(store, c, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', iri(`${AEROS}ServiceComponent`));
    await setFact(store, c, `${AEROS}isPartOfService`, iri(SERVICE));
    if (i === 0) await setFact(store, c, `${CF}dataLabel`, lit('personal-data'));
    await requirements(store, c, [
      [`${AEROS}requiredRam`, lit([128, 256, 8192][i % 3])],
      ...(i === 1 ? [[`${AEROS}cpuArchitecture`, iri(`${AEROS}arm64Architecture`)] as [string, ReturnType<typeof iri>]] : []),
      ...(i === 2 ? [[`${AEROS}realTimeCapable`, lit(true)] as [string, ReturnType<typeof lit>]] : []),
      ...(i === 3 ? [[`${CF}gpu`, lit(true)] as [string, ReturnType<typeof lit>]] : []),
    ]);
  }
});

/** A random plan: 1–5 distinct components, each on a random IE (often the same two, so that spreading fails; mostly Ready cloud IEs, so that many plans pass). */
function randomPlan(next: () => number): { placements: ProposedPlacement[]; lengths: number[] } {
  const count = 1 + Math.floor(next() * 5);
  // c0–c3 carry what the policies check (personal data, arm64, real time, GPU): each joins the pool one time in four.
  const pool = [...COMPONENTS.slice(4), ...COMPONENTS.slice(0, 4).filter(() => next() < 0.25)];
  const shuffled = pool.map((c) => [next(), c] as const).sort((a, b) => a[0] - b[0]).map(([, c]) => c).slice(0, count);
  const few = easy.slice(0, 2);
  const pick = (from: readonly string[]) => from[Math.floor(next() * from.length)];
  const placements = shuffled.map((component) => { const x = next(); return { component, ie: pick(x < 0.3 ? few : x < 0.8 ? easy : ies) }; });
  const lengths = Array.from({ length: count }, (_, i) => i + 1).filter((n) => n === count || next() < 0.7);
  return { placements, lengths };
}

async function everyPrefixAllowed(placements: readonly ProposedPlacement[], lengths: readonly number[]): Promise<boolean> {
  for (const n of lengths) if (!(await policies.check(placements.slice(0, n))).allowed) return false;
  return true;
}

describe('one check per plan (allowsEachPrefix) against /policies/check of every prefix', () => {
  it('gives the same verdict as checking every prefix, on 60 random plans of new components', async () => {
    const next = random(20261202);
    let allowed = 0;
    let refused = 0;
    for (let k = 0; k < 60; k++) {
      const { placements, lengths } = randomPlan(next);
      const reference = await everyPrefixAllowed(placements, lengths);
      await expect(policies.allowsEachPrefix(placements, lengths)).resolves.toBe(reference);
      if (reference) allowed++; else refused++;
    }
    // Both outcomes occur, so the comparison means something.
    expect(allowed).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  });

  it('refuses a plan whose later prefix spreads the service but whose earlier prefix does not (ServiceSpread is not monotone)', async () => {
    const [a, b, c] = [COMPONENTS[4], COMPONENTS[6], COMPONENTS[7]];
    const cloud = ies.find((x) => x.includes(':cloud:'))!;
    const other = ies.filter((x) => x.includes(':cloud:'))[1];
    const placements = [{ component: a, ie: cloud }, { component: b, ie: cloud }, { component: c, ie: other }];
    // The whole plan spreads over two IEs, the prefix of two does not.
    expect((await policies.check(placements)).violations.filter((v) => v.policy === `${POL}ServiceSpread`)).toEqual([]);
    expect((await policies.check(placements.slice(0, 2))).violations.map((v) => v.policy)).toContain(`${POL}ServiceSpread`);
    await expect(policies.allowsEachPrefix(placements, [2, 3])).resolves.toBe(false);
    await expect(policies.allowsEachPrefix(placements, [3])).resolves.toBe((await policies.check(placements)).allowed);
  });

  it('never answers true when a prefix is refused, also when components are already placed (then it may answer false)', async () => {
    const next = random(7);
    const placed = COMPONENTS.slice(0, 3);
    for (const [i, c] of placed.entries()) await setFact(store, c, `${CF}infrastructureElement`, iri(ies[10 + i]));
    try {
      for (let k = 0; k < 30; k++) {
        const { placements, lengths } = randomPlan(next);
        if (await policies.allowsEachPrefix(placements, lengths)) expect(await everyPrefixAllowed(placements, lengths)).toBe(true);
      }
    } finally {
      for (const c of placed) await store.commit({ deletes: store.match(iri(c), iri(`${CF}infrastructureElement`), null, null), inserts: [] });
    }
  });

  it('classifies the built-in policies: only ServiceSpread (GROUP BY / HAVING) and PreliminaryDomain (sh:not) are not monotone', () => {
    const notMonotone = policies.list().map((p) => p.id).filter((id) => !(policies as unknown as { current(): { policies: Array<{ id: string; monotone: boolean }> } })
      .current().policies.find((p) => p.id === id)!.monotone);
    expect(notMonotone.sort()).toEqual(['PreliminaryDomain', 'ServiceSpread']);
  });
});
