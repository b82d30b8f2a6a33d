/**
 * ValidationModes: a type's own mode, else the nearest inherited one through rdfs:subClassOf and
 * owl:equivalentClass (breadth first), else the default; `set` takes effect for types resolved before.
 */
import N3 from 'n3';
import { ValidationModes } from '../../../../fabric/ngsi-ld/service/ValidationModes.js';
import { equivalences } from '../../../../fabric/ngsi-ld/service/shapeGraph.js';

const EX = 'https://example.org/ns#';
const ontology = new N3.Parser().parse(`
  @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <${EX}> .
  ex:EdgeNode rdfs:subClassOf ex:Node . ex:Node rdfs:subClassOf ex:Thing . ex:Sensor rdfs:subClassOf ex:Thing .
  ex:Gateway rdfs:subClassOf ex:EdgeNode . ex:SdmDevice owl:equivalentClass ex:Node .`);
const subclassing = ontology.filter((q) => q.predicate.value.endsWith('subClassOf'));
const modes = (own: Record<string, 'reject' | 'warn' | 'off'>, fallback: 'reject' | 'warn' | 'off' = 'reject') =>
  new ValidationModes(Object.fromEntries(Object.entries(own).map(([k, v]) => [EX + k, v])), fallback, subclassing,
    equivalences(ontology, 'http://www.w3.org/2002/07/owl#equivalentClass'));

describe('ValidationModes', () => {
  test('a type\'s own entry wins over its superclasses\'', () => {
    const m = modes({ Node: 'warn', EdgeNode: 'off' });
    expect(m.of(`${EX}EdgeNode`)).toBe('off');
    expect(m.of(`${EX}Node`)).toBe('warn');
  });

  test('a type without an entry inherits the nearest superclass\'s, across levels', () => {
    const m = modes({ Node: 'warn', Thing: 'off' });
    expect(m.of(`${EX}Gateway`)).toBe('warn'); // Gateway ⊑ EdgeNode ⊑ Node (nearer than Thing)
    expect(m.of(`${EX}Sensor`)).toBe('off');
  });

  test('an equivalent class\'s entry counts like a superclass\'s', () => {
    expect(modes({ Node: 'off' }).of(`${EX}SdmDevice`)).toBe('off');
    expect(modes({ SdmDevice: 'warn' }).of(`${EX}Node`)).toBe('warn');
  });

  test('no entry anywhere up: the default', () => {
    expect(modes({ Sensor: 'off' }, 'warn').of(`${EX}Gateway`)).toBe('warn');
    expect(modes({}).of(`${EX}Unrelated`)).toBe('reject');
  });

  test('set replaces the memoised answers of inheriting types', () => {
    const m = modes({ Node: 'warn' });
    expect(m.of(`${EX}Gateway`)).toBe('warn');
    m.set(`${EX}EdgeNode`, 'off');
    expect(m.of(`${EX}Gateway`)).toBe('off');
    expect(m.of(`${EX}Node`)).toBe('warn');
  });
});
