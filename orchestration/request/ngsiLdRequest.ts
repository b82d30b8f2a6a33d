/**
 * NGSI-LD entities → ServiceRequest: one aeros:Service, its aeros:ServiceComponent entities (linked by `service`,
 * aeros:isPartOfService), each optionally with an aeros:InfrastructureElementRequirements entity
 * (`infrastructureElementRequirements`) and aeros:NetworkPort entities (`networkPorts`). Normalized, concise or
 * keyValues JSON (GS CIM 009 v1.8 §4.5); terms are expanded by the fabric's codec (fabric/ngsi-ld/codec) with the
 * given @context (default: the continuum context), so the same request reads the same with any context that maps
 * the terms to the ontology's IRIs. The attribute ↔ requirement table is in docs/orchestration.md.
 */
import { ContextResolver } from '../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { expandEntity } from '../../fabric/ngsi-ld/codec/expandEntity.js';
import type { AttributeInstance, Entity } from '../../fabric/ngsi-ld/model/Entity.js';
import { FabricError } from '../../fabric/errors/FabricError.js';
import { AEROS, CF, DCT } from '../../fabric/rdf/namespaces.js';
import type { WorkloadPort } from '../runtime/ContainerRuntime.js';
import type { ComponentRequest, ComponentRequirements, ServiceRequest } from './ServiceRequest.js';
import { architectureName, NAME_PATTERN, orchestrationName, ProblemList, tierName } from './requestVocabulary.js';
import { checkComponentRelations } from './checkComponentRelations.js';

const A = (l: string) => AEROS + l;
const C = (l: string) => CF + l;
const DEFAULT_CONTEXT_PREFIX = 'https://uri.etsi.org/ngsi-ld/default-context/';
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

let sharedResolver: ContextResolver | undefined;

/**
 * Reads a service from its NGSI-LD entities. `context` is the request's @context (a URL, an object or a list; an
 * entity's own `@context` member wins); `resolver` defaults to a shared ContextResolver with the bundled contexts.
 * Throws InvalidServiceRequestError listing every problem.
 */
export async function serviceRequestFromNgsiLd(entities: unknown[], context: unknown = CONTINUUM_CONTEXT_URL, resolver?: ContextResolver): Promise<ServiceRequest> {
  const contexts = resolver ?? (sharedResolver ??= new ContextResolver());
  const problems = new ProblemList();
  const expanded: Entity[] = [];
  for (const [i, json] of entities.entries()) {
    try {
      const own = typeof json === 'object' && json !== null && '@context' in json ? (json as { '@context': unknown })['@context'] : context;
      expanded.push(expandEntity(json, await contexts.resolve(own)));
    } catch (e) {
      if (!(e instanceof FabricError)) throw e;
      problems.add(`[${i}]${typeof e.extensions.attribute === 'string' ? `.${e.extensions.attribute}` : ''}`, e.message);
    }
  }
  problems.throwIfAny();
  const byId = new Map(expanded.map((e) => [e.id, e]));
  const ofType = (local: string) => expanded.filter((e) => e.types.includes(A(local)));
  const services = ofType('Service');
  if (services.length !== 1) { problems.add('', `exactly one Service entity is needed, found ${services.length}`); problems.throwIfAny(); }
  const service = services[0];
  const serviceName = lastSegment(service.id, 'urn:ngsi-ld:Service:');
  if (!NAME_PATTERN.test(serviceName)) problems.add(service.id, `the service name '${serviceName}' (from its id) must match ${NAME_PATTERN}`);
  const components = ofType('ServiceComponent').filter((c) => ref(c, A('isPartOfService')).includes(service.id));
  for (const c of ofType('ServiceComponent')) if (!components.includes(c)) problems.add(`${c.id}.service`, `the component is not part of ${service.id}`);
  if (components.length === 0) problems.add(service.id, 'the service has no ServiceComponent (service relationship)');
  const nameOf = new Map(components.map((c) => [c.id, lastSegment(c.id, `urn:ngsi-ld:ServiceComponent:${serviceName}:`)]));
  const requests = components.map((c) => readComponent(c, nameOf, byId, problems));
  checkComponentRelations(requests, (n) => components.find((c) => nameOf.get(c.id) === n)?.id ?? n, problems);
  problems.throwIfAny();
  const description = str(service, DCT + 'description');
  return { id: service.id, name: serviceName, ...(description ? { description } : {}), components: requests };
}

function lastSegment(id: string, prefix: string): string {
  return id.startsWith(prefix) ? id.slice(prefix.length) : id.slice(id.lastIndexOf(':') + 1);
}

const first = (e: Entity, iri: string): AttributeInstance | undefined => e.attributes.get(iri)?.find((i) => i.datasetId === undefined) ?? e.attributes.get(iri)?.[0];
/** Objects of a Relationship, or the string value(s) of a Property (keyValues). */
function ref(e: Entity, iri: string): string[] {
  return (e.attributes.get(iri) ?? []).flatMap((i) => {
    const v = i.object ?? i.value;
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  });
}
function str(e: Entity, iri: string): string | undefined {
  const v = first(e, iri)?.value;
  return typeof v === 'string' ? v : undefined;
}

function readComponent(c: Entity, nameOf: Map<string, string>, byId: Map<string, Entity>, problems: ProblemList): ComponentRequest {
  const name = nameOf.get(c.id)!;
  if (!NAME_PATTERN.test(name)) problems.add(c.id, `the component name '${name}' (from its id) must match ${NAME_PATTERN}`);
  const image = str(c, A('containerImage'));
  if (!image) problems.add(`${c.id}.containerImage`, 'the container image is missing');
  const isJob = first(c, C('isJob'))?.value;
  if (isJob !== undefined && typeof isJob !== 'boolean') problems.add(`${c.id}.isJob`, 'must be true or false');
  const reqIds = ref(c, A('infrastructureElementRequirements'));
  let requirements: ComponentRequirements = {};
  if (reqIds.length > 1) problems.add(`${c.id}.infrastructureElementRequirements`, 'at most one requirements entity');
  if (reqIds.length === 1) {
    const r = byId.get(reqIds[0]);
    if (!r || !r.types.includes(A('InfrastructureElementRequirements'))) problems.add(`${c.id}.infrastructureElementRequirements`, `${reqIds[0]} is not an InfrastructureElementRequirements entity of the request`);
    else requirements = readRequirements(r, problems);
  }
  const names = (iri: string, key: string) => ref(c, iri).flatMap((id) => {
    const n = nameOf.get(id);
    if (n === undefined) problems.add(`${c.id}.${key}`, `${id} is not a component of this service`);
    return n === undefined ? [] : [n];
  });
  return {
    id: c.id, name, image: image ?? '', args: cliArgs(first(c, A('cliArgs'))?.value, `${c.id}.cliArgs`, problems),
    env: envVars(first(c, A('envVars'))?.value, `${c.id}.envVars`, problems),
    ports: ref(c, A('exposesNetworkPort')).flatMap((id) => port(byId.get(id), id, `${c.id}.networkPorts`, problems)),
    isJob: isJob === true, requirements,
    affinity: names(C('affinityWith'), 'affinityWith'), antiAffinity: names(C('antiAffinityWith'), 'antiAffinityWith'),
    labels: (c.attributes.get(C('dataLabel')) ?? []).flatMap((i): unknown[] => (Array.isArray(i.value) ? i.value : [i.value])).filter((v): v is string => typeof v === 'string'),
  };
}

function cliArgs(v: unknown, path: string, problems: ProblemList): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
  if (!Array.isArray(v)) { problems.add(path, 'must be a list of arguments'); return []; }
  return v.flatMap((a) => (typeof a === 'object' && a !== null ? Object.entries(a).flatMap(([k, x]) => [envName(k), ...(x === '' || x === null ? [] : [String(x)])]) : [String(a)]));
}

/** The codec expands JSON member names; env names come back without the default-context prefix. */
const envName = (k: string): string => (k.startsWith(DEFAULT_CONTEXT_PREFIX) ? k.slice(DEFAULT_CONTEXT_PREFIX.length) : k);

function envVars(v: unknown, path: string, problems: ProblemList): Record<string, string> {
  const env: Record<string, string> = {};
  if (v === undefined) return env;
  const items = Array.isArray(v) ? v : [v];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) { problems.add(path, 'must be a list of { NAME: value } objects'); continue; }
    for (const [k, x] of Object.entries(item)) env[envName(k)] = typeof x === 'string' ? x : JSON.stringify(x);
  }
  return env;
}

function port(p: Entity | undefined, id: string, path: string, problems: ProblemList): WorkloadPort[] {
  if (!p || !p.types.includes(A('NetworkPort'))) { problems.add(path, `${id} is not a NetworkPort entity of the request`); return []; }
  const n = first(p, A('portNumber'))?.value;
  const protocol = String(first(p, C('portProtocol'))?.value ?? 'tcp').toLowerCase();
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) { problems.add(`${id}.portNumber`, 'must be an integer 1-65535'); return []; }
  if (protocol !== 'tcp' && protocol !== 'udp') { problems.add(`${id}.protocol`, 'must be TCP or UDP'); return []; }
  const expose = first(p, C('exposePort'))?.value;
  return [{ containerPort: n, protocol, expose: expose === true }];
}

function readRequirements(r: Entity, problems: ProblemList): ComponentRequirements {
  const req: Mutable<ComponentRequirements> = {};
  const num = (iri: string, key: string): number | undefined => {
    const v = first(r, iri)?.value;
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) { problems.add(`${r.id}.${key}`, 'must be a non-negative number'); return undefined; }
    return v;
  };
  const bool = (iri: string, key: string): boolean | undefined => {
    const v = first(r, iri)?.value;
    if (v !== undefined && typeof v !== 'boolean') problems.add(`${r.id}.${key}`, 'must be true or false');
    return typeof v === 'boolean' ? v : undefined;
  };
  const enumList = (iri: string, key: string, normalise: (s: string) => string | undefined): string[] | undefined => {
    const values = ref(r, iri).map((s) => s.slice(Math.max(s.lastIndexOf(':'), s.lastIndexOf('#')) + 1).replace(/(Architecture|Tier|Orchestration)$/, ''));
    if (values.length === 0) return undefined;
    const out = values.map((v) => normalise(v) ?? (problems.add(`${r.id}.${key}`, `'${v}' is not known`), v));
    return [...new Set(out)];
  };
  const set = <K extends keyof ComponentRequirements>(k: K, v: ComponentRequirements[K] | undefined) => { if (v !== undefined) req[k] = v; };
  set('requiredCpu', num(A('requiredCpuUsage'), 'requiredCpuUsage'));
  set('requiredRamMiB', num(A('requiredRam'), 'requiredMemoryUsage'));
  const disk = num(C('requiredDisk'), 'requiredDisk');
  set('requiredDiskGiB', disk === undefined ? undefined : disk / 1024);
  set('cpuCores', num(C('minCpuCores'), 'minCpuCores'));
  set('maxCpuUsage', num(C('maxCpuUsage'), 'maxCpuUsage'));
  set('realtime', bool(A('realTimeCapable'), 'realTimeCapable'));
  set('gpu', bool(C('gpu'), 'gpu'));
  set('minEnergyEfficiency', num(C('energyEfficiencyRatio'), 'energyEfficiencyRatio'));
  set('minGreenEnergyRatio', num(C('greenEnergyRatio'), 'greenEnergyRatio'));
  set('minTrustScore', num(C('minTrustScore'), 'minTrustScore'));
  set('cpuArch', enumList(A('cpuArchitecture'), 'cpuArchitecture', (s) => architectureName(s) ?? (s === 'x64' ? 'x64' : undefined)));
  set('tier', enumList(C('acceptedTier'), 'acceptedTier', tierName));
  set('orchestrationTypes', enumList(C('acceptedOrchestrationType'), 'acceptedOrchestrationType', orchestrationName));
  const domains = ref(r, C('acceptedDomain'));
  if (domains.length > 0) req.domains = domains;
  const ies = ref(r, C('infrastructureElement'));
  if (ies.length > 1) problems.add(`${r.id}.infrastructureElement`, 'only one IE can be pinned');
  if (ies.length === 1) req.ie = ies[0];
  const area = first(r, A('withinArea'));
  if (area) {
    if (area.geometry && (area.geometry.type === 'Polygon' || area.geometry.type === 'MultiPolygon')) req.area = area.geometry;
    else problems.add(`${r.id}.withinArea`, 'must be a GeoProperty with a Polygon or MultiPolygon');
  }
  return req;
}
