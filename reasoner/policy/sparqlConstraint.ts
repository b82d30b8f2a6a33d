/**
 * SHACL-SPARQL constraints (SHACL §5) compiled for set-based evaluation on oxigraph (issue 4): the sh:select
 * query, with its sh:prefixes declarations and $PATH substituted (§5.2.1, §5.3.1), gets the shape's targets
 * joined in front of its WHERE, so that ONE query finds every violating focus node — never one query per focus
 * node. `$this` is the variable ?this (pre-binding by join, as in reasoner/ — a sub-select that does not project
 * it sees a variable of its own). The texts are precompiled: all focus nodes (current violations), given focus
 * nodes with their target test and the placement overlay (`given`), the same for focus nodes known to be targets
 * (`onTargets`, checks), the target test alone (`targets`), and the check form as SELECT * (explanations).
 */
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery } from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import { SH } from '../../fabric/rdf/namespaces.js';
import { PolicyDefinitionError } from '../../fabric/errors/PolicyError.js';
import { termKey } from '../rdfTerms.js';
import { allFocusNodes, focusNodesOnly, givenFocusNodes, targetGroup } from './policyTargets.js';
import { rewritePatterns, type OverlayState } from './placementOverlay.js';
import { selectIsMonotone } from './monotonicity.js';

export interface SparqlConstraint {
  readonly policy: string;
  /** The sh:sparql node (N-Triples key) — what explanations name. */
  readonly constraint: string;
  /** sh:message template ({$this}, {?var}, SHACL §5.3.2) of the constraint, else of its shape. */
  readonly message?: string;
  /** SPARQL path of the property shape carrying the constraint. */
  readonly path?: string;
  /** The sh:select text as written (with $PATH substituted). */
  readonly select: string;
  readonly all: string;
  readonly given: string;
  /**
   * The check form for focus nodes already known to be targets (found by `targets` with the same proposals): `given`
   * without the target test, which would only repeat it. PolicyService.check uses this one.
   */
  readonly onTargets: string;
  readonly explain: string;
  /** The check form's target test alone: `SELECT DISTINCT ?this` of the given focus nodes that are targets (with the overlay). */
  readonly targets: string;
  /**
   * The target test as a group pattern for a ?this bound outside it (with the overlay): what a check asks as
   * `BIND(EXISTS { … })` for each affected node (PolicyCatalog.targetBinds). Equal texts, equal tests.
   */
  readonly targetPattern: string;
  /** Whether adding placements can only add solutions (monotonicity.ts): a whole plan's check then covers its prefixes. */
  readonly monotone: boolean;
}

const generator = new sparqljs.Generator();

function prefixLines(store: N3.Store, constraint: RDF.Term): string {
  const lines: string[] = [];
  for (const holder of store.getObjects(constraint, `${SH}prefixes`, null)) {
    for (const declaration of store.getObjects(holder, `${SH}declare`, null)) {
      const prefix = store.getObjects(declaration, `${SH}prefix`, null)[0]?.value;
      const namespace = store.getObjects(declaration, `${SH}namespace`, null)[0]?.value;
      if (prefix !== undefined && namespace !== undefined) lines.push(`PREFIX ${prefix}: <${namespace}>`);
    }
  }
  return lines.join(' ');
}

interface ParseFailure { message: string; hash?: { line?: number; loc?: { first_line?: number; first_column?: number } } }

function parseSelect(text: string, prefixes: string, policy: string): SelectQuery {
  let parsed;
  try {
    parsed = new sparqljs.Parser().parse(`${prefixes}\n${text}`);
  } catch (error) {
    const e = error as ParseFailure;
    const lineMatch = /line (\d+)/.exec(e.message);
    const rawLine = e.hash?.loc?.first_line ?? (lineMatch ? Number(lineMatch[1]) : undefined);
    const line = rawLine !== undefined ? Math.max(1, rawLine - 1) : undefined;
    const column = e.hash?.loc?.first_column !== undefined ? e.hash.loc.first_column + 1 : undefined;
    throw new PolicyDefinitionError(`The sh:select of policy ${policy} does not parse${line !== undefined ? ` (line ${line} of the query)` : ''}: ${e.message}`,
      { reason: 'sparql', policy, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });
  }
  if (parsed.type !== 'query' || parsed.queryType !== 'SELECT') {
    throw new PolicyDefinitionError(`The sh:select of policy ${policy} must be a SELECT query (SHACL §5.1).`, { reason: 'shacl', policy });
  }
  const vars = parsed.variables;
  const projectsThis = vars.some((v) => ('termType' in v && v.termType === 'Wildcard') || ('termType' in v && v.termType === 'Variable' && v.value === 'this')
    || ('variable' in v && v.variable.value === 'this'));
  if (!projectsThis) throw new PolicyDefinitionError(`The sh:select of policy ${policy} must project $this (SHACL §5.3).`, { reason: 'shacl', policy });
  if (vars.some((v) => 'variable' in v && v.variable.value === 'this')) throw new PolicyDefinitionError(`The sh:select of policy ${policy} must not bind $this with AS (SHACL §5.3.1).`, { reason: 'shacl', policy });
  if (/\bSERVICE\b/i.test(text.replace(/"[^"]*"|'[^']*'/g, ''))) throw new PolicyDefinitionError(`The sh:select of policy ${policy} must not use SERVICE (federated queries are not allowed in constraints, SHACL §5.3.1).`, { reason: 'shacl', policy });
  return parsed;
}

function wherePatterns(text: string): Pattern[] {
  return (new sparqljs.Parser().parse(`SELECT * WHERE { ${text} }`) as SelectQuery).where ?? [];
}

function stringify(query: SelectQuery): string {
  return generator.stringify({ ...query, prefixes: {} });
}

/** Patterns as the text of one group pattern `{ … }` (what sparqljs writes as the WHERE clause of `SELECT *`). */
function groupText(where: Pattern[]): string {
  const text = stringify({ type: 'query', queryType: 'SELECT', prefixes: {}, variables: [new sparqljs.Wildcard()] as [sparqljs.Wildcard], where });
  const body = /^SELECT \* WHERE (\{[\s\S]*\})$/.exec(text);
  if (!body) throw new Error(`Unexpected SPARQL text from sparqljs: ${text.slice(0, 80)}`);
  return body[1];
}

export interface ConstraintSource {
  readonly store: N3.Store;
  readonly policy: string;
  readonly constraint: RDF.Term;
  /** The shape carrying sh:sparql: the policy, or one of its sh:property shapes. */
  readonly shape: RDF.Term;
  readonly path?: string;
  readonly targets: readonly string[];
}

export function compileSparqlConstraint(src: ConstraintSource, overlay: OverlayState): SparqlConstraint {
  const { store, policy, constraint } = src;
  const selects = store.getObjects(constraint, `${SH}select`, null);
  if (selects.length !== 1 || selects[0].termType !== 'Literal') {
    throw new PolicyDefinitionError(`Every sh:sparql constraint of policy ${policy} needs exactly one sh:select literal (SHACL §5.1).`, { reason: 'shacl', policy });
  }
  if (/\$(shapesGraph|currentShape)\b/.test(selects[0].value)) {
    throw new PolicyDefinitionError(`Policy ${policy}: $shapesGraph and $currentShape are not supported.`, { reason: 'policy', policy });
  }
  const select = src.path !== undefined ? selects[0].value.replace(/\$PATH\b/g, src.path) : selects[0].value;
  if (src.path === undefined && /\$PATH\b/.test(select)) {
    throw new PolicyDefinitionError(`Policy ${policy}: $PATH is only allowed in constraints of property shapes (SHACL §5.3.1).`, { reason: 'shacl', policy });
  }
  const parsed = parseSelect(select, prefixLines(store, constraint), policy);
  const where = parsed.where ?? [];
  const given = rewritePatterns([...wherePatterns(givenFocusNodes(src.targets)), ...where], overlay);
  const onTargets = rewritePatterns([...wherePatterns(focusNodesOnly()), ...where], overlay);
  const messages = [...store.getObjects(constraint, `${SH}message`, null), ...store.getObjects(src.shape, `${SH}message`, null)];
  const explain: SelectQuery = {
    type: 'query', queryType: 'SELECT', prefixes: {}, variables: [new sparqljs.Wildcard()] as [sparqljs.Wildcard], where: given, limit: 20,
  };
  const targets: SelectQuery = {
    type: 'query', queryType: 'SELECT', prefixes: {}, distinct: true, variables: [{ termType: 'Variable', value: 'this' } as never],
    where: rewritePatterns(wherePatterns(givenFocusNodes(src.targets)), overlay),
  };
  return {
    policy,
    constraint: termKey(constraint),
    ...(messages[0] ? { message: messages[0].value } : {}),
    ...(src.path !== undefined ? { path: src.path } : {}),
    select,
    all: stringify({ ...parsed, where: [...wherePatterns(allFocusNodes(src.targets)), ...where] }),
    given: stringify({ ...parsed, where: given }),
    onTargets: stringify({ ...parsed, where: onTargets }),
    explain: stringify(explain),
    targets: stringify(targets),
    targetPattern: groupText(rewritePatterns(wherePatterns(targetGroup(src.targets)), overlay)),
    monotone: selectIsMonotone(parsed),
  };
}

/** SHACL §5.3.2 message templates: {$var} / {?var} replaced by the solution's values (unbound → "(none)"). */
export function fillMessage(template: string, row: ReadonlyMap<string, RDF.Term>): string {
  return template.replace(/\{[$?]([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => row.get(name)?.value ?? '(none)');
}

