/**
 * The reasoner as a service for the HTTP API (/reasoner, docs/reasoner.md):
 * list the active rules, add rules (Turtle, stored in the rules graph after
 * they compiled), remove a rule of the rules graph (a blank-node SHACL rule too), run, explain. Knows only
 * the GraphStore and the RuleEngine; no HTTP here. Full runs go to a FullRunner: the
 * engine itself (in process, the default) or, in FabricNode, a worker thread
 * (docs/reasoner.md "POST /reasoner/run in a worker thread").
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { GRAPHS, SH } from '../fabric/rdf/namespaces.js';
import { AlreadyExistsError, OperationNotSupportedError, ResourceNotFoundError } from '../fabric/errors/FabricError.js';
import { RuleDefinitionError } from '../fabric/errors/ReasonerError.js';
import type { RuleEngine, RunStats, ExplainTarget } from './RuleEngine.js';
import type { TripleExplanation } from './explainDerivation.js';
import { parseTurtle, rulesFromSource } from './loadRules.js';
import { compileShaclRules } from './shaclRules.js';
import type { Rule } from './Rule.js';

export interface RuleView {
  readonly id: string;
  readonly ruleSet: string;
  readonly iri?: string;
  readonly shape?: string;
  readonly kind: Rule['kind'];
  readonly source: string;
  readonly order: number;
  readonly graph: string;
  readonly query: string;
  /** Only rules of the rule set "graph" can be removed through the API. */
  readonly removable: boolean;
}

/** Makes a full run (RuleEngine.run's contract: serialized, nothing written on failure) and answers its statistics. */
export interface FullRunner {
  run(): Promise<RunStats>;
}

const GRAPH_RULE_SET = 'graph';
/** Base IRI for relative IRIs in added rule documents (resolved the same way by n3 and oxigraph). */
const RULES_BASE = 'https://w3id.org/continuum-fabric/rules/graph/';
const rulesGraph = N3.DataFactory.namedNode(GRAPHS.rules);

function view(rule: Rule): RuleView {
  return {
    id: rule.id, ruleSet: rule.ruleSet, ...(rule.iri ? { iri: rule.iri } : {}), ...(rule.shape ? { shape: rule.shape } : {}),
    kind: rule.kind, source: rule.source, order: rule.order, graph: rule.graph, query: rule.query, removable: rule.ruleSet === GRAPH_RULE_SET,
  };
}

export class ReasonerService {
  constructor(private readonly store: GraphStore, private readonly engine: RuleEngine, private readonly runner: FullRunner = engine) {}

  list(): RuleView[] {
    return this.engine.rules().map(view);
  }

  /** Add the rules of a Turtle document to the rules graph; refused as a whole if any rule does not compile or its id is taken. */
  async add(turtle: string): Promise<RuleView[]> {
    const quads = parseTurtle(turtle, RULES_BASE);
    const fresh = rulesFromSource({ ruleSet: GRAPH_RULE_SET, source: GRAPHS.rules, quads });
    if (fresh.length === 0) throw new RuleDefinitionError('The document holds no rule (a cf:Rule or a shape with sh:rule).');
    const taken = new Set(this.engine.rules().filter((r) => r.ruleSet === GRAPH_RULE_SET).map((r) => r.id));
    const clash = fresh.find((r) => taken.has(r.id));
    if (clash) throw new AlreadyExistsError(`A rule with id "${clash.id}" already exists in the rules graph; remove it first or choose another cf:ruleId.`);
    // Compile together with the stored rules, so the whole rule set stays valid.
    rulesFromSource({ ruleSet: GRAPH_RULE_SET, source: GRAPHS.rules, quads: [...this.store.match(null, null, null, rulesGraph), ...quads] });
    await this.store.load(turtle, { format: 'text/turtle', graph: GRAPHS.rules, baseIri: RULES_BASE });
    // Answer the rules as the store now lists them: a blank-node SHACL rule's id hashes its compiled query, and
    // what the compiler sees in a different order (e.g. several blank-node sh:property conditions) may differ
    // between the document and the stored graph; the ids answered must be those GET and DELETE use.
    const stored = this.engine.rules().filter((r) => r.ruleSet === GRAPH_RULE_SET && !taken.has(r.id));
    return (stored.length === fresh.length ? stored : fresh).map(view);
  }

  /** Remove a rule of the rules graph (its description, with its blank nodes, and any sh:rule link to it; a blank-node SHACL rule's shape keeps its other triples). Its inferred graph goes at the next run. */
  async remove(id: string): Promise<void> {
    const rule = this.engine.rules().find((r) => r.id === id && r.ruleSet === GRAPH_RULE_SET);
    if (!rule) {
      const elsewhere = this.engine.rules().find((r) => r.id === id);
      if (elsewhere) throw new OperationNotSupportedError(`Rule "${id}" belongs to rule set "${elsewhere.ruleSet}" (${elsewhere.source}); only rules of the rules graph can be removed here.`, 403);
      throw new ResourceNotFoundError(`No rule "${id}" in the rules graph.`);
    }
    const node = this.ruleNode(rule);
    if (!node) throw new OperationNotSupportedError(`Rule "${id}" cannot be found in the rules graph; remove or edit its shape instead (give rules an IRI to manage them one by one).`);
    const deletes = [...this.describe(node), ...this.store.match(null, N3.DataFactory.namedNode(`${SH}rule`), node, rulesGraph)];
    await this.store.commit({ deletes, inserts: [] });
  }

  run(): Promise<RunStats> {
    return this.runner.run();
  }

  explain(target: ExplainTarget): Promise<TripleExplanation[]> {
    return this.engine.explain(target);
  }

  /** The rule's node in the rules graph: its IRI, or the blank node carrying its cf:ruleId. */
  private ruleNode(rule: Rule): RDF.Term | undefined {
    if (rule.iri) return N3.DataFactory.namedNode(rule.iri);
    if (rule.kind !== 'sparql') {
      // A blank-node sh:rule: compiled from the rules graph as the engine lists it (same triples, same order, so the
      // same id), which gives its node with the store's blank-node label. Its shape's other triples stay.
      const graph = new N3.Store(this.store.match(null, null, null, rulesGraph).map((q) => N3.DataFactory.fromQuad(q as N3.Quad)));
      return compileShaclRules(graph).find((r) => r.id === rule.id)?.node;
    }
    const idQuads = this.store.match(null, N3.DataFactory.namedNode('https://w3id.org/continuum-fabric/ns#ruleId'), N3.DataFactory.literal(rule.id), rulesGraph);
    return idQuads[0]?.subject;
  }

  /** Concise bounded description: the node's triples and, recursively, those of its blank-node objects. */
  private describe(node: RDF.Term, seen = new Set<string>()): RDF.Quad[] {
    const key = `${node.termType}:${node.value}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const quads = this.store.match(node, null, null, rulesGraph);
    return [...quads, ...quads.filter((q) => q.object.termType === 'BlankNode').flatMap((q) => this.describe(q.object, seen))];
  }
}
