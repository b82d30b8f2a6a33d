/** Minimal typings for shacl-engine 1.x (the package ships none). Only what ShaclValidator uses. */
declare module 'shacl-engine/Validator.js' {
  import type { DatasetCore, Term } from '@rdfjs/types';
  interface ShaclEngineReport {
    readonly conforms: boolean;
    /** The W3C SHACL validation report as RDF (sh:ValidationReport, sh:result …). */
    readonly dataset: DatasetCore;
    readonly term: Term;
  }
  export default class Validator {
    constructor(shapes: DatasetCore, options: { factory: unknown; debug?: boolean; details?: boolean });
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }): Promise<ShaclEngineReport>;
  }
}
