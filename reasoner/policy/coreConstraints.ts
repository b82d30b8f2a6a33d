/**
 * The SHACL Core part of the policies (everything but sh:sparql), validated by shacl-engine
 * (fabric/validation/ShaclValidator.ts) over the relevant data: for current violations every triple along the
 * predicates the core shapes use (and rdf:type); for a check the neighbourhood of the affected nodes along those
 * predicates, three hops forward, with the proposed placements applied. Results map back to their policy through
 * sh:sourceShape; the policy's severity is the result's severity. */
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { ShaclValidator } from '../../fabric/validation/ShaclValidator.js';
import type { PolicyViolation } from '../../orchestration/placement/PolicyGate.js';
import { GRAPHS, RDF as RDF_NS, RDFS, SH } from '../../fabric/rdf/namespaces.js';
import type { CompiledPolicy } from './compilePolicies.js';
import { POLICY } from './policyVocabulary.js';
import { selectRows } from '../../fabric/store/selectRows.js';

const { namedNode, quad, defaultGraph } = N3.DataFactory;
const HOPS = 3;
/** Where predicates appear in a shape: paths (and their list members) and target predicates. */
const PATH_PARTS = new Set(['path', 'inversePath', 'zeroOrMorePath', 'oneOrMorePath', 'zeroOrOnePath', 'targetSubjectsOf', 'targetObjectsOf'].map((l) => `${SH}${l}`)
  .concat(`${RDF_NS}first`));

export class CoreConstraints {
  private readonly validator?: ShaclValidator;
  private readonly policies: readonly CompiledPolicy[];

  constructor(policies: readonly CompiledPolicy[], subclassAxioms: readonly RDF.Quad[]) {
    this.policies = policies.filter((p) => p.hasCore && !p.deactivated);
    if (this.policies.length > 0) this.validator = new ShaclValidator([...this.policies.flatMap((p) => p.coreQuads), ...subclassAxioms]);
  }

  get active(): boolean {
    return this.validator !== undefined;
  }

  /** Predicates the core shapes use (paths, target predicates; list members of paths) and rdf:type: what a check's neighbourhood follows. */
  get predicates(): string[] {
    const iris = new Set<string>([`${RDF_NS}type`, POLICY.infrastructureElement]);
    for (const p of this.policies) for (const q of p.coreQuads) if (q.object.termType === 'NamedNode' && PATH_PARTS.has(q.predicate.value)) iris.add(q.object.value);
    return [...iris];
  }

  /** Core results over the given data, optionally only for some focus nodes. */
  async validate(data: N3.Store, focus?: ReadonlySet<string>): Promise<PolicyViolation[]> {
    if (!this.validator) return [];
    const report = await this.validator.validate(data);
    const out: PolicyViolation[] = [];
    for (const r of report.results) {
      if (focus && !focus.has(r.focusNode)) continue;
      const key = r.sourceShape.startsWith('_:') ? r.sourceShape : `<${r.sourceShape}>`;
      const policy = this.policies.find((p) => p.shapeKeys.has(key));
      if (!policy) continue;
      out.push({ policy: policy.iri, focusNode: r.focusNode, ...(r.path ? { path: r.path } : {}), ...(r.value !== null ? { value: r.value } : {}), message: r.message, severity: policy.severity });
    }
    return out;
  }
}

/** rdfs:subClassOf axioms of the ontology graph (shacl-engine resolves subclasses in the shapes graph only). */
export function subclassAxioms(store: GraphStore): RDF.Quad[] {
  return store.match(null, namedNode(`${RDFS}subClassOf`), null, namedNode(GRAPHS.ontology)).map((q) => quad(q.subject, q.predicate, q.object, defaultGraph()));
}

/**
 * The triples the core shapes can read — those whose predicate they mention (paths, target predicates) or rdf:type —
 * from the union of all graphs (the ontology's and the shapes' rdf:type triples come along; no policy targets their
 * classes), merged into one graph. One SPARQL query: reading every quad through the store's match() costs ~0.5 ms per
 * quad from JS (minutes at 10k IEs).
 */
export async function allData(store: GraphStore, predicates: readonly string[]): Promise<N3.Store> {
  const data = new N3.Store();
  const result = await store.query(`SELECT ?s ?p ?o WHERE { VALUES ?p { ${predicates.map((x) => `<${x}>`).join(' ')} } ?s ?p ?o }`);
  if (result.kind === 'bindings') {
    for (const row of result.rows) data.addQuad(quad(row.get('s') as N3.Quad_Subject, row.get('p') as N3.Quad_Predicate, row.get('o') as N3.Quad_Object, defaultGraph()) as N3.Quad);
  }
  return data;
}

/**
 * The affected nodes' neighbourhood for a check, as a SELECT of ?__s ?__p ?__o: their triples along the predicates the
 * core shapes mention (and rdf:type), then those of the resources reached along them, HOPS deep — a property path from
 * the seeds. PolicyService.check asks it as a branch of its check-forms query; `neighbourhood` on its own.
 */
export function neighbourhoodSelect(seeds: Iterable<string>, predicates: readonly string[]): string {
  const links = predicates.filter((x) => x !== `${RDF_NS}type`).map((x) => `<${x}>`).join('|'); // classes are not data
  const step = `(${links})?`;
  const reach = Array.from({ length: HOPS - 1 }, () => step).join('/');
  return `SELECT DISTINCT ?__s ?__p ?__o WHERE { VALUES ?__s0 { ${[...new Set(seeds)].map((f) => `<${f}>`).join(' ')} }
    ?__s0 ${reach} ?__s . FILTER(isIRI(?__s)) ?__s ?__p ?__o FILTER(?__p IN (${predicates.map((x) => `<${x}>`).join(', ')})) }`;
}

/**
 * The neighbourhood's solutions (?__s ?__p ?__o; other solutions are skipped) as data, with the proposed placements
 * applied: moved components lose their old placement (the path passed through it too, which may add a few unneeded
 * triples), the proposals are added as cf:infrastructureElement and cf:proposedInfrastructureElement.
 */
export function neighbourhoodData(solutions: Iterable<ReadonlyMap<string, RDF.Term>>, rows: ReadonlyArray<readonly [string, string]>): N3.Store {
  const data = new N3.Store();
  const moved = new Set(rows.map(([c]) => c));
  for (const row of solutions) {
    const [s, pr, o] = [row.get('__s'), row.get('__p'), row.get('__o')];
    if (!s || !pr || !o || (moved.has(s.value) && pr.value === POLICY.infrastructureElement)) continue;
    data.addQuad(quad(s as N3.Quad_Subject, pr as N3.Quad_Predicate, o as N3.Quad_Object, defaultGraph()) as N3.Quad);
  }
  for (const [c, ie] of rows) {
    data.addQuad(quad(namedNode(c), namedNode(POLICY.infrastructureElement), namedNode(ie), defaultGraph()) as N3.Quad);
    data.addQuad(quad(namedNode(c), namedNode(POLICY.proposedInfrastructureElement), namedNode(ie), defaultGraph()) as N3.Quad);
  }
  return data;
}

/** The affected nodes' neighbourhood for a check with the proposed placements applied, asked as a query of its own. */
export async function neighbourhood(store: GraphStore, seeds: Iterable<string>, rows: ReadonlyArray<readonly [string, string]>, predicates: readonly string[]): Promise<N3.Store> {
  return neighbourhoodData(await selectRows(store, neighbourhoodSelect(seeds, predicates)), rows);
}
