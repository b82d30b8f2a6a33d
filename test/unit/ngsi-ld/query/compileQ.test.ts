/**
 * compileQ (query/qEvaluator.ts): the NGSI-LD Query Language (GS CIM 009 v1.8 §4.9) compiled once
 * into a test on the entity must decide exactly as evaluateQ, the reference JS evaluation, on every
 * fixture entity: single and multi-instance attributes (datasetId, §4.5.5), missing attributes,
 * numbers, strings, booleans, URIs, `!=`, ranges, lists, members, sub-attributes, JSON paths.
 */
import { compileQ, evaluateQ } from '../../../../fabric/ngsi-ld/query/qEvaluator.js';
import { parseQ } from '../../../../fabric/ngsi-ld/query/parseQ.js';
import { ENTITIES, expand } from './queryFixtures.js';

const QS = [
  'temperature>=20', 'temperature<25.5', 'temperature==99', 'temperature!=25.5', 'temperature!=20', 'temperature>100',
  'temperature==20..30', 'temperature==20,30', 'temperature=="Alpha"', 'name=="Alpha"', 'name>"Alpha"', 'name!="gamma"',
  'name<="alpha"', 'on==true', 'on!=true', 'on>=false', 'on<true', 'owner==urn:ngsi-ld:Person:1', 'owner!=urn:ngsi-ld:Person:1',
  'missing==1', 'missing!=1', 'temperature.unitCode=="CEL"', 'temperature.accuracy<1', 'config[net.port]==80',
  'temperature>=20;name=="Beta"', 'temperature>=20|name=="Alpha room"', '(temperature<26;on==false)|owner==urn:ngsi-ld:Person:2',
  'temperature>=20;on==true;name~="Al"', 'temperature', 'name~=(?i)ALPHA',
];

describe('compileQ', () => {
  test.each(QS)('%s decides as evaluateQ on every fixture entity', (text) => {
    const q = parseQ(text);
    const compiled = compileQ(q, expand);
    for (const entity of ENTITIES) {
      expect({ id: entity.id, holds: compiled(entity) }).toEqual({ id: entity.id, holds: evaluateQ(q, entity, expand) });
    }
  });

  test('the fixtures are not vacuous: some q hold and some do not on the fast path (one plain instance)', () => {
    const holds = ENTITIES.map((e) => compileQ(parseQ('temperature>=25'), expand)(e));
    expect(holds).toEqual([false, true, true, false]); // S2: its default instance 25.5 (and 99) passes
  });
});
