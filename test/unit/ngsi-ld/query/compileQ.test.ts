/**
 * compileQ (query/qEvaluator.ts): the NGSI-LD Query Language (GS CIM 009 v1.8 §4.9) compiled once
 * into a test on the entity must decide exactly as evaluateQ, the reference JS evaluation, on every
 * fixture entity: single and multi-instance attributes (datasetId, §4.5.5), missing attributes,
 * numbers, strings, booleans, URIs, `!=`, ranges, lists, members, sub-attributes, JSON paths.
 */
import { compileQ, evaluateQ } from '../../../../fabric/ngsi-ld/query/qEvaluator.js';
import { parseQ } from '../../../../fabric/ngsi-ld/query/parseQ.js';
import { ENTITIES, expand } from './queryFixtures.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';

const QS = [
  'temperature>=20', 'temperature<25.5', 'temperature==99', 'temperature!=25.5', 'temperature!=20', 'temperature>100',
  'temperature==20..30', 'temperature==20,30', 'temperature=="Alpha"', 'name=="Alpha"', 'name>"Alpha"', 'name!="gamma"',
  'name<="alpha"', 'on==true', 'on!=true', 'on>=false', 'on<true', 'owner==urn:ngsi-ld:Person:1', 'owner!=urn:ngsi-ld:Person:1',
  'missing==1', 'missing!=1', 'temperature.unitCode=="CEL"', 'temperature.accuracy<1', 'config[net.port]==80',
  'temperature>=20;name=="Beta"', 'temperature>=20|name=="Alpha room"', '(temperature<26;on==false)|owner==urn:ngsi-ld:Person:2',
  'temperature>=20;on==true;name~="Al"', 'temperature', 'name~=(?i)ALPHA',
  '!missing', '!temperature', '!temperature.accuracy', '!owner|name=="Beta"', '(!owner;on==false)|!name', '!temperature.unitCode',
  '!config[net.port]', 'label[en]=="Hello"', 'label[fr]=="Hello"', 'label=="Hello"', 'label[EN]~=^Hel', '!label[fr]',
  'category=="Sensor"', 'category!="Sensor"', 'category==ex:Sensor', 'category=="https://example.org/ns#Sensor"', 'category=="Actuator","Gate"',
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

describe('§4.9 on the entity as retrieved: arrays, several instances, several objects', () => {
  const instance = (extra: Record<string, unknown>): AttributeInstance => ({ kind: 'Property', subAttributes: new Map(), ...extra }) as AttributeInstance;
  const withA = (...instances: AttributeInstance[]): Entity => ({ id: 'urn:x:1', types: [expand('T')], attributes: new Map([[expand('a'), instances]]) });
  const holds = (text: string, entity: Entity): boolean => {
    const q = parseQ(text);
    const result = evaluateQ(q, entity, expand);
    expect(compileQ(q, expand)(entity)).toBe(result);
    return result;
  };

  test('an array value: Equal holds when the array includes the value (or one of a list), Unequal when it includes none', () => {
    const e = withA(instance({ value: [5, 7, 'x'] }));
    expect(['a==5', 'a==6,7', 'a=="x"', 'a!=6', 'a!=6,8'].map((t) => holds(t, e))).toEqual([true, true, true, true, true]);
    expect(['a==6', 'a!=5', 'a!=6,7', 'a=="5"'].map((t) => holds(t, e))).toEqual([false, false, false, false]);
  });

  test('ranges, order and patterns compare the elements too (one level: an array element stays an array)', () => {
    expect(['a==6..8', 'a>6', 'a<6', 'a~=^x$', 'a!~=^x$'].map((t) => holds(t, withA(instance({ value: [5, 7, 'x'] }))))).toEqual([true, true, true, true, false]);
    const nested = withA(instance({ value: [1, [-2]] }));
    expect(['a==1', 'a==-2', 'a<0', 'a!=-2'].map((t) => holds(t, nested))).toEqual([true, false, false, true]);
  });

  test('several instances (datasetIds): any value of any instance; several objects of a Relationship: any object', () => {
    const e = withA(instance({ value: 1 }), instance({ value: 9, datasetId: 'urn:ds:b' }));
    expect(['a==9', 'a!=9', 'a!=4', 'a>8'].map((t) => holds(t, e))).toEqual([true, false, true, true]);
    const r = withA(instance({ kind: 'Relationship', object: ['urn:x:a', 'urn:x:b'] }));
    expect(['a==urn:x:b', 'a!=urn:x:b', 'a!=urn:x:c'].map((t) => holds(t, r))).toEqual([true, false, true]);
  });

  test('§4.9 "a Relationship or ListRelationship ... with any operator different than equal or unequal shall result in not matching"', () => {
    const r = withA(instance({ kind: 'Relationship', object: 'urn:x:b' }));
    const l = withA(instance({ kind: 'ListRelationship', object: ['urn:x:a', 'urn:x:b'] }));
    for (const e of [r, l]) {
      // Equal / unequal (with a value, a list, a range) and existence take the object(s).
      expect(['a==urn:x:b', 'a=="urn:x:b"', 'a!=urn:x:c', 'a==urn:x:c,urn:x:b', 'a=="urn:x:a".."urn:x:c"', 'a'].map((t) => holds(t, e)))
        .toEqual([true, true, true, true, true, true]);
      // Order and (not) match pattern never match, whatever the object.
      expect(['a>urn:x:a', 'a>="urn:x:b"', 'a<"v"', 'a<=urn:x:b', 'a~=x', 'a!~=^zz'].map((t) => holds(t, e)))
        .toEqual([false, false, false, false, false, false]);
    }
    // Another instance of the attribute that is a Property still compares with every operator.
    const mixed = withA(instance({ kind: 'Relationship', object: 'urn:x:b' }), instance({ value: 'urn:x:z', datasetId: 'urn:ds:p' }));
    expect(['a>"urn:x:c"', 'a~=b$', 'a!~=b$', 'a!~=z$', 'a<"urn:x:c"'].map((t) => holds(t, mixed))).toEqual([true, false, true, false, false]);
    // The target element may be a sub-attribute.
    const sub = withA(instance({ value: 1, subAttributes: new Map([[expand('r'), [instance({ kind: 'Relationship', object: 'urn:x:b' })]]]) }));
    expect(['a.r==urn:x:b', 'a.r>"a"', 'a.r~=b'].map((t) => holds(t, sub))).toEqual([true, false, false]);
  });

  test("'!a' holds exactly when 'a' does not: attributes, sub-attributes, members, JSON paths", () => {
    const e = withA(instance({ value: 1, unitCode: 'CEL', subAttributes: new Map([[expand('b'), [instance({ value: 2 })]]]) }));
    const pairs = ['a', 'a.b', 'a.c', 'a.unitCode', 'a.observedAt', 'missing', 'missing.b', 'a[k]'];
    expect(pairs.map((p) => holds(p, e))).toEqual([true, true, false, true, false, false, false, false]);
    expect(pairs.map((p) => holds(`!${p}`, e))).toEqual([false, false, true, false, true, true, true, true]);
    expect(['!a;!missing', '!a|!missing', '(!missing;a==1)|a==2', '!a.b|a.c'].map((t) => holds(t, e))).toEqual([false, true, true, false]);
    // a Relationship exists as much as a Property does
    expect(holds('!a', withA(instance({ kind: 'Relationship', object: 'urn:x:b' })))).toBe(false);
  });

  test('a[tag] on a LanguageProperty selects the strings of that language (tags compared case-insensitively)', () => {
    const e = withA(instance({ kind: 'LanguageProperty', languageMap: { en: 'Hello', fr: ['Bonjour', 'Salut'], 'en-GB': 'Hallo' } }));
    expect(['a[en]=="Hello"', 'a[fr]=="Hello"', 'a=="Hello"', 'a[fr]=="Salut"', 'a[FR]=="Salut"', 'a[en-gb]=="Hallo"', 'a[en]=="Hallo"']
      .map((t) => holds(t, e))).toEqual([true, false, true, true, true, true, false]);
    expect(['a[fr]!="Salut"', 'a[fr]!="Hello"', 'a[de]!="Hello"', 'a[fr]~=^B', 'a[en]!~=^B', 'a[de]', '!a[de]', 'a[fr]', 'a[en.x]=="Hello"']
      .map((t) => holds(t, e))).toEqual([false, true, false, true, true, false, true, true, false]);
    const untagged = withA(instance({ kind: 'LanguageProperty', languageMap: { '@none': 'Plain', en: 'Tagged' } }));
    expect(['a[@none]=="Plain"', 'a[@none]=="Tagged"', 'a[en]=="Plain"'].map((t) => holds(t, untagged))).toEqual([true, false, false]);
  });

  test('a VocabProperty compares its vocab IRI with the query value expanded as a vocab term (short term or IRI alike)', () => {
    const e = withA(instance({ kind: 'VocabProperty', vocab: expand('Sensor') }));
    expect(['a=="Sensor"', 'a=="https://example.org/ns#Sensor"', 'a==https://example.org/ns#Sensor', 'a!="Sensor"', 'a!="Gate"', 'a=="Gate","Sensor"', 'a=="Gate"']
      .map((t) => holds(t, e))).toEqual([true, true, true, false, true, true, false]);
    const several = withA(instance({ kind: 'VocabProperty', vocab: [expand('Gate'), expand('Sensor')] }));
    expect(['a=="Sensor"', 'a!="Sensor"', 'a!="Door"'].map((t) => holds(t, several))).toEqual([true, false, true]);
    // Only a vocab is expanded: a Property string or a Relationship object equal to the IRI does not match the short term.
    expect(holds('a=="Sensor"', withA(instance({ value: expand('Sensor') })))).toBe(false);
    expect(holds('a=="Sensor"', withA(instance({ kind: 'Relationship', object: expand('Sensor') })))).toBe(false);
    expect(holds('a=="Sensor"', withA(instance({ value: 'Sensor' })))).toBe(true);
  });

  test('§4.9 "when comparing dates or times, the order relation considered shall be a temporal one": only on valid lexical forms', () => {
    const strings = (...values: string[]): Entity[] => values.map((value) => withA(instance({ value })));
    // Date.parse would read "Alpha 1" as 2001-01-01 and compare "Zeta" lexically with a Date: SPARQL's cast refuses both.
    expect(strings('Alpha 1', '2024-01-01T00:00:00Z').map((e) => holds('a>2000-01-01T00:00:00Z', e))).toEqual([false, true]);
    expect(strings('Zeta', '2024-01-01').map((e) => holds('a>2000-01-01', e))).toEqual([false, true]);
    expect(strings('zz', '10:00:00').map((e) => holds('a>09:00:00', e))).toEqual([false, true]);
  });
});
