/**
 * The SHACL validation mode of each entity type (issue 3 "Validation and errors"; EntityValidator):
 * `reject` (a violation answers 400 BadRequestData, GS CIM 009 §5.5.1), `warn` (the write goes ahead,
 * the violations come back as warnings) or `off`. A type without its own entry inherits the entry of
 * its nearest superclass (rdfs:subClassOf) or equivalent class (owl:equivalentClass) that has one,
 * breadth first, so configuring aeros:InfrastructureElement covers its subclasses; else the default.
 * Resolved modes are memoised (every write asks) and forgotten when an entry changes.
 */
import type * as RDF from '@rdfjs/types';

export type ValidationMode = 'reject' | 'warn' | 'off';

export class ValidationModes {
  private readonly own: Map<string, ValidationMode>;
  private readonly resolved = new Map<string, ValidationMode>();

  /**
   * `subclassing`: rdfs:subClassOf quads (subject ⊑ object); `equivalentClasses`: each class's
   * owl:equivalentClass partners (symmetric, shapeGraph.equivalences).
   */
  constructor(
    modes: Readonly<Record<string, ValidationMode>>,
    private readonly defaultMode: ValidationMode,
    private readonly subclassing: readonly RDF.Quad[],
    private readonly equivalentClasses: ReadonlyMap<string, readonly string[]>,
  ) {
    this.own = new Map(Object.entries(modes));
  }

  /** The mode of a type: its own entry, else the nearest inherited one, else the default. */
  of(type: string): ValidationMode {
    let mode = this.resolved.get(type);
    if (mode === undefined) {
      mode = this.inherited(type);
      this.resolved.set(type, mode);
    }
    return mode;
  }

  set(type: string, mode: ValidationMode): void {
    this.own.set(type, mode);
    this.resolved.clear();
  }

  private inherited(type: string): ValidationMode {
    const seen = new Set<string>([type]);
    for (let level = [type]; level.length > 0;) {
      for (const t of level) {
        const own = this.own.get(t);
        if (own !== undefined) return own;
      }
      const next: string[] = [];
      const visit = (t: string) => {
        if (!seen.has(t)) {
          seen.add(t);
          next.push(t);
        }
      };
      for (const t of level) for (const e of this.equivalentClasses.get(t) ?? []) visit(e);
      for (const q of this.subclassing) if (level.includes(q.subject.value)) visit(q.object.value);
      level = next;
    }
    return this.defaultMode;
  }
}
