/**
 * Parser of scope queries, the `scopeQ` parameter (GS CIM 009 v1.8 §4.19):
 *
 *   ScopeQuery = Term *( ( ';' / '|' / ',' ) Term )   ; ';' AND binds tighter than '|' and ',' (OR)
 *   Term       = '(' ScopeQuery ')' / Scope
 *   Scope      = '/#' / 1*( '/' Level ) [ '/#' ]      ; Level = name or '+' (any one level)
 *
 * `/a/b` matches exactly that scope, `/a/+/c` any one level in the middle, `/a/#` the scope /a
 * and all its descendants, `/#` every scope (§4.19). Hand-written: see QueryScanner.ts.
 */
import { QueryScanner } from './QueryScanner.js';

/** One scope pattern: the levels ('+' = any one level) and whether descendants match. */
export interface ScopePattern {
  readonly levels: readonly string[];
  readonly descendants: boolean;
}

export type ScopeExpression =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly ScopeExpression[] }
  | { readonly kind: 'scope'; readonly pattern: ScopePattern };

const LEVEL = /[^/;|,()#+\s]+|\+/y;

export function parseScopeQ(scopeQ: string): ScopeExpression {
  const s = new QueryScanner(scopeQ, 'scopeQ');
  const e = parseOr(s);
  s.expectEnd("';', '|', ',' or the end of the scope query");
  return e;
}

function parseOr(s: QueryScanner): ScopeExpression {
  const operands = [parseAnd(s)];
  while (s.eat('|') || s.eat(',')) operands.push(parseAnd(s));
  return operands.length === 1 ? operands[0] : { kind: 'or', operands };
}

function parseAnd(s: QueryScanner): ScopeExpression {
  const operands = [parseTerm(s)];
  while (s.eat(';')) operands.push(parseTerm(s));
  return operands.length === 1 ? operands[0] : { kind: 'and', operands };
}

function parseTerm(s: QueryScanner): ScopeExpression {
  if (s.eat('(')) {
    const inner = parseOr(s);
    s.expect(')', "')', ';', '|' or ','");
    return inner;
  }
  s.expect('/', "a scope starting with '/'");
  const levels: string[] = [];
  let descendants = false;
  for (;;) {
    if (s.eat('#')) {
      descendants = true;
      break;
    }
    const level = s.match(LEVEL);
    if (level === undefined) throw s.error(levels.length === 0 ? "a scope level, '+' or '#'" : "a scope level, '+' or '#' after '/'");
    levels.push(level);
    if (!s.eat('/')) break;
  }
  return { kind: 'scope', pattern: { levels, descendants } };
}

/** The regular expression (XPath / JS compatible) that a stored scope string must match. */
export function scopeRegex(pattern: ScopePattern): string {
  const levels = pattern.levels.map((l) => (l === '+' ? '/[^/]+' : `/${l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)).join('');
  return `^${levels}${pattern.descendants ? '(/.*)?' : ''}$`;
}
