/**
 * The rule model: whatever its source syntax (cf:Rule with a SPARQL
 * CONSTRUCT, SHACL-AF sh:SPARQLRule or sh:TripleRule), a rule is compiled
 * into ONE set-based SPARQL CONSTRUCT over all its focus nodes
 * (docs/reasoner.md "Execution model").
 */
import type { PremiseSignature } from './premiseSignature.js';

export type RuleKind = 'sparql' | 'shacl-sparql' | 'shacl-triple';

export interface Rule {
  /** Slug, unique within its rule set; names the inferred graph. */
  readonly id: string;
  /** Rule set: the file name for shapes/rules/*.ttl ("rdfs-owl"), "graph" for rules stored in the graph. */
  readonly ruleSet: string;
  /** IRI of the rule resource; undefined for a blank-node SHACL rule (see `shape`). */
  readonly iri?: string;
  /** SHACL-AF: the shape holding the sh:rule. */
  readonly shape?: string;
  readonly kind: RuleKind;
  readonly label?: string;
  /** The set-based CONSTRUCT the rule runs as. */
  readonly query: string;
  /** Predicate IRIs its WHERE reads, or 'any' (variable predicate, negated property set, GRAPH, SERVICE). */
  readonly reads: ReadonlySet<string> | 'any';
  /** What changed triples can affect its WHERE (incremental re-evaluation, premiseSignature.ts). */
  readonly premises: PremiseSignature;
  /** Predicate IRIs its template writes, or 'any' (variable predicate). */
  readonly writes: ReadonlySet<string> | 'any';
  /** Where the rule came from: a file path or a graph IRI. */
  readonly source: string;
  /** sh:order (SHACL-AF §8.1), 0 by default; lower runs first within an iteration. */
  readonly order: number;
  /** The inferred graph its derived triples go to. */
  readonly graph: string;
}

/** A stable name for messages and provenance: the rule IRI, or shape + id for blank-node SHACL rules. */
export function ruleName(rule: Rule): string {
  return rule.iri ?? `${rule.shape ?? rule.source}#${rule.id}`;
}
