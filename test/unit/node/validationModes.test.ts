/**
 * Per-type validation modes of the node config expanded with the continuum @context
 * (fabric/node/validationModes.ts): terms, prefixed names and absolute IRIs; typos stop the node.
 */
import { ConfigError } from '../../../fabric/config/ConfigError.js';
import { CONTINUUM_CONTEXT_URL, loadBundledContexts } from '../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { EntityValidator } from '../../../fabric/ngsi-ld/service/EntityValidator.js';
import { validationModes } from '../../../fabric/node/validationModes.js';
import { loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const continuum = loadBundledContexts().get(CONTINUUM_CONTEXT_URL)!.document;
const validator = new EntityValidator({ shapes: loadShapes(), ontology: loadOntology() });
const targeted = (iri: string) => validator.isTargeted(iri);

describe('validationModes', () => {
  it('expands terms, prefixed names and absolute IRIs of the continuum context', () => {
    const modes = validationModes({ default: 'reject', types: {
      InfrastructureElement: 'warn', 'cf:Policy': 'off', [`${AEROS}Domain`]: 'warn',
    } }, continuum, targeted);
    expect(modes).toEqual({ [`${AEROS}InfrastructureElement`]: 'warn', [`${CF}Policy`]: 'off', [`${AEROS}Domain`]: 'warn' });
  });

  it.each([
    ['InfrastructureElemnt', /neither an absolute IRI nor a term/],
    ['nope:Thing', /neither an absolute IRI nor a term/],
    ['https://example.org/Car', /no shape in shapes\/ targets type "https:\/\/example.org\/Car"/],
    ['cpuCores', /no shape in shapes\/ targets type "cpuCores"/],
  ])('stops on %s', (name, message) => {
    expect(() => validationModes({ default: 'reject', types: { [name]: 'warn' } }, continuum, targeted)).toThrow(ConfigError);
    expect(() => validationModes({ default: 'reject', types: { [name]: 'warn' } }, continuum, targeted)).toThrow(message);
  });

  it('refuses one type given two modes under different names', () => {
    expect(() => validationModes({ default: 'reject', types: { Domain: 'warn', 'aeros:Domain': 'off' } }, continuum, targeted)).toThrow(/two modes/);
  });
});
