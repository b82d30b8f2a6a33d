/** ontology/continuum.ttl and ontology/context.jsonld: parse, declarations, documentation and Smart Data Models alignment. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import { loadContext, loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const SH_PATH = 'http://www.w3.org/ns/shacl#path';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/smart-data-models');

const ontology = new N3.Store(loadOntology());
const context = loadContext();
const objectsOf = (s: string, p: string): string[] => ontology.getObjects(s, p, null).map((o) => o.value);
const typed = (cls: string): Set<string> => new Set(ontology.getSubjects(RDF_TYPE, cls, null).map((s) => s.value));
const properties = new Set([...typed(`${OWL}ObjectProperty`), ...typed(`${OWL}DatatypeProperty`)]);
const classes = typed(`${OWL}Class`);
const contextIris = Object.entries(context).filter(([k]) => k !== 'aeros' && k !== 'cf').map(([k, v]) => [k, v as string]);

describe('continuum ontology', () => {
  it('parses and declares the aerOS classes and a non-trivial set of properties', () => {
    for (const c of ['Domain', 'InfrastructureElement', 'LowLevelOrchestrator', 'Service', 'ServiceComponent', 'ServiceType', 'NetworkPort', 'User', 'InfrastructureElementRequirements']) {
      expect(classes).toContain(`${AEROS}${c}`);
    }
    expect(properties.size).toBeGreaterThan(90);
  });

  it('every property has a label, a domain and a range', () => {
    const incomplete = [...properties].filter((p) => !objectsOf(p, `${RDFS}label`).length || !objectsOf(p, `${RDFS}domain`).length || !objectsOf(p, `${RDFS}range`).length);
    expect(incomplete).toEqual([]);
  });

  it('every property used in shapes/ is declared', () => {
    const paths = new Set(loadShapes().filter((q) => q.predicate.value === SH_PATH && q.object.termType === 'NamedNode').map((q) => q.object.value));
    expect(paths.size).toBeGreaterThan(50);
    expect([...paths].filter((p) => !properties.has(p))).toEqual([]);
  });

  it('every @context term names a declared property or class', () => {
    const unknown = contextIris.filter(([, iri]) => !properties.has(iri) && !classes.has(iri));
    expect(unknown).toEqual([]);
  });

  it.each([
    ['cpuCores', `${AEROS}cpuCores`, `${XSD}integer`],
    ['currentCpuUsage', `${AEROS}currentCpuUsage`, `${XSD}float`],
    ['ramCapacity', `${AEROS}ramCapacity`, `${XSD}integer`],
    ['availableRam', `${AEROS}availableRam`, `${XSD}integer`],
    ['currentRamUsage', `${AEROS}currentRamUsage`, `${XSD}integer`],
    ['avgPowerConsumption', `${AEROS}averagePowerConsumption`, `${XSD}float`],
    ['currentPowerConsumption', `${AEROS}currentPowerConsumption`, `${XSD}float`],
    ['realTimeCapable', `${AEROS}realTimeCapable`, `${XSD}boolean`],
    ['domain', `${AEROS}domain`, `${AEROS}Domain`],
    ['belongsTo', `${AEROS}belongsTo`, `${AEROS}Domain`],
    ['lowLevelOrchestrator', `${CF}managedBy`, `${AEROS}LowLevelOrchestrator`],
    ['service', `${AEROS}isPartOfService`, `${AEROS}Service`],
    ['infrastructureElementStatus', `${AEROS}infrastructureElementStatus`, `${AEROS}InfrastructureElementStatus`],
    ['infrastructureElementTier', `${AEROS}infrastructureElementTier`, `${AEROS}InfrastructureElementTier`],
    ['cpuArchitecture', `${AEROS}cpuArchitecture`, `${AEROS}CpuArchitecture`],
    ['operatingSystem', `${AEROS}operatingSystem`, `${AEROS}OperatingSystem`],
    ['orchestrationType', `${AEROS}orchestrationType`, `${AEROS}OrchestrationType`],
    ['serviceComponentStatus', `${AEROS}serviceComponentStatus`, `${AEROS}ServiceComponentStatus`],
    ['domainStatus', `${AEROS}domainStatus`, `${AEROS}DomainStatus`],
    ['owner', `${AEROS}owner`, 'http://www.w3.org/ns/org#Organization'],
    ['description', 'http://purl.org/dc/terms/description', `${XSD}string`],
    ['trustScore', `${CF}trustScore`, `${XSD}float`],
  ])('short name %s → %s with range %s', (short, iri, range) => {
    expect(context[short]).toBe(iri);
    expect(objectsOf(iri, `${RDFS}range`)).toEqual([range]);
  });

  it('units are QUDT IRIs on measured properties', () => {
    expect(objectsOf(`${AEROS}ramCapacity`, `${CF}unit`)).toEqual(['http://qudt.org/vocab/unit/MegaBYTE']);
    expect(objectsOf(`${AEROS}currentCpuUsage`, `${CF}unit`)).toEqual(['http://qudt.org/vocab/unit/PERCENT']);
    expect(objectsOf(`${AEROS}currentPowerConsumption`, `${CF}unit`)).toEqual(['http://qudt.org/vocab/unit/W']);
    expect(objectsOf(`${CF}netSpeedUp`, `${CF}unit`)).toEqual(['http://qudt.org/vocab/unit/MegaBIT-PER-SEC']);
  });

  it.each([
    ['urn:ngsi-ld:CpuArchitecture:x64', `${AEROS}x64Architecture`, `${AEROS}CpuArchitecture`],
    ['urn:ngsi-ld:CpuArchitecture:AMD64', `${AEROS}x64Architecture`, `${AEROS}CpuArchitecture`],
    ['urn:ngsi-ld:InfrastructureElementStatus:Ready', `${AEROS}ReadyInfrastructureElement`, `${AEROS}InfrastructureElementStatus`],
    ['urn:ngsi-ld:InfrastructureElementTier:Cloud', `${AEROS}CloudTier`, `${AEROS}InfrastructureElementTier`],
    ['urn:ngsi-ld:OrchestrationType:Kubernetes', `${AEROS}KubernetesOrchestration`, `${AEROS}OrchestrationType`],
    ['urn:ngsi-ld:OperatingSystem:Linux', `${AEROS}Linux`, `${AEROS}OperatingSystem`],
    ['urn:ngsi-ld:ServiceComponentStatus:Running', `${AEROS}RunningServiceComponent`, `${AEROS}ServiceComponentStatus`],
    ['urn:ngsi-ld:DomainStatus:Functional', `${AEROS}FunctionalDomain`, `${AEROS}DomainStatus`],
    ['urn:ngsi-ld:DomainStatus:Preliminary', `${AEROS}PreliminarDomain`, `${AEROS}DomainStatus`],
  ])('code %s is owl:sameAs the individual %s of %s', (code, individual, cls) => {
    expect(ontology.getSubjects(`${OWL}sameAs`, code, null).map((s) => s.value)).toEqual([individual]);
    expect(objectsOf(individual, RDF_TYPE).sort()).toEqual([`${OWL}NamedIndividual`, cls].sort());
  });
});

describe('Smart Data Models alignment', () => {
  const sdmContext = (JSON.parse(readFileSync(join(FIXTURES, 'sdm-context.jsonld'), 'utf8')) as { '@context': Record<string, unknown> })['@context'];
  const examples = readdirSync(FIXTURES).filter((f) => f.endsWith('.normalized.jsonld'));
  const attributes = new Set<string>();
  const types = new Set<string>();
  for (const f of examples) {
    const e = JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Record<string, unknown>;
    types.add(e.type as string);
    for (const k of Object.keys(e)) if (!['id', 'type', '@context', 'location', 'contactPoint'].includes(k)) attributes.add(k);
  }

  it('every attribute of every example maps to a declared ontology property', () => {
    expect(attributes.size).toBeGreaterThan(70);
    const unmapped = [...attributes].filter((a) => !properties.has(context[a] as string));
    expect(unmapped).toEqual([]);
  });

  it('every Smart Data Models attribute IRI is owl:equivalentProperty to our term (or is the same IRI)', () => {
    const missing = [...attributes].filter((a) => {
      const sdmIri = sdmContext[a] as string | undefined;
      if (sdmIri === undefined) return !['portNumber', 'portProtocol'].includes(a); // example-only names, see docs/ontology.md
      return sdmIri !== context[a] && !objectsOf(context[a] as string, `${OWL}equivalentProperty`).includes(sdmIri);
    });
    expect(missing).toEqual([]);
  });

  it('every Smart Data Models type is owl:equivalentClass to our class', () => {
    expect(types.size).toBe(13);
    const missing = [...types].filter((t) => !objectsOf(context[t] as string, `${OWL}equivalentClass`).includes(sdmContext[t] as string));
    expect(missing).toEqual([]);
  });
});
