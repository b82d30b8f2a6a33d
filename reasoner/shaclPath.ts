/**
 * SHACL property paths (SHACL §2.3.1) as SPARQL 1.1 property paths: predicate,
 * sequence (RDF list), sh:alternativePath, sh:inversePath, sh:zeroOrMorePath,
 * sh:oneOrMorePath, sh:zeroOrOnePath.
 */
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import { SH } from '../fabric/rdf/namespaces.js';
import { RDF as RDF_NS } from '../fabric/rdf/namespaces.js';
import { rdfList, singleObject } from './rdfTerms.js';

const UNARY: ReadonlyArray<[string, (inner: string) => string]> = [
  [`${SH}inversePath`, (p) => `^${p}`],
  [`${SH}zeroOrMorePath`, (p) => `${p}*`],
  [`${SH}oneOrMorePath`, (p) => `${p}+`],
  [`${SH}zeroOrOnePath`, (p) => `${p}?`],
];

export function shaclPathToSparql(store: N3.Store, path: RDF.Term): string {
  if (path.termType === 'NamedNode') return `<${path.value}>`;
  if (path.termType !== 'BlankNode') throw new Error(`a SHACL path must be an IRI or a blank node, got ${path.value}`);
  if (store.getObjects(path, `${RDF_NS}first`, null).length > 0) {
    const steps = rdfList(store, path);
    if (steps.length < 2) throw new Error('a SHACL sequence path needs at least two members');
    return `(${steps.map((s) => shaclPathToSparql(store, s)).join('/')})`;
  }
  const alternative = singleObject(store, path, `${SH}alternativePath`);
  if (alternative) {
    const members = rdfList(store, alternative);
    if (members.length < 2) throw new Error('sh:alternativePath needs at least two members');
    return `(${members.map((s) => shaclPathToSparql(store, s)).join('|')})`;
  }
  for (const [predicate, wrap] of UNARY) {
    const inner = singleObject(store, path, predicate);
    if (inner) return `(${wrap(shaclPathToSparql(store, inner))})`;
  }
  throw new Error('unrecognised SHACL path');
}
