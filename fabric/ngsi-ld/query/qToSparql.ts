/**
 * The NGSI-LD Query Language (GS CIM 009 v1.8 §4.9) as a SPARQL 1.2 boolean expression over the
 * RDF mapping (docs/ngsi-ld-mapping.md), evaluated inside `GRAPH ?id { … }` so every match comes
 * from the entity's own graph:
 * - `a` → `EXISTS { ?id <a> ?v }` (natural triple); `!a` → `NOT EXISTS { … }` (the same pattern);
 * - `a.b` (sub-attribute) → `?id <a> ?v1 ~ ?r1 . ?r1 <b> ?v2` (RDF 1.2 reifier syntax, oxigraph 0.5);
 * - `a.observedAt|createdAt|modifiedAt|unitCode|datasetId` → the member on the instance's reifier;
 * - comparisons: numbers numerically (xsd:double), strings lexically, DateTime / Date / Time as
 *   xsd:dateTime / date / time (cast, so ISO strings compare too), booleans by value; string targets
 *   and patterns compare the value the retrieved entity shows (retrievedValueSparql.ts: an enumeration
 *   code, a string typed by the ontology, an IRI as its string) and, but for `==` / `!=`, no Relationship
 *   object (§4.9, qAst.takesRelationshipObjects); a member IRI (datasetId) compares as its string; an IRI that
 *   shows as a VocabProperty's vocab compares with a string / URI value expanded as a vocab term (qEvaluator.ts);
 * - `==` / `~=` / `>` … hold when some value of the attribute (any instance, any datasetId)
 *   satisfies them; `!=` / `!~=` hold when the attribute exists and no value equals / matches.
 * Terms with a JSON path (`a[b.c]`, and `a[en]` into a LanguageProperty) are relaxed to the existence of `a` here
 * (`!a[b.c]` to true); the compiler then evaluates the whole q in JS on the loaded entity (qEvaluator.ts) as a post-filter.
 * Arrays (§4.9 "included in the target value, if the latter is an array"): an array value is ONE
 * `rdf:JSON` literal, whose elements SPARQL cannot compare. So, `widen`ed, a positive comparison /
 * pattern on a value (no member, no JSON path) also holds here when the attribute has an rdf:JSON
 * literal (`valueMayBeInJson`), and the compiler post-filters with qEvaluator; `!=` / `!~=` need
 * no widening (an element equal to the value only makes them false). Every term stays a superset of its
 * §4.9 answer on the retrieved entity, and and / or keep that: the post-filter decides.
 */
import { NGSI_LD } from '../codec/ngsiLdVocabulary.js';
import { defaultOntologyValueMap } from '../mapping/OntologyValueMap.js';
import { takesRelationshipObjects, type QAttributePath, type QExpression, type QLeaf, type QTarget, type QValue } from './qAst.js';
import { retrievedValue } from './retrievedValueSparql.js';
import { iriRef, numberLiteral, regexArguments, stringLiteral, typedLiteral, Variables } from './sparqlText.js';

const RDF_JSON = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>';
const MEMBER_IRI: Record<string, string> = {
  observedAt: `<${NGSI_LD}observedAt>`, createdAt: `<${NGSI_LD}createdAt>`, modifiedAt: `<${NGSI_LD}modifiedAt>`,
  unitCode: `<${NGSI_LD}unitCode>`, datasetId: `<${NGSI_LD}datasetId>`,
};
const XSD_CAST: Record<string, string> = {
  dateTime: '<http://www.w3.org/2001/XMLSchema#dateTime>', date: '<http://www.w3.org/2001/XMLSchema#date>', time: '<http://www.w3.org/2001/XMLSchema#time>',
};

export type Expander = (term: string) => string;

/** `widen`: value terms also hold on an rdf:JSON value (the superset for a q post-filter, see above). */
export function qToSparql(q: QExpression, expand: Expander, vars = new Variables(), widen = false): string {
  switch (q.kind) {
    case 'and': case 'or':
      return `(${q.operands.map((o) => qToSparql(o, expand, vars, widen)).join(q.kind === 'and' ? ' && ' : ' || ')})`;
    default:
      return leafToSparql(q, expand, vars, widen);
  }
}

/** Whether the leaf compares an attribute's value (no member such as unitCode, no JSON path): an array value may hold the match. */
export function valueMayBeInJson(leaf: QLeaf): boolean {
  return leaf.kind !== 'exists' && leaf.kind !== 'notExists' && leaf.path.member === undefined && leaf.path.jsonPath === undefined;
}

/** The group pattern that holds when the leaf's attribute has an rdf:JSON literal (an array value, §4.9). */
function jsonValueGroup(leaf: QLeaf, expand: Expander, vars: Variables): string {
  const path = pathPattern(leaf.path, expand, vars);
  return `${path.pattern}FILTER(DATATYPE(${path.value}) = ${RDF_JSON})`;
}

interface PathPattern {
  readonly pattern: string;
  /** The variable holding the compared value. */
  readonly value: string;
  /** Subject and predicate of the last natural triple `subject predicate value` (enumeration lookup). */
  readonly subject: string;
  readonly predicate: string;
  readonly predicateIri: string;
  readonly isMember: boolean;
}

function pathPattern(path: QAttributePath, expand: Expander, vars: Variables): PathPattern {
  const predicates = path.attributes.map((a) => iriRef(expand(a), `attribute '${a}'`));
  const needsReifier = predicates.length > 1 || path.member !== undefined;
  let subject = '?id';
  let parent = '?id';
  let pattern = '';
  let value = '';
  predicates.forEach((p, i) => {
    parent = subject;
    value = vars.next('v');
    if (i === predicates.length - 1 && !needsReifier) {
      pattern += `${subject} ${p} ${value} . `;
      return;
    }
    const r = vars.next('r');
    pattern += `${subject} ${p} ${value} ~ ${r} . `;
    subject = r;
  });
  // The last natural triple is `parent P value`; members sit on its reifier (`subject`).
  const predicate = predicates[predicates.length - 1];
  const predicateIri = expand(path.attributes[path.attributes.length - 1]);
  if (path.member !== undefined) {
    const m = vars.next('m');
    return { pattern: `${pattern}${subject} ${MEMBER_IRI[path.member]} ${m} . `, value: m, subject: parent, predicate, predicateIri, isMember: true };
  }
  return { pattern, value, subject: parent, predicate, predicateIri, isMember: false };
}

function leafToSparql(leaf: QLeaf, expand: Expander, vars: Variables, widen: boolean): string {
  const existsOnly: QAttributePath = { attributes: leaf.path.attributes, member: leaf.path.member, position: leaf.path.position };
  const path = pathPattern(leaf.path.jsonPath ? existsOnly : leaf.path, expand, vars);
  // `!a[…]`: the negation of a superset is no superset; the post-filter decides alone.
  if (leaf.kind === 'notExists') return leaf.path.jsonPath ? 'true' : `NOT EXISTS { ${path.pattern}}`;
  if (leaf.kind === 'exists' || leaf.path.jsonPath) return `EXISTS { ${path.pattern}}`;
  const { group, negated, candidates } = matchingGroup(leaf, path, expand, vars);
  const matching = `EXISTS { ${group} }`;
  if (negated) return `(EXISTS { ${takesRelationshipObjects(leaf) ? path.pattern : candidates}} && NOT ${matching})`;
  return widen && valueMayBeInJson(leaf) ? `(${matching} || EXISTS { ${jsonValueGroup(leaf, expand, vars)} })` : matching;
}

/**
 * The group pattern `path BIND FILTER` that holds when some value of the leaf's attribute satisfies it, and for a
 * negated leaf `candidates`: the group that holds when the attribute has a value the leaf compares (§4.9: a
 * Relationship object is none for `!~=`, takesRelationshipObjects).
 */
function matchingGroup(leaf: Extract<QLeaf, { kind: 'compare' | 'pattern' }>, path: PathPattern, expand: Expander, vars: Variables): { group: string; negated: boolean; candidates: string } {
  const textual = leaf.kind === 'pattern' || targetValues(leaf).some((v) => v.kind === 'string' || v.kind === 'uri');
  // A vocab compares with the value expanded as a vocab term: only worth testing where some value expands to another text.
  const expands = leaf.kind === 'compare' && !path.isMember && targetValues(leaf).some((v) => (v.kind === 'string' || v.kind === 'uri') && expand(v.value) !== v.value);
  const x = vars.next('x');
  const { bind, vocabObject } = comparableBinding(path, x, textual, takesRelationshipObjects(leaf), expands, vars);
  let condition: string;
  let negated: boolean;
  if (leaf.kind === 'pattern') {
    condition = `REGEX(${x}, ${regexArguments(leaf.pattern)})`;
    negated = leaf.negated;
  } else {
    negated = leaf.operator === '!=';
    condition = targetCondition(x, negated ? '==' : leaf.operator, leaf.target, textComparison(x, expand, vocabObject));
  }
  return { group: `${path.pattern}${bind}FILTER(${condition})`, negated, candidates: `${path.pattern}${bind}` };
}

/**
 * `x op "value"` for a string / URI value; where the value shows as a vocab (`vocabObject`), `x op "expanded"` instead.
 * Equality tests the text first (lazy IFs), so the vocab test runs only on a value equal to one of the two texts (on
 * a literal it stops at isIRI): string equalities ≈ 3–9 % slower here (docs/benchmarks.md "q gaps").
 */
function textComparison(x: string, expand: Expander, vocabObject: string | undefined): (op: string, value: string) => string {
  return (op, value) => {
    const raw = `${x} ${op} ${stringLiteral(value)}`;
    const expanded = expand(value);
    if (vocabObject === undefined || expanded === value) return raw;
    const asVocab = `${x} ${op} ${stringLiteral(expanded)}`;
    return op === '=' ? `IF(${raw}, !${vocabObject}, IF(${asVocab}, ${vocabObject}, false))` : `IF(${vocabObject}, ${asVocab}, ${raw})`;
  };
}

/**
 * A conjunction of positive terms (`a>1;b==2`, no `|`, no `!=` / `!~=`, no JSON path) as joined
 * graph patterns instead of one EXISTS per term and candidate: the same entities (each term is
 * satisfied by some value, DISTINCT ?id removes repeats), but the store can join by index from
 * the most selective pattern; `!a` conjuncts are `FILTER NOT EXISTS` in that group.
 * `widen`ed, a term on a value is `{ match } UNION { rdf:JSON value }`.
 * Undefined when q has another shape (then use qToSparql).
 */
export function qToJoinedPatterns(q: QExpression, expand: Expander, vars = new Variables(), widen = false): string | undefined {
  const leaves = q.kind === 'and' ? q.operands : q.kind === 'or' ? undefined : [q];
  if (!leaves || leaves.some((l) => l.kind === 'and' || l.kind === 'or')) return undefined;
  const groups: string[] = [];
  for (const leaf of leaves as QLeaf[]) {
    if (leaf.path.jsonPath) return undefined;
    const path = pathPattern(leaf.path, expand, vars);
    if (leaf.kind === 'exists') { groups.push(path.pattern); continue; }
    if (leaf.kind === 'notExists') { groups.push(`FILTER NOT EXISTS { ${path.pattern}} `); continue; }
    const { group, negated } = matchingGroup(leaf, path, expand, vars);
    if (negated) return undefined;
    groups.push(widen && valueMayBeInJson(leaf) ? `{ ${group} } UNION { ${jsonValueGroup(leaf, expand, vars)} }` : group);
  }
  return groups.join(' ');
}

function targetValues(leaf: QLeaf): QValue[] {
  if (leaf.kind !== 'compare') return [];
  const t = leaf.target;
  return t.kind === 'value' ? [t.value] : t.kind === 'range' ? [t.from, t.to] : [...t.values];
}

/**
 * Binds `x` to the comparable form of the value: as it is for numbers, booleans and temporal targets (an IRI,
 * an enumeration code or a typed string never compares with them otherwise); for string targets and patterns
 * as the retrieved entity shows it (retrievedValueSparql.ts: enumeration codes, strings typed by the ontology,
 * language-tagged strings, IRIs as strings) — and, where the leaf takes no Relationship object, unbound on one.
 * Members: an IRI (datasetId) as its string. `vocabObject` (when `expands`): holds when the value shows as a
 * VocabProperty's vocab.
 */
function comparableBinding(path: PathPattern, x: string, textual: boolean, relationshipObjects: boolean, expands: boolean, vars: Variables): { bind: string; vocabObject?: string } {
  if (!textual) return { bind: `BIND(${path.value} AS ${x}) ` };
  if (path.isMember) return { bind: `BIND(IF(isIRI(${path.value}), STR(${path.value}), ${path.value}) AS ${x}) ` };
  const triple = { subject: path.subject, predicate: path.predicate, predicateIri: path.predicateIri, value: path.value };
  const shown = retrievedValue(triple, vars, defaultOntologyValueMap(), expands);
  const onlyProperties = relationshipObjects ? '' : `FILTER(!${shown.relationshipObject}) `;
  return { bind: `${shown.patterns}${onlyProperties}BIND(${shown.comparable} AS ${x}) `, ...(shown.vocabObject ? { vocabObject: shown.vocabObject } : {}) };
}

/** `text`: the SPARQL comparison of `x` with a string / URI value (textComparison). */
function targetCondition(x: string, operator: string, target: QTarget, text: (op: string, value: string) => string): string {
  switch (target.kind) {
    case 'value': return compare(x, operator, target.value, text);
    case 'range': return `(${compare(x, '>=', target.from, text)} && ${compare(x, '<=', target.to, text)})`;
    case 'list': return `(${target.values.map((v) => compare(x, '==', v, text)).join(' || ')})`;
  }
}

function compare(x: string, operator: string, value: QValue, text: (op: string, value: string) => string): string {
  const op = operator === '==' ? '=' : operator;
  switch (value.kind) {
    case 'number': return `(isNumeric(${x}) && ${x} ${op} ${numberLiteral(value.value)})`;
    case 'boolean': return `(DATATYPE(${x}) = <http://www.w3.org/2001/XMLSchema#boolean> && ${x} ${op} ${value.value})`;
    case 'string': case 'uri': return `(DATATYPE(${x}) = <http://www.w3.org/2001/XMLSchema#string> && ${text(op, value.value)})`;
    default: return `${XSD_CAST[value.kind]}(STR(${x})) ${op} ${typedLiteral(value.value, value.kind)}`;
  }
}
