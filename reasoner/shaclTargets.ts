/**
 * SHACL targets (SHACL §2.1.3) as ONE SPARQL pattern binding ?this to every
 * focus node of a shape: sh:targetClass (instances of the class or a subclass,
 * rdf:type/rdfs:subClassOf*), sh:targetNode, sh:targetSubjectsOf,
 * sh:targetObjectsOf and implicit class targets (a shape that is also an
 * rdfs:Class / owl:Class). Several targets are a UNION; DISTINCT keeps
 * every focus node once.
 */
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import { OWL, RDF as RDF_NS, RDFS } from '../fabric/rdf/namespaces.js';
import { SHACL } from './vocabulary.js';
import { termToSparql } from './rdfTerms.js';

const INSTANCE_OF = `<${RDF_NS}type>/<${RDFS}subClassOf>*`;

/** Undefined when the shape has no target (its rules then apply to nothing, SHACL-AF §8.3). */
export function targetPattern(store: N3.Store, shape: RDF.Term): string | undefined {
  const branches: string[] = [];
  const classes: RDF.Term[] = store.getObjects(shape, SHACL.targetClass, null);
  const types = store.getObjects(shape, `${RDF_NS}type`, null).map((t) => t.value);
  if (shape.termType === 'NamedNode' && (types.includes(`${RDFS}Class`) || types.includes(`${OWL}Class`))) classes.push(shape);
  for (const c of classes) branches.push(`?this ${INSTANCE_OF} ${termToSparql(c)} .`);
  const nodes = store.getObjects(shape, SHACL.targetNode, null);
  if (nodes.length > 0) branches.push(`VALUES ?this { ${nodes.map(termToSparql).sort().join(' ')} }`);
  for (const p of store.getObjects(shape, SHACL.targetSubjectsOf, null)) branches.push(`?this ${termToSparql(p)} ?_target .`);
  for (const p of store.getObjects(shape, SHACL.targetObjectsOf, null)) branches.push(`?_target ${termToSparql(p)} ?this .`);
  if (branches.length === 0) return undefined;
  // Sorted, so the compiled query (and a blank-node rule's id, its hash) does not depend on the store's order.
  return `{ SELECT DISTINCT ?this WHERE { ${branches.sort().map((b) => `{ ${b} }`).join(' UNION ')} } }`;
}
