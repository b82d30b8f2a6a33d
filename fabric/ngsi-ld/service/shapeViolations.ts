/**
 * SHACL validation results as the NGSI-LD API reports them (issue 3 "Validation and errors"): one
 * ShapeViolation per broken rule, and the 400 BadRequestData error (GS CIM 009 §5.5.1) of a write
 * rejected by its shape, whose detail names the attribute and the rule of the first violation.
 */
import { BadRequestDataError } from '../../errors/FabricError.js';
import { SH } from '../../rdf/namespaces.js';
import type { ValidationResultEntry } from '../../validation/ValidationReport.js';

/** One broken rule, attribute as an expanded IRI (the HTTP edge compacts it). */
export interface ShapeViolation {
  /** The attribute (sh:resultPath) as an expanded IRI, or null for a node-level rule. */
  readonly attribute: string | null;
  /** The SHACL constraint component, e.g. sh:MinCountConstraintComponent. */
  readonly rule: string;
  readonly message: string;
  readonly value: string | null;
  readonly severity: string;
  readonly shape: string;
  /**
   * When the entity has neither the attribute nor an equivalent of it: its owl:equivalentProperty IRIs, so the
   * HTTP edge can name a MISSING attribute in the vocabulary of the request's @context (clientAttributeName).
   */
  readonly equivalents?: readonly string[];
}

/** A validation result (SHACL §3.6) as a ShapeViolation: the path's IRI unbracketed, the component as sh:…. */
export function toViolation(r: ValidationResultEntry): ShapeViolation {
  const attribute = r.path && /^<[^>]+>$/.test(r.path) ? r.path.slice(1, -1) : r.path;
  const rule = r.constraint.startsWith(SH) ? `sh:${r.constraint.slice(SH.length)}` : r.constraint;
  return { attribute, rule, message: r.message, value: r.value, severity: r.severity, shape: r.sourceShape };
}

/** §5.5.1 BadRequestData; the detail names the attribute and the rule of the first violation, all are in `violations`. */
export type ViolationSummary = Pick<ShapeViolation, 'attribute' | 'rule' | 'message' | 'value' | 'equivalents'>;

export function violationError(entityId: string, violations: readonly ViolationSummary[]): BadRequestDataError {
  const first = violations[0];
  const where = first.attribute ? `attribute ${first.attribute}` : 'the entity';
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more violation${violations.length > 2 ? 's' : ''})` : '';
  const message = first.message.replace(/\.+$/, '') || 'constraint not met'; // the detail ends with one full stop
  const detail = `Entity ${entityId} violates its shape: ${where} breaks ${first.rule}: ${message}${more}.`;
  return new BadRequestDataError(detail, {
    attribute: first.attribute ?? undefined,
    rule: first.rule,
    violations: violations.map((v) => ({ attribute: v.attribute, rule: v.rule, message: v.message, value: v.value, ...(v.equivalents ? { equivalents: v.equivalents } : {}) })),
  });
}

/**
 * The name a client knows an attribute by: the term its @context gives the attribute IRI or, for an attribute the
 * entity lacks, one of its equivalents (a Smart Data Models write missing aerOS `domain` reads `domain`, the
 * Smart Data Models term); else the IRI compacted as far as the context allows.
 */
export function clientAttributeName(compactIri: (iri: string) => string, iri: string, equivalents: readonly string[] = []): string {
  for (const candidate of [iri, ...equivalents]) {
    const name = compactIri(candidate);
    if (!name.includes(':')) return name;
  }
  return compactIri(iri);
}
