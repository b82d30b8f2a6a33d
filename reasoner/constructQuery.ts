/**
 * Parsing and analysis of the CONSTRUCT query a rule runs as (sparqljs):
 * it must be a CONSTRUCT without blank nodes in its template (a fresh blank
 * node per solution would make every round "new" and never reach a fixpoint),
 * and we record which predicates its WHERE reads and its template writes, so
 * the fixpoint loop re-runs only rules whose inputs changed.
 */
import sparqljs from 'sparqljs';
import type { ConstructQuery, Expression, IriTerm, Pattern, PropertyPath, Triple } from 'sparqljs';
import { RuleDefinitionError } from '../fabric/errors/ReasonerError.js';

export type PredicateSet = Set<string> | 'any';

export function parseConstruct(text: string, rule: string): ConstructQuery {
  const parsed = parseSparql(text, rule);
  if (parsed.type !== 'query' || parsed.queryType !== 'CONSTRUCT') {
    throw new RuleDefinitionError(`Rule ${rule}: expected a SPARQL CONSTRUCT query.`, rule);
  }
  return checkedConstruct(parsed, rule);
}

/**
 * The text of a cf:Rule: a CONSTRUCT, or an `INSERT { template } WHERE { … }` (SPARQL 1.1 Update §3.1.3) that is
 * read as the equivalent CONSTRUCT — what it would insert is what the CONSTRUCT derives. Refused: DELETE, INSERT
 * DATA, WITH / USING, GRAPH in the template, several operations (a rule is one derivation).
 */
export function parseRuleQuery(text: string, rule: string): ConstructQuery {
  const parsed = parseSparql(text, rule);
  if (parsed.type === 'query') return parseConstruct(text, rule);
  const [update] = parsed.updates;
  const insertOnly = parsed.updates.length === 1 && 'updateType' in update && update.updateType === 'insertdelete'
    && (update.delete ?? []).length === 0 && !update.graph && !update.using && (update.insert ?? []).every((i) => i.type === 'bgp');
  if (!insertOnly || !('updateType' in update) || update.updateType !== 'insertdelete') {
    throw new RuleDefinitionError(`Rule ${rule}: expected a SPARQL CONSTRUCT query or one INSERT { … } WHERE { … } (no DELETE, INSERT DATA, WITH, USING or GRAPH in the template).`, rule);
  }
  const construct: ConstructQuery = {
    type: 'query', queryType: 'CONSTRUCT', prefixes: parsed.prefixes, ...(parsed.base ? { base: parsed.base } : {}),
    template: (update.insert ?? []).flatMap((i) => i.triples), where: update.where ?? [],
  };
  return checkedConstruct(construct, rule);
}

function parseSparql(text: string, rule: string): ReturnType<sparqljs.SparqlParser['parse']> {
  try {
    return new sparqljs.Parser({ sparqlStar: false }).parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new RuleDefinitionError(`Rule ${rule}: its SPARQL does not parse: ${message}`, rule);
  }
}

function checkedConstruct(parsed: ConstructQuery, rule: string): ConstructQuery {
  if (parsed.from) throw new RuleDefinitionError(`Rule ${rule}: FROM / FROM NAMED are not allowed in rules (rules see the union of all graphs).`, rule);
  if (usesGraphOrService(parsed.where ?? [])) {
    throw new RuleDefinitionError(`Rule ${rule}: GRAPH and SERVICE are not allowed in rules (rules see the union of all graphs as their default graph).`, rule);
  }
  for (const triple of parsed.template ?? []) {
    if ([triple.subject, triple.object].some((t) => t.termType === 'BlankNode')) {
      throw new RuleDefinitionError(`Rule ${rule}: blank nodes in the CONSTRUCT template would be new on every round and never reach a fixpoint; mint IRIs instead.`, rule);
    }
  }
  return parsed;
}

function usesGraphOrService(patterns: readonly Pattern[]): boolean {
  return patterns.some((p) => {
    if (p.type === 'graph' || p.type === 'service') return true;
    if (p.type === 'query') return usesGraphOrService(p.where ?? []);
    if (p.type === 'filter' || p.type === 'bind') return JSON.stringify(p.expression).includes('"type":"graph"') || JSON.stringify(p.expression).includes('"type":"service"');
    if ('patterns' in p) return usesGraphOrService(p.patterns);
    return false;
  });
}

/**
 * The rule as SPARQL Updates for the scratch store, one per template triple:
 * INSERT the triple into the rule's graph where it is not known yet. `USING`
 * every graph of the scratch store (the data graph and all rule graphs) makes
 * their union the default graph of the WHERE and of the NOT EXISTS (SPARQL 1.1
 * Update §3.1.3), so each derived triple is stored once. `variant` replaces the
 * rule's WHERE and adds `USING NAMED` graphs (the semi-naive re-run, seminaiveRerun.ts).
 */
export function insertUpdates(query: ConstructQuery, graph: string, using: readonly string[], variant: { readonly where?: Pattern; readonly named?: readonly string[] } = {}): string[] {
  const generator = new sparqljs.Generator();
  const iri = (value: string) => ({ termType: 'NamedNode', value }) as IriTerm;
  const where: Pattern = variant.where ?? { type: 'group', patterns: query.where ?? [] };
  return (query.template ?? []).map((triple) => generator.stringify({
    type: 'update',
    prefixes: query.prefixes,
    updates: [{
      updateType: 'insertdelete',
      insert: [{ type: 'graph', name: iri(graph), triples: [triple] }],
      delete: [],
      using: { default: using.map(iri), named: (variant.named ?? []).map(iri) },
      where: [
        where,
        { type: 'filter', expression: { type: 'operation', operator: 'notexists', args: [{ type: 'bgp', triples: [triple] }] } },
      ],
    }],
  }));
}

export function stringifyQuery(query: ConstructQuery): string {
  return new sparqljs.Generator().stringify(query);
}

function add(set: PredicateSet, iri: string): PredicateSet {
  if (set !== 'any') set.add(iri);
  return set;
}

function pathPredicates(path: PropertyPath, into: PredicateSet): PredicateSet {
  if (path.pathType === '!') return 'any';
  let result = into;
  for (const item of path.items) {
    result = 'termType' in item ? add(result, item.value) : pathPredicates(item as PropertyPath, result);
    if (result === 'any') return result;
  }
  return result;
}

function triplePredicates(triples: readonly Triple[], into: PredicateSet): PredicateSet {
  let result = into;
  for (const { predicate } of triples) {
    if ('termType' in predicate) result = predicate.termType === 'NamedNode' ? add(result, predicate.value) : 'any';
    else result = pathPredicates(predicate, result);
    if (result === 'any') return result;
  }
  return result;
}

function expressionPredicates(expression: Expression | Pattern, into: PredicateSet): PredicateSet {
  if (Array.isArray(expression)) return expression.reduce<PredicateSet>((acc, e) => (acc === 'any' ? acc : expressionPredicates(e, acc)), into);
  const typed = expression as { type?: string; args?: Array<Expression | Pattern>; patterns?: Pattern[] };
  if (typed.type === 'operation' || typed.type === 'functionCall') {
    return (typed.args ?? []).reduce<PredicateSet>((acc, e) => (acc === 'any' ? acc : expressionPredicates(e, acc)), into);
  }
  if (typed.type && 'patterns' in typed || typed.type === 'bgp' || typed.type === 'query') return patternPredicates([expression as Pattern], into);
  return into;
}

/** Predicates a WHERE clause reads (EXISTS / NOT EXISTS and sub-SELECTs included). */
export function patternPredicates(patterns: readonly Pattern[], into: PredicateSet = new Set()): PredicateSet {
  let result = into;
  for (const pattern of patterns) {
    switch (pattern.type) {
      case 'bgp': result = triplePredicates(pattern.triples, result); break;
      case 'graph': case 'service': return 'any';
      case 'filter': result = expressionPredicates(pattern.expression, result); break;
      case 'bind': result = expressionPredicates(pattern.expression, result); break;
      case 'values': break;
      case 'query': result = patternPredicates(pattern.where ?? [], result); break;
      default: result = patternPredicates(pattern.patterns, result);
    }
    if (result === 'any') return result;
  }
  return result;
}

export function templatePredicates(query: ConstructQuery): PredicateSet {
  return triplePredicates(query.template ?? [], new Set());
}
