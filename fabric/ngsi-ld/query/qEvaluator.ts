/**
 * The NGSI-LD Query Language (GS CIM 009 v1.8 §4.9) evaluated in JS on a loaded entity — the
 * post-filter for what the SPARQL translation (qToSparql.ts) cannot express on oxigraph: paths
 * into JSON values (`a[b.c]`, keys matched as expanded IRIs, then as written) and, on a LanguageProperty,
 * language paths (`a[en]`: the strings of that language, tags compared case-insensitively as BCP 47 tags are).
 * Same semantics as qToSparql: some value satisfies `==`, `>`, `~=` …; `!=` / `!~=` need the attribute and no
 * value equal / matching; `!a` holds exactly when `a` alone does not; numbers numerically, strings lexically,
 * DateTimes as instants (strings only when they are valid lexical forms); a Relationship / ListRelationship object
 * only with `==` / `!=` (qAst.takesRelationshipObjects); a VocabProperty's vocab IRI compared with a string / URI
 * value expanded as a vocab term with the request's @context (`expand`), as the write expanded the vocab (§4.5.20).
 */
import type { AttributeInstance, Entity, JsonValue } from '../model/Entity.js';
import { isTypedValue } from '../codec/propertyValues.js';
import { DATE, DATE_TIME, TIME } from '../codec/ngsiLdVocabulary.js';
import { isDate, isDateTime, isTime } from '../codec/structuralRules.js';
import { takesRelationshipObjects, type QAttributePath, type QExpression, type QLeaf, type QValue } from './qAst.js';
import type { Expander } from './qToSparql.js';
import { toRegExp } from './queryRegex.js';

/** The vocab IRI of a VocabProperty: compared with the query value expanded as a vocab term, patterns with the IRI. */
class VocabIri {
  constructor(readonly iri: string) {}
}

/** A comparable value: JSON, a temporal literal, or a vocab IRI. */
type Candidate = JsonValue | { readonly temporal: 'dateTime' | 'date' | 'time'; readonly value: string } | VocabIri;
const TEMPORAL: Record<string, 'dateTime' | 'date' | 'time'> = { [DATE_TIME]: 'dateTime', [DATE]: 'date', [TIME]: 'time' };
const LEXICAL_CHECKS = { dateTime: isDateTime, date: isDate, time: isTime };

export function evaluateQ(q: QExpression, entity: Entity, expand: Expander): boolean {
  switch (q.kind) {
    case 'and': return q.operands.every((o) => evaluateQ(o, entity, expand));
    case 'or': return q.operands.some((o) => evaluateQ(o, entity, expand));
    default: return evaluateLeaf(q, entity, expand);
  }
}

/**
 * `q` compiled once (per request) into a test on the entity, with the same result as `evaluateQ`:
 * terms expanded once, and a comparison of a plain attribute (no member, no JSON path) with one
 * value reads the single instance's primitive value directly, without allocating candidates;
 * every other case (several instances, members, JSON paths, metadata) goes through evaluateLeaf.
 */
export function compileQ(q: QExpression, expand: Expander): (entity: Entity) => boolean {
  if (q.kind === 'and' || q.kind === 'or') {
    const operands = q.operands.map((o) => compileQ(o, expand));
    if (operands.length === 2) {
      const [a, b] = operands;
      return q.kind === 'and' ? (e) => a(e) && b(e) : (e) => a(e) || b(e);
    }
    return q.kind === 'and' ? (e) => operands.every((o) => o(e)) : (e) => operands.some((o) => o(e));
  }
  const leaf = q as QLeaf;
  const general = (entity: Entity): boolean => evaluateLeaf(leaf, entity, expand);
  if (leaf.kind !== 'compare' || leaf.target.kind !== 'value' || leaf.path.attributes.length !== 1 || leaf.path.member !== undefined || leaf.path.jsonPath !== undefined) {
    return general;
  }
  const iri = expand(leaf.path.attributes[0]);
  const value = leaf.target.value;
  const operator = leaf.operator;
  // One candidate c: `!=` holds when c is not equal; any other operator when compare holds (evaluateLeaf).
  // Only primitive Property values take this path (never a vocab): the plain comparison, as before vocab expansion.
  const holds = operator === '!=' ? (c: Candidate) => !comparePlain(c, '==', value) : (c: Candidate) => comparePlain(c, operator, value);
  return (entity) => {
    const instances = entity.attributes.get(iri);
    if (instances === undefined) return false;
    if (instances.length === 1) {
      const only = instances[0];
      const v = only.value;
      if (only.kind === 'Property' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) return holds(v);
    }
    return general(entity);
  };
}

function evaluateLeaf(leaf: QLeaf, entity: Entity, expand: Expander): boolean {
  const candidates = candidatesAt(entity, leaf.path, expand, takesRelationshipObjects(leaf));
  if (leaf.kind === 'exists') return candidates.length > 0;
  if (leaf.kind === 'notExists') return candidates.length === 0;
  if (leaf.kind === 'pattern') {
    const re = toRegExp(leaf.pattern)!;
    const some = candidates.some((c) => (typeof c === 'string' && re.test(c)) || (c instanceof VocabIri && re.test(c.iri)));
    return leaf.negated ? candidates.length > 0 && !some : some;
  }
  const t = leaf.target;
  const test = (c: Candidate, op: string): boolean =>
    t.kind === 'value' ? compare(c, op, t.value, expand)
      : t.kind === 'range' ? compare(c, '>=', t.from, expand) && compare(c, '<=', t.to, expand)
        : t.values.some((v) => compare(c, '==', v, expand));
  if (leaf.operator === '!=') return candidates.length > 0 && !candidates.some((c) => test(c, '=='));
  return candidates.some((c) => test(c, leaf.operator));
}

const NO_INSTANCES: readonly AttributeInstance[] = [];

function instancesAt(entity: Entity, attributes: readonly string[], expand: Expander): readonly AttributeInstance[] {
  let instances: readonly AttributeInstance[] = entity.attributes.get(expand(attributes[0])) ?? NO_INSTANCES;
  for (let k = 1; k < attributes.length; k++) {
    const iri = expand(attributes[k]);
    instances = instances.flatMap((i) => i.subAttributes.get(iri) ?? []);
  }
  return instances;
}

/** `relationshipObjects`: whether the objects of Relationship / ListRelationship instances are candidates (see above). */
function candidatesAt(entity: Entity, path: QAttributePath, expand: Expander, relationshipObjects: boolean): Candidate[] {
  const instances = instancesAt(entity, path.attributes, expand);
  // Fast path (the common case): one instance of a plain attribute whose value is a number, string or boolean.
  if (instances.length === 1 && path.member === undefined && path.jsonPath === undefined) {
    const only = instances[0];
    const v = only.value;
    if (only.kind === 'Property' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) return [v];
  }
  if (path.member) {
    const member = path.member;
    return instances.flatMap((i): Candidate[] => {
      const v = i[member];
      if (v === undefined) return [];
      return member === 'unitCode' || member === 'datasetId' ? [v] : [{ temporal: 'dateTime', value: v }];
    });
  }
  const jsonPath = path.jsonPath;
  const values = instances.flatMap((i): Candidate[] => {
    if (!relationshipObjects && (i.kind === 'Relationship' || i.kind === 'ListRelationship')) return [];
    if (jsonPath === undefined) return valuesOf(i);
    // On a LanguageProperty the first key is a language tag; the rest (if any) walks into its strings: nothing.
    return i.kind === 'LanguageProperty' ? follow(languageStrings(i, jsonPath[0]), jsonPath.slice(1), expand) : follow(valuesOf(i), jsonPath, expand);
  });
  return values.flatMap(elementsOf).map(comparable);
}

/** The values at `keys` inside JSON objects (each key matched as its expanded IRI, then as written). */
function follow(values: Candidate[], keys: readonly string[], expand: Expander): Candidate[] {
  let out = values;
  for (const key of keys) {
    const iri = expand(key);
    out = out.flatMap(elementsOf).flatMap((v): Candidate[] => {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof VocabIri || 'temporal' in v) return [];
      const o = v as Record<string, JsonValue>;
      const next = iri in o ? o[iri] : o[key];
      return next === undefined ? [] : [next];
    });
  }
  return out;
}

/** §4.5.18 languageMap strings of one language; BCP 47 tags are case-insensitive (the store keeps them lower-case). */
function languageStrings(i: AttributeInstance, tag: string): Candidate[] {
  const wanted = tag.toLowerCase();
  return Object.entries(i.languageMap ?? {}).flatMap(([t, text]) => (t.toLowerCase() === wanted ? (typeof text === 'string' ? [text] : [...text]) : []));
}

/**
 * §4.9 Equal / Unequal: the Query Term value matches a target value that is identical to it or, "if the latter is an
 * array", that includes it. An array target value therefore stands for its elements (one level: `[1, [-2]]` is 1 and
 * `[-2]`), and so it does for every operator here (docs/ngsi-ld-mapping.md "q on the retrieved entity").
 */
function elementsOf(v: Candidate): readonly Candidate[] {
  return Array.isArray(v) ? v : [v];
}

function comparable(v: Candidate): Candidate {
  return isTypedValue(v) && TEMPORAL[v['@type']] ? { temporal: TEMPORAL[v['@type']], value: v['@value'] } : v;
}

/** The values an instance contributes (§4.5: value, object, languageMap strings, vocab, geometry). */
function valuesOf(i: AttributeInstance): Candidate[] {
  const list = (v: string | readonly string[] | undefined): Candidate[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);
  switch (i.kind) {
    case 'Relationship': case 'ListRelationship': return list(i.object);
    case 'VocabProperty': return list(i.vocab).map((iri) => new VocabIri(iri as string));
    case 'LanguageProperty': return Object.values(i.languageMap ?? {}).flatMap(list);
    case 'GeoProperty': return i.geometry ? [i.geometry as unknown as JsonValue] : [];
    default: return i.value === undefined ? [] : [i.value as Candidate];
  }
}

function ordered(a: number | string, op: string, b: number | string): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    default: return a <= b;
  }
}

/**
 * A VocabProperty's IRI compares with a string / URI value expanded as a vocab term (`expand`; an IRI stays itself)
 * and with no other kind of value; any other candidate as comparePlain.
 */
function compare(c: Candidate, op: string, v: QValue, expand: Expander): boolean {
  if (c instanceof VocabIri) return (v.kind === 'string' || v.kind === 'uri') && ordered(c.iri, op, expand(v.value));
  return comparePlain(c, op, v);
}

function comparePlain(c: Candidate, op: string, v: QValue): boolean {
  switch (v.kind) {
    case 'number': return typeof c === 'number' && ordered(c, op, v.value);
    // Booleans have no order in SPARQL (oxigraph): `>=` / `<=` hold only on equal values, `>` / `<` never.
    case 'boolean': return typeof c === 'boolean' && (op === '!=' ? c !== v.value : op === '==' || op === '>=' || op === '<=' ? c === v.value : false);
    case 'string': case 'uri': return typeof c === 'string' && ordered(c, op, v.value);
    case 'dateTime': {
      const lexical = lexicalOf(c, 'dateTime');
      const [a, b] = [lexical === undefined ? NaN : Date.parse(lexical), Date.parse(v.value)];
      return !Number.isNaN(a) && !Number.isNaN(b) && ordered(a, op, b);
    }
    default: {
      const lexical = lexicalOf(c, v.kind);
      return lexical !== undefined && ordered(lexical, op, v.value);
    }
  }
}

/**
 * A string candidate that is a valid lexical form of that kind, or a temporal literal of that kind, as its lexical
 * form: SPARQL casts the string (`xsd:dateTime(STR(x))`), which fails on anything else — and Date.parse alone would
 * take "Alpha 1" for a date.
 */
function lexicalOf(c: Candidate, kind: 'dateTime' | 'date' | 'time'): string | undefined {
  if (typeof c === 'string') return LEXICAL_CHECKS[kind](c) ? c : undefined;
  if (c === null || typeof c !== 'object' || Array.isArray(c) || c instanceof VocabIri) return undefined;
  const o = c as Record<string, unknown>;
  return o.temporal === kind && typeof o.value === 'string' ? o.value : undefined;
}
