/**
 * SHACL targets (SHACL §2.1.3) of a policy shape as SPARQL, in the two forms the policies need: all focus
 * nodes at once (current violations, set-based) and a membership test for given focus nodes (checks).
 * sh:targetClass counts instances of subclasses (rdf:type/rdfs:subClassOf*); implicit class targets too.
 */
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import { OWL, RDF as RDF_NS, RDFS, SH } from '../../fabric/rdf/namespaces.js';
import { termToSparql } from '../rdfTerms.js';
import { PLACEHOLDER } from './policyVocabulary.js';

const INSTANCE_OF = `<${RDF_NS}type>/<${RDFS}subClassOf>*`;

/** One SPARQL group per target; empty when the shape has no target. */
export function targetBranches(store: N3.Store, shape: RDF.Term): string[] {
  const branches: string[] = [];
  const classes: RDF.Term[] = store.getObjects(shape, `${SH}targetClass`, null);
  const types = store.getObjects(shape, `${RDF_NS}type`, null).map((t) => t.value);
  if (shape.termType === 'NamedNode' && (types.includes(`${RDFS}Class`) || types.includes(`${OWL}Class`))) classes.push(shape);
  for (const c of classes) branches.push(`?this ${INSTANCE_OF} ${termToSparql(c)} .`);
  const nodes = store.getObjects(shape, `${SH}targetNode`, null);
  if (nodes.length > 0) branches.push(`VALUES ?this { ${nodes.map(termToSparql).join(' ')} }`);
  for (const p of store.getObjects(shape, `${SH}targetSubjectsOf`, null)) branches.push(`?this ${termToSparql(p)} ?__target .`);
  for (const p of store.getObjects(shape, `${SH}targetObjectsOf`, null)) branches.push(`?__target ${termToSparql(p)} ?this .`);
  return branches;
}

/** Every focus node of the shape, as a group pattern binding ?this. */
export function allFocusNodes(branches: readonly string[]): string {
  return `{ SELECT DISTINCT ?this WHERE { ${branches.map((b) => `{ ${b} }`).join(' UNION ')} } }`;
}

/** The target test of a bound ?this: a group pattern that has a solution when ?this is a target of the shape. */
export function targetGroup(branches: readonly string[]): string {
  return `{ ${branches.map((b) => `{ ${b} }`).join(' UNION ')} }`;
}

/** The focus nodes a check names (placeholder), kept only when they are targets of the shape. */
export function givenFocusNodes(branches: readonly string[]): string {
  return `VALUES ?this { ${PLACEHOLDER.focus} } FILTER EXISTS ${targetGroup(branches)}`;
}

/** The focus nodes a check names (placeholder), when they are known to be targets of the shape already. */
export function focusNodesOnly(): string {
  return `VALUES ?this { ${PLACEHOLDER.focus} }`;
}
