/**
 * TEST DATA shared by the NGSI-LD codec and mapping tests: the Smart Data Models
 * dataModel.IT examples (test/fixtures/smart-data-models), the aerOS-like IE
 * (test/fixtures/ngsi-ld) and an entity using every attribute kind and member.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SDM_FIXTURES = join(HERE, '../../fixtures/smart-data-models');
export const NGSI_LD_FIXTURES = join(HERE, '../../fixtures/ngsi-ld');

export type Json = { [key: string]: unknown };

export function sdmExamples(): Array<{ file: string; json: Json }> {
  return readdirSync(SDM_FIXTURES).filter((f) => f.endsWith('.normalized.jsonld')).sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(SDM_FIXTURES, file), 'utf8')) as Json }));
}

export function aerosIe(): Json {
  return JSON.parse(readFileSync(join(NGSI_LD_FIXTURES, 'aeros-ie.normalized.json'), 'utf8')) as Json;
}

/**
 * Two upstream examples are not valid NGSI-LD (docs/ontology.md): CloudRegion has
 * "Geoproperty" and a Relationship with "value"; ITTests has a Relationship with "value".
 * This repairs exactly those defects and lists what it changed.
 */
export function repairUpstreamDefects(json: Json): { json: Json; repairs: string[] } {
  const repairs: string[] = [];
  const out: Json = {};
  for (const [name, attr] of Object.entries(json)) {
    const a = attr as Json;
    if (a && typeof a === 'object' && a.type === 'Geoproperty') {
      repairs.push(`${name}: Geoproperty → GeoProperty`);
      out[name] = { ...a, type: 'GeoProperty' };
    } else if (a && typeof a === 'object' && a.type === 'Relationship' && 'value' in a && !('object' in a)) {
      repairs.push(`${name}: Relationship value → object`);
      const { value, ...rest } = a;
      out[name] = { ...rest, object: value };
    } else {
      out[name] = attr;
    }
  }
  return { json: out, repairs };
}

export const UPSTREAM_DEFECTS: Record<string, string[]> = {
  'CloudRegion.normalized.jsonld': ['location: Geoproperty → GeoProperty', 'test: Relationship value → object'],
  'ITTests.normalized.jsonld': ['component: Relationship value → object'],
};

export const withoutContext = (json: Json): Json => {
  const { '@context': _ignored, ...rest } = json;
  return rest;
};

/** Every attribute kind and member of GS CIM 009 v1.8 §4.5 (continuum @context terms + default-context terms). */
export function allKindsEntity(): Json {
  return {
    id: 'urn:ngsi-ld:InfrastructureElement:all-kinds',
    type: 'InfrastructureElement',
    scope: ['/Spain/Valencia', '/Edge'],
    createdAt: '2026-11-20T10:00:00.000Z',
    modifiedAt: '2026-11-20T10:05:00.120Z',
    cpuCores: { type: 'Property', value: 8, createdAt: '2026-11-20T10:00:00Z', modifiedAt: '2026-11-20T10:05:00.5Z' },
    hostname: { type: 'Property', value: 'edge-1' },
    gpu: { type: 'Property', value: true },
    trustScore: [
      { type: 'Property', value: 0.75, observedAt: '2026-11-20T10:00:00.000Z' },
      { type: 'Property', value: 0.5, datasetId: 'urn:ngsi-ld:Dataset:a' },
      { type: 'Property', value: 0.75, datasetId: 'urn:ngsi-ld:Dataset:b', observedAt: '2026-11-20T10:00:00+00:00' },
    ],
    currentCpuUsage: {
      type: 'Property', value: 12.5, unitCode: 'P1', observedAt: '2026-11-20T10:00:00Z',
      measuredBy: {
        type: 'Relationship', object: 'urn:ngsi-ld:Sensor:1',
        calibration: { type: 'Property', value: { lastDone: { '@type': 'DateTime', '@value': '2026-01-01T00:00:00Z' }, ok: true } },
      },
    },
    lastBoot: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-19T23:00:00.000Z' } },
    bootDate: { type: 'Property', value: { '@type': 'Date', '@value': '2026-11-19' } },
    envVars: { type: 'Property', value: [{ key: 'A', value: '1' }, { key: 'B', value: null }] },
    labels: { type: 'Property', value: ['b', 'a', 'b'] },
    infrastructureElementStatus: { type: 'Property', value: 'Ready' },
    domain: { type: 'Relationship', object: 'urn:ngsi-ld:Domain:D1', objectType: 'Domain' },
    owner: { type: 'Relationship', object: ['urn:ngsi-ld:Person:Zed', 'urn:ngsi-ld:Person:Ann'] },
    location: { type: 'GeoProperty', value: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
    operationSpace: { type: 'GeoProperty', value: { type: 'Point', coordinates: [1.5, 2.25] }, observedAt: '2026-11-20T10:00:00Z' },
    street: { type: 'LanguageProperty', languageMap: { fr: 'Grand Place', nl: ['Grote Markt', 'Markt'], '@none': 'GP' } },
    category: { type: 'VocabProperty', vocab: 'cpuCores' },
    categories: { type: 'VocabProperty', vocab: ['gpu', 'hostname'] },
    config: { type: 'JsonProperty', json: { nested: { list: [1, 'x', null], 'odd key': true } } },
    tyreTreadDepths: { type: 'ListProperty', valueList: [300, 120, 300, 6], unitCode: 'MMT' },
    route: { type: 'ListRelationship', objectList: [{ object: 'urn:ngsi-ld:City:Rotterdam' }, { object: 'urn:ngsi-ld:City:Antwerp' }, { object: 'urn:ngsi-ld:City:Rotterdam' }], objectType: 'City' },
    deep: {
      type: 'Property', value: 1,
      level2: { type: 'Property', value: 2, level3: { type: 'Property', value: 3, unitCode: 'C62', level4: { type: 'Relationship', object: 'urn:x:4' } } },
    },
  };
}
