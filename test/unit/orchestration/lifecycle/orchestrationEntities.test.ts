/**
 * orchestrationEntities: a service and a component record, written as their aerOS NGSI-LD entity quads and read
 * back through the NGSI-LD mapping (quadsToEntity), give the same record; entities of other types are no records.
 */
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import {
  componentFromEntity, componentQuads, serviceEntity, serviceFromEntity, type ComponentRecord,
} from '../../../../orchestration/lifecycle/orchestrationEntities.js';
import { O } from '../../../../orchestration/lifecycle/orchestrationVocabulary.js';
import type { ServiceRequest } from '../../../../orchestration/request/ServiceRequest.js';

const AT = '2026-03-04T05:06:07.890Z';
const SERVICE = 'urn:ngsi-ld:Service:shop';
const COMPONENT = 'urn:ngsi-ld:ServiceComponent:shop:web';

const request: ServiceRequest = {
  id: SERVICE, name: 'shop', description: 'A web shop',
  components: [{
    id: COMPONENT, name: 'web', image: 'nginx:1.27', args: ['-g', 'daemon off;'], env: { MODE: 'prod' }, ports: [], isJob: false,
    requirements: { cpuCores: 2, tier: ['Edge'] }, affinity: [], antiAffinity: [], labels: ['personal-data'],
  }],
};

const component: ComponentRecord = {
  id: COMPONENT, name: 'web', serviceId: SERVICE, image: 'nginx:1.27', args: ['-g', 'daemon off;'], env: { MODE: 'prod', 'A B': 'x"y' },
  isJob: true, status: 'Running', ie: 'urn:ngsi-ld:InfrastructureElement:edge-1', migratingFrom: 'urn:ngsi-ld:InfrastructureElement:edge-0',
  reason: 'placed', specHash: 'abc123', createdAt: '2026-03-01T00:00:00.000Z', labels: ['personal-data', 'eu-only'],
  requirementsId: 'urn:ngsi-ld:InfrastructureElementRequirements:shop:web',
  decision: { ie: 'urn:ngsi-ld:InfrastructureElement:edge-1', score: 0.75, parts: { cpu: 0.5 }, rejected: 1, rejectedSample: [], reasons: ['cpu'], decidedAt: AT },
};

describe('orchestration records as aerOS entities', () => {
  test('a service round-trips through its entity quads, its request included', () => {
    const service = { id: SERVICE, name: 'shop', description: 'A web shop', action: 'Deployed' as const, request, createdAt: '2026-03-01T00:00:00.000Z' };
    const read = serviceFromEntity(quadsToEntity(entityToQuads(serviceEntity(service, AT)), SERVICE)!);
    expect(read).toEqual(service);
  });

  test('a new service gets createdAt = modifiedAt = now', () => {
    const e = serviceEntity({ id: SERVICE, name: 'shop', request }, AT);
    expect([e.createdAt, e.modifiedAt]).toEqual([AT, AT]);
    expect(e.types).toEqual([O.Service]);
  });

  test('a component round-trips through its graph quads, labels (plain triples) included', () => {
    const quads = componentQuads(component, AT);
    expect(quads.filter((q) => q.predicate.value === O.dataLabel && q.subject.value === COMPONENT).map((q) => q.object.value).sort())
      .toEqual(['eu-only', 'personal-data']);
    const read = componentFromEntity(quadsToEntity(quads, COMPONENT)!);
    expect({ ...read, labels: [...read!.labels!].sort() }).toEqual({ ...component, labels: ['eu-only', 'personal-data'] });
  });

  test('a minimal component reads back with empty defaults and no optional attribute', () => {
    const minimal: ComponentRecord = { id: COMPONENT, name: 'web', serviceId: SERVICE, image: 'nginx', args: [], env: {}, isJob: false };
    const read = componentFromEntity(quadsToEntity(componentQuads(minimal, AT), COMPONENT)!)!;
    expect(read).toMatchObject({ ...minimal, labels: [], createdAt: AT });
    for (const key of ['status', 'ie', 'migratingFrom', 'reason', 'specHash', 'decision', 'requirementsId'] as const) expect(read[key]).toBeUndefined();
  });

  test('entities of another type are not records', () => {
    const ie = { id: 'urn:ngsi-ld:InfrastructureElement:edge-1', types: ['https://w3id.org/aerOS/continuum#InfrastructureElement'], attributes: new Map() };
    expect(serviceFromEntity(ie)).toBeUndefined();
    expect(componentFromEntity(ie)).toBeUndefined();
    expect(serviceFromEntity(quadsToEntity(componentQuads(component, AT), COMPONENT)!)).toBeUndefined();
  });
});
