/**
 * Hypothetical placements without touching the store (issue 4 `/policies/check`): a constraint's SPARQL is
 * rewritten once, at compile time, so that every triple pattern `S cf:infrastructureElement O` becomes
 *   { { S cf:infrastructureElement O FILTER(S NOT IN (<moved>)) } UNION { VALUES (S O) { <rows> } } }
 * and every `S cf:proposedInfrastructureElement O` becomes { { S … O } UNION { VALUES (S O) { <rows> } } }.
 * The placeholders (policyVocabulary.ts PLACEHOLDER) are replaced textually by each check: the rows are the
 * proposed (component, IE) pairs, <moved> the proposed components (a proposal replaces the component's current
 * placement). Sequence paths and `^p` are split into triple patterns first so that they see the overlay too;
 * other paths through these predicates do not (reported as limitations).
 */
import type * as RDF from '@rdfjs/types';
import type { BgpPattern, Expression, Pattern, PropertyPath, Triple, ValuePatternRow } from 'sparqljs';
import N3 from 'n3';
import { PLACEHOLDER, POLICY } from './policyVocabulary.js';

const { namedNode, variable } = N3.DataFactory;
const OVERLAID = new Set<string>([POLICY.infrastructureElement, POLICY.proposedInfrastructureElement]);

export interface OverlayState {
  fresh: number;
  /** Paths through the overlaid predicates the overlay cannot see. */
  readonly limitations: string[];
}

type Term = Triple['subject'];

const isPath = (p: Triple['predicate']): p is PropertyPath => !('termType' in p);

function mentionsOverlaid(p: Triple['predicate']): boolean {
  return isPath(p) ? p.items.some((i) => mentionsOverlaid(i as Triple['predicate'])) : OVERLAID.has(p.value);
}

/** Sequence paths and `^iri` become plain triple patterns (fresh variables in between). */
function expand(triple: Triple, state: OverlayState): Triple[] {
  const p = triple.predicate;
  if (!isPath(p) || !mentionsOverlaid(p)) return [triple];
  if (p.pathType === '/') {
    const out: Triple[] = [];
    let subject: Term = triple.subject;
    p.items.forEach((item, i) => {
      const object = i === p.items.length - 1 ? triple.object : variable(`__seq${state.fresh++}`);
      out.push(...expand({ subject, predicate: item as Triple['predicate'], object } as Triple, state));
      subject = object as Term;
    });
    return out;
  }
  if (p.pathType === '^' && p.items.length === 1) {
    return expand({ subject: triple.object, predicate: p.items[0], object: triple.subject } as Triple, state);
  }
  state.limitations.push(`a property path through cf:infrastructureElement / cf:proposedInfrastructureElement (${p.pathType}) does not see proposed placements`);
  return [triple];
}

function varFor(term: Term | Triple['object'], state: OverlayState, filters: Expression[]): RDF.Variable {
  if (term.termType === 'Variable') return term;
  const v = variable(`__fix${state.fresh++}`);
  filters.push({ type: 'operation', operator: '=', args: [v, term as Expression] } as Expression);
  return v;
}

function overlayGroup(triple: Triple, state: OverlayState): Pattern {
  const predicate = (triple.predicate as RDF.NamedNode).value;
  const stored: Pattern[] = [{ type: 'bgp', triples: [triple] }];
  if (predicate === POLICY.infrastructureElement) {
    stored.push({ type: 'filter', expression: { type: 'operation', operator: 'notin', args: [triple.subject as Expression, [namedNode(PLACEHOLDER.moved.slice(1, -1))] as unknown as Expression] } });
  }
  const filters: Expression[] = [];
  const s = varFor(triple.subject, state, filters);
  const o = varFor(triple.object, state, filters);
  const row = { [`?${s.value}`]: namedNode(PLACEHOLDER.component), [`?${o.value}`]: namedNode(PLACEHOLDER.ie) } as ValuePatternRow;
  const proposed: Pattern[] = [{ type: 'values', values: [row] }, ...filters.map((expression) => ({ type: 'filter' as const, expression }))];
  return { type: 'union', patterns: [{ type: 'group', patterns: stored }, { type: 'group', patterns: proposed }] };
}

/** Blank nodes of a BGP become variables, so that splitting the BGP keeps them joined. */
function bnodeToVar<T extends Term | Triple['object']>(term: T): T {
  return (term.termType === 'BlankNode' ? variable(`__bnode_${term.value.replace(/[^A-Za-z0-9_]/g, '_')}`) : term) as T;
}

function rewriteBgp(bgp: BgpPattern, state: OverlayState): Pattern[] {
  const triples = bgp.triples.map((t) => ({ ...t, subject: bnodeToVar(t.subject), object: bnodeToVar(t.object) }) as Triple).flatMap((t) => expand(t, state));
  const plain = triples.filter((t) => isPath(t.predicate) || !OVERLAID.has(t.predicate.value));
  const overlaid = triples.filter((t) => !isPath(t.predicate) && OVERLAID.has(t.predicate.value));
  if (overlaid.length === 0) return [bgp];
  return [...(plain.length > 0 ? [{ type: 'bgp' as const, triples: plain }] : []), ...overlaid.map((t) => overlayGroup(t, state))];
}

function rewriteExpression(e: Expression, state: OverlayState): Expression {
  if (Array.isArray(e)) return e.map((x) => rewriteExpression(x as Expression, state)) as unknown as Expression;
  if (typeof e !== 'object' || e === null || !('type' in e)) return e;
  if (e.type === 'operation') {
    return { ...e, args: e.args.map((a) => (typeof a === 'object' && a !== null && 'type' in a && (a.type === 'group' || a.type === 'bgp')
      ? (rewritePatterns([a as Pattern], state)[0] as Pattern) : rewriteExpression(a as Expression, state))) } as Expression;
  }
  if (e.type === 'functionCall' || e.type === 'aggregate') return e;
  return e;
}

/** The patterns with the overlay applied (a new tree; the input is not changed). */
export function rewritePatterns(patterns: readonly Pattern[], state: OverlayState): Pattern[] {
  return patterns.flatMap((p): Pattern[] => {
    switch (p.type) {
      case 'bgp': return rewriteBgp(p, state);
      case 'group': case 'optional': case 'minus': case 'graph': case 'service':
        return [{ ...p, patterns: rewritePatterns(p.patterns, state) } as Pattern];
      case 'union': return [{ ...p, patterns: rewritePatterns(p.patterns, state) } as Pattern];
      case 'filter': return [{ ...p, expression: rewriteExpression(p.expression, state) }];
      case 'bind': return [{ ...p, expression: rewriteExpression(p.expression, state) }];
      case 'query': return [{ ...p, where: rewritePatterns(p.where ?? [], state) } as Pattern];
      default: return [p];
    }
  });
}

/** Replace the placeholders of a rewritten query's text with the rows of one check. */
export function fillPlaceholders(text: string, rows: ReadonlyArray<readonly [string, string]>, moved: readonly string[], focus: readonly string[]): string {
  const values = rows.map(([c, ie]) => `(<${c}> <${ie}>)`).join(' ');
  return text
    .replace(new RegExp(`\\(\\s*<${PLACEHOLDER.component}>\\s+<${PLACEHOLDER.ie}>\\s*\\)`, 'g'), values)
    // oxigraph 0.5 evaluates `NOT IN ()` to false (it is true in SPARQL 1.1 §17.4.1.10): name an IRI nothing has instead.
    .split(PLACEHOLDER.moved).join(moved.length > 0 ? moved.map((m) => `<${m}>`).join(', ') : '<urn:x-cf-policy:none>')
    .split(PLACEHOLDER.focus).join(focus.map((f) => `<${f}>`).join(' '));
}
