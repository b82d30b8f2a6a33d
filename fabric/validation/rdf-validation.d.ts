// Minimal types for rdf-validation (no bundled typings): only the XSD lexical-form check CompiledShapes uses.
declare module 'rdf-validation' {
  import type { Term } from '@rdfjs/types';

  export class XsdValidation {
    /** Whether a literal's lexical form is valid for its XSD datatype (true for datatypes it does not know). */
    validateSimple(term: Term): boolean;
  }
}
