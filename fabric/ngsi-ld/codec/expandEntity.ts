/**
 * NGSI-LD entity JSON (normalized or concise, GS CIM 009 v1.8 §4.5.1, §5.2.4) → the
 * internal Entity model with expanded IRIs. Hand-written on cached term maps (the hot
 * path); equivalence with jsonld.js expansion is checked in test/unit/ngsi-ld/codec.
 *
 * Structural errors (§5.5.1, §6.3.x):
 * - not a JSON object → InvalidRequestError;
 * - id missing / not a URI, type missing / not a name, scope not a scope, a reserved
 *   name used as an attribute, an attribute without its value / object, a datasetId that
 *   is not a URI, an observedAt that is not a DateTime, … → BadRequestDataError naming the
 *   attribute.
 */
import { BadRequestDataError, InvalidRequestError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { AttributeFragment } from '../model/AttributeFragment.js';
import type { AttributeInstance, Entity, JsonValue } from '../model/Entity.js';
import { expandAttributeInstances, type ExpandOptions } from './expandAttribute.js';
import { expandAttributeFragments } from './expandAttributeFragment.js';
import { ENTITY_RESERVED_NAMES, NGSI_LD_NULL } from './ngsiLdVocabulary.js';
import { isAbsoluteIri, isDateTime, isJsonObject, isScope, isValidName } from './structuralRules.js';

export type { ExpandOptions } from './expandAttribute.js';

export interface ExpandEntityOptions extends ExpandOptions {
  /** Default true: an entity without a type is BadRequestData (create, replace). */
  readonly requireType?: boolean;
  /** Default true: an entity without an id is BadRequestData (the id may come from the URL instead). */
  readonly requireId?: boolean;
}

export function expandEntity(json: unknown, ctx: ProcessedContext, options: ExpandEntityOptions = {}): Entity {
  if (!isJsonObject(json)) throw new InvalidRequestError('The payload must be a JSON object (an NGSI-LD entity).');
  const body = json as { [key: string]: JsonValue };
  const id = idOf(body, options.requireId !== false);
  const types = expandTypes(body.type ?? body['@type'], ctx, options.requireType !== false);
  const entity: { -readonly [K in keyof Entity]: Entity[K] } = {
    id,
    types,
    attributes: expandAttributesOf(body, (name, value) => expandAttributeInstances(name, value, ctx, options), ctx),
  };
  if (body.scope !== undefined) entity.scope = expandScope(body.scope);
  if (options.keepSystemAttributes) {
    for (const member of ['createdAt', 'modifiedAt'] as const) {
      if (body[member] === undefined) continue;
      if (!isDateTime(body[member])) throw new BadRequestDataError(`The entity's ${member} is not a DateTime.`, { attribute: member });
      entity[member] = body[member] as string;
    }
  }
  return entity;
}

/**
 * The attributes of a fragment (POST/PATCH /entities/{id}/attrs, §6.6.3, §6.6.4): every
 * member except @context is an attribute; id / type are tolerated and ignored when present.
 */
export function expandAttributes(json: unknown, ctx: ProcessedContext, options: ExpandOptions = {}): Map<string, AttributeInstance[]> {
  if (!isJsonObject(json)) throw new InvalidRequestError('The payload must be a JSON object of attributes.');
  return expandAttributesOf(json as { [key: string]: JsonValue }, (name, value) => expandAttributeInstances(name, value, ctx, options), ctx);
}

/** The content of a Merge Entity (§5.6.17) or of one Batch Entity Merge item (§5.6.20). */
export interface EntityMergeFragment {
  /** '' when the payload has none (the URL names the entity). */
  readonly id: string;
  /** Entity types to add (none when the payload has no type). */
  readonly types: readonly string[];
  /** The scope replacing the entity's; null: NGSI-LD Null, the scope is deleted (§5.5.12). */
  readonly scope?: readonly string[] | null;
  readonly attributes: ReadonlyMap<string, readonly AttributeFragment[]>;
}

/**
 * A merge payload (§5.6.17, §5.6.20): id and type optional; each attribute a fragment (expandAttributeFragment.ts:
 * only the members given change); NGSI-LD Null deletes an attribute instance, a member, or the scope.
 */
export function expandEntityFragment(json: unknown, ctx: ProcessedContext, options: { readonly requireId?: boolean } = {}): EntityMergeFragment {
  if (!isJsonObject(json)) throw new InvalidRequestError('The payload must be a JSON object (an NGSI-LD entity fragment).');
  const body = json as { [key: string]: JsonValue };
  const id = idOf(body, options.requireId !== false);
  const scope = body.scope === undefined ? undefined : body.scope === null || body.scope === NGSI_LD_NULL ? null : expandScope(body.scope);
  return {
    id,
    types: expandTypes(body.type ?? body['@type'], ctx, false),
    ...(scope !== undefined ? { scope } : {}),
    attributes: expandAttributesOf(body, (name, value) => expandAttributeFragments(name, value, ctx), ctx),
  };
}

/** One attribute's fragment (PATCH /entities/{id}/attrs/{attrId}, §5.6.4) for the attribute `name` (as in the URL). */
export function expandAttributeFragment(name: string, json: unknown, ctx: ProcessedContext): { iri: string; fragments: AttributeFragment[] } {
  const iri = ctx.expandTerm(name);
  if (iri === undefined || !isValidName(name)) throw new BadRequestDataError(`'${name}' is not a valid attribute name.`, { attribute: name });
  checkExpandedIri(name, iri);
  return { iri, fragments: expandAttributeFragments(name, json as JsonValue, ctx) };
}

/**
 * One attribute's payload (PATCH/PUT /entities/{id}/attrs/{attrId}, §6.7.3) for the
 * attribute `name` (short name as in the URL).
 */
export function expandAttribute(name: string, json: unknown, ctx: ProcessedContext, options: ExpandOptions = {}): { iri: string; instances: AttributeInstance[] } {
  const iri = ctx.expandTerm(name);
  if (iri === undefined || !isValidName(name)) throw new BadRequestDataError(`'${name}' is not a valid attribute name.`, { attribute: name });
  checkExpandedIri(name, iri);
  return { iri, instances: expandAttributeInstances(name, json as JsonValue, ctx, options) };
}

function expandAttributesOf<A>(body: { [key: string]: JsonValue }, expand: (name: string, value: JsonValue) => A[], ctx: ProcessedContext): Map<string, A[]> {
  const attributes = new Map<string, A[]>();
  for (const [name, value] of Object.entries(body)) {
    if (ENTITY_RESERVED_NAMES.has(name)) {
      if (['id', '@id', 'type', '@type', 'scope', '@context', 'createdAt', 'modifiedAt', 'deletedAt'].includes(name)) continue;
      throw new BadRequestDataError(`'${name}' is a reserved NGSI-LD term and cannot be an attribute name (§4.6.2).`, { attribute: name });
    }
    const iri = ctx.expandTerm(name);
    if (iri === undefined) continue; // mapped to null by the user @context: JSON-LD drops it
    const instances = expand(name, value);
    checkExpandedIri(name, iri);
    const existing = attributes.get(iri);
    if (existing) {
      throw new BadRequestDataError(`Attribute '${name}' is given twice (two names expand to ${iri}).`, { attribute: name });
    }
    attributes.set(iri, instances);
  }
  return attributes;
}

/** The entity id ('' when absent and not required): a URI (§4.5.1). */
function idOf(body: { [key: string]: JsonValue }, required: boolean): string {
  const id = body.id ?? body['@id'];
  if (id === undefined) {
    if (required) throw new BadRequestDataError('The entity has no id (§4.5.1: id is mandatory).', { attribute: 'id' });
    return '';
  }
  if (!isAbsoluteIri(id)) throw new BadRequestDataError(`The entity id ${JSON.stringify(id)} is not a URI (§4.5.1).`, { attribute: 'id' });
  return id;
}

function expandTypes(type: JsonValue | undefined, ctx: ProcessedContext, required: boolean): string[] {
  if (type === undefined) {
    if (required) throw new BadRequestDataError('The entity has no type (§4.5.1: type is mandatory).', { attribute: 'type' });
    return [];
  }
  const list = Array.isArray(type) ? type : [type];
  if (list.length === 0 || !list.every((t) => typeof t === 'string' && isValidName(t))) {
    throw new BadRequestDataError(`The entity type ${JSON.stringify(type)} is not a type name or a non-empty array of names (§4.5.1).`, { attribute: 'type' });
  }
  const iris = [...new Set((list as string[]).map((t) => ctx.expandTerm(t) ?? t))];
  const invalid = iris.find((iri) => !isAbsoluteIri(iri));
  if (invalid !== undefined) {
    throw new BadRequestDataError(`The entity type expands to ${JSON.stringify(invalid)}, which is not an absolute IRI (RFC 3987); check the @context.`, { attribute: 'type' });
  }
  return iris;
}

/** An attribute name must expand (@context, @vocab) to an absolute IRI: it becomes a predicate in the store. */
function checkExpandedIri(name: string, iri: string): void {
  if (!isAbsoluteIri(iri)) {
    throw new BadRequestDataError(`Attribute '${name}' expands to ${JSON.stringify(iri)}, which is not an absolute IRI (RFC 3987); check the @context.`, { attribute: name });
  }
}

function expandScope(scope: JsonValue): string[] {
  const list = Array.isArray(scope) ? scope : [scope];
  for (const s of list) {
    if (!isScope(s)) throw new BadRequestDataError(`Scope ${JSON.stringify(s)} is not a valid scope such as "/Madrid/Gardens" (§4.18).`, { attribute: 'scope' });
  }
  return list as string[];
}
