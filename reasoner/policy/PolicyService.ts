/**
 * Ontology-driven policies (issue 4, docs/policies.md): SHACL shapes that are also cf:Policy, stored in the
 * policies graph (GRAPHS.policies). Create / list / get / update / delete them (a document that is not valid
 * SHACL is refused with the parser's or SHACL-SHACL's message), list the current violations over the whole
 * continuum, and check hypothetical placements without changing the store — the PolicyGate placement calls
 * for every candidate IE. No HTTP here; knows the GraphStore only.
 *
 * Evaluation: each sh:sparql constraint is ONE set-based SPARQL query on oxigraph (all focus nodes at once);
 * a check runs the precompiled check form of each, restricted to the affected focus nodes (the components,
 * their services, the proposed IEs, their domains, the components' current IEs) with the proposals injected
 * through VALUES (placementOverlay.ts). SHACL Core parts run in shacl-engine (coreConstraints.ts). Placement asks
 * for a whole plan's prefixes at once through allowsEachPrefix (prefixVerdicts.ts, monotonicity.ts). The policies
 * are compiled once per change of the policies graph (PolicyCatalog.ts).
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { AlreadyExistsError, InvalidRequestError, NotImplementedError, ResourceNotFoundError } from '../../fabric/errors/FabricError.js';
import { PolicyDefinitionError } from '../../fabric/errors/PolicyError.js';
import type { PolicyGate, PolicyVerdict, PolicyViolation, ProposedPlacement } from '../../orchestration/placement/PolicyGate.js';
import { termKey } from '../rdfTerms.js';
import { describe, policyNodes, type CompiledPolicy } from './compilePolicies.js';
import { allData, neighbourhood, neighbourhoodData, neighbourhoodSelect } from './coreConstraints.js';
import { explainViolation, type ExplainedViolation } from './explainViolation.js';
import { fillMessage, type SparqlConstraint } from './sparqlConstraint.js';
import { fillPlaceholders } from './placementOverlay.js';
import { allowsEachPrefix } from './prefixVerdicts.js';
import { affectedSelect } from './affectedNodes.js';
import { selectRows } from '../../fabric/store/selectRows.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import { validatePolicyDocument } from './validatePolicyDocument.js';
import { POLICY } from './policyVocabulary.js';
import { PolicyCatalog, toN3, type CompiledPolicies } from './PolicyCatalog.js';
import { isValidIri } from '../../fabric/rdf/iriValidation.js';

export interface PolicyView {
  readonly id: string;
  readonly iri: string;
  readonly label?: string;
  readonly comment?: string;
  readonly severity: PolicyViolation['severity'];
  readonly appliesTo: readonly string[];
  readonly deactivated: boolean;
  /** Number of sh:sparql constraints, and whether SHACL Core constraints remain. */
  readonly sparqlConstraints: number;
  readonly coreConstraints: boolean;
  readonly limitations: readonly string[];
}

export interface PolicyReport {
  /** True when no result has severity Violation. */
  readonly conforms: boolean;
  readonly violations: readonly ExplainedViolation[];
  /** Policies of the graph that no longer compile (written around the API), with the reason; they are skipped. */
  readonly broken?: ReadonlyArray<{ policy: string; reason: string }>;
}

export interface CheckVerdict extends PolicyVerdict {
  readonly violations: readonly ExplainedViolation[];
}

const { namedNode } = N3.DataFactory;
const policiesGraph = namedNode(POLICY.graph);

function view(p: CompiledPolicy): PolicyView {
  return {
    id: p.id, iri: p.iri, ...(p.label ? { label: p.label } : {}), ...(p.comment ? { comment: p.comment } : {}), severity: p.severity,
    appliesTo: p.appliesTo, deactivated: p.deactivated, sparqlConstraints: p.sparql.length, coreConstraints: p.hasCore, limitations: p.limitations,
  };
}

export class PolicyService implements PolicyGate {
  /** The policies graph, compiled (recompiled when it changes). */
  private readonly catalog: PolicyCatalog;

  constructor(private readonly store: GraphStore) {
    this.catalog = new PolicyCatalog(store);
  }

  list(): PolicyView[] {
    return this.current().policies.map(view);
  }

  /** One policy with its description as Turtle. */
  async get(id: string): Promise<PolicyView & { readonly turtle: string }> {
    const policy = this.find(id);
    const quads = describe(toN3(this.storedQuads()), namedNode(policy.iri));
    const writer = new N3.Writer({ prefixes: { sh: 'http://www.w3.org/ns/shacl#', rdfs: 'http://www.w3.org/2000/01/rdf-schema#', cf: 'https://w3id.org/continuum-fabric/ns#', aeros: 'https://w3id.org/aerOS/continuum#', cfpol: 'https://w3id.org/continuum-fabric/policies#' } });
    const turtle = await new Promise<string>((resolve, reject) => {
      writer.addQuads(quads.map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object)));
      writer.end((error, result: string) => (error ? reject(error) : resolve(result)));
    });
    return { ...view(policy), turtle };
  }

  /** Store the policies of a document; refused as a whole (nothing stored) if one is not valid SHACL, does not compile, or exists. */
  async create(text: string, mediaType: string): Promise<PolicyView[]> {
    const quads = parsePolicyDocument(text, mediaType);
    const fresh = await validatePolicyDocument(this.store, quads, this.storedQuads(), []);
    const taken = new Set(this.current().policies.flatMap((p) => [p.iri, p.id]));
    const clash = fresh.find((p) => taken.has(p.iri) || taken.has(p.id));
    if (clash) throw new AlreadyExistsError(`A policy ${clash.iri} (id "${clash.id}") already exists; update it with PUT /policies/${clash.id} or choose another IRI.`);
    await this.store.commit({ deletes: [], inserts: quads });
    this.catalog.changed();
    return fresh.map(view);
  }

  /** Replace one policy by the document's description of it (the document holds exactly that policy). */
  async update(id: string, text: string, mediaType: string): Promise<PolicyView> {
    const old = this.find(id);
    const quads = parsePolicyDocument(text, mediaType);
    const nodes = policyNodes(toN3(quads));
    if (nodes.length !== 1 || nodes[0].value !== old.iri) {
      throw new PolicyDefinitionError(`The document must describe exactly the policy ${old.iri} (found ${nodes.map((n) => n.value).join(', ') || 'none'}).`, { reason: 'policy', policy: old.iri });
    }
    const deletes = describe(toN3(this.storedQuads()), namedNode(old.iri));
    const [fresh] = await validatePolicyDocument(this.store, quads, this.storedQuads(), deletes);
    await this.store.commit({ deletes: this.inGraph(deletes), inserts: quads });
    this.catalog.changed();
    return view(fresh);
  }

  async delete(id: string): Promise<void> {
    const policy = this.find(id);
    await this.store.commit({ deletes: this.inGraph(describe(toN3(this.storedQuads()), namedNode(policy.iri))), inserts: [] });
    this.catalog.changed();
  }

  /**
   * The current violations over the whole continuum (every active policy, every focus node); `policy` keeps one
   * policy (id or IRI), `focus` only the verdicts about one resource (evaluated for that node alone: the check form);
   * a focus that is a policy IRI keeps that policy's violations.
   */
  async violations(options: { explain?: boolean; focus?: string; policy?: string } = {}): Promise<PolicyReport> {
    const compiled = this.current();
    // A policy's own IRI as focus means "that policy's violations" (what `continuum explain <policy IRI>` asks).
    const focusIsPolicy = options.focus !== undefined && compiled.policies.some((p) => p.iri === options.focus);
    const policyId = focusIsPolicy ? options.focus : options.policy;
    const only = policyId !== undefined ? this.find(policyId).iri : undefined;
    if (options.focus !== undefined && !isValidIri(options.focus)) throw new InvalidRequestError('focus must be an absolute IRI.', { parameter: 'focus' });
    const focus = options.focus !== undefined && !focusIsPolicy ? [options.focus] : undefined;
    const found: Array<[PolicyViolation, CompiledPolicy, SparqlConstraint?]> = [];
    for (const policy of compiled.policies.filter((p) => !p.deactivated && (only === undefined || p.iri === only))) {
      for (const c of policy.sparql) {
        const query = focus ? fillPlaceholders(c.given, [], [], focus) : c.all;
        for (const v of await this.run(c, query, policy)) found.push([v, policy, c]);
      }
    }
    if (compiled.core.active) {
      const data = focus ? await neighbourhood(this.store, focus, [], compiled.core.predicates) : await allData(this.store, compiled.core.predicates);
      for (const v of await compiled.core.validate(data, focus ? new Set(focus) : undefined)) {
        if (only === undefined || v.policy === only) found.push([v, this.byIri(compiled, v.policy)]);
      }
    }
    return this.report(found, [], options.explain === true, compiled.broken);
  }

  /** Would these placements violate a policy? Evaluated on the store as it is plus the proposals; nothing is written. */
  async check(placements: readonly ProposedPlacement[], tenant?: string, options: { explain?: boolean } = {}): Promise<CheckVerdict> {
    if (tenant !== undefined && tenant !== '' && tenant !== 'default') throw new NotImplementedError('Policies work on the default tenant only (docs/policies.md).');
    const rows = placements.map((p): [string, string] => {
      if (!isValidIri(p.component) || !isValidIri(p.ie)) throw new InvalidRequestError('Each placement names a component and an IE by absolute IRI.', { parameter: 'placements' });
      return [p.component, p.ie];
    });
    const compiled = this.current();
    const moved = [...new Set(rows.map(([c]) => c))];
    const { affected, focusOf } = await this.targetsOf(compiled, rows, moved);
    const found: Array<[PolicyViolation, CompiledPolicy, SparqlConstraint?]> = [];
    const branches = [...focusOf].sort(([a], [b]) => a - b)
      .map(([k, focus]) => `{ { ${fillPlaceholders(compiled.checkConstraints[k][1].onTargets, rows, moved, focus)} } BIND(${k} AS ?__k) }`);
    if (compiled.core.active) branches.push(`{ ${neighbourhoodSelect(affected, compiled.core.predicates)} }`);
    const solutions = branches.length > 0 ? await selectRows(this.store, `SELECT * WHERE { ${branches.join(' UNION ')} }`) : [];
    for (const row of solutions) {
      const k = row.get('__k');
      if (k === undefined) continue;
      const [policy, c] = compiled.checkConstraints[Number(k.value)];
      const v = this.violationOf(row, c, policy);
      if (v) found.push([v, policy, c]);
    }
    if (compiled.core.active) {
      for (const v of await compiled.core.validate(neighbourhoodData(solutions.filter((row) => !row.has('__k')), rows), new Set(affected))) found.push([v, this.byIri(compiled, v.policy)]);
    }
    const report = await this.report(found, rows, options.explain === true, []);
    return { allowed: report.conforms, violations: report.violations };
  }

  /**
   * PolicyGate's fast path for placement (prefixVerdicts.ts): true only if check(placements.slice(0, k)) would be
   * allowed for every k in `lengths`, evaluated with one check of the whole list (plus one query per prefix for the
   * policies that are not monotone); false when a prefix is refused or when that cannot be told at once.
   */
  async allowsEachPrefix(placements: readonly ProposedPlacement[], lengths: readonly number[], tenant?: string): Promise<boolean> {
    return allowsEachPrefix({
      store: this.store, policies: this.current().policies,
      check: (p) => this.check(p, tenant),
    }, placements, lengths);
  }

  /**
   * The affected nodes of a check (affectedNodes.ts) and, for each SPARQL constraint, those of them that are its targets
   * with the proposals — ONE query: the affected nodes' sub-select joined with every distinct target test as
   * `BIND(EXISTS …)` (PolicyCatalog.targetBinds). check then asks the check form of each constraint that has such nodes,
   * for them only and without the target test (SparqlConstraint.onTargets), together with the core neighbourhood: two
   * queries per check. A constraint evaluated for all affected nodes would also join its patterns with nodes that are
   * not its targets, e.g. the domain of a check with `?c aeros:isPartOfService ?this`: oxigraph answers such a pattern
   * in time proportional to the domain's size (measured: 0.7 ms for a 12k-IE domain, for no solution).
   */
  private async targetsOf(compiled: CompiledPolicies, rows: ReadonlyArray<readonly [string, string]>, moved: readonly string[]): Promise<{ affected: string[]; focusOf: Map<number, string[]> }> {
    const binds = compiled.targetBinds === '' ? '' : fillPlaceholders(compiled.targetBinds, rows, moved, []);
    const affected: string[] = [];
    const focusOf = new Map<number, string[]>();
    for (const row of await selectRows(this.store, `SELECT * WHERE { { ${affectedSelect(rows)} } ${binds} }`)) {
      const node = row.get('this')!.value;
      affected.push(node);
      compiled.targetTests.forEach((constraints, t) => {
        if (row.get(`__t${t}`)?.value !== 'true') return;
        for (const k of constraints) {
          const nodes = focusOf.get(k);
          if (nodes) nodes.push(node); else focusOf.set(k, [node]);
        }
      });
    }
    return { affected, focusOf };
  }

  private async run(c: SparqlConstraint, query: string, policy: CompiledPolicy): Promise<PolicyViolation[]> {
    const result = await this.store.query(query);
    if (result.kind !== 'bindings') return [];
    return result.rows.map((row) => this.violationOf(row, c, policy)).filter((v): v is PolicyViolation => v !== undefined);
  }

  /** One solution of a SPARQL constraint as a result (SHACL §5.3.2): focus ?this, ?value, ?path, ?message or the sh:message template. */
  private violationOf(row: ReadonlyMap<string, RDF.Term>, c: SparqlConstraint, policy: CompiledPolicy): PolicyViolation | undefined {
    const focus = row.get('this');
    if (!focus) return undefined;
    const value = row.get('value');
    const path = row.get('path');
    const message = row.get('message')?.value ?? (c.message ? fillMessage(c.message, row) : `${focus.value} violates policy ${policy.label ?? policy.id}.`);
    return {
      policy: policy.iri, focusNode: focus.value,
      ...(path ? { path: termKey(path) } : c.path ? { path: c.path } : {}),
      ...(value ? { value: value.value } : {}),
      message, severity: policy.severity,
    };
  }

  private async report(found: Array<[PolicyViolation, CompiledPolicy, SparqlConstraint?]>, rows: ReadonlyArray<readonly [string, string]>, explain: boolean, broken: CompiledPolicies['broken']): Promise<PolicyReport> {
    const violations: ExplainedViolation[] = [];
    for (const [v, policy, constraint] of found) {
      violations.push(explain ? { ...v, explanation: await explainViolation(this.store, policy, v, rows, constraint) } : v);
    }
    return { conforms: !violations.some((v) => v.severity === 'Violation'), violations, ...(broken.length > 0 ? { broken } : {}) };
  }

  private storedQuads(): RDF.Quad[] {
    return this.catalog.storedQuads();
  }

  private inGraph(quads: readonly RDF.Quad[]): RDF.Quad[] {
    return quads.map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, policiesGraph));
  }

  private find(id: string): CompiledPolicy {
    const policy = this.current().policies.find((p) => p.id === id || p.iri === id);
    if (!policy) throw new ResourceNotFoundError(`No policy "${id}".`);
    return policy;
  }

  private byIri(compiled: CompiledPolicies, iri: string): CompiledPolicy {
    return compiled.policies.find((p) => p.iri === iri)!;
  }

  /** The compiled policies (PolicyCatalog: compiled again only after the policies graph changed). */
  private current(): CompiledPolicies {
    return this.catalog.current();
  }
}
