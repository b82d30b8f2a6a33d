/**
 * Deterministic reifier IRIs (docs/ngsi-ld-mapping.md): one per attribute instance,
 *   https://w3id.org/continuum-fabric/.well-known/genid/attr/
 *     + base64url(sha-256(parentIri + '\n' + attributeIri + '\n' + (datasetId ?? '@default'))).slice(0, 27)
 * parentIri is the entity id, or the parent instance's reifier for a sub-attribute. The
 * same instance always gets the same IRI, so an update rewrites it in place (RDF 1.1
 * Concepts §3.5 skolem IRIs under /.well-known/genid/). Stored data depends on these exact bytes.
 *
 * Computed every time, not cached: Node's one-shot `crypto.hash` costs ≈ 1 µs for these inputs, the
 * same as a hit in a Map keyed by the input, while a miss (every instance of a new entity) cost ≈ 9 µs
 * in a 100,000-entry Map, which is also old-generation garbage (docs/benchmarks.md §4 "Create path:
 * the write side's own costs").
 */
import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';

export const REIFIER_PREFIX = 'https://w3id.org/continuum-fabric/.well-known/genid/attr/';

type OneShotHash = (algorithm: string, data: string, encoding: 'base64url') => string;
/** crypto.hash (Node ≥ 20.12) is ~3x faster than createHash for short inputs; both give the same digest. */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
const sha256 = oneShot
  ? (data: string): string => oneShot('sha256', data, 'base64url')
  : (data: string): string => createHash('sha256').update(data).digest('base64url');

export function reifierIri(parentIri: string, attributeIri: string, datasetId: string | undefined): string {
  return REIFIER_PREFIX + sha256(`${parentIri}\n${attributeIri}\n${datasetId ?? '@default'}`).slice(0, 27);
}
