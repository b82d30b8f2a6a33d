/** reasoner/trust/trustInputs.ts: the IE rows read as a TSV scan and aggregated in TypeScript. */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { readIeInputs } from '../../../../reasoner/trust/trustInputs.js';
import { DEFAULT_TRUST_CONFIGURATION as CONFIG } from '../../../../reasoner/trust/TrustConfiguration.js';

const A = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('readIeInputs', () => {
  it('gives one row per IE: one domain, distinct statuses, the mean of a criterion\'s values, the marker; IEs without facts too', async () => {
    const store = new MemoryGraphStore();
    await store.load(`
<urn:ie:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${A}InfrastructureElement> <urn:ie:1> .
<urn:ie:1> <${A}domain> <urn:d:edge> <urn:ie:1> .
<urn:ie:1> <${A}infrastructureElementStatus> <${A}ReadyInfrastructureElement> <urn:ie:1> .
<urn:ie:1> <${A}infrastructureElementStatus> <${A}ReadyInfrastructureElement> <urn:other> .
<urn:ie:1> <${A}currentCpuUsage> "40"^^<${XSD}double> <urn:ie:1> .
<urn:ie:1> <${A}currentCpuUsage> "60"^^<${XSD}integer> <urn:other> .
<urn:ie:1> <${A}cpuCores> "8"^^<${XSD}integer> <urn:ie:1> .
<urn:ie:1> <${A}ramCapacity> "lots" <urn:ie:1> .
<urn:ie:1> <${CF}untrustedByTrust> "true"^^<${XSD}boolean> <${GRAPHS.trust}> .
<urn:ie:2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${A}InfrastructureElement> <urn:ie:2> .
<urn:x> <${A}currentCpuUsage> "1"^^<${XSD}double> <urn:x> .
`, { format: 'application/n-quads' });
    const rows = (await readIeInputs(store, CONFIG)).sort((a, b) => a.ie.localeCompare(b.ie));
    // criteria order: cpuCores, currentCpuUsage, ramCapacity, availableRam, currentRamUsage
    expect(rows).toEqual([
      { ie: 'urn:ie:1', domain: 'urn:d:edge', statuses: [`${A}ReadyInfrastructureElement`], criteria: [8, 50, undefined, undefined, undefined], untrustedByTrust: true },
      { ie: 'urn:ie:2', domain: undefined, statuses: [], criteria: [undefined, undefined, undefined, undefined, undefined], untrustedByTrust: false },
    ]);
    expect(await readIeInputs(store, CONFIG, { ies: ['urn:ie:2'] })).toHaveLength(1);
    expect((await readIeInputs(store, CONFIG, { domains: ['urn:d:edge'] })).map((r) => r.ie)).toEqual(['urn:ie:1']);
  });
});
