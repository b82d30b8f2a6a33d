/**
 * `continuum entities get|query|create|delete` (issue 3 "a small typed client … used by the
 * tests and the CLI") against the NGSI-LD app listening on a loopback port, in-process (the
 * e2e suite runs the built binary): create (§6.4.3.1) one entity and a batch (§6.14), get
 * (§6.5.3.1) with a format, query (§6.4.3.2) with type, q, attrs and the count, delete.
 */
import type { FastifyInstance } from 'fastify';
import { entitiesCommand, type EntitiesOptions } from '../../../fabric/cli/commands/entitiesCommand.js';
import type { CliIo } from '../../../fabric/cli/CliIo.js';
import { testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('continuum entities (CLI through NgsiLdClient)', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    ({ app } = testApp());
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  const run = async (sub: 'get' | 'query' | 'create' | 'delete', args: string[], options: Partial<EntitiesOptions> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => { out.push(t); }, err: (t) => { err.push(t); }, interactive: false };
    await entitiesCommand(sub, args, { url, ...options }, io);
    return { out: out.join(''), err: err.join('') };
  };

  it('creates, gets, queries and deletes entities', async () => {
    expect((await run('create', [JSON.stringify(vehicle(1))])).out).toBe('created urn:ngsi-ld:Vehicle:V1 (/ngsi-ld/v1/entities/urn%3Angsi-ld%3AVehicle%3AV1)\n');
    expect(JSON.parse((await run('create', [JSON.stringify([vehicle(2), vehicle(3)])])).out)).toEqual(['urn:ngsi-ld:Vehicle:V2', 'urn:ngsi-ld:Vehicle:V3']);

    const got = JSON.parse((await run('get', ['urn:ngsi-ld:Vehicle:V2'], { format: 'keyValues' })).out);
    expect(got).toMatchObject({ id: 'urn:ngsi-ld:Vehicle:V2', type: 'Vehicle', speed: 20, brandName: 'Mercedes' });

    const queried = await run('query', [], { type: 'Vehicle', q: 'speed>=20', attrs: 'speed', format: 'keyValues', count: true });
    expect(JSON.parse(queried.out)).toEqual([{ id: 'urn:ngsi-ld:Vehicle:V2', type: 'Vehicle', speed: 20 }, { id: 'urn:ngsi-ld:Vehicle:V3', type: 'Vehicle', speed: 30 }]);
    expect(queried.err).toBe('2 matching entities\n');

    expect((await run('delete', ['urn:ngsi-ld:Vehicle:V1'])).out).toBe('deleted urn:ngsi-ld:Vehicle:V1\n');
    await expect(run('get', ['urn:ngsi-ld:Vehicle:V1'])).rejects.toMatchObject({ status: 404, problem: { type: 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound' } });
  });

  it('fails a batch create that created only some entities, printing the 207 result', async () => {
    await expect(run('create', [JSON.stringify([vehicle(2), vehicle(9)])])).rejects.toThrow('1 of 2 entities were not created.');
  });
});
