/** orchestration/request/ngsiLdRequest.ts: Service / ServiceComponent / InfrastructureElementRequirements entities → ServiceRequest. */
import { serviceRequestFromNgsiLd } from '../../../../orchestration/request/ngsiLdRequest.js';
import { InvalidServiceRequestError } from '../../../../fabric/errors/OrchestrationError.js';

const CTX = 'https://w3id.org/continuum-fabric/context.jsonld';
const SVC = 'urn:ngsi-ld:Service:shop';
const WEB = 'urn:ngsi-ld:ServiceComponent:shop:web';
const DB = 'urn:ngsi-ld:ServiceComponent:shop:db';
const REQ = 'urn:ngsi-ld:InfrastructureElementRequirements:shop:web';

const normalized = [
  { id: SVC, type: 'Service', description: { type: 'Property', value: 'A web shop' } },
  {
    id: WEB, type: 'ServiceComponent',
    service: { type: 'Relationship', object: SVC },
    containerImage: { type: 'Property', value: 'nginx:1.27' },
    cliArgs: { type: 'Property', value: [{ '-brokerId': 'CFDomain' }, { '-forwarding': '' }] },
    envVars: { type: 'Property', value: [{ BROKER_ID: 'CFDomain' }, { DEBUG: false }] },
    isJob: { type: 'Property', value: false },
    networkPorts: { type: 'Relationship', object: ['urn:ngsi-ld:NetworkPort:shop:web:http'] },
    infrastructureElementRequirements: { type: 'Relationship', object: REQ },
    antiAffinityWith: { type: 'Relationship', object: DB },
    dataLabel: { type: 'Property', value: ['personal-data'] },
  },
  { id: 'urn:ngsi-ld:NetworkPort:shop:web:http', type: 'NetworkPort', portNumber: { type: 'Property', value: 8080 }, protocol: { type: 'Property', value: 'TCP' }, exposePort: { type: 'Property', value: true } },
  {
    id: REQ, type: 'InfrastructureElementRequirements',
    requiredCpuUsage: { type: 'Property', value: 0.5 },
    requiredMemoryUsage: { type: 'Property', value: 512 },
    realTimeCapable: { type: 'Property', value: true },
    cpuArchitecture: { type: 'Property', value: 'x64' },
    acceptedTier: { type: 'Property', value: ['Edge', 'Cloud'] },
    gpu: { type: 'Property', value: true },
    minCpuCores: { type: 'Property', value: 2 },
    maxCpuUsage: { type: 'Property', value: 80 },
    requiredDisk: { type: 'Property', value: 2048 },
    minTrustScore: { type: 'Property', value: 0.7 },
    greenEnergyRatio: { type: 'Property', value: 0.3 },
    acceptedDomain: { type: 'Relationship', object: 'urn:ngsi-ld:Domain:edge' },
    withinArea: { type: 'GeoProperty', value: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
  },
  { id: DB, type: 'ServiceComponent', service: { type: 'Relationship', object: SVC }, containerImage: { type: 'Property', value: 'postgres:16' } },
];

/** The same entities in keyValues form (Relationship → its object id). */
const keyValues = normalized.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k,
  typeof v === 'object' && v !== null && 'type' in v ? ((v as { object?: unknown; value?: unknown }).object ?? (v as { value?: unknown }).value) : v])));

describe('serviceRequestFromNgsiLd', () => {
  it('reads a normalized service with its components, requirements and ports', async () => {
    const s = await serviceRequestFromNgsiLd(normalized, CTX);
    expect(s).toMatchObject({ id: SVC, name: 'shop', description: 'A web shop' });
    const [web, db] = s.components;
    expect(web).toEqual({
      id: WEB, name: 'web', image: 'nginx:1.27', args: ['-brokerId', 'CFDomain', '-forwarding'],
      env: { BROKER_ID: 'CFDomain', DEBUG: 'false' }, ports: [{ containerPort: 8080, protocol: 'tcp', expose: true }], isJob: false,
      requirements: {
        requiredCpu: 0.5, requiredRamMiB: 512, requiredDiskGiB: 2, cpuCores: 2, maxCpuUsage: 80, realtime: true, cpuArch: ['x64'], tier: ['Edge', 'Cloud'], gpu: true, minTrustScore: 0.7,
        minGreenEnergyRatio: 0.3, domains: ['urn:ngsi-ld:Domain:edge'],
        area: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      },
      affinity: [], antiAffinity: ['db'], labels: ['personal-data'],
    });
    expect(db).toMatchObject({ name: 'db', image: 'postgres:16', requirements: {} });
  });

  it('reads the keyValues form to the same request', async () => {
    expect(await serviceRequestFromNgsiLd(keyValues, CTX)).toEqual(await serviceRequestFromNgsiLd(normalized, CTX));
  });

  it('lists every problem: missing image, unknown component, bad port, unknown tier', async () => {
    const broken = structuredClone(normalized) as Array<Record<string, unknown>>;
    delete broken[4].containerImage;
    broken[1].antiAffinityWith = { type: 'Relationship', object: 'urn:ngsi-ld:ServiceComponent:shop:ghost' };
    broken[2].portNumber = { type: 'Property', value: 99999 };
    broken[3].acceptedTier = { type: 'Property', value: 'Stratosphere' };
    const error = await serviceRequestFromNgsiLd(broken, CTX).catch((e: unknown) => e) as InvalidServiceRequestError;
    expect(error).toBeInstanceOf(InvalidServiceRequestError);
    expect(error.problems.map((p) => p.path).sort()).toEqual([
      `${DB}.containerImage`, `${REQ}.acceptedTier`, `${WEB}.antiAffinityWith`, 'urn:ngsi-ld:NetworkPort:shop:web:http.portNumber',
    ].sort());
  });

  it('needs exactly one Service and reports entities the codec rejects', async () => {
    const error = await serviceRequestFromNgsiLd([{ id: 'not a uri', type: 'Service' }], CTX).catch((e: unknown) => e) as InvalidServiceRequestError;
    expect(error.problems).toEqual([{ path: '[0].id', message: expect.stringMatching(/not a URI/) }]);
    const none = await serviceRequestFromNgsiLd([normalized[4]], CTX).catch((e: unknown) => e) as InvalidServiceRequestError;
    expect(none.problems[0].message).toMatch(/exactly one Service entity is needed, found 0/);
  });
});
