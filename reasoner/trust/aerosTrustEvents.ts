/**
 * Maps the JSON the aerOS services send to the Trust Manager onto trust events as NGSI-LD
 * entities (internal model, expanded IRIs; entityToQuads stores them as natural RDF):
 * - a self-security notification (aerOS self-sec-alert: timestamp, message, priority, protocol,
 *   src, dst, node_name, mac) → cf:SecurityAlert;
 * - an entry of the self-security log (same fields) → cf:SelfSecurityEvent;
 * - a self-healing alert (timestamp, scenario, message, node_name) → cf:HealthEvent.
 * The IE is found from node_name when it is "<domain>:<id>" (aerOS IE ids
 * urn:ngsi-ld:InfrastructureElement:<domain>:<id>), else from the MAC address in the given domain
 * (the Trust Manager keys IEs as "<domain>:<mac without colons>"). Timestamps without an offset
 * are read as UTC; a comma before the fraction ("15:44:05,646", seen in the samples) is a dot.
 */
import { createHash } from 'node:crypto';
import type { AttributeInstance, Entity, JsonValue } from '../../fabric/ngsi-ld/model/Entity.js';
import { XSD } from '../../fabric/rdf/namespaces.js';
import { TRUST } from './trustVocabulary.js';

export type TrustEventKind = 'SecurityAlert' | 'SelfSecurityEvent' | 'HealthEvent';

export interface AerosTrustEventJson {
  readonly timestamp?: string;
  readonly message?: string;
  readonly priority?: number;
  readonly protocol?: string;
  readonly src?: string;
  readonly dst?: string;
  readonly node_name?: string;
  readonly mac?: string;
  readonly scenario?: string;
}

export interface MapOptions {
  /** aerOS domain id used with a MAC address (manager.ini [Connections] domain). */
  readonly domain?: string;
}

const IE_PREFIX = 'urn:ngsi-ld:InfrastructureElement:';

/** The IE an aerOS event is about, or undefined when neither node_name nor mac identify one. */
export function infrastructureElementOf(event: AerosTrustEventJson, options: MapOptions = {}): string | undefined {
  if (event.node_name && /^[^:\s]+:[^:\s]+$/.test(event.node_name)) return IE_PREFIX + event.node_name;
  if (event.mac && options.domain) return `${IE_PREFIX}${options.domain}:${event.mac.replace(/[:-]/g, '').toLowerCase()}`;
  return undefined;
}

/** aerOS timestamp → xsd:dateTime lexical form (UTC when no offset is given). */
export function normalizeTimestamp(timestamp: string): string | undefined {
  const t = timestamp.trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}),(\d+)/, '$1.$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(t)) return undefined;
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(t) ? t : `${t}Z`;
  return Number.isNaN(Date.parse(withZone)) ? undefined : withZone;
}

const property = (value: JsonValue | { '@type': string; '@value': string }): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: new Map() } as AttributeInstance];

/** Deterministic id: the same JSON event always maps to the same entity (re-delivery is idempotent). */
function eventId(kind: TrustEventKind, event: AerosTrustEventJson): string {
  const digest = createHash('sha256').update(JSON.stringify([kind, event.node_name, event.mac, event.timestamp, event.message, event.priority, event.src, event.dst, event.scenario])).digest('base64url').slice(0, 22);
  return `urn:ngsi-ld:${kind}:${digest}`;
}

/** One aerOS event → a trust event entity; throws on an event that names no IE. */
export function trustEventEntity(kind: TrustEventKind, event: AerosTrustEventJson, options: MapOptions = {}): Entity {
  const ie = infrastructureElementOf(event, options);
  if (!ie) throw new Error(`aerOS ${kind} names no infrastructure element (node_name "${event.node_name ?? ''}", mac "${event.mac ?? ''}")`);
  const attributes = new Map<string, AttributeInstance[]>();
  attributes.set(TRUST.aboutInfrastructureElement, [{ kind: 'Relationship', object: ie, subAttributes: new Map() } as AttributeInstance]);
  const when = event.timestamp === undefined ? undefined : normalizeTimestamp(event.timestamp);
  if (when) attributes.set(TRUST.occurredAt, property({ '@type': `${XSD}dateTime`, '@value': when }));
  if (typeof event.priority === 'number' && Number.isFinite(event.priority)) attributes.set(TRUST.priority, property(event.priority));
  if (event.message) attributes.set(TRUST.eventMessage, property(event.message));
  if (event.node_name) attributes.set(TRUST.reportedNode, property(event.node_name));
  if (kind !== 'HealthEvent') {
    if (event.protocol) attributes.set(TRUST.networkProtocol, property(event.protocol));
    if (event.src) attributes.set(TRUST.sourceAddress, property(event.src));
    if (event.dst) attributes.set(TRUST.destinationAddress, property(event.dst));
  } else if (event.scenario) {
    attributes.set(TRUST.healthScenario, property(event.scenario));
  }
  return { id: eventId(kind, event), types: [TRUST[kind]], attributes };
}

/** A JSON document (one event or an array of them) → trust event entities. */
export function trustEventEntities(kind: TrustEventKind, json: AerosTrustEventJson | readonly AerosTrustEventJson[], options: MapOptions = {}): Entity[] {
  return (Array.isArray(json) ? json : [json]).map((event: AerosTrustEventJson) => trustEventEntity(kind, event, options));
}
