/**
 * Is a policy document acceptable (docs/policies.md "Writing a policy")? It must hold a cf:Policy, be valid SHACL by
 * the W3C SHACL-SHACL shapes, compile (every sh:select parses and follows SHACL-SPARQL's rules) together with the
 * stored policies it may refer to (shared sh:prefixes), and each compiled check query must run on the store (a dry
 * run with no focus node: oxigraph's own parser). Refusals are PolicyDefinitionErrors with the parser's message.
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { FabricError } from '../../fabric/errors/FabricError.js';
import { PolicyDefinitionError } from '../../fabric/errors/PolicyError.js';
import { termKey } from '../rdfTerms.js';
import { compilePolicy, policyNodes, type CompiledPolicy } from './compilePolicies.js';
import { fillPlaceholders } from './placementOverlay.js';
import { shaclSyntaxResults } from './shaclMetaShapes.js';

const toN3 = (quads: readonly RDF.Quad[]): N3.Store => new N3.Store(quads.map((q) => N3.DataFactory.fromQuad(q as N3.Quad)));
const key = (q: RDF.Quad): string => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;

/** The document's policies, compiled; `replacing` are the stored triples an update removes. */
export async function validatePolicyDocument(store: GraphStore, quads: readonly RDF.Quad[], stored: readonly RDF.Quad[], replacing: readonly RDF.Quad[]): Promise<CompiledPolicy[]> {
  const nodes = policyNodes(toN3(quads));
  if (nodes.length === 0) throw new PolicyDefinitionError('The document holds no policy (a SHACL shape typed cf:Policy).', { reason: 'policy' });
  // shacl-engine leaves the message of some results empty (e.g. a shape failing SHACL-SHACL's sh:node / sh:or):
  // say which SHACL-SHACL constraint failed instead, so no result reads as an empty string.
  const results = (await shaclSyntaxResults(quads)).map((r) => (r.message.trim() ? r
    : { ...r, message: `fails ${r.constraint.replace(/^.*[#/]/, 'sh:')} of SHACL-SHACL shape ${r.sourceShape.replace(/^.*[#/]/, 'shsh:')}` }));
  if (results.length > 0) {
    throw new PolicyDefinitionError(`The policy is not valid SHACL: ${results.map((r) => `${r.focusNode}${r.path ? ` ${r.path}` : ''}: ${r.message}`).join('; ')}`,
      { reason: 'shacl', results: results.map((r) => ({ focusNode: r.focusNode, path: r.path, message: r.message })) });
  }
  const drop = new Set(replacing.map(key));
  const context = toN3([...stored.filter((q) => !drop.has(key(q))), ...quads]);
  const compiled = nodes.map((node) => compilePolicy(context, node));
  for (const policy of compiled) {
    for (const c of policy.sparql) {
      try {
        await store.query(fillPlaceholders(c.given, [], [], []));
      } catch (error) {
        const e = error as Error;
        const position = e instanceof FabricError && typeof e.extensions.line === 'number' ? { line: e.extensions.line, column: e.extensions.column as number } : {};
        throw new PolicyDefinitionError(`The sh:select of policy ${policy.iri} does not run: ${e.message}`, { reason: 'sparql', policy: policy.iri, ...position });
      }
    }
  }
  return compiled;
}
