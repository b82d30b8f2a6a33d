/**
 * The orchestration's records as aerOS NGSI-LD entities (docs/named-graphs.md, docs/orchestration.md): an
 * aeros:Service and its aeros:ServiceComponents, with the aerOS attribute names (serviceComponentStatus,
 * infrastructureElement, containerImage, …) and the fabric's own (cf:serviceRequest, cf:specHash,
 * cf:decisionSummary, …). Written through the NGSI-LD mapping (fabric/ngsi-ld/mapping), so NGSI-LD GET
 * shows them as entities and SPARQL sees natural RDF; JSON-valued attributes are JsonProperty (§4.5.24).
 */
import type * as RDF from '@rdfjs/types';
import type { AttributeInstance, Entity, JsonValue } from '../../fabric/ngsi-ld/model/Entity.js';
import { entityToQuads } from '../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import type { ServiceRequest } from '../request/ServiceRequest.js';
import type { RejectedCandidate } from '../placement/PlacementDecision.js';
import { statusOf, type ComponentStatus } from './ComponentStatus.js';
import { O } from './orchestrationVocabulary.js';

/** aerOS Service actionType values (cf:actionType). */
export type ServiceAction = 'Deploying' | 'Deployed' | 'Destroying' | 'Finished';

export interface DecisionSummary {
  readonly ie?: string;
  readonly score?: number;
  readonly parts?: Readonly<Record<string, number>>;
  /** Number of rejected candidates, and the first ones with their reasons. */
  readonly rejected: number;
  readonly rejectedSample: readonly RejectedCandidate[];
  readonly reasons: readonly string[];
  readonly decidedAt: string;
}

export interface ServiceRecord {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly action?: ServiceAction;
  /** The request as accepted: present only on services this orchestration owns. */
  readonly request?: ServiceRequest;
  readonly createdAt?: string;
}

export interface ComponentRecord {
  readonly id: string;
  readonly name: string;
  readonly serviceId: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly isJob: boolean;
  readonly status?: ComponentStatus;
  readonly ie?: string;
  readonly migratingFrom?: string;
  readonly reason?: string;
  readonly specHash?: string;
  readonly decision?: DecisionSummary;
  readonly createdAt?: string;
  /** Data labels (cf:dataLabel, e.g. personal-data) that policies test. */
  readonly labels?: readonly string[];
  /** The component's aeros:InfrastructureElementRequirements entity, when it has one (written with the service). */
  readonly requirementsId?: string;
}

const NONE = new Map<string, readonly AttributeInstance[]>();
const prop = (value: JsonValue): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: NONE }];
const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: NONE }];
const json = (value: JsonValue): AttributeInstance[] => [{ kind: 'JsonProperty', value, subAttributes: NONE }];

function first(entity: Entity, attribute: string): AttributeInstance | undefined {
  return entity.attributes.get(attribute)?.[0];
}
function text(entity: Entity, attribute: string): string | undefined {
  const a = first(entity, attribute);
  if (!a) return undefined;
  if (a.object !== undefined) return Array.isArray(a.object) ? a.object[0] : (a.object as string);
  return typeof a.value === 'string' ? a.value : a.value === undefined ? undefined : String(a.value);
}
function jsonOf(entity: Entity, attribute: string): unknown {
  const value = first(entity, attribute)?.value;
  if (typeof value === 'string') {
    try { return JSON.parse(value); } catch { return undefined; }
  }
  return value;
}

/** The service record of an aeros:Service entity; undefined for an entity of another type. */
export function serviceFromEntity(e: Entity): ServiceRecord | undefined {
  if (!e.types.includes(O.Service)) return undefined;
  const request = jsonOf(e, O.serviceRequest) as ServiceRequest | undefined;
  return {
    id: e.id,
    name: text(e, O.name) ?? text(e, O.identifier) ?? e.id,
    description: text(e, O.description),
    action: text(e, O.actionType) as ServiceAction | undefined,
    request: request && typeof request === 'object' && Array.isArray(request.components) ? request : undefined,
    createdAt: e.createdAt,
  };
}

/** The aeros:Service entity of a service this orchestration owns (its request included). */
export function serviceEntity(service: ServiceRecord & { request: ServiceRequest }, now: string): Entity {
  const attributes = new Map<string, readonly AttributeInstance[]>([
    [O.name, prop(service.name)],
    [O.identifier, prop(service.name)],
    [O.serviceRequest, json(service.request as unknown as JsonValue)],
  ]);
  if (service.description) attributes.set(O.description, prop(service.description));
  if (service.action) attributes.set(O.actionType, prop(service.action));
  return { id: service.id, types: [O.Service], createdAt: service.createdAt ?? now, modifiedAt: now, attributes };
}

/** The component record of an aeros:ServiceComponent entity; undefined for an entity of another type. */
export function componentFromEntity(e: Entity): ComponentRecord | undefined {
  if (!e.types.includes(O.ServiceComponent)) return undefined;
  const status = text(e, O.serviceComponentStatus);
  const args = jsonOf(e, O.cliArgs);
  const env = jsonOf(e, O.envVars);
  const job = first(e, O.isJob)?.value;
  return {
    id: e.id,
    name: text(e, O.identifier) ?? e.id,
    serviceId: text(e, O.isPartOfService) ?? '',
    image: text(e, O.containerImage) ?? '',
    args: Array.isArray(args) ? args.map(String) : [],
    env: env && typeof env === 'object' && !Array.isArray(env) ? (env as Record<string, string>) : {},
    isJob: job === true || job === 'true',
    status: status ? statusOf(status) : undefined,
    ie: text(e, O.infrastructureElement),
    migratingFrom: text(e, O.migratingFrom),
    reason: text(e, O.statusReason),
    specHash: text(e, O.specHash),
    decision: jsonOf(e, O.decisionSummary) as DecisionSummary | undefined,
    createdAt: e.createdAt,
    labels: (e.attributes.get(O.dataLabel) ?? []).flatMap((a): unknown[] => (Array.isArray(a.value) ? a.value : [a.value])).map(String),
    requirementsId: text(e, O.infrastructureElementRequirements),
  };
}

/**
 * The quads of a component's entity graph: the aeros:ServiceComponent entity, and its data labels as plain
 * triples, one per label (`?c cf:dataLabel "personal-data"`, what policies match), read back as one Property.
 */
export function componentQuads(c: ComponentRecord, at: string): RDF.Quad[] {
  const attributes = new Map<string, readonly AttributeInstance[]>([
    [O.identifier, prop(c.name)],
    [O.isPartOfService, rel(c.serviceId)],
    [O.containerImage, prop(c.image)],
    [O.cliArgs, json([...c.args])],
    [O.envVars, json({ ...c.env })],
    [O.isJob, prop(c.isJob)],
  ]);
  if (c.status) attributes.set(O.serviceComponentStatus, prop(c.status));
  if (c.ie) attributes.set(O.infrastructureElement, rel(c.ie));
  if (c.migratingFrom) attributes.set(O.migratingFrom, rel(c.migratingFrom));
  if (c.reason) attributes.set(O.statusReason, prop(c.reason));
  if (c.specHash) attributes.set(O.specHash, prop(c.specHash));
  if (c.decision) attributes.set(O.decisionSummary, json(c.decision as unknown as JsonValue));
  if (c.requirementsId) attributes.set(O.infrastructureElementRequirements, rel(c.requirementsId));
  const quads = entityToQuads({ id: c.id, types: [O.ServiceComponent], createdAt: c.createdAt ?? at, modifiedAt: at, attributes });
  const component = termFactory.namedNode(c.id);
  for (const label of c.labels ?? []) quads.push(termFactory.quad(component, termFactory.namedNode(O.dataLabel), termFactory.literal(label), component));
  return quads;
}
