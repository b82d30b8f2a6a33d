/**
 * Parser of the NGSI-LD Query Language, the `q` parameter (GS CIM 009 v1.8 §4.9):
 *
 *   Query      = Term *( LogicalOp Term )          ; ';' AND binds tighter than '|' OR
 *   Term       = '(' Query ')' / '!' Attribute / QueryTerm                     ; '!' Attribute = does not exist
 *   QueryTerm  = Attribute [ Operator Target / '~=' Pattern / '!~=' Pattern ]   ; Attribute alone = existence
 *   Attribute  = AttrName *( '.' AttrName ) *( '[' Key *( '.' Key ) ']' )
 *   AttrName   = term / prefix ':' suffix / absolute IRI with an authority / '"' IRI or term '"'
 *   Target     = Value / Value '..' Value / Value 1*( ',' Value )
 *   Value      = quoted string / DateTime / Date / Time / Number / true / false / URI
 *
 * `a.observedAt`, `.createdAt`, `.modifiedAt`, `.unitCode`, `.datasetId` (last segment) address the
 * instance's members. Ranges and lists are only allowed with `==` / `!=` (§4.9 CompEqualityValue).
 * `!a` (no comparison after it) is Orion-LD's "attribute does not exist" (qAst.ts, docs/ngsi-ld-mapping.md).
 *
 * Attribute names (§4.9 attrName, expanded with the request's @context like any term): a term (Unicode letters and
 * digits, `_`, `-`, `@`; §4.6.2 nameChar), a compact IRI `prefix:suffix` (as Orion-LD accepts), or a full IRI. The
 * ABNF's attrName has no '.' but IRIs do (`https://w3id.org/aerOS/continuum#cpuCores`, Smart Data Models'
 * `https://smartdatamodels.org/dataModel.Energy/…`), and §4.9 makes '.' the sub-attribute separator: an IRI with an
 * authority (`scheme://`) is therefore read whole, dots included, up to an operator, bracket, parenthesis or logical
 * operator; only a last `.observedAt` / `.createdAt` / `.modifiedAt` / `.unitCode` / `.datasetId` is its member.
 * A sub-attribute after a full IRI, or a name with characters the unquoted forms stop at, is written in double quotes
 * (`"https://example.org/ns#speed".accuracy>2`), as Scorpio accepts. Anything else that is not a name is a 400 with
 * its position: never a silently split IRI that matches nothing.
 * See QueryScanner.ts for why the parser is hand-written. Errors: InvalidRequest with the 1-based
 * position and what was expected, extensions `{ parameter: 'q', position }`.
 */
import { INSTANCE_MEMBERS, type InstanceMember, type QAttributePath, type QExpression, type QOperator, type QTarget, type QValue } from './qAst.js';
import { QueryScanner } from './QueryScanner.js';
import { toRegExp } from './queryRegex.js';

/** A term or a compact IRI: '/' and '#' only after the prefix's ':' (a term with them is no name, §4.9 attrName). */
const NAME = /[\p{L}\p{N}_@-]+(?::[\p{L}\p{N}_@:#/-]*)?/uy;
/**
 * A full IRI with an authority, read whole (its dots are not sub-attribute separators); `~` and `!` end it only before
 * an operator. Its scheme has no '.' (RFC 3986 allows one; no attribute IRI uses it), so `a.https://…` is a path.
 */
const IRI_NAME = /[A-Za-z][A-Za-z0-9+-]*:\/\/(?:[^\s;|()[\]"',<>=!~]|[!~](?![=~]))+/y;
/** A key of a JSON value or a language tag (`a[b.c]`, `label[en-GB]`). */
const KEY = /[\p{L}\p{N}_@:#/-]+/uy;
const TRAILING_MEMBER = /\.(observedAt|createdAt|modifiedAt|unitCode|datasetId)$/;
const OPERATOR = /==|!=|>=|<=|>|<|~=|!~=/y;
const DATE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\d:T])/y;
const TIME = /\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?/y;
const NUMBER = /-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w:])/y;
/** An unquoted URI value ends where a logical operator, list comma or parenthesis begins. */
const URI = /[A-Za-z][A-Za-z0-9+.\-]*:[^;|(),"]*/y;
const MEMBERS: ReadonlySet<string> = new Set(INSTANCE_MEMBERS);

export function parseQ(q: string): QExpression {
  const s = new QueryScanner(q, 'q');
  if (s.done) throw s.error('an attribute name');
  const e = parseOr(s);
  s.expectEnd("';', '|' or the end of the query");
  return e;
}

function parseOr(s: QueryScanner): QExpression {
  const operands = [parseAnd(s)];
  while (s.eat('|')) operands.push(parseAnd(s));
  return operands.length === 1 ? operands[0] : { kind: 'or', operands };
}

function parseAnd(s: QueryScanner): QExpression {
  const operands = [parseTerm(s)];
  while (s.eat(';')) operands.push(parseTerm(s));
  return operands.length === 1 ? operands[0] : { kind: 'and', operands };
}

function parseTerm(s: QueryScanner): QExpression {
  if (s.eat('(')) {
    const inner = parseOr(s);
    s.expect(')', "')', ';' or '|'");
    return inner;
  }
  if (s.eat('!')) {
    const path = parsePath(s);
    const end = s.pos;
    if (s.match(OPERATOR) !== undefined) throw s.error("';', '|', ')' or the end of the query (no comparison after '!')", end);
    return { kind: 'notExists', path };
  }
  const path = parsePath(s);
  const at = s.pos;
  const op = s.match(OPERATOR);
  if (op === undefined) return { kind: 'exists', path };
  if (op === '~=' || op === '!~=') {
    const pattern = scanPattern(s);
    if (pattern === '') throw s.error('a regular expression');
    if (!toRegExp(pattern)) throw s.error('a valid regular expression', at + op.length);
    return { kind: 'pattern', path, negated: op === '!~=', pattern };
  }
  const operator = op as QOperator;
  const target = parseTarget(s);
  if (target.kind !== 'value' && operator !== '==' && operator !== '!=') {
    throw s.error(`a single value after '${operator}' (ranges and lists need '==' or '!=')`, at + op.length);
  }
  return { kind: 'compare', path, operator, target };
}

const NAME_EXPECTED = 'an attribute name (a term, a prefix:suffix compact IRI, a full IRI or a double-quoted name)';

/** One name of an attribute path; `member` when it is an IRI ending in `.observedAt` etc. */
function parseName(s: QueryScanner, what: string): { name: string; member?: InstanceMember } {
  if (s.peek() === '"') {
    const at = s.pos;
    const name = parseQuoted(s);
    if (name === '') throw s.error(what, at);
    return { name };
  }
  const iri = s.match(IRI_NAME);
  if (iri !== undefined) {
    if (iri.endsWith('.')) { // the dot before a quoted sub-attribute name
      s.pos--;
      return { name: iri.slice(0, -1) };
    }
    const member = TRAILING_MEMBER.exec(iri);
    return member ? { name: iri.slice(0, member.index), member: member[1] as InstanceMember } : { name: iri };
  }
  const name = s.match(NAME);
  if (name === undefined) throw s.error(what);
  return { name };
}

function parseKey(s: QueryScanner): string {
  const key = s.match(KEY);
  if (key === undefined) throw s.error('a key of the JSON value');
  return key;
}

function parsePath(s: QueryScanner): QAttributePath {
  const position = s.pos + 1;
  const first = parseName(s, NAME_EXPECTED);
  const attributes = [first.name];
  let member = first.member;
  while (member === undefined && s.eat('.')) {
    const quoted = s.peek() === '"';
    const next = parseName(s, 'a sub-attribute name');
    if (!quoted && next.member === undefined && MEMBERS.has(next.name)) {
      member = next.name as InstanceMember;
      break;
    }
    attributes.push(next.name);
    member = next.member;
  }
  let jsonPath: string[] | undefined;
  while (member === undefined && s.eat('[')) {
    jsonPath ??= [];
    jsonPath.push(parseKey(s));
    while (s.eat('.')) jsonPath.push(parseKey(s));
    s.expect(']', "'.' or ']'");
  }
  return { attributes, position, ...(member ? { member } : {}), ...(jsonPath ? { jsonPath } : {}) };
}

function parseTarget(s: QueryScanner): QTarget {
  const first = parseValue(s);
  if (s.eat('..')) return { kind: 'range', from: first, to: parseValue(s) };
  if (s.peek() !== ',') return { kind: 'value', value: first };
  const values = [first];
  while (s.eat(',')) values.push(parseValue(s));
  return { kind: 'list', values };
}

export function parseValue(s: QueryScanner): QValue {
  if (s.peek() === '"') return { kind: 'string', value: parseQuoted(s) };
  const dateTime = s.match(DATE_TIME);
  if (dateTime !== undefined) return { kind: 'dateTime', value: dateTime };
  const date = s.match(DATE);
  if (date !== undefined) return { kind: 'date', value: date };
  const time = s.match(TIME);
  if (time !== undefined) return { kind: 'time', value: time };
  const number = s.match(NUMBER);
  if (number !== undefined) return { kind: 'number', value: Number(number) };
  if (/^(true|false)(?![\w:])/.test(s.input.slice(s.pos))) {
    const value = s.input.startsWith('true', s.pos);
    s.pos += value ? 4 : 5;
    return { kind: 'boolean', value };
  }
  const uri = s.match(URI);
  if (uri !== undefined) return { kind: 'uri', value: uri };
  throw s.error('a value (quoted string, number, DateTime, true, false or URI)');
}

/** A double-quoted string; `\"` and `\\` escape. */
function parseQuoted(s: QueryScanner): string {
  const start = s.pos;
  s.pos++;
  let out = '';
  while (!s.done) {
    const c = s.input[s.pos++];
    if (c === '"') return out;
    if (c === '\\' && !s.done) out += s.input[s.pos++];
    else out += c;
  }
  throw s.error(`a closing '"' for the string opened at position ${start + 1}`);
}

/**
 * A regular expression after `~=` / `!~=`: it runs to the next `;`, `|` or `)` outside its own
 * parentheses and character classes (so `(?i)a|b` inside a group stays part of the pattern).
 */
function scanPattern(s: QueryScanner): string {
  const start = s.pos;
  let depth = 0;
  let inClass = false;
  while (!s.done) {
    const c = s.peek();
    if (c === '\\') {
      s.pos += 2;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if ((c === ';' || c === '|') && depth === 0) break;
    s.pos++;
  }
  s.pos = Math.min(s.pos, s.input.length);
  return s.input.slice(start, s.pos);
}
