/**
 * Compiles a SHACL shapes graph into CompiledShapes' plain records (the subset listed in CompiledShapes.ts), or
 * throws UnsupportedShapes naming the first construct outside it.
 */
import type * as RDF from '@rdfjs/types';
import { RDF as RDF_NS, RDFS, SH } from '../rdf/namespaces.js';
import type { Severity } from './ValidationReport.js';
import {
  datatypeCheck, inCheck, lengthCheck, nodeKindCheck, patternCheck, rangeCheck, sameTerm, type ValueCheck,
} from './valueConstraints.js';

export interface CompiledValueConstraint {
  readonly component: string;
  /** A check on the value alone; absent for sh:node, whose value must conform to `node` in the data graph. */
  readonly check?: ValueCheck;
  readonly node?: CompiledNodeShape;
  /** sh:or of value-constraint shapes: the value satisfies every constraint of one member. */
  readonly or?: readonly (readonly CompiledValueConstraint[])[];
  /** shacl-engine's default message, with the constraint's parameter in place. */
  readonly message: string;
}

export interface CompiledPropertyShape {
  readonly shape: string;
  readonly path: string;
  readonly severity: Severity;
  readonly message?: string;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly hasValue?: RDF.Term;
  readonly values: readonly CompiledValueConstraint[];
}

/** A member of a node-level sh:or: a property shape, or value constraints on the focus node itself. */
export type CompiledShapeMember = { readonly property: CompiledPropertyShape } | { readonly values: readonly CompiledValueConstraint[] };

export interface CompiledNodeShape {
  readonly shape: string;
  readonly severity: Severity;
  readonly message?: string;
  /** Value constraints on the focus node itself (§2.1: a node shape's value node is the focus node). */
  readonly nodeValues: readonly CompiledValueConstraint[];
  /** Node-level sh:or lists: the focus node conforms to one member of each. */
  readonly nodeOr: readonly (readonly CompiledShapeMember[])[];
  readonly targetClasses: readonly string[];
  readonly targetNodes: readonly RDF.Term[];
  readonly targetSubjectsOf: readonly string[];
  readonly targetObjectsOf: readonly string[];
  readonly properties: readonly CompiledPropertyShape[];
  /** sh:deactivated: conforms to everything (§2.1.5). */
  readonly deactivated: boolean;
}

export class UnsupportedShapes extends Error {}

export type Graph = ReadonlyMap<string, ReadonlyMap<string, readonly RDF.Term[]>>;

export const termKey = (t: RDF.Term): string => (t.termType === 'Literal' ? `L${t.value}\u0000${t.language}\u0000${t.datatype.value}` : `${t.termType[0]}${t.value}`);
export const termText = (t: RDF.Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
function nt(t: RDF.Term): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType !== 'Literal') return `_:${t.value}`;
  return JSON.stringify(t.value) + (t.language ? `@${t.language}` : `^^<${t.datatype.value}>`);
}

/** subject → predicate → distinct objects. */
export function indexGraph(quads: readonly RDF.Quad[]): Graph {
  const graph = new Map<string, Map<string, RDF.Term[]>>();
  for (const q of quads) {
    const s = termKey(q.subject);
    let byPredicate = graph.get(s);
    if (!byPredicate) graph.set(s, (byPredicate = new Map()));
    const list = byPredicate.get(q.predicate.value);
    if (!list) byPredicate.set(q.predicate.value, [q.object]);
    else if (!list.some((o) => sameTerm(o, q.object))) list.push(q.object);
  }
  return graph;
}

/** Predicates of a shape that are understood but are not constraints. */
const NON_CONSTRAINTS = ['message', 'severity', 'deactivated', 'name', 'description', 'order', 'group', 'defaultValue', 'flags'];
const TARGETS = ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf'];
const VALUE_KEYS = new Set(['datatype', 'nodeKind', 'minInclusive', 'minExclusive', 'maxInclusive', 'maxExclusive', 'minLength', 'maxLength', 'pattern', 'in']);
const NODE_SHAPE_KEYS = new Set([...TARGETS, 'property', 'or', 'node', ...VALUE_KEYS, ...NON_CONSTRAINTS]);
const PROPERTY_KEYS = new Set([...VALUE_KEYS, 'node', 'path', 'minCount', 'maxCount', 'hasValue', 'or', ...NON_CONSTRAINTS]);
const RANGES = { minInclusive: ['MinInclusive', 'greater than or equal to'], minExclusive: ['MinExclusive', 'greater than'], maxInclusive: ['MaxInclusive', 'less than or equal to'], maxExclusive: ['MaxExclusive', 'less than'] } as const;

export function compileShapes(shapes: readonly RDF.Quad[]): CompiledNodeShape[] {
  const graph = indexGraph(shapes);
  const name = (s: RDF.Term) => nt(s);
  const unsupported = (s: RDF.Term, what: string): never => {
    throw new UnsupportedShapes(`${name(s)}: ${what}`);
  };
  const objects = (s: RDF.Term, p: string): readonly RDF.Term[] => graph.get(termKey(s))?.get(`${SH}${p}`) ?? [];
  const one = (s: RDF.Term, p: string): RDF.Term => (objects(s, p).length === 1 ? objects(s, p)[0] : unsupported(s, `several sh:${p}`));
  const list = (head: RDF.Term): RDF.Term[] => {
    const items: RDF.Term[] = [];
    for (let node = head; node.value !== `${RDF_NS}nil`;) {
      const first = graph.get(termKey(node))?.get(`${RDF_NS}first`)?.[0];
      const rest = graph.get(termKey(node))?.get(`${RDF_NS}rest`)?.[0];
      if (!first || !rest || items.length > 10_000) unsupported(head, 'an ill-formed RDF list');
      items.push(first!);
      node = rest!;
    }
    return items;
  };
  const shKeys = (s: RDF.Term): string[] => [...(graph.get(termKey(s))?.keys() ?? [])].filter((p) => p.startsWith(SH)).map((p) => p.slice(SH.length));
  const deactivated = (s: RDF.Term) => objects(s, 'deactivated').some((o) => o.value === 'true');
  const severityOf = (s: RDF.Term): Severity => (objects(s, 'severity')[0]?.value.slice(SH.length) ?? 'Violation') as Severity;
  const constraint = (component: string, check: ValueCheck, message: string): CompiledValueConstraint => ({ component: `${SH}${component}ConstraintComponent`, check, message });

  const valueConstraints = (s: RDF.Term): CompiledValueConstraint[] => {
    const out: CompiledValueConstraint[] = objects(s, 'node').map((n) => ({ component: `${SH}NodeConstraintComponent`, node: nodeShape(n), message: `Value does not have shape ${nt(n)}` }));
    for (const key of shKeys(s).filter((k) => VALUE_KEYS.has(k))) {
      const p = one(s, key);
      if (key === 'datatype') out.push(constraint('Datatype', datatypeCheck(p.value), `Value does not have datatype ${nt(p)}`));
      else if (key === 'nodeKind') out.push(constraint('NodeKind', nodeKindCheck(p.value) ?? unsupported(s, `unknown node kind ${nt(p)}`), `Value does not have node kind ${nt(p)}`));
      else if (key in RANGES) {
        const [component, words] = RANGES[key as keyof typeof RANGES];
        out.push(constraint(component, rangeCheck(component, p), `Value is not ${words} ${nt(p)}`));
      } else if (key === 'minLength') out.push(constraint('MinLength', lengthCheck('MinLength', Number(p.value)), `Value has less than ${nt(p)} characters`));
      else if (key === 'maxLength') out.push(constraint('MaxLength', lengthCheck('MaxLength', Number(p.value)), `Value has more than ${nt(p)} characters`));
      else if (key === 'pattern') {
        let check: ValueCheck;
        try {
          check = patternCheck(p.value, objects(s, 'flags')[0]?.value ?? '');
        } catch {
          return unsupported(s, `a pattern JavaScript cannot compile: ${p.value}`);
        }
        out.push(constraint('Pattern', check, `Value does not match pattern "${nt(p)}"`));
      } else if (key === 'in') {
        const members = list(p);
        out.push(constraint('In', inCheck(members), `Value is not in ${members.map((m) => m.value).join(', ')}`));
      }
    }
    return out;
  };

  const propertyShape = (s: RDF.Term): CompiledPropertyShape | null => {
    if (deactivated(s)) return null;
    const other = shKeys(s).find((k) => !PROPERTY_KEYS.has(k));
    if (other) unsupported(s, `sh:${other} is not compiled`);
    const path = one(s, 'path');
    if (path.termType !== 'NamedNode') unsupported(s, 'a complex sh:path');
    const values = valueConstraints(s);
    for (const alternatives of objects(s, 'or')) {
      const members = list(alternatives).map((m) => {
        const extra = shKeys(m).find((k) => !VALUE_KEYS.has(k) && k !== 'flags' && k !== 'node');
        if (extra) unsupported(m, `sh:${extra} inside sh:or is not compiled`);
        return valueConstraints(m);
      });
      values.push({ component: `${SH}OrConstraintComponent`, or: members, message: '' });
    }
    const count = (key: string): number | undefined => {
      if (objects(s, key).length === 0) return undefined;
      const p = one(s, key);
      return /^\d+$/.test(p.value) ? Number(p.value) : unsupported(s, `sh:${key} ${nt(p)}`);
    };
    return {
      shape: termText(s), path: path.value, severity: severityOf(s), message: objects(s, 'message')[0]?.value,
      minCount: count('minCount'), maxCount: count('maxCount'), hasValue: objects(s, 'hasValue').length ? one(s, 'hasValue') : undefined, values,
    };
  };

  const isClass = (s: RDF.Term) => (graph.get(termKey(s))?.get(`${RDF_NS}type`) ?? []).some((t) => t.value === `${RDFS}Class` || t.value === 'http://www.w3.org/2002/07/owl#Class');
  const compiledNodes = new Map<string, CompiledNodeShape>();
  /** A node shape, targeted or reached through sh:node; memoised first, filled after, so that cycles terminate. */
  function nodeShape(s: RDF.Term): CompiledNodeShape {
    const known = compiledNodes.get(termKey(s));
    if (known) return known;
    const keys = shKeys(s);
    if (objects(s, 'path').length > 0) unsupported(s, 'a property shape used as a node shape');
    const other = keys.find((k) => !NODE_SHAPE_KEYS.has(k));
    if (other) unsupported(s, `sh:${other} on a node shape is not compiled`);
    const shape = { shape: termText(s), severity: severityOf(s), message: objects(s, 'message')[0]?.value } as Record<string, unknown>;
    compiledNodes.set(termKey(s), shape as unknown as CompiledNodeShape);
    Object.assign(shape, {
      nodeValues: valueConstraints(s),
      nodeOr: objects(s, 'or').map((alternatives) => list(alternatives).map((m): CompiledShapeMember => {
        if (objects(m, 'path').length > 0) return { property: propertyShape(m) ?? unsupported(m, 'a deactivated sh:or member') };
        const extra = shKeys(m).find((k) => !VALUE_KEYS.has(k) && k !== 'flags' && k !== 'node');
        return extra ? unsupported(m, `sh:${extra} inside sh:or is not compiled`) : { values: valueConstraints(m) };
      })),
      targetClasses: [...objects(s, 'targetClass').map((t) => t.value), ...(isClass(s) ? [s.value] : [])],
      targetNodes: objects(s, 'targetNode'),
      targetSubjectsOf: objects(s, 'targetSubjectsOf').map((t) => t.value),
      targetObjectsOf: objects(s, 'targetObjectsOf').map((t) => t.value),
      properties: deactivated(s) ? [] : objects(s, 'property').map(propertyShape).filter((p): p is CompiledPropertyShape => p !== null),
      deactivated: deactivated(s),
    });
    return shape as unknown as CompiledNodeShape;
  }

  const targeted: CompiledNodeShape[] = [];
  for (const s of new Map(shapes.map((q) => [termKey(q.subject), q.subject] as const)).values()) {
    const keys = shKeys(s);
    if (!keys.some((k) => TARGETS.includes(k)) && !(isClass(s) && keys.length > 0)) continue;
    if (objects(s, 'path').length > 0) unsupported(s, 'a targeted property shape');
    const compiled = nodeShape(s);
    if (!compiled.deactivated) targeted.push(compiled);
  }
  return targeted;
}
