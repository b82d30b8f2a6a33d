/**
 * Entities written through NGSI-LD, converted by the real mapping (entityToQuads, reifiers
 * included), are checked by the SHACL shapes (shapes/, fabric/validation/ShaclValidator.ts):
 * the Smart Data Models dataModel.IT examples written with the continuum @context (the
 * shapes target aeros:/cf: classes) and the aerOS-like IE conform.
 *
 * JSON-valued Properties (cliArgs, envVars, tests) map to one rdf:JSON literal (the plan's
 * contract, so JSON stays JSON for SPARQL and q paths); their shapes accept a string or rdf:JSON.
 */
import { ShaclValidator } from '../../../../fabric/validation/ShaclValidator.js';
import { loadShapes } from '../../../../fabric/validation/modelFiles.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { aerosIe, repairUpstreamDefects, sdmExamples, type Json } from '../ngsiLdTestData.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';

const validator = new ShaclValidator(loadShapes());
const resolver = new ContextResolver();

async function report(json: Json) {
  const ctx = await resolver.resolve(CONTINUUM_CONTEXT_URL);
  return validator.validate(entityToQuads(expandEntity(json, ctx)));
}

describe('entities written through NGSI-LD conform to shapes/', () => {
  it.each(sdmExamples().map((e) => [e.file, e.json] as const))('Smart Data Models %s (continuum @context)', async (_file, published) => {
    const { json } = repairUpstreamDefects(published);
    const r = await report({ ...json, '@context': CONTINUUM_CONTEXT_URL });
    expect(r.results.map((x) => [x.path, x.constraint])).toEqual([]);
    expect(r.conforms).toBe(true);
  });

  it('the aerOS-like IE', async () => {
    const r = await report(aerosIe());
    expect(r.results).toEqual([]);
    expect(r.conforms).toBe(true);
  });

  it('a broken IE is caught on its natural triples (cpuCores 0, unknown status)', async () => {
    const r = await report({ ...aerosIe(), cpuCores: { type: 'Property', value: 0 }, infrastructureElementStatus: { type: 'Relationship', object: 'urn:ngsi-ld:InfrastructureElementStatus:Sleeping' } });
    expect(r.results.map((x) => x.path).sort()).toEqual([`<${AEROS}cpuCores>`, `<${AEROS}infrastructureElementStatus>`]);
  });
});
