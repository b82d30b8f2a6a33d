/**
 * ProcessedContext term expansion and IRI compaction (JSON-LD 1.1 API §5.2, §6.2) agree
 * with jsonld.js on terms, compact IRIs, absolute IRIs, @vocab, and aliases.
 */
import jsonld from 'jsonld';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL, CORE_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';

const resolver = new ContextResolver();
const loader = resolver.documentLoader as unknown as jsonld.Options.DocLoader['documentLoader'];
const AEROS = 'https://w3id.org/aerOS/continuum#';
const DEFAULT = 'https://uri.etsi.org/ngsi-ld/default-context/';

describe('ProcessedContext', () => {
  it('expands terms, compact IRIs, absolute IRIs and @vocab names', async () => {
    const ctx = await resolver.resolve(CONTINUUM_CONTEXT_URL);
    expect(ctx.expandTerm('cpuCores')).toBe(`${AEROS}cpuCores`);
    expect(ctx.expandTerm('aeros:somethingNew')).toBe(`${AEROS}somethingNew`);
    expect(ctx.expandTerm('ngsi-ld:observedAt')).toBe('https://uri.etsi.org/ngsi-ld/observedAt');
    expect(ctx.expandTerm('urn:ngsi-ld:x')).toBe('urn:ngsi-ld:x');
    expect(ctx.expandTerm('https://example.org/p')).toBe('https://example.org/p');
    expect(ctx.expandTerm('brandNew')).toBe(`${DEFAULT}brandNew`);
    expect(ctx.expandTerm('type')).toBe('@type');
  });

  it('compacts IRIs as jsonld.js does (shortest term, vocab-relative, compact IRI, absolute)', async () => {
    const context = [CONTINUUM_CONTEXT_URL, CORE_CONTEXT_URL];
    const ctx = await resolver.resolve(CONTINUUM_CONTEXT_URL);
    const iris = [
      `${AEROS}cpuCores`, `${AEROS}portNumber`, 'https://w3id.org/continuum-fabric/ns#portProtocol', `${AEROS}notATerm`,
      `${DEFAULT}brandNew`, 'https://uri.etsi.org/ngsi-ld/location', 'https://uri.etsi.org/ngsi-ld/somethingCore',
      'https://example.org/unrelated#x', `${AEROS}InfrastructureElement`,
    ];
    for (const iri of iris) {
      const compacted = await jsonld.compact({ [iri]: 'v' }, { '@context': context } as jsonld.ContextDefinition, { documentLoader: loader });
      const key = Object.keys(compacted).find((k) => k !== '@context')!;
      expect([iri, ctx.compactIri(iri)]).toEqual([iri, key]);
    }
  });

  it('returns the same answer from its cache', async () => {
    const ctx = await resolver.resolve(CONTINUUM_CONTEXT_URL);
    expect(ctx.compactIri(`${AEROS}cpuCores`)).toBe(ctx.compactIri(`${AEROS}cpuCores`));
    expect(ctx.expandTerm('cpuCores')).toBe(ctx.expandTerm('cpuCores'));
  });
});
