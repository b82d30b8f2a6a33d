/** Minimal typing for shacl-engine's SHACL-SPARQL plugin (the package ships none); only what bench/policies.ts uses. */
declare module 'shacl-engine/sparql.js' {
  export const validations: Map<unknown, unknown>;
}
