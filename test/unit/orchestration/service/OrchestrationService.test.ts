/** OrchestrationService over a MemoryGraphStore with a test-double Planner and the DryRunRuntime. */
import { OrchestrationService } from '../../../../orchestration/OrchestrationService.js';
import { historyGraph } from '../../../../orchestration/lifecycle/orchestrationVocabulary.js';
import { AlreadyExistsError, ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import N3 from 'n3';
import { ShaclValidator } from '../../../../fabric/validation/ShaclValidator.js';
import { loadShapes } from '../../../../fabric/validation/modelFiles.js';
import { FirstFitPlanner, IE, component, continuumStore, dryRunRegistry, serviceRequest, tickingClock } from '../support/orchestrationFixture.js';

async function setup(ies = 3, now: () => Date = tickingClock()) {
  const store = await continuumStore(ies);
  const planner = new FirstFitPlanner(store, ies);
  const { registry, runtime } = dryRunRegistry(store);
  const recorded: string[][] = [];
  const service = new OrchestrationService(store, planner, registry, {
    now,
    decisions: { record: async (d) => { recorded.push(d.map((x) => `${x.component}->${x.ie ?? 'none'}`)); } },
  });
  return { store, planner, runtime, service, recorded };
}

describe('OrchestrationService (dry-run runtime, test-double planner)', () => {
  it('deploys: Locating → Starting → Running, every transition recorded with its time and IE', async () => {
    const { service, runtime, recorded } = await setup();
    const request = serviceRequest('shop', [component('shop', 'web'), component('shop', 'db', { requirements: { ie: IE(2) } })]);
    const view = await service.deploy(request);
    expect(view.action).toBe('Deployed');
    expect(view.components.map((c) => [c.name, c.status, c.ie, c.runtime?.kind])).toEqual([
      ['db', 'Running', IE(2), 'dry-run'],
      ['web', 'Running', IE(1), 'dry-run'],
    ]);
    const web = view.components.find((c) => c.name === 'web')!;
    expect(web.history.map((h) => [h.from ?? null, h.to, h.ie ?? null])).toEqual([[null, 'Locating', null], ['Locating', 'Starting', IE(1)], ['Starting', 'Running', IE(1)]]);
    const times = web.history.map((h) => Date.parse(h.at));
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
    expect(web.decision).toMatchObject({ ie: IE(1), score: 1, rejected: 0 });
    expect(runtime.actions().map((a) => [a.action, a.componentId, a.spec?.ieId])).toEqual([
      ['apply', request.components[0].id, IE(1)],
      ['apply', request.components[1].id, IE(2)],
    ]);
    expect(recorded).toEqual([[`${request.components[0].id}->${IE(1)}`, `${request.components[1].id}->${IE(2)}`]]);
  });

  it('keeps the history in time order when the store shortens fractional seconds (…00.9Z sorts after …00.99Z as text)', async () => {
    let t = Date.parse('2026-12-02T08:00:00.810Z');
    const { service } = await setup(3, () => new Date((t += 90)));
    const view = await service.deploy(serviceRequest('shop', [component('shop', 'web')]));
    const history = view.components[0].history;
    expect(history.map((h) => h.to)).toEqual(['Locating', 'Starting', 'Running']);
    expect(history.map((h) => h.at)).toEqual([...history.map((h) => h.at)].sort());
    expect(history.every((h) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(h.at))).toBe(true);
  });

  it('writes the data labels and requirements that policies read, and keeps them through later transitions', async () => {
    const { store, service } = await setup();
    const request = serviceRequest('cam', [component('cam', 'ingest', { labels: ['personal-data', 'video'], requirements: { gpu: true, cpuArch: ['x64'], requiredRamMiB: 512, realtime: true } })]);
    await service.deploy(request);
    await service.remove(request.id); // Removing → Finished: two more rewrites of the component entity
    const id = request.components[0].id;
    const ask = async (where: string) => {
      const r = await store.query(`PREFIX aeros: <https://w3id.org/aerOS/continuum#> PREFIX cf: <https://w3id.org/continuum-fabric/ns#> ASK { ${where} }`);
      return r.kind === 'boolean' && r.value;
    };
    expect(await ask(`<${id}> cf:dataLabel "personal-data", "video"`)).toBe(true);
    expect(await ask(`<${id}> aeros:infrastructureElementRequirements ?r . ?r a aeros:InfrastructureElementRequirements ;
      cf:gpu true ; aeros:realTimeCapable true ; aeros:requiredRam 512 ; aeros:cpuArchitecture aeros:x64Architecture`)).toBe(true);
    // A component that asks for nothing a policy reads gets no requirements entity.
    const plain = serviceRequest('plain', [component('plain', 'web')]);
    await service.deploy(plain);
    expect(await ask(`<${plain.components[0].id}> aeros:infrastructureElementRequirements ?r`)).toBe(false);
  });

  it('writes natural RDF that SPARQL sees and entities NGSI-LD reads', async () => {
    const { service, store } = await setup();
    const request = serviceRequest('shop', [component('shop', 'web')]);
    await service.deploy(request);
    const ask = await store.query(`PREFIX aeros: <https://w3id.org/aerOS/continuum#> PREFIX cf: <https://w3id.org/continuum-fabric/ns#>
      ASK { GRAPH <${request.components[0].id}> { <${request.components[0].id}> a aeros:ServiceComponent ;
        aeros:serviceComponentStatus aeros:RunningServiceComponent ; aeros:isPartOfService <${request.id}> ; cf:infrastructureElement <${IE(1)}> } }`);
    expect(ask).toEqual({ kind: 'boolean', value: true });
    const transitions = await store.query(`PREFIX cf: <https://w3id.org/continuum-fabric/ns#>
      SELECT (COUNT(?t) AS ?n) WHERE { GRAPH <${historyGraph(request.id)}> { ?t a cf:StatusTransition ; cf:transitionOf <${request.components[0].id}> ; cf:transitionAt ?at } }`);
    expect(transitions.kind === 'bindings' && transitions.rows[0].get('n')?.value).toBe('3');
    const entity = quadsToEntity(readEntityGraph(store, request.components[0].id));
    expect(entity?.attributes.get('https://w3id.org/aerOS/continuum#serviceComponentStatus')?.[0].value).toBe('Running');
  });

  it('the Service and ServiceComponent entities conform to the SHACL shapes', async () => {
    const { service, store } = await setup();
    const request = serviceRequest('valid', [component('valid', 'web'), component('valid', 'job', { isJob: true })]);
    await service.deploy(request);
    const ids = [request.id, ...request.components.map((c) => c.id)];
    const natural = ids.flatMap((id) => store.match(N3.DataFactory.namedNode(id), null, null, N3.DataFactory.namedNode(id)))
      .map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object));
    expect(natural.length).toBeGreaterThan(15);
    const report = await new ShaclValidator(loadShapes()).validate(natural);
    expect(report.results).toEqual([]);
  });

  it('a component with no candidate IE is Failed with the reasons, visible on the entity', async () => {
    const { service, store, runtime } = await setup(2);
    const request = serviceRequest('pinned', [component('pinned', 'x', { requirements: { ie: 'urn:ngsi-ld:InfrastructureElement:nowhere' } })]);
    const view = await service.deploy(request);
    const c = view.components[0];
    expect(c.status).toBe('Failed');
    expect(c.ie).toBeUndefined();
    expect(c.reason).toMatch(/no candidate IE: no IE satisfies the requirements/);
    expect(c.reason).toContain(`${IE(1)}: not the pinned IE`);
    expect(c.decision).toMatchObject({ rejected: 2, reasons: ['no IE satisfies the requirements'] });
    expect(runtime.actions()).toEqual([]);
    const entity = quadsToEntity(readEntityGraph(store, c.id));
    expect(entity?.attributes.get('https://w3id.org/aerOS/continuum#serviceComponentStatus')?.[0].value).toBe('Failed');
    expect(String(entity?.attributes.get('https://w3id.org/continuum-fabric/ns#statusReason')?.[0].value)).toMatch(/no candidate IE/);
  });

  it('update re-plans only the components whose request changed, adds new ones and removes dropped ones', async () => {
    const { service, planner, runtime } = await setup();
    const v1 = serviceRequest('shop', [component('shop', 'web'), component('shop', 'db'), component('shop', 'cache')]);
    await service.deploy(v1);
    const before = runtime.actions().length;
    const v2 = serviceRequest('shop', [component('shop', 'web', { image: 'nginx:1.27' }), component('shop', 'db'), component('shop', 'queue')]);
    const view = await service.update(v2);
    expect(planner.calls[1].options?.only).toEqual(['web', 'queue']);
    const byName = Object.fromEntries(view.components.map((c) => [c.name, c]));
    expect([byName.web.status, byName.db.status, byName.queue.status, byName.cache.status]).toEqual(['Running', 'Running', 'Running', 'Finished']);
    expect(byName.db.history).toHaveLength(3);
    expect(byName.web.history.map((h) => h.to)).toEqual(['Locating', 'Starting', 'Running', 'Locating', 'Starting', 'Running']);
    expect(byName.cache.history.map((h) => h.to).slice(-2)).toEqual(['Removing', 'Finished']);
    expect(runtime.actions().slice(before).map((a) => [a.action, a.componentId.split(':').pop(), a.spec?.image])).toEqual([
      ['remove', 'cache', undefined], ['apply', 'web', 'nginx:1.27'], ['apply', 'queue', 'busybox:latest'],
    ]);
  });

  it('update does not run a completed job again unless its request changed', async () => {
    const { service, runtime } = await setup();
    const job = component('batch', 'once', { isJob: true });
    await service.deploy(serviceRequest('batch', [job]));
    await service.update(serviceRequest('batch', [job, component('batch', 'web')]));
    expect(runtime.actions().filter((a) => a.componentId === job.id)).toHaveLength(1);
    const view = await service.update(serviceRequest('batch', [{ ...job, args: ['echo', 'again'] }, component('batch', 'web')]));
    expect(runtime.actions().filter((a) => a.componentId === job.id)).toHaveLength(2);
    expect(view.components.find((c) => c.name === 'once')?.status).toBe('Finished');
  });

  it('update with an unchanged request changes nothing', async () => {
    const { service, runtime, planner } = await setup();
    const request = serviceRequest('same', [component('same', 'a')]);
    await service.deploy(request);
    const view = await service.update(request);
    expect(planner.calls).toHaveLength(1);
    expect(runtime.actions()).toHaveLength(1);
    expect(view.components[0].history).toHaveLength(3);
  });

  it('remove takes every component through Removing to Finished and stops the workloads; purge deletes everything', async () => {
    const { service, runtime, store } = await setup();
    const request = serviceRequest('gone', [component('gone', 'a'), component('gone', 'job', { isJob: true })]);
    const deployed = await service.deploy(request);
    expect(deployed.components.find((c) => c.name === 'job')?.status).toBe('Finished');
    const view = await service.remove(request.id);
    expect(view?.action).toBe('Finished');
    expect(view?.components.map((c) => [c.name, c.status])).toEqual([['a', 'Finished'], ['job', 'Finished']]);
    expect(view?.components[0].history.map((h) => h.to)).toEqual(['Locating', 'Starting', 'Running', 'Removing', 'Finished']);
    expect(await runtime.list()).toEqual([]);
    expect((await service.list()).map((s) => [s.id, s.action])).toEqual([[request.id, 'Finished']]);
    await service.remove(request.id, { purge: true });
    await expect(service.get(request.id)).rejects.toBeInstanceOf(ResourceNotFoundError);
    expect(store.dump('application/n-quads')).not.toMatch(/gone/);
  });

  it('refuses a second deploy of a deployed service, accepts it again after removal; unknown ids are 404', async () => {
    const { service } = await setup();
    const request = serviceRequest('twice', [component('twice', 'a')]);
    await service.deploy(request);
    await expect(service.deploy(request)).rejects.toBeInstanceOf(AlreadyExistsError);
    await service.remove(request.id);
    const again = await service.deploy(request);
    expect(again.components[0].status).toBe('Running');
    expect(again.components[0].history).toHaveLength(3);
    await expect(service.update(serviceRequest('nope', []))).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(service.remove('urn:ngsi-ld:Service:nope')).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('a runtime error leaves the component Failed with the message', async () => {
    const { service, runtime } = await setup();
    runtime.apply = async () => { throw new Error('image not found: busybox:latest'); };
    const view = await service.deploy(serviceRequest('broken', [component('broken', 'a')]));
    expect(view.components[0]).toMatchObject({ status: 'Failed', ie: IE(1), reason: 'runtime error: image not found: busybox:latest' });
  });
});
