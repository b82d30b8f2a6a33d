/**
 * q with full IRIs as attribute names (GS CIM 009 v1.8 §4.9): attribute names in q are expanded with the request's
 * @context, and an IRI expands to itself, so `q=<IRI><op><value>` must select what `q=<term><op><value>` selects.
 * §4.9 makes '.' the sub-attribute separator; IRIs have dots (`w3id.org`, Smart Data Models'
 * `dataModel.Energy`): an IRI with an authority is read whole, only a last `.observedAt` etc. being its member, and a
 * sub-attribute after it is written with the IRI in double quotes (as Scorpio accepts). A name that is neither a term,
 * a compact IRI nor a full IRI is 400 with its position, never a silently empty result. Both query paths: the read
 * index and SPARQL (a store without a change feed).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const SDM = 'https://smartdatamodels.org/dataModel.Energy/';

const ie = (n: number, cores: number) => ({
  id: `urn:ngsi-ld:InfrastructureElement:iri-${n}`,
  type: `${AEROS}InfrastructureElement`,
  [`${AEROS}cpuCores`]: { type: 'Property', value: cores, observedAt: `2026-01-0${n}T00:00:00Z`, [`${AEROS}accuracy`]: { type: 'Property', value: n } },
  [`${SDM}acPowerInput`]: { type: 'Property', value: 100 * n },
});

describe.each([['read index', true], ['SPARQL', false]])('q with full IRI attribute names (%s)', (_path, index) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp({ index }));
    for (const [n, cores] of [[1, 2], [2, 8], [3, 16]] as const) {
      const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: ie(n, cores) });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => app.close());
  const ids = (res: { json: () => unknown }) => (res.json() as Array<{ id: string }>).map((e) => e.id.replace('urn:ngsi-ld:InfrastructureElement:', ''));
  const get = (q: string) => app.inject({ method: 'GET', url: `${BASE}/entities?q=${encodeURIComponent(q)}` });
  const post = (q: string) => app.inject({ method: 'POST', url: `${BASE}/entityOperations/query`, payload: { type: 'Query', q } });

  it('compares the attribute a full IRI with dots in its authority names (GET and POST Query)', async () => {
    expect(ids(await get(`${AEROS}cpuCores>4`))).toEqual(['iri-2', 'iri-3']);
    expect(ids(await post(`${AEROS}cpuCores>4`))).toEqual(['iri-2', 'iri-3']);
    expect(ids(await get(`${AEROS}cpuCores==2,16`))).toEqual(['iri-1', 'iri-3']);
    expect(ids(await get(`${AEROS}cpuCores`))).toEqual(['iri-1', 'iri-2', 'iri-3']);
    expect(ids(await get(`!${AEROS}cpuCores`))).toEqual([]);
  });

  it('reads an IRI with dots in its path whole (Smart Data Models)', async () => {
    expect(ids(await get(`${SDM}acPowerInput>=200`))).toEqual(['iri-2', 'iri-3']);
    expect(ids(await get(`${SDM}acPowerInput<250;${AEROS}cpuCores>4`))).toEqual(['iri-2']);
    expect(ids(await get(`(${SDM}acPowerInput==100|${AEROS}cpuCores==16)`))).toEqual(['iri-1', 'iri-3']);
  });

  it('takes a last .observedAt as the member of a full IRI, and a double-quoted IRI before a sub-attribute', async () => {
    expect(ids(await get(`${AEROS}cpuCores.observedAt>=2026-01-02T00:00:00Z`))).toEqual(['iri-2', 'iri-3']);
    expect(ids(await get(`"${AEROS}cpuCores"==8`))).toEqual(['iri-2']);
    expect(ids(await get(`"${AEROS}cpuCores"."${AEROS}accuracy">=2`))).toEqual(['iri-2', 'iri-3']);
    expect(ids(await get(`${AEROS}cpuCores."${AEROS}accuracy"==3`))).toEqual(['iri-3']);
  });

  it('answers 400 with the position for a name that is neither a term, a compact IRI nor a full IRI', async () => {
    const problem = expectProblem(await get('cpuCores>1;w3id.org/aerOS/continuum#cpuCores>4'), 400, 'InvalidRequest');
    expect(problem).toMatchObject({ parameter: 'q', position: 20 }); // the '/' after 'w3id.org'
    expect(expectProblem(await get(`""==1`), 400, 'InvalidRequest')).toMatchObject({ parameter: 'q', position: 1 });
    expect(expectProblem(await post('a.#b==1'), 400, 'InvalidRequest')).toMatchObject({ parameter: 'q', position: 3 });
  });
});
