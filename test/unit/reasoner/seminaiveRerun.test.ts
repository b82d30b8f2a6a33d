import oxigraph from 'oxigraph';
import { join } from 'node:path';
import { SeededRandom } from '../../../fabric/demo/SeededRandom.js';
import { packageRoot } from '../../../fabric/validation/modelFiles.js';
import { insertUpdates, parseConstruct } from '../../../reasoner/constructQuery.js';
import { executionOrder, runToFixpoint } from '../../../reasoner/fixpoint.js';
import { loadRuleFiles, rulesFromSource, parseTurtle } from '../../../reasoner/loadRules.js';
import { SCRATCH_DATA_GRAPH } from '../../../reasoner/scratchCopy.js';
import { seminaivePlan } from '../../../reasoner/seminaiveRerun.js';
import type { Rule } from '../../../reasoner/Rule.js';

const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const EX = 'http://example.org/';
const n = oxigraph.namedNode;

const plan = (construct: string) => seminaivePlan(parseConstruct(`PREFIX ex: <${EX}> PREFIX rdfs: <${RDFS}> ${construct}`, 'test'), `${EX}g`, [SCRATCH_DATA_GRAPH, `${EX}g`]);

/** Rules that need many rounds and join derived triples with each other (plain patterns, BIND), beside the built-ins. */
const EXTRA_RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <${EX}> .
ex:reach a cf:Rule ; cf:construct "PREFIX ex: <${EX}> CONSTRUCT { ?x ex:reach ?z } WHERE { ?x ex:reach ?y . ?y ex:reach ?z . FILTER(?x != ?z) }" .
ex:reach-base a cf:Rule ; cf:construct "PREFIX ex: <${EX}> CONSTRUCT { ?x ex:reach ?y } WHERE { ?x ex:p0 ?y . FILTER(isIRI(?y)) }" .
ex:tagged a cf:Rule ; cf:construct "PREFIX ex: <${EX}> CONSTRUCT { ?x ex:tag ?t } WHERE { ?x ex:reach ?y . ?y a ex:C2 . BIND(IRI(CONCAT(STR(?y), '-tag')) AS ?t) }" .
ex:typed-reach a cf:Rule ; cf:construct "PREFIX ex: <${EX}> CONSTRUCT { ?x a ex:C0 } WHERE { ?x ex:tag ?t . ?x ex:reach ?y . ?y ex:p1 ?v . }" .
`;

/** A random dataset over a few properties and classes: subproperty / equivalence / inverse axioms (cycles too), typed nodes, links. */
function randomData(seed: number): string {
  const random = new SeededRandom(seed);
  const lines: string[] = [];
  const p = (i: number) => `<${EX}p${i}>`;
  const c = (i: number) => `<${EX}C${i}>`;
  const node = () => `<${EX}n${random.int(0, 14)}>`;
  for (let i = 0; i < 6; i++) {
    if (random.chance(0.6)) lines.push(`${p(random.int(0, 5))} <${RDFS}subPropertyOf> ${p(random.int(0, 5))} .`);
    if (random.chance(0.3)) lines.push(`${p(random.int(0, 5))} <${OWL}equivalentProperty> ${p(random.int(0, 5))} .`);
    if (random.chance(0.5)) lines.push(`${c(random.int(0, 4))} <${RDFS}subClassOf> ${c(random.int(0, 4))} .`);
    if (random.chance(0.2)) lines.push(`${c(random.int(0, 4))} <${OWL}equivalentClass> ${c(random.int(0, 4))} .`);
  }
  if (random.chance(0.7)) lines.push(`${p(random.int(0, 5))} <${OWL}inverseOf> ${p(random.int(0, 5))} .`);
  if (random.chance(0.3)) lines.push(`${p(random.int(0, 5))} <${RDFS}subPropertyOf> <${RDF_TYPE}> .`);
  for (let i = 0; i < 30; i++) {
    lines.push(random.chance(0.3) ? `${node()} <${RDF_TYPE}> ${c(random.int(0, 4))} .` : `${node()} ${p(random.int(0, 5))} ${random.chance(0.8) ? node() : `"${random.int(0, 9)}"`} .`);
  }
  return `${lines.join('\n')}\n`;
}

function scratchWith(data: string): oxigraph.Store {
  const scratch = new oxigraph.Store();
  scratch.load(data, { format: 'application/n-triples', to_graph_name: n(SCRATCH_DATA_GRAPH) });
  return scratch;
}

/** Reference: every rule in full, in execution order, round after round, until a round adds nothing (naive evaluation). */
function naiveFixpoint(scratch: oxigraph.Store, rules: readonly Rule[]): void {
  const ordered = executionOrder(rules);
  const using = [SCRATCH_DATA_GRAPH, ...ordered.map((r) => r.graph)];
  const updates = ordered.map((r) => insertUpdates(parseConstruct(r.query, r.id), r.graph, using));
  for (let before = -1; scratch.size !== before;) {
    before = scratch.size;
    for (const list of updates) for (const u of list) scratch.update(u);
  }
}

const graphLines = (scratch: oxigraph.Store, graph: string): string[] =>
  scratch.dump({ format: 'application/n-triples', from_graph_name: n(graph) }).split('\n').filter(Boolean).sort();

describe('seminaivePlan', () => {
  it('plans monotone WHEREs and lists the IRIs their paths read', () => {
    const built = plan('CONSTRUCT { ?s ?super ?o } WHERE { ?sub rdfs:subPropertyOf+ ?super . FILTER(?sub != ?super) ?s ?sub ?o . }');
    expect(built).toBeDefined();
    expect([...built!.pathPredicates]).toEqual([`${RDFS}subPropertyOf`]);
    expect(built!.updates([])).toEqual([]);
    const [update] = built!.updates([`${EX}changed`]);
    expect(update).toContain("USING NAMED ex:changed");
    expect(update).toContain("GRAPH ex:changed");
    expect(plan('CONSTRUCT { ?x ex:t ?u } WHERE { ?x ex:p ?y . BIND(STR(?y) AS ?u) ?y ex:q ?z }')!.updates([`${EX}c`])[0]).toContain('UNION');
  });

  it('gives no plan for what a delta cannot follow', () => {
    for (const where of [
      '?x ex:p ?y OPTIONAL { ?y ex:q ?z }',
      '?x ex:p ?y FILTER NOT EXISTS { ?y ex:q ?x }',
      '?x ex:p ?y FILTER EXISTS { ?y ex:q ?x }',
      '{ ?x ex:p ?y } UNION { ?y ex:p ?x }',
      '?x ex:p ?y MINUS { ?y ex:q ?x }',
      '?x ex:p* ?y',
      '?x ex:p? ?y',
      '?x !ex:p ?y',
      '?x ex:p [ ex:q ?y ]',
      '{ SELECT ?x ?y WHERE { ?x ex:p ?y } }',
    ]) expect(plan(`CONSTRUCT { ?x ex:r ?y } WHERE { ${where} }`)).toBeUndefined();
  });
});

describe('runToFixpoint with semi-naive re-runs', () => {
  const builtIns = loadRuleFiles(join(packageRoot(), 'shapes', 'rules'));
  const extra = rulesFromSource({ ruleSet: 'extra', source: 'test', quads: parseTurtle(EXTRA_RULES, EX) });
  const rules = [...builtIns, ...extra];

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('seed %i: derives into each rule graph exactly what naive evaluation derives', (seed) => {
    const data = randomData(seed);
    const fast = scratchWith(data);
    const result = runToFixpoint(fast, rules);
    const reference = scratchWith(data);
    naiveFixpoint(reference, rules);
    expect(result.iterations).toBeGreaterThanOrEqual(2);
    for (const rule of rules) expect({ rule: rule.id, lines: graphLines(fast, rule.graph) }).toEqual({ rule: rule.id, lines: graphLines(reference, rule.graph) });
    expect(result.derived).toBe(reference.size - fast.match(null, null, null, n(SCRATCH_DATA_GRAPH)).length);
    expect(result.perRule.reduce((sum, s) => sum + s.derived, 0)).toBe(result.derived);
  });

  it('derives an equivalent property\'s twin once; the confirming execution adds nothing', () => {
    const scratch = scratchWith(`<${EX}a> <${OWL}equivalentProperty> <${EX}b> .\n<${EX}s> <${EX}a> "1" .\n`);
    const result = runToFixpoint(scratch, builtIns);
    expect(graphLines(scratch, builtIns.find((r) => r.id === 'subproperty-statement')!.graph)).toEqual([`<${EX}s> <${EX}b> "1" .`]);
    expect(result.perRule.find((s) => s.rule.id === 'subproperty-statement')!.executions).toBe(2);
  });
});
