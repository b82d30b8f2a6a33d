/**
 * Compiles a parsed entity query (GS CIM 009 v1.8 §5.7.2) into ONE SPARQL SELECT of the matching
 * entity ids, ordered by id (stable paging, §6.3.10), over the RDF mapping (docs/ngsi-ld-mapping.md):
 *
 *   SELECT DISTINCT ?id WHERE { [VALUES ?id {…}] GRAPH ?id { ?id a ?type . FILTER(type ∧ q ∧ scopeQ ∧ attrs ∧ geo) }
 *                               [FILTER(REGEX(STR(?id), idPattern))] } ORDER BY ?id
 *
 * `GRAPH ?id { … }` keeps every match inside the entity's own graph. A q that is a conjunction of
 * positive terms is joined as triple patterns after `?id a ?type` (qToJoinedPatterns); any other q
 * is a FILTER from qToSparql.ts; scopes (§4.19) are regular expressions over `ngsi-ld:scope`; types (§4.17) match
 * the expanded type IRI exactly (no subclass reasoning).
 *
 * Post-filter: geo-queries (§4.10, @turf/turf), q terms with JSON paths (`a[b.c]`) and q comparisons
 * of values while the store holds rdf:JSON values of the compared attributes (§4.9: an array target
 * value matches when it includes the value; an array is one rdf:JSON literal in RDF; see `jsonValues`)
 * cannot be evaluated exactly by SPARQL on oxigraph. For them the SELECT is a superset (the attribute
 * exists; or some natural value matches or the attribute has an rdf:JSON literal, qToSparql `widen`)
 * and `postFilter(entity)` decides on the loaded entity, by the evaluator the read index path uses
 * (qEvaluator): both paths answer q as evaluated on the entity GET /entities/{id} returns.
 * Paging then stays correct because limit/offset must apply AFTER the post-filter: the caller runs
 * `select` (which has no LIMIT / OFFSET) in id order chunk by chunk, keeps the entities that pass,
 * skips `offset` of them and stops after `limit` (EntityQueryService.filtered); the count is a full pass. Without a post-filter, `page(limit, offset)` and `count` are exact SPARQL.
 *
 * The SPARQL text is built lazily, on the first read of `select` / `count` / `page`: a query the
 * read index answers (`indexed`) never builds it (it was ≈ 10 % of an in-process indexed query).
 * The IRI checks of the text (sparqlText.iriRef) run eagerly, so errors do not depend on the path.
 */
import { NGSI_LD } from '../codec/ngsiLdVocabulary.js';
import type { Entity } from '../model/Entity.js';
import type { EntityQuery, EntitySelector } from './EntityQuery.js';
import { geoRelationHolds } from './geoRelations.js';
import { indexable, indexedPlan, type IndexedPlan } from './indexedPlan.js';
import { leavesOf } from './qAst.js';
import { evaluateQ } from './qEvaluator.js';
import { qToJoinedPatterns, qToSparql, valueMayBeInJson, type Expander } from './qToSparql.js';
import { scopeRegex, type ScopeExpression } from './parseScopeQ.js';
import { typeUnion, type TypeExpression } from './parseTypeExpression.js';
import { iriRef, regexArguments, stringLiteral, Variables } from './sparqlText.js';

const SCOPE = `<${NGSI_LD}scope>`;
const GEO_JSON_LITERAL = '<http://www.opengis.net/ont/geosparql#geoJSONLiteral>';
const RDF_JSON = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>';

export interface CompiledEntityQuery {
  /** SELECT binding ?id of every candidate, ORDER BY ?id (unless orderById: false), without LIMIT / OFFSET. */
  readonly select: string;
  /** SELECT (COUNT(DISTINCT ?id) AS ?count): exact when there is no post-filter (then undefined). */
  readonly count?: string;
  /** JS condition on the loaded entity (geo-query, JSON paths); undefined when SPARQL says it all. */
  readonly postFilter?: (entity: Entity) => boolean;
  /** One page of `select` (LIMIT / OFFSET); only exact without a post-filter. */
  page(limit: number, offset: number): string;
  /**
   * The same query evaluated in JS over the read index (indexedPlan.ts), when that gives exactly the
   * SPARQL answer; undefined otherwise (then only the SPARQL SELECT runs).
   */
  readonly indexed?: IndexedPlan;
  /**
   * Present when q compares attribute values and has no JSON path: the SELECT above is exact only while no
   * attribute q compares holds an rdf:JSON value (an array or object, whose elements §4.9 compares). When the
   * `probe` (ASK) holds, the service runs `select` (each value term also true on an rdf:JSON value) and
   * `postFilter` (q by qEvaluator, and the geo-query) instead. `predicates`: the probe's predicate IRIs (the
   * read index answers the probe from them, index/JsonValuedPredicates.ts).
   */
  readonly jsonValues?: {
    readonly probe: string; readonly predicates: readonly string[]; readonly select: string; readonly postFilter: (entity: Entity) => boolean;
  };
}

export interface CompileOptions {
  /**
   * ORDER BY ?id (default true): stable, id-ordered paging as the plan requires. Measured on
   * oxigraph 0.5.11 (20k entities, 10k of the type): sorting all candidates costs ~25-110 ms per
   * page; without it LIMIT stops early (~0.1 ms) and pages follow the store's index order, which is
   * stable only while the store does not change.
   */
  readonly orderById?: boolean;
}

export function compileEntityQuery(query: EntityQuery, expandTerm: Expander, options: CompileOptions = {}): CompiledEntityQuery {
  const expand = memoized(expandTerm);
  checkIris(query, expand);
  const leaves = query.q ? leavesOf(query.q) : [];
  const jsonPaths = leaves.some((l) => l.path.jsonPath !== undefined);
  const valueLeaves = leaves.filter(valueMayBeInJson);
  const geo = query.geoQuery;
  const geoProperty = geo ? expand(geo.geoproperty) : undefined;
  const geoFilter = geo ? (entity: Entity): boolean => {
    const instances = entity.attributes.get(geoProperty!) ?? [];
    return instances.some((i) => i.geometry !== undefined && geoRelationHolds(i.geometry, geo));
  } : undefined;
  const qAndGeo = (entity: Entity): boolean => evaluateQ(query.q!, entity, expand) && (geoFilter ? geoFilter(entity) : true);
  // JSON paths: always the superset SELECT (widened) and q post-filtered. Otherwise the exact SELECT, and
  // `jsonValues` for when the store holds rdf:JSON values of the attributes q compares.
  const postFilter = jsonPaths ? qAndGeo : geoFilter;
  // The SPARQL text is built only when read (the SPARQL path): an indexed query never needs it.
  let text: { where: string; select: string } | undefined;
  const sparql = (): { where: string; select: string } => (text ??= sparqlText(query, expand, jsonPaths, geoProperty, options));
  let widened: string | undefined;
  const compiled: CompiledEntityQuery = {
    get select() { return sparql().select; },
    ...(postFilter ? { postFilter } : {}),
    // The plan evaluates q itself (compileQ, JSON paths included): only the geo-query is left to add.
    ...(indexable(query, expand) ? { indexed: indexedPlan(query, expand, geoFilter) } : {}),
    page: (limit, offset) => `${sparql().select} LIMIT ${Math.max(0, Math.trunc(limit))} OFFSET ${Math.max(0, Math.trunc(offset))}`,
  };
  if (!postFilter) Object.defineProperty(compiled, 'count', { enumerable: true, get: () => `SELECT (COUNT(DISTINCT ?id) AS ?count) WHERE ${sparql().where}` });
  if (!jsonPaths && valueLeaves.length > 0) {
    // Built when read, like the SELECT (the index path never reads it); its IRIs were checked above (checkIris).
    const predicates = (): string[] => [...new Set(valueLeaves.map((l) => expand(l.path.attributes[l.path.attributes.length - 1])))];
    const probe = (iris: readonly string[]): string =>
      `ASK { GRAPH ?g { VALUES ?p { ${iris.map((iri) => iriRef(iri, 'attribute')).join(' ')} } ?s ?p ?j FILTER(DATATYPE(?j) = ${RDF_JSON}) } }`;
    Object.defineProperty(compiled, 'jsonValues', {
      enumerable: true,
      get: () => {
        const iris = predicates();
        return { probe: probe(iris), predicates: iris, select: (widened ??= sparqlText(query, expand, true, geoProperty, options).select), postFilter: qAndGeo };
      },
    });
  }
  return compiled;
}

/** Each term expanded once per compiled query (the checks, the plan and the text all expand the same terms). */
function memoized(expandTerm: Expander): Expander {
  const expanded = new Map<string, string>();
  return (term) => {
    let iri = expanded.get(term);
    if (iri === undefined) expanded.set(term, (iri = expandTerm(term)));
    return iri;
  };
}

/**
 * The checks the SPARQL text makes (iriRef: every IRI from the request is a valid IRIREF), made
 * eagerly so a request fails the same way (400) whichever path runs it.
 */
function checkIris(query: EntityQuery, expand: Expander): void {
  const names = (e: TypeExpression): string[] => (e.kind === 'type' ? [e.name] : e.operands.flatMap(names));
  for (const t of query.type ? names(query.type) : []) iriRef(expand(t), `type '${t}'`);
  for (const selector of query.selectors ?? []) {
    for (const t of selector.type ? names(selector.type) : []) iriRef(expand(t), `type '${t}'`);
    for (const id of selector.ids ?? []) iriRef(id, 'id');
  }
  for (const leaf of query.q ? leavesOf(query.q) : []) for (const a of leaf.path.attributes) iriRef(expand(a), `attribute '${a}'`);
  for (const a of query.anyOfAttributes ?? []) iriRef(expand(a), `attribute '${a}'`);
  if (query.geoQuery) iriRef(expand(query.geoQuery.geoproperty), 'geoproperty');
  for (const id of query.ids ?? []) iriRef(id, 'id');
}

/** `widen`: the superset SELECT (JSON paths relaxed to existence, value terms also true on rdf:JSON values) for a q post-filter. */
function sparqlText(query: EntityQuery, expand: Expander, widen: boolean, geoProperty: string | undefined, options: CompileOptions): { where: string; select: string } {
  const vars = new Variables();
  const filters: string[] = [];
  let base = '?id a ?anyType .';
  const union = query.type ? typeUnion(query.type) : undefined;
  if (union) {
    const types = [...new Set(union.map((t) => iriRef(expand(t), `type '${t}'`)))];
    base = types.length === 1 ? `?id a ${types[0]} .` : `VALUES ?type { ${types.join(' ')} } ?id a ?type .`;
  } else if (query.type) {
    filters.push(typeFilter(query.type, expand));
  }
  if (query.selectors) filters.push(selectorsFilter(query.selectors, expand));
  const joined = query.q ? qToJoinedPatterns(query.q, expand, vars, widen) : undefined;
  if (joined) base += ` ${joined}`;
  else if (query.q) filters.push(qToSparql(query.q, expand, vars, widen));
  if (query.scopeQ) filters.push(scopeFilter(query.scopeQ, vars));
  if (query.anyOfAttributes?.length) {
    const p = vars.next('p');
    const predicates = query.anyOfAttributes.map((a) => iriRef(expand(a), `attribute '${a}'`)).join(' ');
    filters.push(`EXISTS { VALUES ${p} { ${predicates} } ?id ${p} ${vars.next('o')} }`);
  }
  if (geoProperty !== undefined) {
    const g = vars.next('g');
    filters.push(`EXISTS { ?id ${iriRef(geoProperty, 'geoproperty')} ${g} FILTER(DATATYPE(${g}) = ${GEO_JSON_LITERAL}) }`);
  }
  const values = query.ids?.length ? `VALUES ?id { ${query.ids.map((id) => iriRef(id, 'id')).join(' ')} } ` : '';
  const idPattern = query.idPattern !== undefined ? ` FILTER(REGEX(STR(?id), ${regexArguments(query.idPattern)}))` : '';
  const where = `{ ${values}GRAPH ?id { ${base}${filters.length ? ` FILTER(${filters.join(' && ')})` : ''} }${idPattern} }`;
  return { where, select: `SELECT DISTINCT ?id WHERE ${where}${options.orderById === false ? '' : ' ORDER BY ?id'}` };
}

function typeFilter(e: TypeExpression, expand: Expander): string {
  if (e.kind === 'type') return `EXISTS { ?id a ${iriRef(expand(e.name), `type '${e.name}'`)} }`;
  return `(${e.operands.map((o) => typeFilter(o, expand)).join(e.kind === 'and' ? ' && ' : ' || ')})`;
}

/** §5.2.23 entities: the union of the EntitySelectors, each the conjunction of its type expression and its id or idPattern (id takes precedence, §5.2.33). */
function selectorsFilter(selectors: readonly EntitySelector[], expand: Expander): string {
  const one = (s: EntitySelector): string => {
    const parts: string[] = [];
    if (s.ids) parts.push(`(${s.ids.map((id) => `sameTerm(?id, ${iriRef(id, 'id')})`).join(' || ')})`);
    if (s.type) parts.push(typeFilter(s.type, expand));
    if (s.idPattern !== undefined) parts.push(`REGEX(STR(?id), ${regexArguments(s.idPattern)})`);
    return parts.length > 0 ? `(${parts.join(' && ')})` : 'true';
  };
  return `(${selectors.map(one).join(' || ')})`;
}

function scopeFilter(e: ScopeExpression, vars: Variables): string {
  if (e.kind === 'scope') {
    const s = vars.next('s');
    return `EXISTS { ?id ${SCOPE} ${s} FILTER(REGEX(STR(${s}), ${stringLiteral(scopeRegex(e.pattern))})) }`;
  }
  return `(${e.operands.map((o) => scopeFilter(o, vars)).join(e.kind === 'and' ? ' && ' : ' || ')})`;
}
