/** The local name of an IRI: what follows its last '#', '/' or ':' (empty when it ends with one). */
export function localName(iri: string): string {
  return iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'), iri.lastIndexOf(':')) + 1);
}
