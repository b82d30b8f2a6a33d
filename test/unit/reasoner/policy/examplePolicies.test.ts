/**
 * The four example policies of issue 4 and the six more of shapes/policies/, each with a violating and a
 * conforming case on the demo continuum (fabric/demo, 50 IEs), through PolicyService.check.
 */
import type { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { PolicyService } from '../../../../reasoner/policy/PolicyService.js';
import type { ProposedPlacement } from '../../../../orchestration/placement/PolicyGate.js';
import { AEROS, CF, POL, comp, ie, iri, lit, requirements, seededStore, setFact } from './support.js';

let store: MemoryGraphStore;
let policies: PolicyService;
beforeEach(async () => {
  store = await seededStore();
  policies = new PolicyService(store);
});

async function violationsOf(policy: string, placements: ProposedPlacement[]) {
  const verdict = await policies.check(placements);
  return verdict.violations.filter((v) => v.policy === `${POL}${policy}`);
}

const ingest = comp('video-analytics:ingest');

describe('the built-in policies', () => {
  it('are seeded into the policies graph: ten, with label, comment and severity', () => {
    const list = policies.list();
    expect(list.map((p) => p.id).sort()).toEqual(['CpuArchitecture', 'FarEdgeCpu', 'GpuTrust', 'IeStatus', 'PersonalDataInEU', 'PlacedOnKnownIe',
      'PreliminaryDomain', 'RamFits', 'RealTimeRequirement', 'ServiceSpread']);
    for (const p of list) {
      expect(p.label).toBeTruthy();
      expect(p.comment).toBeTruthy();
    }
    expect(list.find((p) => p.id === 'PreliminaryDomain')!.severity).toBe('Warning');
    expect(list.filter((p) => p.coreConstraints).map((p) => p.id).sort()).toEqual(['PlacedOnKnownIe', 'PreliminaryDomain']);
  });
});

describe('personal data stays in the EU', () => {
  beforeEach(async () => {
    await setFact(store, ingest, `${CF}dataLabel`, lit('personal-data'));
    await setFact(store, 'urn:ngsi-ld:Organization:nimbus-cloud', `${CF}countryCode`, lit('DE'));
    await setFact(store, 'urn:ngsi-ld:Organization:port-authority', `${CF}countryCode`, lit('NO'));
  });

  it('refuses a personal-data component on an IE of a domain owned outside the EU', async () => {
    const found = await violationsOf('PersonalDataInEU', [{ component: ingest, ie: ie('far-edge:00001') }]);
    expect(found).toEqual([expect.objectContaining({ focusNode: ingest, value: 'NO', severity: 'Violation' })]);
    expect(found[0].message).toContain('urn:ngsi-ld:Domain:far-edge');
  });

  it('refuses an owner whose country is unknown, allows an EU owner', async () => {
    expect(await violationsOf('PersonalDataInEU', [{ component: ingest, ie: ie('edge:00001') }])).toHaveLength(1);
    expect(await violationsOf('PersonalDataInEU', [{ component: ingest, ie: ie('cloud:00002') }])).toEqual([]);
  });

  it('does not concern components without the label', async () => {
    expect(await violationsOf('PersonalDataInEU', [{ component: comp('video-analytics:detector'), ie: ie('far-edge:00001') }])).toEqual([]);
  });
});

describe('GPU workloads only on IEs with trustScore ≥ 0.7', () => {
  beforeEach(async () => {
    await requirements(store, ingest, [[`${CF}gpu`, lit(true)]]);
    await setFact(store, ie('cloud:00002'), `${CF}trustScore`, lit(0.4));
    await setFact(store, ie('cloud:00003'), `${CF}trustScore`, lit(0.7));
  });

  it('refuses a GPU workload on an IE scored 0.4 or not scored at all', async () => {
    expect(await violationsOf('GpuTrust', [{ component: ingest, ie: ie('cloud:00002') }])).toEqual([expect.objectContaining({ focusNode: ingest, value: '0.4' })]);
    expect(await violationsOf('GpuTrust', [{ component: ingest, ie: ie('cloud:00004') }])).toHaveLength(1);
  });

  it('allows it on an IE scored 0.7; other components are not GPU workloads', async () => {
    expect(await violationsOf('GpuTrust', [{ component: ingest, ie: ie('cloud:00003') }])).toEqual([]);
    expect(await violationsOf('GpuTrust', [{ component: comp('video-analytics:detector'), ie: ie('cloud:00002') }])).toEqual([]);
  });
});

describe('no new work on a FarEdge IE above 80 % CPU', () => {
  beforeEach(async () => {
    await setFact(store, ie('far-edge:00001'), `${AEROS}currentCpuUsage`, lit(92.5));
    await setFact(store, ie('far-edge:00002'), `${AEROS}currentCpuUsage`, lit(80));
    await setFact(store, ie('cloud:00002'), `${AEROS}currentCpuUsage`, lit(95));
  });

  it('refuses new work on a far-edge IE at 92.5 %', async () => {
    expect(await violationsOf('FarEdgeCpu', [{ component: ingest, ie: ie('far-edge:00001') }])).toEqual([expect.objectContaining({ focusNode: ingest, value: '92.5' })]);
  });

  it('allows it at 80 % on far edge, and on a busy cloud IE; running work is not new work', async () => {
    expect(await violationsOf('FarEdgeCpu', [{ component: ingest, ie: ie('far-edge:00002') }])).toEqual([]);
    expect(await violationsOf('FarEdgeCpu', [{ component: ingest, ie: ie('cloud:00002') }])).toEqual([]);
    await setFact(store, comp('energy-monitor:meter-reader'), `${CF}infrastructureElement`, iri(ie('far-edge:00001')));
    const current = await policies.violations();
    expect(current.violations.filter((v) => v.policy === `${POL}FarEdgeCpu`)).toEqual([]);
  });
});

describe("a service's components spread over at least two IEs", () => {
  const collector = comp('predictive-maintenance:collector');
  const model = comp('predictive-maintenance:model');

  it('refuses moving the second component onto the IE of the first', async () => {
    const found = await violationsOf('ServiceSpread', [{ component: model, ie: ie('far-edge:00003') }]);
    expect(found).toEqual([expect.objectContaining({ focusNode: 'urn:ngsi-ld:Service:predictive-maintenance', value: ie('far-edge:00003') })]);
  });

  it('allows another IE, and reports a service already on one IE among the current violations', async () => {
    expect(await violationsOf('ServiceSpread', [{ component: model, ie: ie('edge:00003') }])).toEqual([]);
    expect((await policies.violations()).violations.filter((v) => v.policy === `${POL}ServiceSpread`)).toEqual([]);
    await setFact(store, model, `${CF}infrastructureElement`, iri(ie('far-edge:00003')));
    const current = (await policies.violations()).violations.filter((v) => v.policy === `${POL}ServiceSpread`);
    expect(current.map((v) => v.focusNode)).toEqual(['urn:ngsi-ld:Service:predictive-maintenance']);
    // …and moving one of them away is allowed (the proposal replaces the component's current placement).
    expect(await violationsOf('ServiceSpread', [{ component: collector, ie: ie('edge:00003') }])).toEqual([]);
  });
});

describe('the six further policies', () => {
  it('real-time requirement: refused on an IE that is not real-time capable, allowed on one that is', async () => {
    await requirements(store, ingest, [[`${AEROS}realTimeCapable`, lit(true)]]);
    await setFact(store, ie('cloud:00002'), `${AEROS}realTimeCapable`, lit(false));
    expect(await violationsOf('RealTimeRequirement', [{ component: ingest, ie: ie('cloud:00002') }])).toHaveLength(1);
    expect(await violationsOf('RealTimeRequirement', [{ component: ingest, ie: ie('far-edge:00001') }])).toEqual([]);
  });

  it('CPU architecture: refused on another architecture, allowed on the same', async () => {
    await requirements(store, ingest, [[`${AEROS}cpuArchitecture`, iri(`${AEROS}arm64Architecture`)]]);
    expect(await violationsOf('CpuArchitecture', [{ component: ingest, ie: ie('far-edge:00001') }])).toEqual([expect.objectContaining({ value: `${AEROS}arm32Architecture` })]);
    expect(await violationsOf('CpuArchitecture', [{ component: ingest, ie: ie('far-edge:00003') }])).toEqual([]);
  });

  it('RAM fits: refused where less RAM is available than required, allowed where enough is', async () => {
    await requirements(store, ingest, [[`${AEROS}requiredRam`, lit(1024)]]);
    expect(await violationsOf('RamFits', [{ component: ingest, ie: ie('far-edge:00001') }])).toEqual([expect.objectContaining({ value: '670' })]);
    expect(await violationsOf('RamFits', [{ component: ingest, ie: ie('far-edge:00003') }])).toEqual([]);
  });

  it('IE status: refused on an Untrusted IE, allowed on a Ready one', async () => {
    await setFact(store, ie('edge:00002'), `${AEROS}infrastructureElementStatus`, iri(`${AEROS}UntrustedInfrastructureElement`));
    expect(await violationsOf('IeStatus', [{ component: ingest, ie: ie('edge:00002') }])).toHaveLength(1);
    expect(await violationsOf('IeStatus', [{ component: ingest, ie: ie('far-edge:00001') }])).toEqual([]);
  });

  it('placed on a known IE (SHACL Core): an unknown IE is refused with the path, a known one allowed', async () => {
    const found = await violationsOf('PlacedOnKnownIe', [{ component: ingest, ie: 'urn:ngsi-ld:InfrastructureElement:nowhere' }]);
    expect(found).toEqual([expect.objectContaining({ focusNode: ingest, path: `<${CF}infrastructureElement>`, value: 'urn:ngsi-ld:InfrastructureElement:nowhere', severity: 'Violation' })]);
    expect(await violationsOf('PlacedOnKnownIe', [{ component: ingest, ie: ie('edge:00002') }])).toEqual([]);
  });

  it('preliminary domain (SHACL Core, Warning): reported but the placement stays allowed', async () => {
    await setFact(store, 'urn:ngsi-ld:Domain:far-edge', `${AEROS}domainStatus`, iri(`${AEROS}PreliminarDomain`));
    const verdict = await policies.check([{ component: comp('video-analytics:detector'), ie: ie('far-edge:00003') }]);
    expect(verdict.violations.filter((v) => v.policy === `${POL}PreliminaryDomain`)).toEqual([expect.objectContaining({ severity: 'Warning' })]);
    expect(verdict.allowed).toBe(true);
    expect(await violationsOf('PreliminaryDomain', [{ component: comp('video-analytics:detector'), ie: ie('edge:00002') }])).toEqual([]);
  });
});
