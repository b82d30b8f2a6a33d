/**
 * SHACL Core shapes compiled once into plain functions, for the hot path of NGSI-LD writes (one small entity
 * validated per request). shacl-engine builds a dataset, resolves targets and walks shapes through clownface
 * pointers on every call (≈ 1–3 ms per InfrastructureElement, docs/benchmarks.md §4); a compiled shape set
 * checks the same entity in microseconds.
 *
 * Only the constraints the continuum's shapes use are compiled: node shapes with targets (sh:targetClass,
 * implicit class targets, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf) and sh:property; property
 * shapes with a predicate path and sh:datatype, sh:nodeKind, sh:minCount, sh:maxCount, the four range
 * constraints, sh:minLength, sh:maxLength, sh:pattern (+ sh:flags), sh:in, sh:hasValue, and sh:or over shapes
 * made only of value constraints; sh:message, sh:severity, sh:deactivated. `compile` answers `undefined` for
 * anything else, and the caller falls back to the general engine (ShaclValidator): no shape is ever checked
 * half. The W3C SHACL core suite's cases that compile give the same results as the suite expects
 * (test/unit/validation/CompiledShapes.test.ts).
 */
import type * as RDF from '@rdfjs/types';
import { RDF as RDF_NS, RDFS, SH } from '../rdf/namespaces.js';
import type { ValidationResultEntry } from './ValidationReport.js';
import {
  compileShapes, indexGraph, termKey, termText, UnsupportedShapes, type CompiledNodeShape, type CompiledPropertyShape, type CompiledValueConstraint, type Graph,
} from './compileShapes.js';
import { sameTerm } from './valueConstraints.js';

const TYPE = `${RDF_NS}type`;
const SUBCLASS = `${RDFS}subClassOf`;

export class CompiledShapes {
  private constructor(
    private readonly nodeShapes: readonly CompiledNodeShape[],
    private readonly shapeSubclasses: readonly RDF.Quad[],
  ) {}

  /**
   * The compiled form of a shapes graph, or undefined when it uses anything beyond the subset above
   * (`onUnsupported` hears why, e.g. for a log line).
   */
  static compile(shapes: readonly RDF.Quad[], onUnsupported?: (reason: string) => void): CompiledShapes | undefined {
    try {
      return new CompiledShapes(compileShapes(shapes), shapes.filter((q) => q.predicate.value === SUBCLASS));
    } catch (error) {
      if (!(error instanceof UnsupportedShapes)) throw error;
      onUnsupported?.(error.message);
      return undefined;
    }
  }

  /** Validates every target in `data` (rdfs:subClassOf from the shapes and the data both count). */
  validate(data: readonly RDF.Quad[]): ValidationResultEntry[] {
    const graph: Graph = indexGraph(data);
    const superclasses = superclassIndex([...this.shapeSubclasses, ...data.filter((q) => q.predicate.value === SUBCLASS)]);
    const results: ValidationResultEntry[] = [];
    for (const shape of this.nodeShapes) {
      for (const focus of focusNodes(shape, data, superclasses)) {
        validateNode(shape, focus, graph, results);
        for (const property of shape.properties) validateProperty(property, focus, graph, results);
      }
    }
    return results;
  }
}

/** class → itself and every superclass. */
function superclassIndex(subclassing: readonly RDF.Quad[]): (cls: string) => ReadonlySet<string> {
  const direct = new Map<string, string[]>();
  for (const q of subclassing) direct.set(q.subject.value, [...(direct.get(q.subject.value) ?? []), q.object.value]);
  const memo = new Map<string, Set<string>>();
  return (cls) => {
    let out = memo.get(cls);
    if (!out) {
      out = new Set([cls]);
      for (const queue = [cls]; queue.length > 0;) for (const sup of direct.get(queue.pop()!) ?? []) if (!out.has(sup)) (out.add(sup), queue.push(sup));
      memo.set(cls, out);
    }
    return out;
  };
}

function focusNodes(shape: CompiledNodeShape, data: readonly RDF.Quad[], superclasses: (c: string) => ReadonlySet<string>): RDF.Term[] {
  const out = new Map<string, RDF.Term>();
  const add = (t: RDF.Term) => out.set(termKey(t), t);
  for (const t of shape.targetNodes) add(t);
  if (shape.targetClasses.length + shape.targetSubjectsOf.length + shape.targetObjectsOf.length === 0) return [...out.values()];
  for (const q of data) {
    if (q.predicate.value === TYPE && shape.targetClasses.some((c) => superclasses(q.object.value).has(c))) add(q.subject);
    if (shape.targetSubjectsOf.includes(q.predicate.value)) add(q.subject);
    if (shape.targetObjectsOf.includes(q.predicate.value)) add(q.object);
  }
  return [...out.values()];
}

/** Whether a value satisfies a value constraint; sh:node asks whether it conforms to the referenced shape. */
function passes(c: CompiledValueConstraint, value: RDF.Term, graph: Graph): boolean {
  if (c.check) return c.check(value);
  if (c.or) return c.or.some((member) => member.every((m) => passes(m, value, graph)));
  return conformsTo(c.node!, value, graph);
}

/** §4.7.1: a value conforms to a shape when validating it as that shape's focus node gives no result. */
function conformsTo(shape: CompiledNodeShape, value: RDF.Term, graph: Graph): boolean {
  const results: ValidationResultEntry[] = [];
  validateNode(shape, value, graph, results);
  for (const p of shape.properties) if (validateProperty(p, value, graph, results) > 0) return false;
  return results.length === 0;
}

/** Constraints of the node shape itself, on the focus node as its value node. */
function validateNode(shape: CompiledNodeShape, focus: RDF.Term, graph: Graph, results: ValidationResultEntry[]): void {
  const result = (component: string, message: string) => results.push({
    focusNode: termText(focus), path: null, value: termText(focus),
    message: shape.message ?? message, severity: shape.severity, sourceShape: shape.shape, constraint: component,
  });
  if (shape.deactivated) return;
  for (const c of shape.nodeValues) if (!passes(c, focus, graph)) result(c.component, c.message);
  for (const members of shape.nodeOr) {
    const conforms = members.some((m) => ('values' in m ? m.values.every((c) => passes(c, focus, graph)) : validateProperty(m.property, focus, graph, []) === 0));
    if (!conforms) result(`${SH}OrConstraintComponent`, '');
  }
}

/** Appends the property shape's results for one focus node; answers how many. */
function validateProperty(p: CompiledPropertyShape, focus: RDF.Term, graph: Graph, results: ValidationResultEntry[]): number {
  const before = results.length;
  const values = focus.termType === 'Literal' ? [] : graph.get(termKey(focus))?.get(p.path) ?? [];
  const result = (component: string, message: string, value: RDF.Term | null) => results.push({
    focusNode: termText(focus), path: `<${p.path}>`, value: value ? termText(value) : null,
    message: p.message ?? message, severity: p.severity, sourceShape: p.shape, constraint: `${SH}${component}`,
  });
  if (p.minCount !== undefined && values.length < p.minCount) result('MinCountConstraintComponent', `Less than ${p.minCount} values`, null);
  if (p.maxCount !== undefined && values.length > p.maxCount) result('MaxCountConstraintComponent', `More than ${p.maxCount} values`, null);
  if (p.hasValue && !values.some((v) => sameTerm(v, p.hasValue!))) result('HasValueConstraintComponent', `Missing expected value ${p.hasValue.value}`, null);
  for (const v of values) {
    for (const c of p.values) {
      if (!passes(c, v, graph)) result(c.component.slice(SH.length), c.message, v);
    }
  }
  return results.length - before;
}
