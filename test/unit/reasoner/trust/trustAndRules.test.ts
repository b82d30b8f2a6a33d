/** Trust outputs survive a run of the rule engine (reasoner/RuleEngine.ts replaces every graph under GRAPHS.inferredPrefix). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';

it('a reasoner run leaves the trust graph and the scores in place', async () => {
  const store = new MemoryGraphStore();
  await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.load('<urn:ie:1> a <https://w3id.org/aerOS/continuum#InfrastructureElement> .', { format: 'text/turtle', graph: 'urn:ie:1' });
  const trust = new TrustService(store);
  await trust.recompute();
  const trustQuads = () => store.match(null, null, null, oxigraph.namedNode(GRAPHS.trust)).length;
  const before = trustQuads();
  expect(before).toBeGreaterThan(10);
  await new RuleEngine(store).run();
  expect(trustQuads()).toBe(before);
  expect((await trust.breakdown('urn:ie:1'))!.trustScore).toBeCloseTo(0.94, 12); // 0.3·0.8 + 0.5 + 0.2
});
