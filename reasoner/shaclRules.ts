/**
 * SHACL Advanced Features rules (W3C SHACL-AF §8) compiled into set-based
 * CONSTRUCT queries: the shape's targets bind ?this for ALL focus nodes in one
 * query (shaclTargets.ts), sh:condition becomes one FILTER (shaclCondition.ts).
 * - sh:SPARQLRule (§8.4): sh:construct with sh:prefixes; $this is the focus node.
 * - sh:TripleRule (§8.3): sh:subject / sh:predicate / sh:object are node
 *   expressions: sh:this, a constant, or a path expression [ sh:path p ]
 *   (any SHACL path) whose values start at the focus node.
 */
import { createHash } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import type { Pattern } from 'sparqljs';
import { RDF as RDF_NS } from '../fabric/rdf/namespaces.js';
import { RuleDefinitionError } from '../fabric/errors/ReasonerError.js';
import { SHACL } from './vocabulary.js';
import { localName, singleObject, termKey, termToSparql } from './rdfTerms.js';
import { shaclPathToSparql } from './shaclPath.js';
import { targetPattern } from './shaclTargets.js';
import { ConditionCompiler } from './shaclCondition.js';
import { parseConstruct, stringifyQuery } from './constructQuery.js';
import type { RuleKind } from './Rule.js';

export interface CompiledShaclRule {
  readonly id: string;
  readonly iri?: string;
  readonly shape: string;
  readonly kind: RuleKind;
  readonly query: string;
  readonly order: number;
  /** The sh:rule node as read from `store` (a blank node keeps its label there). */
  readonly node: RDF.Term;
}

function isTrue(term: RDF.Term | undefined): boolean {
  return term?.termType === 'Literal' && term.value === 'true';
}

/** PREFIX declarations from sh:prefixes → sh:declare [ sh:prefix "ex" ; sh:namespace "…"^^xsd:anyURI ] (SHACL §5.2.1). */
export function prefixDeclarations(store: N3.Store, holder: RDF.Term): string {
  const lines: string[] = [];
  for (const ontology of store.getObjects(holder, SHACL.prefixes, null)) {
    for (const declaration of store.getObjects(ontology, SHACL.declare, null)) {
      const prefix = singleObject(store, declaration, SHACL.prefix);
      const namespace = singleObject(store, declaration, SHACL.namespace);
      if (!prefix || !namespace) throw new Error(`sh:declare ${termKey(declaration)} needs sh:prefix and sh:namespace`);
      lines.push(`PREFIX ${prefix.value}: <${namespace.value}>`);
    }
  }
  // Sorted: the order of sh:declare blank nodes is that of the store they were read from (document order when
  // parsed, oxigraph's order once stored), and a blank-node rule's id hashes the compiled query.
  return [...new Set(lines)].sort().join('\n');
}

function nodeExpression(store: N3.Store, term: RDF.Term, paths: string[]): string {
  if (term.termType === 'NamedNode' && term.value === SHACL.this) return '?this';
  if (term.termType === 'NamedNode' || term.termType === 'Literal') return termToSparql(term);
  const path = singleObject(store, term, SHACL.path);
  if (!path) throw new Error(`node expression ${termKey(term)} is not supported (sh:this, a constant or [ sh:path … ])`);
  const variable = `?_v${paths.length}`;
  paths.push(`?this ${shaclPathToSparql(store, path)} ${variable} .`);
  return variable;
}

function injectWhere(text: string, injected: string, name: string): string {
  const query = parseConstruct(text, name);
  const head = parseConstruct(`CONSTRUCT {} WHERE { ${injected} }`, name);
  query.where = [...(head.where as Pattern[]), ...(query.where ?? [])];
  return stringifyQuery(query);
}

/** Every sh:rule of every shape in `store`, compiled. Deactivated rules and shapes are left out. */
export function compileShaclRules(store: N3.Store): CompiledShaclRule[] {
  const compiled: CompiledShaclRule[] = [];
  for (const shape of store.getSubjects(SHACL.rule, null, null)) {
    if (isTrue(singleObject(store, shape, SHACL.deactivated))) continue;
    const shapeName = shape.termType === 'NamedNode' ? shape.value : termKey(shape);
    for (const rule of store.getObjects(shape, SHACL.rule, null)) {
      const name = rule.termType === 'NamedNode' ? rule.value : `${shapeName} sh:rule`;
      try {
        if (isTrue(singleObject(store, rule, SHACL.deactivated))) continue;
        compiled.push(compileOne(store, shape, rule, name));
      } catch (error) {
        if (error instanceof RuleDefinitionError) throw error;
        throw new RuleDefinitionError(`Rule ${name}: ${error instanceof Error ? error.message : String(error)}`, name);
      }
    }
  }
  return compiled;
}

function compileOne(store: N3.Store, shape: RDF.Term, rule: RDF.Term, name: string): CompiledShaclRule {
  const target = targetPattern(store, shape);
  if (!target) throw new Error(`its shape ${termKey(shape)} has no target (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf)`);
  const conditions = store.getObjects(rule, SHACL.condition, null);
  const condition = conditions.length > 0 ? ` FILTER(${new ConditionCompiler(store).compile(conditions)})` : '';
  const types = store.getObjects(rule, `${RDF_NS}type`, null).map((t) => t.value);
  const construct = singleObject(store, rule, SHACL.construct);
  let kind: RuleKind;
  let query: string;
  if (types.includes(SHACL.SPARQLRule) || construct) {
    if (!construct) throw new Error('a sh:SPARQLRule needs sh:construct');
    kind = 'shacl-sparql';
    const text = `${prefixDeclarations(store, rule)}\n${construct.value}`;
    query = injectWhere(text, `${target}${condition}`, name);
  } else if (types.includes(SHACL.TripleRule) || store.getObjects(rule, SHACL.subject, null).length > 0) {
    kind = 'shacl-triple';
    const parts = [SHACL.subject, SHACL.predicate, SHACL.object].map((p) => {
      const term = singleObject(store, rule, p);
      if (!term) throw new Error(`a sh:TripleRule needs sh:${localName(p)}`);
      return term;
    });
    if (parts[1].termType !== 'NamedNode' || parts[1].value === SHACL.this) throw new Error('sh:predicate of a sh:TripleRule must be an IRI');
    const paths: string[] = [];
    const [s, p, o] = parts.map((t) => nodeExpression(store, t, paths));
    query = stringifyQuery(parseConstruct(`CONSTRUCT { ${s} ${p} ${o} } WHERE { ${target} ${paths.join(' ')}${condition} }`, name));
  } else {
    throw new Error('a sh:rule must be a sh:SPARQLRule or a sh:TripleRule');
  }
  const orderTerm = singleObject(store, rule, SHACL.order);
  const order = orderTerm ? Number(orderTerm.value) : 0;
  const id = rule.termType === 'NamedNode'
    ? localName(rule.value)
    : `${shape.termType === 'NamedNode' ? localName(shape.value) : 'shape'}-${createHash('sha1').update(query).digest('hex').slice(0, 8)}`;
  return { id, node: rule, ...(rule.termType === 'NamedNode' ? { iri: rule.value } : {}), shape: shape.termType === 'NamedNode' ? shape.value : termKey(shape), kind, query, order: Number.isFinite(order) ? order : 0 };
}
