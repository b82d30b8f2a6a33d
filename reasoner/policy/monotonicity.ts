/**
 * Which policies can only find MORE violations when more placements are proposed (issue 5, placement fast path,
 * docs/policies.md "Checking a whole plan at once"). For such a policy a violation found for the placements
 * P1..Pk is still found for P1..Pn (n > k), so a whole plan without its violations implies that every prefix of it
 * is without them too — placement can check the plan once instead of once per component.
 *
 * Syntactic and conservative (a "no" only costs speed: the caller then checks prefix by prefix):
 * - sh:sparql: the overlay (placementOverlay.ts) only ADDS triples (given that no proposed component has a stored
 *   placement to be replaced — checked at run time) and the focus nodes only grow, so a query is monotone unless a
 *   non-monotone construct reads the overlaid predicates: OPTIONAL / MINUS / EXISTS / NOT EXISTS, sub-selects,
 *   grouping, aggregates, HAVING, LIMIT / OFFSET (what reads only stored facts is fixed per solution and harmless).
 * - SHACL Core: only constraint components whose violations persist when values and focus nodes are added
 *   (sh:class, sh:datatype, sh:maxCount, sh:in, …); sh:minCount, sh:hasValue, sh:not, sh:and, sh:or, sh:xone,
 *   sh:node, qualified shapes and the pair comparisons (sh:equals, sh:lessThan…) are not.
 */
import type * as RDF from '@rdfjs/types';
import type { Expression, Pattern, PropertyPath, SelectQuery, Triple } from 'sparqljs';
import { SH } from '../../fabric/rdf/namespaces.js';
import { POLICY } from './policyVocabulary.js';

const OVERLAID = new Set<string>([POLICY.infrastructureElement, POLICY.proposedInfrastructureElement]);

const NON_MONOTONE_CORE = new Set(['minCount', 'hasValue', 'not', 'and', 'or', 'xone', 'node', 'qualifiedValueShape', 'qualifiedMinCount',
  'qualifiedMaxCount', 'equals', 'lessThan', 'lessThanOrEquals', 'sparql'].map((l) => `${SH}${l}`));

type Predicate = Triple['predicate'];
const isPath = (p: Predicate): p is PropertyPath => !('termType' in p);

function predicateMentions(p: Predicate): boolean {
  return isPath(p) ? p.items.some((i) => predicateMentions(i as Predicate)) : OVERLAID.has(p.value);
}

/** Does anything inside these patterns (or expressions) read an overlaid predicate? */
function mentions(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(mentions);
  if (typeof node !== 'object' || node === null) return false;
  const o = node as Record<string, unknown>;
  if (o.type === 'bgp') return (o.triples as Triple[]).some((t) => predicateMentions(t.predicate));
  if ('termType' in o) return false;
  return Object.values(o).some(mentions);
}

/** An expression is harmless unless it holds an EXISTS / NOT EXISTS (or a sub-pattern) over overlaid predicates. */
function expressionMonotone(e: Expression): boolean {
  return !mentions(e);
}

function aggregates(query: SelectQuery): boolean {
  const variables = query.variables as unknown[];
  return query.group !== undefined || query.having !== undefined || query.limit !== undefined || query.offset !== undefined
    || variables.some((v) => typeof v === 'object' && v !== null && 'expression' in v);
}

function patternsMonotone(patterns: readonly Pattern[]): boolean {
  return patterns.every((p): boolean => {
    switch (p.type) {
      case 'bgp': case 'values': return true;
      case 'group': case 'union': case 'graph': return patternsMonotone(p.patterns);
      case 'optional': case 'minus': return !mentions(p.patterns);
      case 'filter': return expressionMonotone(p.expression);
      case 'bind': return expressionMonotone(p.expression);
      case 'query': return !mentions(p.where ?? []) || (!aggregates(p) && patternsMonotone(p.where ?? []));
      default: return false;
    }
  });
}

/** Whether a constraint's sh:select (as parsed) can only gain solutions when placements are added. */
export function selectIsMonotone(query: SelectQuery): boolean {
  return !aggregates(query) && patternsMonotone(query.where ?? []);
}

/** Whether the SHACL Core part of a policy (its description without sh:sparql) uses only monotone constraint components. */
export function coreIsMonotone(coreQuads: readonly RDF.Quad[]): boolean {
  return !coreQuads.some((q) => NON_MONOTONE_CORE.has(q.predicate.value));
}
