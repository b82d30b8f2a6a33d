/**
 * SHACL Core value-level constraints (W3C SHACL §4.1 value type, §4.3 value range, §4.4 string based,
 * §4.8.3 sh:in) as plain functions over one value node: the part of validation that runs for every value
 * of every attribute on the NGSI-LD write path (CompiledShapes). Semantics follow the specification and
 * agree with shacl-engine on the W3C core suite (test/unit/validation/CompiledShapes.test.ts):
 * - sh:datatype also requires a well-formed lexical form (rdf-validation's XSD checks);
 * - range comparisons between incomparable values (a string against a number, a dateTime with a timezone
 *   against one without, an IRI) are violations (§4.3);
 * - string constraints on a blank node are violations (§4.4).
 */
import type * as RDF from '@rdfjs/types';
import { fromRdf } from 'rdf-literal';
import { XsdValidation } from 'rdf-validation';
import { SH, XSD } from '../rdf/namespaces.js';

const xsd = new XsdValidation();

/** A value-level check: true when the value node satisfies it. */
export type ValueCheck = (value: RDF.Term) => boolean;

export const NODE_KINDS: Readonly<Record<string, ReadonlySet<RDF.Term['termType']>>> = {
  [`${SH}BlankNode`]: new Set(['BlankNode']),
  [`${SH}IRI`]: new Set(['NamedNode']),
  [`${SH}Literal`]: new Set(['Literal']),
  [`${SH}BlankNodeOrIRI`]: new Set(['BlankNode', 'NamedNode']),
  [`${SH}BlankNodeOrLiteral`]: new Set(['BlankNode', 'Literal']),
  [`${SH}IRIOrLiteral`]: new Set(['NamedNode', 'Literal']),
};

export function datatypeCheck(datatype: string): ValueCheck {
  return (v) => v.termType === 'Literal' && v.datatype.value === datatype && (xsd.validateSimple(v) as boolean);
}

export function nodeKindCheck(kind: string): ValueCheck | undefined {
  const allowed = NODE_KINDS[kind];
  return allowed ? (v) => allowed.has(v.termType) : undefined;
}

const TIMEZONE = /(Z|[+-]\d{2}:\d{2})$/;

/** Order of two literals as SPARQL's `<` would see them, or null when they cannot be compared. */
export function compareLiterals(a: RDF.Term, b: RDF.Term): number | null {
  if (a.termType !== 'Literal' || b.termType !== 'Literal') return null;
  const isDateTime = (t: RDF.Literal) => t.datatype.value === `${XSD}dateTime`;
  if ((isDateTime(a) && TIMEZONE.test(a.value)) !== (isDateTime(b) && TIMEZONE.test(b.value))) return null;
  let x: unknown;
  let y: unknown;
  try {
    x = fromRdf(a, true);
    y = fromRdf(b, true);
  } catch {
    return null; // ill-formed lexical form
  }
  if (typeof x !== typeof y) return null;
  if (typeof x === 'string') return x.localeCompare(y as string);
  if (typeof x === 'number' || typeof x === 'boolean') return Number(x) - Number(y);
  if (x instanceof Date && y instanceof Date) return x.getTime() - y.getTime();
  return null;
}

/** sh:minInclusive / minExclusive / maxInclusive / maxExclusive against `bound`. */
export function rangeCheck(component: 'MinInclusive' | 'MinExclusive' | 'MaxInclusive' | 'MaxExclusive', bound: RDF.Term): ValueCheck {
  const ok: (c: number) => boolean = {
    MinInclusive: (c: number) => c >= 0,
    MinExclusive: (c: number) => c > 0,
    MaxInclusive: (c: number) => c <= 0,
    MaxExclusive: (c: number) => c < 0,
  }[component];
  return (v) => {
    const c = compareLiterals(v, bound);
    return c !== null && !Number.isNaN(c) && ok(c);
  };
}

export function lengthCheck(component: 'MinLength' | 'MaxLength', limit: number): ValueCheck {
  return (v) => v.termType !== 'BlankNode' && (component === 'MinLength' ? [...v.value].length >= limit : [...v.value].length <= limit);
}

export function patternCheck(pattern: string, flags: string): ValueCheck {
  const re = new RegExp(pattern, flags);
  return (v) => v.termType !== 'BlankNode' && re.test(v.value);
}

export const sameTerm = (a: RDF.Term, b: RDF.Term): boolean =>
  a.termType === b.termType && a.value === b.value
  && (a.termType !== 'Literal' || (a.language === (b as RDF.Literal).language && a.datatype.value === (b as RDF.Literal).datatype.value));

export function inCheck(members: readonly RDF.Term[]): ValueCheck {
  return (v) => members.some((m) => sameTerm(m, v));
}
