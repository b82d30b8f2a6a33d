/**
 * Semi-naive re-runs within a full run's fixpoint (fixpoint.ts; docs/reasoner.md "Execution model"). A rule runs
 * again because graphs of the scratch store gained triples since its last execution. When its WHERE is monotone — a
 * conjunction of triple patterns, FILTER / BIND without EXISTS, VALUES — every solution that is new since then uses,
 * in at least one plain triple pattern, a triple that is new, hence held by one of the changed graphs; solutions made
 * only of older triples were found by the last execution, whose templates are therefore already known (the scratch
 * store only grows during a run). So the re-run evaluates the WHERE once per plain triple pattern with THAT pattern
 * matched inside one changed graph only (`GRAPH <changed> { pattern }`, per changed graph), the other patterns over
 * all graphs as before, as one UNION; and inserts the templates not yet known exactly as a full execution
 * (constructQuery.ts `insertUpdates`) would. Same triples, found from the delta (textbook semi-naive evaluation).
 *
 * Property paths: a path's solutions cannot be split per triple, so the plan lists the IRIs its paths read; if a
 * changed graph holds one of them, the caller runs the rule in full. Only paths over IRIs with `/`, `|`, `^`, `+` are
 * accepted (`*`, `?` match every node with a zero-length path, `!` any other predicate). Anything else — OPTIONAL,
 * UNION, MINUS, (NOT) EXISTS, sub-queries, GRAPH, blank nodes in the WHERE, a VALUES clause after the query — gives no
 * plan: the rule is re-run in full, as before.
 */
import type { ConstructQuery, IriTerm, Pattern, PropertyPath } from 'sparqljs';
import { insertUpdates } from './constructQuery.js';

export interface SeminaivePlan {
  /** IRIs the WHERE's property paths read: a changed graph holding one of them needs a full execution. */
  readonly pathPredicates: ReadonlySet<string>;
  /** The updates (one per template triple) that insert what is derivable from the changed graphs; none if nothing can be. */
  updates(changed: readonly string[]): string[];
}

const iri = (value: string): IriTerm => ({ termType: 'NamedNode', value }) as IriTerm;

/** The IRIs of an accepted path, or undefined for a path a delta cannot follow. */
function acceptedPath(path: PropertyPath, into: Set<string>): Set<string> | undefined {
  if (!['/', '|', '^', '+'].includes(path.pathType)) return undefined;
  for (const item of path.items) {
    if ('termType' in item) {
      if (item.termType !== 'NamedNode') return undefined;
      into.add(item.value);
    } else if (!acceptedPath(item as PropertyPath, into)) return undefined;
  }
  return into;
}

function usesExists(expression: unknown): boolean {
  const text = JSON.stringify(expression);
  return text.includes('"operator":"exists"') || text.includes('"operator":"notexists"');
}

/** Where each plain triple pattern sits: top-level pattern index, triple index. */
interface Premise { readonly pattern: number; readonly triple: number }

export function seminaivePlan(query: ConstructQuery, graph: string, using: readonly string[]): SeminaivePlan | undefined {
  const where = query.where ?? [];
  if (query.values || JSON.stringify(where).includes('"termType":"BlankNode"')) return undefined;
  const pathPredicates = new Set<string>();
  const premises: Premise[] = [];
  for (const [p, pattern] of where.entries()) {
    if (pattern.type === 'values') continue;
    if (pattern.type === 'filter' || pattern.type === 'bind') {
      if (usesExists(pattern.expression)) return undefined;
      continue;
    }
    if (pattern.type !== 'bgp') return undefined;
    for (const [t, triple] of pattern.triples.entries()) {
      if ('termType' in triple.predicate) premises.push({ pattern: p, triple: t });
      else if (!acceptedPath(triple.predicate as PropertyPath, pathPredicates)) return undefined;
    }
  }
  /** The WHERE with premise `at` matched in graph `changed` only, in place (BIND sees the same variables before it). */
  const branch = (at: Premise, changed: string): Pattern[] => where.flatMap((pattern, p): Pattern[] => {
    if (p !== at.pattern || pattern.type !== 'bgp') return [pattern];
    const before = pattern.triples.slice(0, at.triple);
    const after = pattern.triples.slice(at.triple + 1);
    return [
      ...(before.length ? [{ type: 'bgp', triples: before } as Pattern] : []),
      { type: 'graph', name: iri(changed), patterns: [{ type: 'bgp', triples: [pattern.triples[at.triple]] }] },
      ...(after.length ? [{ type: 'bgp', triples: after } as Pattern] : []),
    ];
  });

  return {
    pathPredicates,
    updates(changed: readonly string[]): string[] {
      if (premises.length === 0 || changed.length === 0) return [];
      // One branch per premise and changed graph, each with a constant GRAPH IRI: `VALUES ?g { … } GRAPH ?g { … }` gave
      // the same solutions but oxigraph evaluated it slower than the full execution.
      const branches = premises.flatMap((at) => changed.map((g): Pattern => ({ type: 'group', patterns: branch(at, g) })));
      const where: Pattern = branches.length === 1 ? branches[0] : { type: 'union', patterns: branches };
      return insertUpdates(query, graph, using, { where, named: changed });
    },
  };
}
