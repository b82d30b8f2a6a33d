/**
 * reasoner/policy/PolicyService.ts: managing policies (create / get / update / delete, invalid SHACL refused with
 * the parser's message), checks that leave the store unchanged, current violations over the demo continuum, and
 * explanations of verdicts.
 */
import type { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { PolicyDefinitionError } from '../../../../fabric/errors/PolicyError.js';
import { AlreadyExistsError, ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';
import { PolicyService } from '../../../../reasoner/policy/PolicyService.js';
import { AEROS, CF, POL, comp, ie, iri, lit, requirements, seededStore, setFact } from './support.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';
import { PolicyCatalog } from '../../../../reasoner/policy/PolicyCatalog.js';
import { affectedNodes } from '../../../../reasoner/policy/affectedNodes.js';
import { fillPlaceholders } from '../../../../reasoner/policy/placementOverlay.js';
import { fillMessage } from '../../../../reasoner/policy/sparqlConstraint.js';
import { neighbourhood } from '../../../../reasoner/policy/coreConstraints.js';
import type { ProposedPlacement } from '../../../../orchestration/placement/PolicyGate.js';

let store: MemoryGraphStore;
let policies: PolicyService;
beforeEach(async () => {
  store = await seededStore();
  policies = new PolicyService(store);
});

const PREFIXES = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/policy#> .
`;
const WINDOWS = `${PREFIXES}
ex:NoWindows a sh:NodeShape , cf:Policy ;
  rdfs:label "No Windows IEs"@en ; rdfs:comment "Components run on Linux IEs only."@en ; sh:severity sh:Warning ;
  sh:targetSubjectsOf cf:infrastructureElement ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:message "{$this} is placed on Windows IE {?ie}" ;
    sh:prefixes [ sh:declare [ sh:prefix "aeros" ; sh:namespace "https://w3id.org/aerOS/continuum#" ] , [ sh:prefix "cf" ; sh:namespace "https://w3id.org/continuum-fabric/ns#" ] ] ;
    sh:select """SELECT $this ?ie WHERE { $this cf:infrastructureElement ?ie . ?ie aeros:operatingSystem aeros:Windows }""" ] .`;

describe('managing policies', () => {
  it('creates a policy from Turtle, lists, gets, updates and deletes it', async () => {
    const [created] = await policies.create(WINDOWS, 'text/turtle');
    expect(created).toMatchObject({ id: 'NoWindows', iri: 'http://example.org/policy#NoWindows', severity: 'Warning', sparqlConstraints: 1, coreConstraints: false });
    expect(policies.list()).toHaveLength(11);
    const got = await policies.get('NoWindows');
    expect(got.turtle).toContain('sh:select');
    await expect(policies.create(WINDOWS, 'text/turtle')).rejects.toBeInstanceOf(AlreadyExistsError);

    const updated = await policies.update('NoWindows', WINDOWS.replace('sh:severity sh:Warning', 'sh:severity sh:Violation'), 'text/turtle');
    expect(updated.severity).toBe('Violation');
    expect(store.match(iri('http://example.org/policy#NoWindows'), iri('http://www.w3.org/ns/shacl#sparql'), null, iri(GRAPHS.policies))).toHaveLength(1);

    await policies.delete('http://example.org/policy#NoWindows');
    expect(policies.list()).toHaveLength(10);
    expect(store.match(iri('http://example.org/policy#NoWindows'), null, null, null)).toEqual([]);
    await expect(policies.get('NoWindows')).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('accepts JSON-LD', async () => {
    const doc = {
      '@id': 'http://example.org/policy#ImageNamed', '@type': ['http://www.w3.org/ns/shacl#NodeShape', `${CF}Policy`],
      'http://www.w3.org/2000/01/rdf-schema#label': 'Placed components name an image',
      'http://www.w3.org/ns/shacl#targetSubjectsOf': { '@id': `${CF}infrastructureElement` },
      'http://www.w3.org/ns/shacl#property': { 'http://www.w3.org/ns/shacl#path': { '@id': `${AEROS}containerImage` }, 'http://www.w3.org/ns/shacl#minCount': 1 },
    };
    const [created] = await policies.create(JSON.stringify(doc), 'application/ld+json');
    expect(created).toMatchObject({ id: 'ImageNamed', coreConstraints: true });
    await setFact(store, comp('video-analytics:ingest'), `${AEROS}containerImage`, lit('x'));
    const verdict = await policies.check([{ component: 'urn:ngsi-ld:ServiceComponent:new', ie: ie('cloud:00001') }]);
    expect(verdict.violations.filter((v) => v.policy === 'http://example.org/policy#ImageNamed')).toEqual([expect.objectContaining({ focusNode: 'urn:ngsi-ld:ServiceComponent:new' })]);
  });

  it('refuses a document that does not parse, with the parser message and position; nothing is stored', async () => {
    const before = store.size();
    const error = await policies.create(`${PREFIXES}\nex:Broken a sh:NodeShape , cf:Policy ;\n  sh:targetClass aeros:Service\n  sh:severity sh:Warning .`, 'text/turtle').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyDefinitionError);
    const problem = (error as PolicyDefinitionError).toProblem();
    expect(problem).toMatchObject({ status: 400, title: 'Invalid policy', reason: 'syntax' });
    expect(problem.line).toBe(6); // the line where the missing ';' is noticed
    expect(store.size()).toBe(before);
  });

  it('refuses invalid SHACL (SHACL-SHACL): a literal as sh:path, a non-integer sh:minCount', async () => {
    const bad = `${PREFIXES}\nex:Bad a sh:NodeShape , cf:Policy ; sh:targetClass aeros:Service ; sh:property [ sh:path "notAPath" ; sh:minCount "one" ] .`;
    const error = await policies.create(bad, 'text/turtle').catch((e: unknown) => e) as PolicyDefinitionError;
    expect(error).toBeInstanceOf(PolicyDefinitionError);
    expect(error.problem.reason).toBe('shacl');
    expect(error.problem.results!.length).toBeGreaterThanOrEqual(2);
    // Every result says something, including those shacl-engine leaves without a message (sh:node of the shape).
    for (const r of error.problem.results!) expect(r.message.trim()).not.toBe('');
    expect(error.message).not.toMatch(/: (;|$)/);
    expect(policies.list()).toHaveLength(10);
  });

  it('refuses a broken sh:select with the SPARQL parser message and its line in the query', async () => {
    const bad = WINDOWS.replace('?ie aeros:operatingSystem aeros:Windows }', '?ie aeros:operatingSystem aeros:Windows\n FILTER( }');
    const error = await policies.create(bad, 'text/turtle').catch((e: unknown) => e) as PolicyDefinitionError;
    expect(error).toBeInstanceOf(PolicyDefinitionError);
    expect(error.problem).toMatchObject({ reason: 'sparql', policy: 'http://example.org/policy#NoWindows', line: 2 });
    expect(error.message).toMatch(/Parse error/);
  });

  it('refuses a select that does not project $this, a policy without target, and a document without policy', async () => {
    await expect(policies.create(WINDOWS.replace('SELECT $this ?ie', 'SELECT ?ie'), 'text/turtle')).rejects.toThrow(/must project \$this/);
    await expect(policies.create(WINDOWS.replace('sh:targetSubjectsOf cf:infrastructureElement ;', ''), 'text/turtle')).rejects.toThrow(/no target/);
    await expect(policies.create(`${PREFIXES} ex:S a sh:NodeShape ; sh:targetClass aeros:Service .`, 'text/turtle')).rejects.toThrow(/no policy/);
  });
});

/**
 * The verdicts of a check evaluated plainly, one query at a time: the affected nodes; each SPARQL constraint's `given`
 * form (target test included) for all of them; the core neighbourhood as a query of its own, validated by shacl-engine.
 */
async function plainVerdicts(store: MemoryGraphStore, placements: readonly ProposedPlacement[]): Promise<string[]> {
  const rows = placements.map((p): [string, string] => [p.component, p.ie]);
  const moved = [...new Set(rows.map(([c]) => c))];
  const affected = await affectedNodes(store, rows);
  const compiled = new PolicyCatalog(store).current();
  const out: string[] = [];
  for (const [policy, c] of compiled.checkConstraints) {
    const result = await store.query(fillPlaceholders(c.given, rows, moved, affected));
    if (result.kind !== 'bindings') continue;
    for (const row of result.rows) out.push(`${policy.iri} ${row.get('this')!.value} ${row.get('value')?.value ?? ''} ${c.message ? fillMessage(c.message, row) : ''}`);
  }
  const data = await neighbourhood(store, affected, rows, compiled.core.predicates);
  for (const v of await compiled.core.validate(data, new Set(affected))) out.push(`${v.policy} ${v.focusNode} ${v.value ?? ''} ${v.message}`);
  return out.sort();
}

describe('check', () => {
  it('does not change the store', async () => {
    await setFact(store, comp('video-analytics:ingest'), `${CF}dataLabel`, lit('personal-data'));
    const size = store.size();
    const dump = store.dump('application/n-quads');
    const verdict = await policies.check([{ component: comp('video-analytics:ingest'), ie: ie('far-edge:00001') }, { component: comp('energy-monitor:api'), ie: 'urn:ngsi-ld:InfrastructureElement:nowhere' }], undefined, { explain: true });
    expect(verdict.allowed).toBe(false);
    expect(store.size()).toBe(size);
    expect(store.dump('application/n-quads')).toBe(dump);
    expect(store.match(iri(comp('video-analytics:ingest')), iri(`${CF}infrastructureElement`), iri(ie('far-edge:00001')), null)).toEqual([]);
  });

  it('explains a verdict: policy, message and the facts, the proposed placement marked', async () => {
    await setFact(store, comp('video-analytics:ingest'), `${CF}dataLabel`, lit('personal-data'));
    const verdict = await policies.check([{ component: comp('video-analytics:ingest'), ie: ie('far-edge:00001') }], undefined, { explain: true });
    const v = verdict.violations.find((x) => x.policy === `${POL}PersonalDataInEU`)!;
    expect(v.explanation).toMatchObject({ kind: 'sparql', label: 'Personal data stays in the EU', severity: 'Violation' });
    expect(v.explanation!.facts).toEqual(expect.arrayContaining([
      { subject: `<${comp('video-analytics:ingest')}>`, predicate: `<${CF}dataLabel>`, object: '"personal-data"' },
      { subject: `<${comp('video-analytics:ingest')}>`, predicate: `<${CF}infrastructureElement>`, object: `<${ie('far-edge:00001')}>`, proposed: true },
      { subject: `<${ie('far-edge:00001')}>`, predicate: `<${AEROS}domain>`, object: '<urn:ngsi-ld:Domain:far-edge>' },
    ]));
    expect(v.explanation!.text).toContain('Personal data stays in the EU');
  });

  it('gives the verdicts of the plain evaluation: every SPARQL constraint, with its target test, for every affected node; the core part over its own neighbourhood query', async () => {
    // What check evaluates (the affected nodes and the distinct target tests as one query, then each constraint's check
    // form without its target test for its own targets only, with the core neighbourhood in the same query) against the
    // straightforward evaluation it replaces, on random placements over the demo continuum made to fire every SPARQL
    // policy and both core policies (placements on unknown IEs, IEs of a preliminary domain).
    const r = new SeededRandom(2026);
    const ids = async (query: string): Promise<string[]> => {
      const result = await store.query(query);
      return result.kind === 'bindings' ? result.rows.map((row) => row.get('x')!.value) : [];
    };
    const ieIds = await ids(`SELECT ?x WHERE { ?x a <${AEROS}InfrastructureElement> } ORDER BY ?x`);
    const componentIds = await ids(`SELECT ?x WHERE { ?x a <${AEROS}ServiceComponent> } ORDER BY ?x`);
    expect(componentIds.length).toBeGreaterThan(5);
    await setFact(store, 'urn:ngsi-ld:Organization:metro-edge', `${CF}countryCode`, lit('ES'));
    for (const i of ieIds) if (r.chance(0.7)) await setFact(store, i, `${CF}trustScore`, lit(r.float(0.3, 1, 2)));
    for (const c of componentIds) {
      if (r.chance(0.3)) await setFact(store, c, `${CF}dataLabel`, lit('personal-data'));
      await requirements(store, c, [[`${CF}gpu`, lit(r.chance(0.3))], [`${AEROS}requiredRam`, lit(r.pick([256, 2048, 65536]))],
        ...(r.chance(0.4) ? [[`${AEROS}realTimeCapable`, lit(true)] as [string, ReturnType<typeof lit>]] : []),
        ...(r.chance(0.5) ? [[`${AEROS}cpuArchitecture`, iri(`${AEROS}${r.pick(['x64Architecture', 'arm64Architecture'])}`)] as [string, ReturnType<typeof iri>]] : [])]);
    }
    const domains = await ids(`SELECT DISTINCT ?x WHERE { ?i <${AEROS}domain> ?x } ORDER BY ?x`);
    await setFact(store, domains[0], `${AEROS}domainStatus`, iri(`${AEROS}PreliminarDomain`));
    const unknownIe = ie('nowhere');
    const fired = new Map<string, number>();
    for (let k = 0; k < 40; k++) {
      const placements = Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => ({ component: r.pick(componentIds), ie: r.chance(0.1) ? unknownIe : r.pick(ieIds) }));
      const verdict = await policies.check(placements);
      const got = verdict.violations.map((v) => `${v.policy} ${v.focusNode} ${v.value ?? ''} ${v.message}`).sort();
      expect(got).toEqual(await plainVerdicts(store, placements));
      for (const v of verdict.violations) fired.set(v.policy, (fired.get(v.policy) ?? 0) + 1);
    }
    for (const id of ['PersonalDataInEU', 'GpuTrust', 'RamFits', 'PlacedOnKnownIe', 'PreliminaryDomain']) expect(fired.get(`${POL}${id}`) ?? 0).toBeGreaterThan(0);
  });

  it('refuses placements that are not IRIs', async () => {
    await expect(policies.check([{ component: 'not an iri', ie: ie('cloud:00001') }])).rejects.toThrow(/absolute IRI/);
  });
});

describe('current violations over the demo continuum', () => {
  it('lists the violations of the stored placements, explained', async () => {
    await setFact(store, comp('energy-monitor:api'), `${CF}dataLabel`, lit('personal-data'));
    await setFact(store, comp('energy-monitor:aggregator'), `${CF}infrastructureElement`, iri('urn:ngsi-ld:InfrastructureElement:gone'));
    const report = await policies.violations({ explain: true });
    expect(report.conforms).toBe(false);
    const byPolicy = (id: string) => report.violations.filter((v) => v.policy === `${POL}${id}`).map((v) => v.focusNode);
    // No organisation of the demo has a country yet: the personal-data component violates wherever it runs.
    expect(byPolicy('PersonalDataInEU')).toEqual([comp('energy-monitor:api')]);
    expect(byPolicy('PlacedOnKnownIe')).toEqual([comp('energy-monitor:aggregator')]);
    // New-work policies concern proposals only: nothing is proposed in the store.
    expect(byPolicy('FarEdgeCpu')).toEqual([]);
    for (const v of report.violations) expect(v.explanation?.text).toContain(v.policy);
  });
});
