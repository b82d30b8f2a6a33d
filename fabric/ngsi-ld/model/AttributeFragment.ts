/**
 * An attribute instance as a partial update or a merge gives it (GS CIM 009 v1.8 §5.5.8 partial update
 * patch, §5.5.12 merge patch; used by §5.6.4 Partial Attribute Update, §5.6.17 Merge Entity and §5.6.20
 * Batch Entity Merge): only the members given change, so unlike an attribute being created it may lack
 * its "type" and its main member (value, object, languageMap, vocab, json, valueList, objectList), e.g.
 * `{"unitCode": "KGM"}` or `{"observedAt": "…"}`.
 *
 * A complete AttributeInstance is also a fragment (kind stated, main member given): services accept both.
 */
import type { AttributeInstance, AttributeKind } from './Entity.js';

export interface AttributeFragment extends Omit<AttributeInstance, 'kind' | 'subAttributes'> {
  /** The kind the "type" member states, or that the main member implies (concise form); absent when neither is given. */
  readonly kind?: AttributeKind;
  /** 'implied': no "type" member, the kind was read off the main member. Absent: stated (or no kind). */
  readonly kindSource?: 'implied';
  /** false when the fragment has no main member (its content stays as it is); absent counts as true. */
  readonly hasContent?: boolean;
  /**
   * A main member given as "value" or as a bare value without "type" (concise), read again as another kind's
   * content: §5.6.17 keeps the type of a pre-existing attribute written in a simplified representation, so
   * `{"value": "urn:…"}` sets a Relationship's object. Throws BadRequestData naming the attribute when the
   * content does not suit that kind.
   */
  readonly readAs?: (kind: AttributeKind) => Partial<AttributeInstance>;
  /** The attribute name as the request wrote it, for error messages. */
  readonly name?: string;
  readonly subAttributes: ReadonlyMap<string, readonly AttributeFragment[]>;
}

export type FragmentMap = ReadonlyMap<string, readonly AttributeFragment[]>;
