/**
 * Reifier IRIs (docs/ngsi-ld-mapping.md): the formula of the file comment, computed here with createHash, and the
 * exact IRIs stored data already holds (an IRI that changed would orphan every stored reifier).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { REIFIER_PREFIX, reifierIri } from '../../../../fabric/ngsi-ld/mapping/reifierIri.js';

const byFormula = (parent: string, attribute: string, datasetId: string | undefined): string =>
  REIFIER_PREFIX + createHash('sha256').update(`${parent}\n${attribute}\n${datasetId ?? '@default'}`, 'utf8').digest('base64url').slice(0, 27);

it('keeps the IRIs written by earlier versions', () => {
  const cpuCores = 'https://w3id.org/continuum-fabric/ontology#cpuCores';
  expect(reifierIri('urn:ngsi-ld:InfrastructureElement:ie-1', cpuCores, undefined)).toBe(`${REIFIER_PREFIX}ZZtsEzRG5Y2HYteZrn6J-2e-5wf`);
  expect(reifierIri('urn:ngsi-ld:InfrastructureElement:ie-1', cpuCores, 'urn:ngsi-ld:dataset:a')).toBe(`${REIFIER_PREFIX}fYstDYX7iXGp2zLAkgF7SvIc_C5`);
  expect(reifierIri(`${REIFIER_PREFIX}abc`, 'https://uri.etsi.org/ngsi-ld/default-context/ünïcode', undefined)).toBe(`${REIFIER_PREFIX}04A3m1HGWM8lt5ZwoezmaJaj-_S`);
});

it('is sha-256 of parent, attribute and dataset id, in base64url, the same on every call', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.option(fc.string(), { nil: undefined }), (parent, attribute, datasetId) => {
    const iri = reifierIri(parent, attribute, datasetId);
    expect(iri).toBe(byFormula(parent, attribute, datasetId));
    expect(reifierIri(parent, attribute, datasetId)).toBe(iri);
    expect(iri).toMatch(/^https:\/\/w3id\.org\/continuum-fabric\/\.well-known\/genid\/attr\/[A-Za-z0-9_-]{27}$/);
  }));
});

it('tells instances apart by dataset id, and the default instance from a dataset named @default-like text', () => {
  const e = 'urn:ngsi-ld:X:1';
  const p = 'https://example.org/p';
  expect(new Set([reifierIri(e, p, undefined), reifierIri(e, p, 'urn:a'), reifierIri(e, p, 'urn:b'), reifierIri('urn:ngsi-ld:X:2', p, undefined)]).size).toBe(4);
});
