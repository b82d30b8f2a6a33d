/**
 * The policies of the store, compiled (docs/policies.md): every cf:Policy of the policies graph (GRAPHS.policies)
 * through compilePolicy, the ones that no longer compile (written around the API) listed as broken, the SHACL Core
 * parts for shacl-engine (CoreConstraints), and the active sh:sparql constraints' target tests as `BIND(EXISTS { … } AS
 * ?__tN)`, one per DISTINCT test (constraints with the same targets share it — the 8 SPARQL constraints of the built-in
 * policies have 3), which a check joins with its affected nodes: one query answers the nodes and their tests; a second
 * asks the constraints' check forms, each with its own focus nodes, and the core neighbourhood (PolicyService.check).
 * Compiled again only when
 * the policies graph changed: with a change feed, after a change record naming the graph; with a change counter,
 * after any change whose policy quads differ; without either, looked at again at most every RECHECK_MS
 * (PolicyService's own writes call `changed`, so they take effect at once).
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { termKey } from '../rdfTerms.js';
import { compilePolicy, policyNodes, type CompiledPolicy } from './compilePolicies.js';
import { CoreConstraints, subclassAxioms } from './coreConstraints.js';
import type { SparqlConstraint } from './sparqlConstraint.js';
import { POLICY } from './policyVocabulary.js';

export interface CompiledPolicies {
  /** The policies graph's triples, as text: equal text, same compilation. */
  readonly fingerprint: string;
  /** In IRI order. */
  readonly policies: readonly CompiledPolicy[];
  readonly broken: ReadonlyArray<{ policy: string; reason: string }>;
  readonly core: CoreConstraints;
  /**
   * The distinct target tests (SparqlConstraint.targetPattern) of the active SPARQL constraints for a ?this bound
   * before them: `BIND(EXISTS { test N } AS ?__tN)` for each N, with the overlay's placeholders; '' without any.
   */
  readonly targetBinds: string;
  /** Who each ?__k of a check query is. */
  readonly checkConstraints: ReadonlyArray<readonly [CompiledPolicy, SparqlConstraint]>;
  /** For each ?__tN of targetBinds: the indices (?__k) of the constraints whose target test it is. */
  readonly targetTests: ReadonlyArray<readonly number[]>;
}

const RECHECK_MS = 1000;
const policiesGraph = N3.DataFactory.namedNode(POLICY.graph);

/** Quads as an N3 store (what compilePolicies reads). */
export const toN3 = (quads: readonly RDF.Quad[]): N3.Store => new N3.Store(quads.map((q) => N3.DataFactory.fromQuad(q as N3.Quad)));

export class PolicyCatalog {
  private compiled?: CompiledPolicies;
  private compiledAt?: number;
  private dirty = false;
  /** Whether the store's change feed tells when the policies graph changes (then nothing is re-read per call). */
  private readonly followsChanges: boolean;

  constructor(private readonly store: GraphStore) {
    const token = `<${POLICY.graph}>`;
    const unsubscribe = store.onCommit?.((record) => {
      if (record.inserts.includes(token) || record.deletes.includes(token)) this.dirty = true;
    });
    this.followsChanges = unsubscribe !== undefined;
  }

  /** The policies graph changed (a write through PolicyService): compile again on the next `current`. */
  changed(): void {
    this.dirty = true;
  }

  /** The quads of the policies graph. */
  storedQuads(): RDF.Quad[] {
    return this.store.match(null, null, null, policiesGraph);
  }

  /** The compiled policies, compiled again only when the policies graph changed (see the file comment). */
  current(): CompiledPolicies {
    if (this.followsChanges && this.compiled && !this.dirty) return this.compiled;
    const count = this.store.changeCount?.() ?? Math.floor(performance.now() / RECHECK_MS);
    if (!this.followsChanges && this.compiled && count === this.compiledAt && !this.dirty) return this.compiled;
    this.dirty = false;
    const quads = this.storedQuads();
    const fingerprint = quads.map((q) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`).join('\n');
    if (!this.compiled || this.compiled.fingerprint !== fingerprint) this.compiled = this.compile(quads, fingerprint);
    this.compiledAt = count;
    return this.compiled;
  }

  private compile(quads: readonly RDF.Quad[], fingerprint: string): CompiledPolicies {
    const store = toN3(quads);
    const policies: CompiledPolicy[] = [];
    const broken: Array<{ policy: string; reason: string }> = [];
    for (const node of policyNodes(store)) {
      try {
        policies.push(compilePolicy(store, node));
      } catch (error) {
        broken.push({ policy: node.value, reason: (error as Error).message });
      }
    }
    policies.sort((a, b) => a.iri.localeCompare(b.iri));
    const checkConstraints = policies.filter((p) => !p.deactivated).flatMap((p) => p.sparql.map((c) => [p, c] as const));
    const tests = new Map<string, number[]>();
    checkConstraints.forEach(([, c], k) => tests.set(c.targetPattern, [...(tests.get(c.targetPattern) ?? []), k]));
    const targetBinds = [...tests.keys()].map((pattern, t) => `BIND(EXISTS ${pattern} AS ?__t${t})`).join(' ');
    return {
      fingerprint, policies, broken, core: new CoreConstraints(policies, subclassAxioms(this.store)), checkConstraints,
      targetTests: [...tests.values()], targetBinds,
    };
  }
}
