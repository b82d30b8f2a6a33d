/**
 * Abstract syntax of the NGSI-LD Query Language (GS CIM 009 v1.8 §4.9) with terms still
 * compact (as written); the compiler expands them with the request's @context.
 */

/** A literal of a comparison (§4.9 ComparableValue / OtherValue / URI). */
export type QValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'dateTime' | 'date' | 'time'; readonly value: string }
  /** An unquoted URI (relationship objects, datasetIds). */
  | { readonly kind: 'uri'; readonly value: string };

/** Members of an attribute instance that q can address after a dot (§4.9: a.observedAt). */
export const INSTANCE_MEMBERS = ['observedAt', 'createdAt', 'modifiedAt', 'unitCode', 'datasetId'] as const;
export type InstanceMember = (typeof INSTANCE_MEMBERS)[number];

/**
 * `a.b.c[k1.k2]`: attribute, sub-attribute path, optional instance member, optional JSON path into the value. On a
 * LanguageProperty the first key of the path is a language tag (`label[en]`: the strings of that language).
 */
export interface QAttributePath {
  /** Attribute then sub-attribute names (compact terms). */
  readonly attributes: readonly string[];
  readonly member?: InstanceMember;
  /** Keys into a JSON value (`a[b.c]`, `a[b][c]`), compact terms. */
  readonly jsonPath?: readonly string[];
  /** 1-based position of the path in the q string. */
  readonly position: number;
}

export type QOperator = '==' | '!=' | '>' | '>=' | '<' | '<=';

export type QTarget =
  | { readonly kind: 'value'; readonly value: QValue }
  | { readonly kind: 'range'; readonly from: QValue; readonly to: QValue }
  | { readonly kind: 'list'; readonly values: readonly QValue[] };

export type QExpression =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly QExpression[] }
  /** Attribute existence (`a` alone). */
  | { readonly kind: 'exists'; readonly path: QAttributePath }
  /**
   * Attribute non-existence (`!a`): holds exactly when `a` alone does not. Orion-LD's `q=!attr` (its QNodeNotExists);
   * not confirmed in the GS CIM 009 v1.8 §4.9 ABNF here (docs/ngsi-ld-mapping.md, "q on the retrieved entity").
   */
  | { readonly kind: 'notExists'; readonly path: QAttributePath }
  | { readonly kind: 'compare'; readonly path: QAttributePath; readonly operator: QOperator; readonly target: QTarget }
  | { readonly kind: 'pattern'; readonly path: QAttributePath; readonly negated: boolean; readonly pattern: string };

export type QLeaf = Exclude<QExpression, { kind: 'and' | 'or' }>;

export function leavesOf(e: QExpression): QLeaf[] {
  return e.kind === 'and' || e.kind === 'or' ? e.operands.flatMap(leavesOf) : [e as QLeaf];
}

/**
 * §4.9: "If the target element corresponds to a Relationship or ListRelationship, the combination of such target
 * element with any operator different than equal or unequal shall result in not matching" — `>`, `>=`, `<`, `<=`,
 * `~=` and `!~=` (patternOp / notPatternOp are operators of the grammar too) take no Relationship object; `==` / `!=`
 * (with a value, a list or a range) do. Existence is no operator: `a` alone holds on a Relationship (and `!a` not).
 */
export function takesRelationshipObjects(leaf: QLeaf): boolean {
  return leaf.kind === 'exists' || leaf.kind === 'notExists' || (leaf.kind === 'compare' && (leaf.operator === '==' || leaf.operator === '!='));
}
