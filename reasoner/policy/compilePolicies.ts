/**
 * Policies as data (issue 4, docs/policies.md): every resource typed cf:Policy in the policies graph is a SHACL
 * shape (sh:NodeShape or sh:PropertyShape) with a label, a comment and a severity (sh:severity, default
 * sh:Violation). Its sh:sparql constraints — on the policy shape and on its sh:property shapes — compile to
 * set-based SPARQL (sparqlConstraint.ts); everything else is SHACL Core, validated by shacl-engine over the
 * relevant data (coreConstraints.ts), so the core part is the policy's description without its sh:sparql.
 */
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import { RDF as RDF_NS, RDFS, SH } from '../../fabric/rdf/namespaces.js';
import { PolicyDefinitionError } from '../../fabric/errors/PolicyError.js';
import type { PolicySeverity } from '../../orchestration/placement/PolicyGate.js';
import { localName, termKey } from '../rdfTerms.js';
import { shaclPathToSparql } from '../shaclPath.js';
import { POLICY, severityOf } from './policyVocabulary.js';
import { targetBranches } from './policyTargets.js';
import { compileSparqlConstraint, type SparqlConstraint } from './sparqlConstraint.js';
import { coreIsMonotone } from './monotonicity.js';

export interface CompiledPolicy {
  readonly iri: string;
  /** Local name of the IRI (what /policies/{id} uses). */
  readonly id: string;
  readonly label?: string;
  readonly comment?: string;
  readonly severity: PolicySeverity;
  readonly appliesTo: readonly string[];
  readonly deactivated: boolean;
  readonly sparql: readonly SparqlConstraint[];
  /** Whether SHACL Core constraints remain besides sh:sparql (validated by shacl-engine). */
  readonly hasCore: boolean;
  /** The policy's description (its triples and, recursively, those of its blank nodes), without sh:sparql. */
  readonly coreQuads: readonly RDF.Quad[];
  /** Keys (termKey) of the shapes inside the policy: maps a core result's sh:sourceShape back to the policy. */
  readonly shapeKeys: ReadonlySet<string>;
  /** What the check overlay cannot see in this policy (docs/policies.md "Limits"). */
  readonly limitations: readonly string[];
  /**
   * Whether the policy can only find more violations when placements are added (monotonicity.ts): every sh:sparql
   * constraint and the SHACL Core part monotone, and no overlay limitation.
   */
  readonly monotone: boolean;
}

const CORE_PARAMETERS = new Set(['class', 'datatype', 'nodeKind', 'minCount', 'maxCount', 'minExclusive', 'minInclusive', 'maxExclusive',
  'maxInclusive', 'minLength', 'maxLength', 'pattern', 'languageIn', 'uniqueLang', 'equals', 'disjoint', 'lessThan', 'lessThanOrEquals',
  'not', 'and', 'or', 'xone', 'node', 'property', 'qualifiedValueShape', 'closed', 'hasValue', 'in'].map((l) => `${SH}${l}`));

const literalOf = (store: N3.Store, s: RDF.Term, p: string): string | undefined => {
  const values = store.getObjects(s, p, null);
  return (values.find((v) => v.termType === 'Literal' && (v as RDF.Literal).language.startsWith('en')) ?? values[0])?.value;
};

/** The node's triples and, recursively, those of its blank-node objects (a concise bounded description). */
export function describe(store: N3.Store, node: RDF.Term, seen = new Set<string>()): RDF.Quad[] {
  const key = termKey(node);
  if (seen.has(key)) return [];
  seen.add(key);
  const quads = store.getQuads(node, null, null, null);
  return [...quads, ...quads.filter((q) => q.object.termType === 'BlankNode').flatMap((q) => describe(store, q.object, seen))];
}

export function policyNodes(store: N3.Store): RDF.Term[] {
  return store.getSubjects(`${RDF_NS}type`, POLICY.Policy, null);
}

export function compilePolicy(store: N3.Store, node: RDF.Term): CompiledPolicy {
  if (node.termType !== 'NamedNode') throw new PolicyDefinitionError('A cf:Policy must be named by an IRI (it is managed by its id).', { reason: 'policy' });
  const iri = node.value;
  const types = store.getObjects(node, `${RDF_NS}type`, null).map((t) => t.value);
  if (!types.includes(`${SH}NodeShape`) && !types.includes(`${SH}PropertyShape`)) {
    throw new PolicyDefinitionError(`Policy ${iri} must also be a SHACL shape (a sh:NodeShape or sh:PropertyShape).`, { reason: 'policy', policy: iri });
  }
  const targets = targetBranches(store, node);
  if (targets.length === 0) throw new PolicyDefinitionError(`Policy ${iri} has no target (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf): it would apply to nothing.`, { reason: 'policy', policy: iri });
  const overlay = { fresh: 0, limitations: [] as string[] };
  const pathOf = (shape: RDF.Term): string | undefined => {
    const path = store.getObjects(shape, `${SH}path`, null)[0];
    return path ? shaclPathToSparql(store, path) : undefined;
  };
  const carriers: RDF.Term[] = [node, ...store.getObjects(node, `${SH}property`, null)];
  const sparql: SparqlConstraint[] = [];
  for (const shape of carriers) {
    for (const constraint of store.getObjects(shape, `${SH}sparql`, null)) {
      if (store.getObjects(constraint, `${SH}deactivated`, null).some((d) => d.value === 'true')) continue;
      sparql.push(compileSparqlConstraint({ store, policy: iri, constraint, shape, path: pathOf(shape), targets }, overlay));
    }
  }
  const all = describe(store, node);
  const shapeKeys = new Set<string>([termKey(node)]);
  const sparqlNodes = new Set(all.filter((q) => q.predicate.value === `${SH}sparql`).flatMap((q) => describe(store, q.object).map((d) => termKey(d.subject)).concat(termKey(q.object))));
  const nested = all.filter((q) => q.predicate.value === `${SH}sparql` && !carriers.some((c) => c.equals(q.subject)));
  if (nested.length > 0) throw new PolicyDefinitionError(`Policy ${iri}: sh:sparql is supported on the policy shape and on its sh:property shapes only.`, { reason: 'policy', policy: iri });
  const coreQuads = all.filter((q) => q.predicate.value !== `${SH}sparql` && !sparqlNodes.has(termKey(q.subject)));
  for (const q of coreQuads) if (q.predicate.value === `${SH}property` || q.predicate.value === `${SH}node` || q.predicate.value === `${SH}not` || q.predicate.value === `${SH}qualifiedValueShape`) shapeKeys.add(termKey(q.object));
  const hasCore = coreQuads.some((q) => CORE_PARAMETERS.has(q.predicate.value));
  return {
    iri,
    id: localName(iri),
    ...(literalOf(store, node, `${RDFS}label`) !== undefined ? { label: literalOf(store, node, `${RDFS}label`) } : {}),
    ...(literalOf(store, node, `${RDFS}comment`) !== undefined ? { comment: literalOf(store, node, `${RDFS}comment`) } : {}),
    severity: severityOf(store.getObjects(node, `${SH}severity`, null)[0]?.value),
    appliesTo: store.getObjects(node, POLICY.appliesTo, null).map((t) => t.value),
    deactivated: store.getObjects(node, `${SH}deactivated`, null).some((d) => d.value === 'true'),
    sparql,
    hasCore,
    coreQuads,
    shapeKeys,
    limitations: [...new Set(overlay.limitations)],
    monotone: overlay.limitations.length === 0 && sparql.every((c) => c.monotone) && (!hasCore || coreIsMonotone(coreQuads)),
  };
}

/** Every policy of a policies graph (as quads); ids must be unique. */
export function compilePolicies(quads: readonly RDF.Quad[]): CompiledPolicy[] {
  const store = new N3.Store(quads.map((q) => N3.DataFactory.fromQuad(q as N3.Quad)));
  const policies = policyNodes(store).map((node) => compilePolicy(store, node));
  const seen = new Map<string, string>();
  for (const p of policies) {
    const other = seen.get(p.id);
    if (other && other !== p.iri) throw new PolicyDefinitionError(`Policies ${other} and ${p.iri} have the same id "${p.id}"; rename one.`, { reason: 'policy', policy: p.iri });
    seen.set(p.id, p.iri);
  }
  return policies;
}
