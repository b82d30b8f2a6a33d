/**
 * Parser of attribute projections: `attrs`, `pick` and `omit` (GS CIM 009 v1.8 §4.21, §6.3.x):
 *
 *   Projection = Item *( ',' Item )
 *   Item       = Name [ '{' Projection '}' ]      ; braces project sub-attributes (pick / omit only)
 *
 * `pick` and `omit` may name `id` and `type` besides attributes (§4.21); `attrs` names attributes
 * only and no nesting. Hand-written: see QueryScanner.ts.
 */
import { QueryScanner } from './QueryScanner.js';

export interface ProjectionItem {
  /** The name as written (compact term or IRI). */
  readonly name: string;
  /** Sub-attribute projection (`a{b,c}`). */
  readonly children?: readonly ProjectionItem[];
  /** 1-based position in the parameter. */
  readonly position: number;
}

const NAME = /[^,{}\s]+/y;

export function parseProjection(value: string, parameter: 'attrs' | 'pick' | 'omit'): ProjectionItem[] {
  const s = new QueryScanner(value, parameter);
  const items = parseItems(s, parameter !== 'attrs');
  s.expectEnd(parameter === 'attrs' ? "',' or the end of the list" : "',', '{' or the end of the list");
  if (parameter === 'attrs') {
    const reserved = items.find((i) => i.name === 'id' || i.name === 'type');
    if (reserved) throw s.error('an attribute name (id and type are not attributes; use pick)', reserved.position - 1);
  }
  return items;
}

function parseItems(s: QueryScanner, nesting: boolean): ProjectionItem[] {
  const items = [parseItem(s, nesting)];
  while (s.eat(',')) items.push(parseItem(s, nesting));
  return items;
}

function parseItem(s: QueryScanner, nesting: boolean): ProjectionItem {
  const position = s.pos + 1;
  const name = s.match(NAME);
  if (name === undefined) throw s.error('an attribute name');
  if (!nesting || !s.eat('{')) return { name, position };
  const children = parseItems(s, nesting);
  s.expect('}', "',' or '}'");
  return { name, children, position };
}
