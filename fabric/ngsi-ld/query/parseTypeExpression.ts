/**
 * Parser of entity type selections, the `type` parameter (GS CIM 009 v1.8 §4.17):
 *
 *   TypeExpression = Term *( ( ';' / '|' / ',' ) Term )   ; ';' AND (entity has both types) binds
 *   Term           = '(' TypeExpression ')' / TypeName      ;  tighter than '|' and ',' (OR)
 *
 * Type names are compact terms or IRIs (anything but the operators, parentheses and spaces).
 * Hand-written: see QueryScanner.ts.
 */
import { QueryScanner } from './QueryScanner.js';

export type TypeExpression =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly TypeExpression[] }
  | { readonly kind: 'type'; readonly name: string };

const TYPE_NAME = /[^;|,()\s]+/y;

export function parseTypeExpression(type: string): TypeExpression {
  const s = new QueryScanner(type, 'type');
  const e = parseOr(s);
  s.expectEnd("',', ';', '|' or the end of the type expression");
  return e;
}

function parseOr(s: QueryScanner): TypeExpression {
  const operands = [parseAnd(s)];
  while (s.eat('|') || s.eat(',')) operands.push(parseAnd(s));
  return operands.length === 1 ? operands[0] : { kind: 'or', operands };
}

function parseAnd(s: QueryScanner): TypeExpression {
  const operands = [parseTerm(s)];
  while (s.eat(';')) operands.push(parseTerm(s));
  return operands.length === 1 ? operands[0] : { kind: 'and', operands };
}

function parseTerm(s: QueryScanner): TypeExpression {
  if (s.eat('(')) {
    const inner = parseOr(s);
    s.expect(')', "')', ',', ';' or '|'");
    return inner;
  }
  const name = s.match(TYPE_NAME);
  if (name === undefined) throw s.error("a type name or '('");
  return { kind: 'type', name };
}

/** The type names of an expression that is a plain disjunction (`A,B|C`), else undefined. */
export function typeUnion(e: TypeExpression): string[] | undefined {
  if (e.kind === 'type') return [e.name];
  if (e.kind === 'and') return undefined;
  const names: string[] = [];
  for (const operand of e.operands) {
    const inner = typeUnion(operand);
    if (!inner) return undefined;
    names.push(...inner);
  }
  return names;
}
