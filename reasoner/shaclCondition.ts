/**
 * sh:condition shapes (SHACL-AF §8.2) compiled into ONE SPARQL boolean
 * expression over ?this, so that a rule's condition is checked for all focus
 * nodes in the same query. Supported: node-level sh:class, sh:hasValue, sh:in,
 * sh:datatype, sh:nodeKind, sh:and, sh:or, sh:not, sh:node, sh:property; on
 * property shapes (any SHACL path) sh:minCount, sh:maxCount (up to 5), sh:hasValue,
 * sh:class, sh:datatype, sh:nodeKind, sh:in, sh:min/maxInclusive/Exclusive, sh:pattern
 * (+ sh:flags). Anything else in the sh: namespace is refused (RuleDefinitionError),
 * never silently ignored.
 */
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import { RDF as RDF_NS, RDFS, SH } from '../fabric/rdf/namespaces.js';
import { rdfList, singleObject, termKey, termToSparql } from './rdfTerms.js';
import { shaclPathToSparql } from './shaclPath.js';

/** sh: terms that carry no constraint (documentation, severity, targets, rules). */
const IGNORED = new Set(['name', 'description', 'message', 'severity', 'order', 'group', 'deactivated', 'targetClass',
  'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'rule', 'defaultValue', 'path', 'flags', 'closed', 'ignoredProperties']);
const MAX_COUNT_LIMIT = 5;

const COMPARISONS: Readonly<Record<string, string>> = { minInclusive: '>=', maxInclusive: '<=', minExclusive: '>', maxExclusive: '<' };
const NODE_KINDS: Readonly<Record<string, string>> = {
  IRI: 'isIRI(?v)', BlankNode: 'isBlank(?v)', Literal: 'isLiteral(?v)', BlankNodeOrIRI: '(isBlank(?v) || isIRI(?v))',
  BlankNodeOrLiteral: '(isBlank(?v) || isLiteral(?v))', IRIOrLiteral: '(isIRI(?v) || isLiteral(?v))',
};

export class ConditionCompiler {
  private counter = 0;

  constructor(private readonly store: N3.Store) {}

  private fresh(): string {
    return `?_c${this.counter++}`;
  }

  /**
   * The shape's triples in an order that does not depend on the store (predicate, then object; blank nodes tie), so
   * the compiled expression — and a blank-node rule's id, its hash — is the same whether the rule was read from its
   * document or from the store it was saved in.
   */
  private quadsOf(shape: RDF.Term): RDF.Quad[] {
    const key = (q: RDF.Quad): string => `${q.predicate.value} ${q.object.termType === 'BlankNode' ? '' : termKey(q.object)}`;
    return this.store.getQuads(shape, null, null, null).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /** Conjunction of all condition shapes over `focus` ('?this'). */
  compile(shapes: readonly RDF.Term[], focus = '?this'): string {
    return shapes.map((s) => this.nodeShape(s, focus)).join(' && ') || 'true';
  }

  private nodeShape(shape: RDF.Term, focus: string): string {
    const parts: string[] = [];
    for (const quad of this.quadsOf(shape)) {
      const p = quad.predicate.value;
      if (!p.startsWith(SH)) continue;
      const name = p.slice(SH.length);
      if (IGNORED.has(name) || quad.predicate.value === `${RDF_NS}type`) continue;
      parts.push(this.nodeConstraint(name, quad.object, focus, shape));
    }
    return parts.length === 0 ? 'true' : `(${parts.join(' && ')})`;
  }

  private nodeConstraint(name: string, value: RDF.Term, focus: string, shape: RDF.Term): string {
    switch (name) {
      case 'property': return this.propertyShape(value, focus);
      case 'node': return this.nodeShape(value, focus);
      case 'and': return `(${rdfList(this.store, value).map((s) => this.nodeShape(s, focus)).join(' && ')})`;
      case 'or': return `(${rdfList(this.store, value).map((s) => this.nodeShape(s, focus)).join(' || ')})`;
      case 'not': return `!${this.nodeShape(value, focus)}`;
      default: return `COALESCE(${this.valueTest(name, value, focus, shape)}, false)`;
    }
  }

  /** A test of ONE value node (focus or a path value), as a boolean expression. */
  private valueTest(name: string, value: RDF.Term, v: string, shape: RDF.Term): string {
    switch (name) {
      case 'class': return `EXISTS { ${v} <${RDF_NS}type>/<${RDFS}subClassOf>* ${termToSparql(value)} }`;
      case 'hasValue': return `(${v} = ${termToSparql(value)})`;
      case 'in': return `(${v} IN (${rdfList(this.store, value).map(termToSparql).join(', ')}))`;
      case 'datatype': return `(isLiteral(${v}) && datatype(${v}) = ${termToSparql(value)})`;
      case 'nodeKind': {
        const kind = NODE_KINDS[value.value.slice(SH.length)];
        if (!kind) throw new Error(`unknown sh:nodeKind ${value.value}`);
        return kind.replaceAll('?v', v);
      }
      case 'pattern': {
        const flags = singleObject(this.store, shape, `${SH}flags`);
        return `(!isBlank(${v}) && regex(str(${v}), ${termToSparql(value)}${flags ? `, ${termToSparql(flags)}` : ''}))`;
      }
      default: {
        const op = COMPARISONS[name];
        if (op) return `(${v} ${op} ${termToSparql(value)})`;
        throw new Error(`sh:${name} is not supported in sh:condition (docs/reasoner.md lists what is)`);
      }
    }
  }

  private propertyShape(shape: RDF.Term, focus: string): string {
    const pathTerm = singleObject(this.store, shape, `${SH}path`);
    if (!pathTerm) throw new Error(`property shape ${termKey(shape)} in sh:condition has no sh:path`);
    const path = shaclPathToSparql(this.store, pathTerm);
    const parts: string[] = [];
    for (const quad of this.quadsOf(shape)) {
      const p = quad.predicate.value;
      if (!p.startsWith(SH)) continue;
      const name = p.slice(SH.length);
      if (IGNORED.has(name)) continue;
      if (name === 'minCount' || name === 'maxCount') {
        parts.push(this.count(name, Number(quad.object.value), focus, path));
      } else if (name === 'hasValue') {
        parts.push(`EXISTS { ${focus} ${path} ${termToSparql(quad.object)} }`);
      } else {
        // Every value must pass: no value fails.
        const v = this.fresh();
        const test = name === 'property' || name === 'node' || name === 'and' || name === 'or' || name === 'not'
          ? this.nodeConstraint(name, quad.object, v, shape)
          : this.valueTest(name, quad.object, v, shape);
        // A value the test cannot evaluate (e.g. "high" >= 5) fails it, as in SHACL: COALESCE(error, false).
        parts.push(`NOT EXISTS { ${focus} ${path} ${v} . FILTER(!COALESCE(${test}, false)) }`);
      }
    }
    return parts.length === 0 ? 'true' : `(${parts.join(' && ')})`;
  }

  /** At least n distinct values: n variables pairwise different. */
  private atLeast(n: number, focus: string, path: string): string {
    const vars = Array.from({ length: n }, () => this.fresh());
    const distinct: string[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) distinct.push(`${vars[i]} != ${vars[j]}`);
    return `EXISTS { ${vars.map((v) => `${focus} ${path} ${v} .`).join(' ')}${distinct.length ? ` FILTER(${distinct.join(' && ')})` : ''} }`;
  }

  private count(name: 'minCount' | 'maxCount', n: number, focus: string, path: string): string {
    if (!Number.isInteger(n) || n < 0 || n > MAX_COUNT_LIMIT) throw new Error(`sh:${name} ${n} in sh:condition: supported are 0..${MAX_COUNT_LIMIT}`);
    if (name === 'minCount') return n === 0 ? 'true' : this.atLeast(n, focus, path);
    return `!${this.atLeast(n + 1, focus, path)}`;
  }
}
