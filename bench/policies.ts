/**
 * `policies`: POST /policies/check for one placement with the 10 built-in policies (shapes/policies/) over the demo
 * continuum (fabric/demo) enriched with what the policies read (owner countries, data labels, requirements, trust
 * scores), on a DurableGraphStore as FabricNode wires it. Per size: PolicyService.check (in-process) and the same
 * through the HTTP route (fastify inject), each placement a random component on a random IE; as same-run baselines,
 * every policy evaluated over the whole graph (PolicyService.violations: one set-based query per SPARQL constraint
 * plus shacl-engine over all data) and, up to 1k IEs, shacl-engine validating the whole data with the proposal
 * added, sh:sparql included (shacl-engine's SPARQL support: Comunica, one query per focus node).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import Validator from 'shacl-engine/Validator.js';
import { validations as sparqlValidations } from 'shacl-engine/sparql.js';
import { fmt, gc, parseSizes, sizeLabel, summarise, table, untilQuiet } from './harness.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { SeededRandom } from '../fabric/demo/SeededRandom.js';
import { DurableGraphStore } from '../fabric/store/durable/DurableGraphStore.js';
import { seedFreshStore } from '../fabric/node/seedFreshStore.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { buildHttpApp } from '../fabric/http/buildHttpApp.js';
import { AEROS, CF, GRAPHS, XSD } from '../fabric/rdf/namespaces.js';
import { PolicyService } from '../reasoner/policy/PolicyService.js';
import { describe } from '../reasoner/policy/compilePolicies.js';
import type { ProposedPlacement } from '../orchestration/placement/PolicyGate.js';

const SEED = 42;

export const help = `policies [--sizes 50,10k] [--runs 5] [--checks 20] [--shacl-engine-max 1000]
  Sizes count InfrastructureElements of the demo continuum (seed ${SEED}), enriched so that every policy has data to read.
  Per size and run: after 10 warm-up checks and a wait until the process is quiet (its bulk load's background work
  done), --checks placements (random component → random IE), timed one by one, through PolicyService.check
  and through POST /policies/check (fastify inject); then PolicyService.violations() (every policy over the whole graph)
  once per run; and, for sizes up to --shacl-engine-max, shacl-engine over the whole data with one proposal added and
  sh:sparql on (Comunica per focus node), once per run. Median and p95 in ms over all samples; for the checks also the
  process CPU time (user + system, all threads), which a loaded machine does not inflate the way it inflates wall time.`;

/** What the policies read and the demo lacks: owner countries, data labels, requirements, trust scores. */
function enrichment(ies: number): { text: string; components: string[]; ieIds: string[] } {
  const r = new SeededRandom(SEED + 1);
  const lines: string[] = [];
  const q = (s: string, p: string, o: string) => lines.push(`<${s}> <${p}> ${o} <${s}> .`);
  const countries: Array<[string, string]> = [['urn:ngsi-ld:Organization:nimbus-cloud', 'DE'], ['urn:ngsi-ld:Organization:metro-edge', 'ES'], ['urn:ngsi-ld:Organization:port-authority', 'NO']];
  for (const [org, code] of countries) q(org, `${CF}countryCode`, `"${code}"`);
  const ieIds: string[] = [];
  const components: string[] = [];
  let text = '';
  for (const chunk of generateDemoContinuum({ ies, seed: SEED, chunkQuads: 100_000 })) {
    for (const m of chunk.matchAll(/^<(urn:ngsi-ld:InfrastructureElement:[^>]+)> <http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#type>/gm)) ieIds.push(m[1]);
    for (const m of chunk.matchAll(/^<(urn:ngsi-ld:ServiceComponent:[^>]+)> <http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#type>/gm)) components.push(m[1]);
    text += chunk;
  }
  for (const ie of ieIds) q(ie, `${CF}trustScore`, `"${r.float(0.3, 1, 2)}"^^<${XSD}double>`);
  for (const c of components) {
    if (r.chance(0.2)) q(c, `${CF}dataLabel`, '"personal-data"');
    const req = `${c}:requirements`;
    q(c, `${AEROS}infrastructureElementRequirements`, `<${req}>`);
    q(req, `${CF}gpu`, `"${r.chance(0.2)}"^^<${XSD}boolean>`);
    q(req, `${AEROS}requiredRam`, `"${r.pick([256, 512, 1024, 2048])}"^^<${XSD}integer>`);
    if (r.chance(0.3)) q(req, `${AEROS}realTimeCapable`, `"true"^^<${XSD}boolean>`);
    if (r.chance(0.5)) q(req, `${AEROS}cpuArchitecture`, `<${AEROS}${r.pick(['x64Architecture', 'arm64Architecture'])}>`);
  }
  return { text: `${text}${lines.join('\n')}\n`, components, ieIds };
}

function ms(start: number): number {
  return performance.now() - start;
}

async function shaclEngineFull(store: DurableGraphStore, proposal: ProposedPlacement): Promise<number> {
  const shapes = new N3.Store(store.match(null, null, null, N3.DataFactory.namedNode(GRAPHS.policies)).map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object)));
  // Comunica refuses pre-binding $this in ServiceSpread's GROUP BY ("Tried to bind variable ?this in a GROUP BY operator"): left out here.
  const spread = N3.DataFactory.namedNode('https://w3id.org/continuum-fabric/policies#ServiceSpread');
  for (const q of describe(shapes, spread)) shapes.removeQuad(q as N3.Quad);
  const factory = { ...N3.DataFactory, dataset: (quads?: Iterable<N3.Quad>) => new N3.Store(quads ? [...quads] : []) };
  const t = performance.now();
  const data = new N3.Store();
  for (const q of store.match(null, null, null, null)) {
    if (([GRAPHS.ontology, GRAPHS.shapes, GRAPHS.policies] as string[]).includes(q.graph.value)) continue;
    data.addQuad(N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object));
  }
  const { namedNode, quad } = N3.DataFactory;
  data.addQuad(quad(namedNode(proposal.component), namedNode(`${CF}infrastructureElement`), namedNode(proposal.ie)));
  data.addQuad(quad(namedNode(proposal.component), namedNode(`${CF}proposedInfrastructureElement`), namedNode(proposal.ie)));
  const validator = new Validator(shapes, { factory, validations: sparqlValidations } as ConstructorParameters<typeof Validator>[1]);
  await validator.validate({ dataset: data });
  return ms(t);
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '50,10k');
  const runs = Number(flags.get('runs') ?? 5);
  const checks = Number(flags.get('checks') ?? 20);
  const shaclMax = Number(flags.get('shacl-engine-max') ?? 1000);
  const root = packageRoot();
  const policyCount = readdirSync(join(root, 'shapes', 'policies')).filter((f) => f.endsWith('.ttl') && readFileSync(join(root, 'shapes', 'policies', f), 'utf8').includes('cf:Policy ;')).length;
  const rows: Array<Array<string | number>> = [];
  const waits: number[] = [];
  for (const ies of sizes) {
    const { text, components, ieIds } = enrichment(ies);
    const samples: Record<string, number[]> = { check: [], cpu: [], http: [], all: [], shacl: [] };
    let quads = 0;
    let rejected = 0;
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-policies-'));
      const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
      try {
        await seedFreshStore(store, { packageRoot: root, demo: false, demoIes: 0, demoSeed: 0 });
        await store.load(text, { format: 'application/n-quads' });
        quads = store.size();
        const policies = new PolicyService(store);
        const app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, policies });
        const r = new SeededRandom(SEED + 100 + i);
        const placement = (): ProposedPlacement => ({ component: r.pick(components), ie: r.pick(ieIds) });
        for (let k = 0; k < 10; k++) await policies.check([placement()]); // warm-up: compile once, let the JIT settle
        gc(); // once, not before every check: a forced full GC leaves concurrent GC work that lands on the next measurement
        await store.idle();
        waits.push(await untilQuiet()); // the bulk load's garbage and log work would otherwise be measured with the first checks
        for (let k = 0; k < checks; k++) {
          const p = placement();
          const cpu = process.cpuUsage();
          const t = performance.now();
          const verdict = await policies.check([p]);
          samples.check.push(ms(t));
          const used = process.cpuUsage(cpu);
          samples.cpu.push((used.user + used.system) / 1000);
          if (!verdict.allowed) rejected++;
        }
        for (let k = 0; k < checks; k++) {
          const payload = { placements: [placement()] };
          const t = performance.now();
          const res = await app.inject({ method: 'POST', url: '/policies/check', payload });
          samples.http.push(ms(t));
          if (res.statusCode !== 200) throw new Error(`check answered ${res.statusCode}: ${res.body}`);
        }
        gc();
        let t = performance.now();
        await policies.violations();
        samples.all.push(ms(t));
        if (ies <= shaclMax) {
          gc();
          t = performance.now();
          samples.shacl.push(await shaclEngineFull(store, placement()));
        }
        await app.close();
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const row = (name: string, key: string) => {
      const s = summarise(samples[key]);
      rows.push([sizeLabel(ies), quads, name, String(samples[key].length), s.runs ? fmt(s.median, 2) : 'not run', s.runs ? fmt(s.p95, 2) : '', s.runs ? `${fmt(s.min, 2)}–${fmt(s.max, 2)}` : '']);
    };
    row(`check, 1 placement, ${policyCount} policies (${rejected}/${runs * checks} rejected)`, 'check');
    row('  same checks: CPU time of the process (user+system)', 'cpu');
    row('POST /policies/check (inject), 1 placement', 'http');
    row('baseline: every policy over the whole graph (violations)', 'all');
    row('baseline: shacl-engine, whole data + proposal, sh:sparql via Comunica (9 policies, not ServiceSpread)', 'shacl');
  }
  const wait = summarise(waits);
  return `${table(['IEs', 'quads', 'measurement', 'samples', 'median ms', 'p95 ms', 'min–max ms'], rows)}\n\n`
    + `Before each run's checks the process was quiet (< 10 % of a core over 200 ms) after ${fmt(wait.median, 0)} ms median (max ${fmt(wait.max, 0)}).`;
}
