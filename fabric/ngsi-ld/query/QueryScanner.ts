/**
 * A character cursor shared by the hand-written recursive-descent parsers of the NGSI-LD
 * query parameters (q §4.9, scopeQ §4.19, type §4.17, attrs/pick/omit §4.21, geoQ §4.10).
 *
 * Why hand-written: no npm package parses the NGSI-LD query language (the registry lists only
 * `ngsijs`, a client that passes q through as an opaque string), the grammars are small, and
 * the error contract (1-based character position + what was expected, GS CIM 009 §5.5.1
 * InvalidRequest) is easiest to honour with a recursive-descent parser over this cursor.
 */
import { InvalidRequestError } from '../../errors/FabricError.js';

/** InvalidRequest naming the parameter, the 1-based position and what was expected there. */
export function querySyntaxError(parameter: string, input: string, index: number, expected: string): InvalidRequestError {
  const position = index + 1;
  const found = index >= input.length ? 'end of input' : `'${input[index]}'`;
  return new InvalidRequestError(
    `Invalid ${parameter} at position ${position}: expected ${expected}, found ${found} (in ${JSON.stringify(input)}).`,
    { parameter, position },
  );
}

export class QueryScanner {
  pos = 0;

  constructor(readonly input: string, readonly parameter: string) {}

  get done(): boolean {
    return this.pos >= this.input.length;
  }

  peek(offset = 0): string {
    return this.input[this.pos + offset] ?? '';
  }

  startsWith(text: string): boolean {
    return this.input.startsWith(text, this.pos);
  }

  /** Consumes `text` when it comes next. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string, what = `'${text}'`): void {
    if (!this.eat(text)) throw this.error(what);
  }

  /** Consumes a regular-expression match (the pattern must be sticky, flag `y`). */
  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const m = pattern.exec(this.input);
    if (!m || m[0].length === 0) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  expectEnd(what: string): void {
    if (!this.done) throw this.error(what);
  }

  error(expected: string, at = this.pos): InvalidRequestError {
    return querySyntaxError(this.parameter, this.input, at, expected);
  }
}
