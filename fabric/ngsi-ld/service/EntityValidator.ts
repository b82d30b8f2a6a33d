/**
 * SHACL validation of NGSI-LD writes (issue 3 "Validation and errors"): the quads an
 * entity maps to (its natural triples, fabric/ngsi-ld/mapping) are validated against the
 * shapes (shapes/*.ttl) that target one of its types. Per type the mode (ValidationModes.ts) is
 * `reject` (a violation answers 400 BadRequestData, GS CIM 009 §5.5.1, naming the attribute and
 * the rule: shapeViolations.ts), `warn` (the write goes ahead and the violations are returned as
 * warnings) or `off`.
 *
 * Cost: the shapes reachable from an entity's types (+ the ontology's rdfs:subClassOf) are
 * compiled once into plain functions (fabric/validation/CompiledShapes: the SHACL Core subset
 * the continuum's shapes use, equal to shacl-engine's results on the W3C suite and on random
 * entities); shapes outside that subset go to a ShaclValidator (shacl-engine) built once.
 * Entities of types no shape targets skip SHACL entirely. `stats()` reports the measured cost.
 */
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import { OWL, RDF as RDF_NS, RDFS, SH } from '../../rdf/namespaces.js';
import { CompiledShapes } from '../../validation/CompiledShapes.js';
import { ShaclValidator } from '../../validation/ShaclValidator.js';
import type { ValidationResultEntry } from '../../validation/ValidationReport.js';
import type { Entity } from '../model/Entity.js';
import { equivalences, reachableShapes } from './shapeGraph.js';
import { toViolation, violationError, type ShapeViolation } from './shapeViolations.js';
import { ValidationModes, type ValidationMode } from './ValidationModes.js';

export type { ValidationMode } from './ValidationModes.js';
export { violationError, type ShapeViolation, type ViolationSummary } from './shapeViolations.js';

export interface EntityValidatorOptions {
  /** SHACL shapes (e.g. loadShapes()). */
  readonly shapes: readonly RDF.Quad[];
  /** Ontology quads; only rdfs:subClassOf is used (targets of superclasses). */
  readonly ontology?: readonly RDF.Quad[];
  /** Mode for types without an entry in `modes`. Default 'reject'. */
  readonly defaultMode?: ValidationMode;
  /** Per entity type (expanded IRI); subclasses without their own entry inherit it (modeOf). */
  readonly modes?: Readonly<Record<string, ValidationMode>>;
}

export interface ValidationOutcome {
  /** Violations accepted because the type's mode is `warn`. */
  readonly warnings: ShapeViolation[];
}

export interface ValidatorStats {
  readonly validated: number;
  readonly skipped: number;
  readonly totalMs: number;
  readonly meanMs: number;
}

const SUBCLASS = `${RDFS}subClassOf`;
const EQUIVALENT_CLASS = `${OWL}equivalentClass`;
const EQUIVALENT_PROPERTY = `${OWL}equivalentProperty`;
const RDF_TYPE = `${RDF_NS}type`;
const { quad: makeQuad, namedNode } = N3.DataFactory;

const TARGET_CLASS = `${SH}targetClass`;
const NONE: ValidationOutcome = { warnings: [] };

/** Validation of the (small) data of one entity against a fixed set of shapes. */
type ShapesCheck = (data: readonly RDF.Quad[]) => ValidationResultEntry[] | Promise<ValidationResultEntry[]>;

export class EntityValidator {
  /** One validator per set of types, built from only the shapes that target them (cached). */
  private readonly engines = new Map<string, ShapesCheck>();
  private readonly shapeQuads: RDF.Quad[];
  private readonly subclassing: RDF.Quad[];
  /** Types some shape targets, closed under rdfs:subClassOf (a subclass instance is a target too). */
  private readonly targetedTypes: Set<string>;
  private readonly modes: ValidationModes;
  /**
   * owl:equivalentClass / owl:equivalentProperty of the ontology (e.g. the Smart Data Models
   * IRIs ↔ aerOS ones): an entity written with the Smart Data Models @context is validated
   * against the aerOS shapes through them (docs/ngsi-ld-mapping.md).
   */
  private readonly equivalentClasses: Map<string, string[]>;
  private readonly equivalentProperties: Map<string, string[]>;
  /** IRIs the shapes mention: only equivalents among them are worth adding to the data. */
  private readonly shapeIris: Set<string>;
  private validated = 0;
  private skipped = 0;
  private totalMs = 0;

  constructor(options: EntityValidatorOptions) {
    const ontology = options.ontology ?? [];
    const subclassing = ontology.filter((q) => q.predicate.value === SUBCLASS && q.object.termType === 'NamedNode');
    this.shapeQuads = [...options.shapes];
    this.subclassing = subclassing;
    this.equivalentClasses = equivalences(ontology, EQUIVALENT_CLASS);
    this.equivalentProperties = equivalences(ontology, EQUIVALENT_PROPERTY);
    this.shapeIris = new Set(options.shapes.filter((q) => q.object.termType === 'NamedNode').map((q) => q.object.value));
    this.targetedTypes = new Set(options.shapes.filter((q) => q.predicate.value === TARGET_CLASS).map((q) => q.object.value));
    for (let grew = true; grew;) {
      grew = false;
      const reach = (from: string, to: string) => {
        if (this.targetedTypes.has(from) && !this.targetedTypes.has(to)) {
          this.targetedTypes.add(to);
          grew = true;
        }
      };
      for (const q of subclassing) reach(q.object.value, q.subject.value);
      for (const [a, bs] of this.equivalentClasses) for (const b of bs) reach(a, b);
    }
    this.modes = new ValidationModes(options.modes ?? {}, options.defaultMode ?? 'reject', subclassing, this.equivalentClasses);
  }

  /** The mode of a type (ValidationModes: its own entry, else its nearest superclass's, else the default). */
  modeOf(type: string): ValidationMode {
    return this.modes.of(type);
  }

  setMode(type: string, mode: ValidationMode): void {
    this.modes.set(type, mode);
  }

  /** Whether some shape targets this type or one of its superclasses (a configured mode can matter). */
  isTargeted(type: string): boolean {
    return this.targetedTypes.has(type);
  }

  /** Whether a write of this entity needs SHACL at all (a shape targets one of its types and the mode is not off). */
  applies(entity: Entity): boolean {
    return entity.types.some((t) => this.targetedTypes.has(t) && this.modeOf(t) !== 'off');
  }

  /**
   * Validates `quads` (the entity's mapped quads). Rejects with BadRequestDataError when a
   * violation concerns a type in `reject` mode; returns the others as warnings.
   */
  async validate(entity: Entity, quads: readonly RDF.Quad[]): Promise<ValidationOutcome> {
    return this.check(entity, quads);
  }

  /**
   * validate, synchronous whenever the entity's shapes are compiled (CompiledShapes, the common
   * case): a writer can then read, validate and commit in one tick (EntityWriter). Throws
   * BadRequestDataError (or returns a rejecting promise) on a violation in `reject` mode.
   */
  check(entity: Entity, quads: readonly RDF.Quad[]): ValidationOutcome | Promise<ValidationOutcome> {
    if (!this.applies(entity)) {
      this.skipped++;
      return NONE;
    }
    const started = performance.now();
    // Triple terms (reifiers) are not SHACL targets; shapes read the natural triples.
    const data = this.withEquivalents(quads.filter((q) => q.object.termType !== 'Quad'));
    const results = this.validatorFor(entity.types)(data);
    if (results instanceof Promise) return results.then((r) => this.outcome(entity, r, started));
    return this.outcome(entity, results, started);
  }

  private outcome(entity: Entity, results: readonly ValidationResultEntry[], started: number): ValidationOutcome {
    this.totalMs += performance.now() - started;
    this.validated++;
    const violations = results.filter((r) => r.focusNode === entity.id).map(toViolation).map((v) => this.asWritten(entity, v));
    if (violations.length === 0) return NONE;
    const rejecting = entity.types.some((t) => this.targetedTypes.has(t) && this.modeOf(t) === 'reject');
    if (rejecting) throw violationError(entity.id, violations);
    return { warnings: violations };
  }

  /**
   * The data plus, for every type and predicate with an equivalent the shapes use, the same
   * statement with that IRI (an entity already in the shapes' vocabulary gets nothing extra).
   */
  private withEquivalents(data: RDF.Quad[]): RDF.Quad[] {
    if (this.equivalentClasses.size === 0 && this.equivalentProperties.size === 0) return data;
    const extra: RDF.Quad[] = [];
    for (const q of data) {
      if (q.predicate.value === RDF_TYPE) {
        for (const e of this.equivalentClasses.get(q.object.value) ?? []) {
          if (this.shapeIris.has(e)) extra.push(makeQuad(q.subject, q.predicate, namedNode(e), q.graph));
        }
      } else if (!this.shapeIris.has(q.predicate.value)) {
        for (const e of this.equivalentProperties.get(q.predicate.value) ?? []) {
          if (this.shapeIris.has(e)) extra.push(makeQuad(q.subject, namedNode(e), q.object, q.graph));
        }
      }
    }
    return extra.length === 0 ? data : [...data, ...extra];
  }

  /**
   * Names a violation by the attribute IRI the entity was written with (not its equivalent in the shapes); an
   * attribute the entity lacks (sh:minCount) keeps the shapes' IRI with its equivalents, among which the HTTP edge
   * picks the one the request's @context knows (shapeViolations.clientAttributeName).
   */
  private asWritten(entity: Entity, v: ShapeViolation): ShapeViolation {
    if (v.attribute === null || entity.attributes.has(v.attribute)) return v;
    const equivalents = this.equivalentProperties.get(v.attribute) ?? [];
    const written = equivalents.find((e) => entity.attributes.has(e));
    if (written) return { ...v, attribute: written };
    return equivalents.length > 0 ? { ...v, equivalents } : v;
  }

  stats(): ValidatorStats {
    return { validated: this.validated, skipped: this.skipped, totalMs: this.totalMs, meanMs: this.validated ? this.totalMs / this.validated : 0 };
  }

  /**
   * The validator for an entity's types: the shapes targeting them or a superclass, with
   * everything reachable from those shapes (property shapes, lists, nested shapes), plus
   * the subclass axioms, compiled (CompiledShapes) when they stay within its subset, else a
   * shacl-engine validator (measured with shacl-engine: all 17 shapes ≈ 4.7 ms per
   * InfrastructureElement, the reachable ones 1–3 ms; compiled: docs/benchmarks.md §4).
   */
  private validatorFor(types: readonly string[]): ShapesCheck {
    const key = [...types].sort().join(' ');
    let engine = this.engines.get(key);
    if (!engine) {
      const shapes = [...reachableShapes(this.shapeQuads, this.superclassesOf(types)), ...this.subclassing];
      const compiled = CompiledShapes.compile(shapes);
      if (compiled) engine = (data) => compiled.validate(data);
      else {
        const general = new ShaclValidator(shapes);
        engine = async (data) => (await general.validate(data)).results;
      }
      this.engines.set(key, engine);
    }
    return engine;
  }

  private superclassesOf(types: readonly string[]): Set<string> {
    const out = new Set(types);
    for (let grew = true; grew;) {
      grew = false;
      const add = (t: string) => {
        if (!out.has(t)) {
          out.add(t);
          grew = true;
        }
      };
      for (const q of this.subclassing) if (out.has(q.subject.value)) add(q.object.value);
      for (const t of [...out]) for (const e of this.equivalentClasses.get(t) ?? []) add(e);
    }
    return out;
  }
}
