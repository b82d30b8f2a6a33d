/**
 * The JS evaluation of an entity query (GS CIM 009 v1.8 §5.7.2) over the NGSI-LD read index
 * (fabric/ngsi-ld/index): candidates come in id order from the type directory (a type union
 * §4.17 → the merged id lists of its types; otherwise every entity, or the given ids), and
 * `matches` decides on the decoded entity what the SPARQL SELECT of EntityQueryCompiler decides
 * on its graph: the same entities in the same order (test/unit/ngsi-ld/query/indexedPlanDifferential).
 *
 * What the JS path does NOT take (the compiler then leaves `indexed` undefined and the query runs
 * as SPARQL): q comparisons with a DateTime / Date / Time value (SPARQL casts any string to
 * xsd:dateTime, with its own rules for missing time zones), and q paths or attrs naming entity
 * or instance metadata predicates (rdf:type, createdAt, scope, cf:…) that are no attributes of
 * the decoded entity.
 */
import { CF } from '../../rdf/namespaces.js';
import { compareIds } from '../index/idOrder.js';
import { ENTITY_METADATA, REIFIER_METADATA } from '../mapping/rdfVocabulary.js';
import type { Entity } from '../model/Entity.js';
import type { EntityQuery, EntitySelector } from './EntityQuery.js';
import { leavesOf, type QExpression } from './qAst.js';
import { compileQ } from './qEvaluator.js';
import type { Expander } from './qToSparql.js';
import { scopeRegex, type ScopeExpression } from './parseScopeQ.js';
import { typeUnion, type TypeExpression } from './parseTypeExpression.js';
import { toRegExp } from './queryRegex.js';

/** What the plan needs from the index's type directory. */
export interface IdDirectory {
  /** Ids of the entities of an (expanded) type, in id order. */
  idsOfType(type: string): readonly string[];
  /** Ids of all entities, in id order. */
  allIds(): readonly string[];
}

/** A q conjunct `attribute <op> number` (§4.9) decided from a numeric column slot's value (index/NumericColumns.ts). */
export interface ColumnLeaf {
  /** The expanded attribute IRI. */
  readonly attribute: string;
  /** The leaf's result on an entity whose attribute has one Property instance with this number as value. */
  readonly holds: (value: number) => boolean;
}

/** The part of a plan numeric columns can decide, when candidates are the entities of one type. */
export interface ColumnarPart {
  /** The expanded type whose id list the candidates are. */
  readonly type: string;
  /** Conjuncts of q: a candidate failing one of them does not match. */
  readonly leaves: readonly ColumnLeaf[];
  /**
   * Whether passing every leaf is matching (the query is `type` and a conjunction of these leaves
   * only): then a candidate all of whose slots are known needs no entity read unless it is on the page.
   */
  readonly exact: boolean;
}

export interface IndexedPlan {
  /** Candidate ids in id order (code point order, like SPARQL ORDER BY on IRIs); may hold ids of no entity. */
  candidates(directory: IdDirectory): readonly string[];
  /** Whether the entity matches every condition of the query (type, ids, idPattern, q, scopeQ, attrs, geo). */
  matches(entity: Entity): boolean;
  /** Present when candidates are one type's list and q has conjuncts numeric columns decide. */
  readonly columnar?: ColumnarPart;
}

const notAnAttribute = (iri: string): boolean => ENTITY_METADATA.has(iri) || REIFIER_METADATA.has(iri) || iri.startsWith(CF);

/** Whether the JS path computes exactly what the SPARQL SELECT computes for this query. */
export function indexable(query: EntityQuery, expand: Expander): boolean {
  if (query.anyOfAttributes?.some((a) => notAnAttribute(expand(a)))) return false;
  if (query.idPattern !== undefined && !toRegExp(query.idPattern)) return false;
  if (query.selectors?.some((s) => s.idPattern !== undefined && !toRegExp(s.idPattern))) return false;
  if (!query.q) return true;
  return leavesOf(query.q).every((leaf) => {
    if (leaf.path.attributes.some((a) => notAnAttribute(expand(a)))) return false;
    if (leaf.kind !== 'compare') return leaf.kind !== 'pattern' || toRegExp(leaf.pattern) !== undefined;
    const t = leaf.target;
    const values = t.kind === 'value' ? [t.value] : t.kind === 'range' ? [t.from, t.to] : t.values;
    return values.every((v) => v.kind === 'number' || v.kind === 'string' || v.kind === 'boolean' || v.kind === 'uri');
  });
}

/** The operands of a q conjunction, nested conjunctions flattened (a single leaf is its own conjunct). */
function conjunctsOf(q: QExpression): QExpression[] {
  return q.kind === 'and' ? q.operands.flatMap(conjunctsOf) : [q];
}

/**
 * `attribute <op> number` on a plain attribute (no sub-attribute, member or JSON path) as a test on
 * the number, exactly compileQ's test of a single-instance Property with a number value (qEvaluator:
 * `!=` = not equal, the other operators compare numerically); undefined for any other conjunct.
 */
function columnLeaf(q: QExpression, expand: Expander): ColumnLeaf | undefined {
  if (q.kind !== 'compare' || q.target.kind !== 'value' || q.target.value.kind !== 'number') return undefined;
  if (q.path.attributes.length !== 1 || q.path.member !== undefined || q.path.jsonPath !== undefined) return undefined;
  const v = q.target.value.value;
  const holds = ((): ((x: number) => boolean) => {
    switch (q.operator) {
      case '==': return (x) => x === v;
      case '!=': return (x) => x !== v;
      case '>': return (x) => x > v;
      case '>=': return (x) => x >= v;
      case '<': return (x) => x < v;
      default: return (x) => x <= v;
    }
  })();
  return { attribute: expand(q.path.attributes[0]), holds };
}

function typeHolds(e: TypeExpression, types: readonly string[], expand: Expander): boolean {
  if (e.kind === 'type') return types.includes(expand(e.name));
  return e.kind === 'and' ? e.operands.every((o) => typeHolds(o, types, expand)) : e.operands.some((o) => typeHolds(o, types, expand));
}

function scopeHolds(e: ScopeExpression, scopes: readonly string[]): boolean {
  if (e.kind === 'scope') {
    const re = new RegExp(scopeRegex(e.pattern));
    return scopes.some((s) => re.test(s));
  }
  return e.kind === 'and' ? e.operands.every((o) => scopeHolds(o, scopes)) : e.operands.some((o) => scopeHolds(o, scopes));
}

/**
 * The JS plan of `query` (call only when `indexable`). `extra` is the compiler's geo-query test
 * (§4.10), applied last; q (JSON paths and arrays included, §4.9) is compileQ's.
 */
export function indexedPlan(query: EntityQuery, expandTerm: Expander, extra?: (entity: Entity) => boolean): IndexedPlan {
  const expanded = new Map<string, string>();
  const expand = (term: string): string => {
    let iri = expanded.get(term);
    if (iri === undefined) expanded.set(term, (iri = expandTerm(term)));
    return iri;
  };
  const union = query.type ? typeUnion(query.type)?.map(expand) : undefined;
  const ids = query.ids?.length ? new Set(query.ids) : undefined;
  const idRegex = query.idPattern !== undefined ? toRegExp(query.idPattern) : undefined;
  const attrs = query.anyOfAttributes?.length ? query.anyOfAttributes.map(expand) : undefined;
  const q = query.q ? compileQ(query.q, expand) : undefined;
  // Candidates from the type lists already have the type; the given ids and all entities do not.
  const typeTest = query.type && (ids || !union) ? query.type : undefined;
  const types = union ? [...new Set(union)] : [];
  const conjuncts = query.q ? conjunctsOf(query.q) : [];
  const leaves = conjuncts.flatMap((c) => columnLeaf(c, expand) ?? []);
  const columnar: ColumnarPart | undefined = !ids && types.length === 1 && leaves.length > 0 ? {
    type: types[0], leaves,
    exact: leaves.length === conjuncts.length && !idRegex && !attrs && !query.scopeQ && !extra,
  } : undefined;
  const selectors = query.selectors ? selectorsPlan(query.selectors, expand) : undefined;
  return {
    ...(columnar ? { columnar } : {}),
    candidates(directory: IdDirectory): readonly string[] {
      if (selectors) return selectors.candidates(directory);
      if (ids) return [...ids].sort(compareIds);
      if (!union) return directory.allIds();
      const lists = [...new Set(union)].map((t) => directory.idsOfType(t));
      return lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort(compareIds);
    },
    matches(entity: Entity): boolean {
      if (entity.types.length === 0) return false; // SPARQL: GRAPH ?id { ?id a ?type }
      if (selectors && !selectors.matches(entity)) return false;
      if (ids && !ids.has(entity.id)) return false;
      if (typeTest && !typeHolds(typeTest, entity.types, expand)) return false;
      if (idRegex && !idRegex.test(entity.id)) return false;
      if (q && !q(entity)) return false;
      if (query.scopeQ && !scopeHolds(query.scopeQ, entity.scope ?? [])) return false;
      if (attrs && !attrs.some((a) => (entity.attributes.get(a)?.length ?? 0) > 0)) return false;
      return extra ? extra(entity) : true;
    },
  };
}

/**
 * §5.2.23 entities with several EntitySelectors: candidates are the union of each selector's (its ids, else the merged
 * id lists of its type union, else every entity), in id order; an entity matches when some selector holds for it.
 */
function selectorsPlan(selectors: readonly EntitySelector[], expand: Expander): { candidates(directory: IdDirectory): readonly string[]; matches(entity: Entity): boolean } {
  const compiled = selectors.map((s) => ({
    ids: s.ids ? new Set(s.ids) : undefined,
    union: s.type ? typeUnion(s.type)?.map(expand) : undefined,
    type: s.type,
    idRegex: s.idPattern !== undefined ? toRegExp(s.idPattern) : undefined,
  }));
  return {
    candidates(directory) {
      if (compiled.some((s) => !s.ids && !s.union)) return directory.allIds();
      const lists = compiled.map((s) => (s.ids ? [...s.ids] : [...new Set(s.union!)].flatMap((t) => directory.idsOfType(t))));
      return [...new Set(lists.flat())].sort(compareIds);
    },
    matches(entity) {
      return compiled.some((s) => (!s.ids || s.ids.has(entity.id))
        && (!s.type || typeHolds(s.type, entity.types, expand))
        && (!s.idRegex || s.idRegex.test(entity.id)));
    },
  };
}
