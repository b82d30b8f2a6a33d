/** reasoner/trust/TrustConfiguration.ts: the RDF configuration and its defaults. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { DEFAULT_TRUST_CONFIGURATION, dayTimeDurationMs, readTrustConfiguration } from '../../../../reasoner/trust/TrustConfiguration.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';

describe('trust configuration', () => {
  it('reads xsd:dayTimeDuration windows', () => {
    expect(dayTimeDurationMs('P7D')).toBe(7 * 24 * 3600 * 1000);
    expect(dayTimeDurationMs('PT12H')).toBe(12 * 3600 * 1000);
    expect(dayTimeDurationMs('P1DT2H30M')).toBe((26 * 60 + 30) * 60 * 1000);
    expect(dayTimeDurationMs('PT0.5S')).toBe(500);
    for (const bad of ['P', 'PT', 'P1Y', '7 days', 'P1DT']) expect(dayTimeDurationMs(bad)).toBeUndefined();
  });

  it('cf:DefaultTrustConfiguration in the ontology carries the same defaults as the code', async () => {
    const store = new MemoryGraphStore();
    await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
    const fromRdf = await readTrustConfiguration(store);
    const byProperty = (c: typeof fromRdf) => [...c.criteria].sort((a, b) => a.property.localeCompare(b.property));
    expect({ ...fromRdf, criteria: byProperty(fromRdf) }).toEqual({ ...DEFAULT_TRUST_CONFIGURATION, criteria: byProperty(DEFAULT_TRUST_CONFIGURATION) });
  });

  it('takes values, window and criteria from another configuration resource, defaults for the rest', async () => {
    const store = new MemoryGraphStore();
    await store.load(`@prefix cf: <${CF}> . @prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
      <urn:cfg:strict> a cf:TrustConfiguration ; cf:untrustedThreshold 0.7 ; cf:reputationWindow "P1D"^^xsd:dayTimeDuration ;
        cf:reliabilityCriterion [ cf:criterionProperty aeros:availableRam ; cf:criterionWeight 1.0 ] .`, { format: 'text/turtle', graph: 'urn:g' });
    const c = await readTrustConfiguration(store, 'urn:cfg:strict');
    expect(c.untrustedThreshold).toBe(0.7);
    expect(c.reputationWindowMs).toBe(86_400_000);
    expect(c.criteria).toEqual([{ property: 'https://w3id.org/aerOS/continuum#availableRam', weight: 1 }]);
    expect(c.reliabilityWeight).toBe(0.3);
    expect(c.iri).toBe('urn:cfg:strict');
  });
});
