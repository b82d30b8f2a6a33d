/**
 * TEST HELPER: fast-check arbitraries for normalized NGSI-LD entities (GS CIM 009 v1.8 §4.5)
 * written with the continuum @context: every attribute kind, multi-instances with
 * datasetIds, metadata, sub-attributes two levels deep, enumeration codes.
 * JSON keys inside values come from names no @context aliases (JSON-LD compaction would
 * otherwise legitimately pick another alias of the same IRI).
 */
import fc from 'fast-check';

type Json = { [key: string]: unknown };
const iri = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/).map((s) => `urn:ngsi-ld:Thing:${s}`);
const text = fc.string({ unit: 'grapheme', maxLength: 8 });
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0));
const scalar = fc.oneof(fc.integer(), fc.maxSafeInteger(), finiteDouble, text, fc.boolean());
const valueKey = fc.constantFrom('alpha', 'beta', 'note', 'speed', 'x1');
const timestamp = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace('.000Z', 'Z'), d.toISOString().replace('Z', '+00:00'), d.toISOString().replace(/\.\d+Z$/, 'Z')));

const jsonLeaf = fc.oneof(scalar, fc.constant(null));
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(valueKey, tie('v'), { maxKeys: 3 })),
})).v;

const propertyValue = fc.oneof(
  scalar,
  fc.array(scalar, { minLength: 0, maxLength: 4 }),
  fc.dictionary(valueKey, jsonValue, { minKeys: 1, maxKeys: 3 }),
  timestamp.map((t) => ({ '@type': 'DateTime', '@value': t })),
  fc.constantFrom({ '@type': 'Date', '@value': '2026-02-03' }, { '@type': 'Time', '@value': '10:20:30.50' }),
);
const position = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }))
  .map(([x, y]) => [Object.is(x, -0) ? 0 : x, Object.is(y, -0) ? 0 : y]);
const geometry = fc.oneof(
  position.map((coordinates) => ({ type: 'Point', coordinates })),
  fc.array(position, { minLength: 2, maxLength: 4 }).map((coordinates) => ({ type: 'LineString', coordinates })),
);
const languageMap = fc.dictionary(fc.constantFrom('en', 'fr', 'en-GB', 'de-CH', '@none'), fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), { minKeys: 1, maxKeys: 3 });
const vocabTerm = fc.constantFrom('cpuCores', 'gpu', 'Edge', 'aeros:Linux', 'https://example.org/v#x');

function content(kind: string): fc.Arbitrary<Json> {
  switch (kind) {
    case 'Property': return propertyValue.map((value) => ({ value }));
    // enumeration codes, and strings the ontology types (xsd:anyURI / xsd:dateTime ranges)
    case 'Enumeration': return fc.constantFrom('Ready', 'Overload', 'NotAStatus', 'https://example.org/x', '2026-01-01T00:00:00.10Z').map((value) => ({ value }));
    case 'Relationship': return fc.record({ object: fc.oneof(iri, fc.array(iri, { minLength: 1, maxLength: 3 })) }, { requiredKeys: ['object'] })
      .chain((o) => fc.option(fc.constantFrom('Domain', 'Thing')).map((t) => (t ? { ...o, objectType: t } : o)));
    case 'GeoProperty': return geometry.map((value) => ({ value }));
    case 'LanguageProperty': return languageMap.map((m) => ({ languageMap: m }));
    case 'VocabProperty': return fc.oneof(vocabTerm, fc.array(vocabTerm, { minLength: 1, maxLength: 3 })).map((vocab) => ({ vocab }));
    case 'JsonProperty': return jsonValue.filter((json) => json !== null).map((json) => ({ json }));
    case 'ListProperty': return fc.array(fc.oneof(scalar, fc.dictionary(valueKey, scalar, { maxKeys: 2 })), { maxLength: 4 }).map((valueList) => ({ valueList }));
    default: return fc.array(iri, { minLength: 1, maxLength: 4 }).map((l) => ({ objectList: l.map((object) => ({ object })) }));
  }
}

const KINDS = ['Property', 'Enumeration', 'Relationship', 'GeoProperty', 'LanguageProperty', 'VocabProperty', 'JsonProperty', 'ListProperty', 'ListRelationship'];

function instance(depth: number): fc.Arbitrary<Json> {
  return fc.constantFrom(...KINDS).chain((kind) => fc.record({
    body: content(kind),
    observedAt: fc.option(timestamp, { nil: undefined }),
    unitCode: fc.option(fc.constantFrom('C62', 'MBY', 'P1'), { nil: undefined }),
    createdAt: fc.option(timestamp, { nil: undefined }),
    subs: depth > 0 ? fc.dictionary(fc.constantFrom('quality', 'source', 'hostname'), instance(depth - 1), { maxKeys: 2 }) : fc.constant({}),
  }).map(({ body, observedAt, unitCode, createdAt, subs }) => {
    const out: Json = { type: kind === 'Enumeration' ? 'Property' : kind, ...body };
    if (observedAt) out.observedAt = observedAt;
    if (unitCode) out.unitCode = unitCode;
    if (createdAt) out.createdAt = createdAt;
    return { ...out, ...subs };
  }));
}

const attribute = fc.tuple(fc.boolean(), fc.uniqueArray(fc.constantFrom('urn:ds:a', 'urn:ds:b', 'urn:ds:c'), { maxLength: 2 }))
  .chain(([withDefault, datasets]) => {
    const slots: Array<string | undefined> = [...(withDefault || datasets.length === 0 ? [undefined] : []), ...datasets];
    return fc.tuple(...slots.map((d) => instance(2).map((i) => (d ? { ...i, datasetId: d } : i))));
  })
  .map((instances) => (instances.length === 1 ? instances[0] : instances));

const ATTRIBUTE_NAMES = ['publicUrl', 'decidedAt', 'cpuCores', 'hostname', 'domain', 'infrastructureElementStatus', 'location', 'speed', 'note', 'aeros:extraMetric', 'https://example.org/attr#p'];

export function generatedEntity(): fc.Arbitrary<Json> {
  return fc.record({
    id: iri,
    type: fc.oneof(fc.constantFrom('InfrastructureElement', 'Domain', 'Thing'), fc.constant(['Domain', 'Thing'])),
    scope: fc.option(fc.constantFrom('/a', ['/a/b', '/c']), { nil: undefined }),
    createdAt: fc.option(timestamp, { nil: undefined }),
    attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTE_NAMES), attribute, { maxKeys: 5 }),
  }).map(({ attributes, ...e }) => {
    const out: Json = { id: e.id, type: e.type };
    if (e.scope) out.scope = e.scope;
    if (e.createdAt) out.createdAt = e.createdAt;
    return { ...out, ...attributes };
  });
}
